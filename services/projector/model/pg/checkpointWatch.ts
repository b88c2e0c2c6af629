// What every process answering from a shared read model knows of its checkpoint: the lease
// holder's commits notify (LISTEN hub_read_model_projected, payload "<checkpoint>:<feed changed>"),
// and a poll covers notifications missed while the listener reconnects.
import pg from 'pg';
import { UnavailableError } from '../../../kernel/errors';
import type { Logger } from '../../../kernel/logger';
import { readModelTypes } from './pool';
import { PROJECTED_CHANNEL } from './schema';

export interface CheckpointWatch {
  current(): bigint | null;
  /** A commit of this process's own writer, known before its notification comes back. */
  advance(checkpoint: bigint, feedChanged: boolean): void;
  waitFor(position: bigint, timeoutMs?: number): Promise<void>;
  /** Called after a page that changed the feed (or, after a reconnect, may have). */
  onFeedChange(listener: () => void): () => void;
  stop(): Promise<void>;
}

export async function openCheckpointWatch(deps: { connectionString: string; pool: pg.Pool; pollMs?: number; logger: Logger }): Promise<CheckpointWatch> {
  const pollMs = deps.pollMs ?? 1000;
  let checkpoint: bigint | null = null;
  const listeners = new Set<() => void>();
  const waiters = new Set<{ position: bigint; resolve: () => void; reject: (err: Error) => void }>();
  let stopped = false;
  let listener: pg.Client | null = null;

  const advance = (position: bigint, feedChanged: boolean) => {
    if (checkpoint !== null && position <= checkpoint) return;
    checkpoint = position;
    for (const waiter of waiters) {
      if (position >= waiter.position) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
    if (feedChanged) for (const l of listeners) l();
  };

  const poll = async () => {
    const { rows } = await deps.pool.query<{ position: number }>('SELECT position FROM rm_checkpoint WHERE id = 1');
    // Polled: the feed may have changed with the pages it went past.
    if (rows[0]) advance(BigInt(rows[0].position), true);
  };

  const listen = async () => {
    const client = new pg.Client({ connectionString: deps.connectionString, types: readModelTypes, application_name: 'hub read model listener', keepAlive: true });
    client.on('error', (err) => deps.logger.warn('read model listener failed; polling meanwhile', { err }));
    client.on('notification', (message) => {
      const [position, feed] = (message.payload ?? '').split(':');
      if (position && /^\d+$/.test(position)) advance(BigInt(position), feed === '1');
    });
    client.once('end', () => {
      listener = null;
      if (!stopped) setTimeout(() => void listen().catch(() => undefined), pollMs).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${PROJECTED_CHANNEL}`);
    listener = client;
    await poll(); // pages committed before the LISTEN
  };

  await poll();
  await listen().catch((err: unknown) => deps.logger.warn('read model listener not started; polling', { err: err as Error }));
  const timer = setInterval(() => void poll().catch(() => undefined), pollMs);
  timer.unref();

  return {
    current: () => checkpoint,
    advance,
    waitFor(position, timeoutMs = 10_000) {
      if (checkpoint !== null && checkpoint >= position) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const waiter = {
          position,
          resolve: () => {
            clearTimeout(timeout);
            resolve();
          },
          reject: (err: Error) => {
            clearTimeout(timeout);
            reject(err);
          },
        };
        const timeout = setTimeout(() => {
          waiters.delete(waiter);
          reject(new UnavailableError(`The read model did not reach position ${position} within ${timeoutMs} ms.`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    onFeedChange(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await listener?.end().catch(() => undefined);
      for (const waiter of waiters) waiter.reject(new UnavailableError('The read model is closing.'));
      waiters.clear();
    },
  };
}
