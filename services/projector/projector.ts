// The projector: follows the event store's global log and applies it to the read model, page by
// page, each page and its checkpoint in one read-model transaction.
import type { SchemaRegistry } from '../kernel/avro/registry';
import { UnavailableError } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import type { EventStore } from '../kernel/store/eventStore';
import { decodePage } from './decode';
import type { ReadModel } from './readModel';

/** What the projector writes to: the SQLite read model, or PostgreSQL's writer (model/pg/readModelWriter.ts). */
export interface ProjectionTarget {
  apply(...args: Parameters<ReadModel['apply']>): void | Promise<void>;
  checkpoint(): bigint | null;
}

export interface ProjectorDeps {
  store: EventStore;
  registry: Pick<SchemaRegistry, 'decode'>;
  readModel: ProjectionTarget;
  metrics: LagGauges;
  logger: Logger;
  now: () => Date;
  /**
   * Events read from the store per page (default 500). While pages come back full (a backlog), each
   * next page doubles, up to 8 times this: fewer commits, each writing a hot index page once.
   */
  batchSize?: number;
  /** Catch up at least this often without a notify() (default 1000 ms). */
  pollIntervalMs?: number;
  /** Refresh the lag gauges this often while started (default 5000 ms). */
  lagIntervalMs?: number;
}

/** The gauges the projector sets (hub_projection_lag_events / _seconds). */
export interface LagGauges {
  projectionLagEvents: { set(value: number): void };
  projectionLagSeconds: { set(value: number): void };
}

export interface CatchUpResult {
  /** Events written to the read model by this call (skipped ones not included). */
  applied: number;
  /** The checkpoint afterwards. */
  position: bigint | null;
}

export interface Projector {
  /** Applies everything the store holds after the checkpoint. Calls are serialised. */
  catchUp(): Promise<CatchUpResult>;
  /** Catches up now and again after every notify() or poll interval, until stop(). */
  start(): void;
  stop(): Promise<void>;
  /** New events were appended: catch up soon. */
  notify(): void;
  /** Resolves once the checkpoint is at or past `position`; rejects with UnavailableError after timeoutMs. */
  waitFor(position: bigint, timeoutMs?: number): Promise<void>;
  /** True when the checkpoint is the store's head (an empty store is caught up). */
  isCaughtUp(): Promise<boolean>;
  /** How many events the read model is behind, counted up to `limit` (a bounded read). */
  pendingEvents(limit: number): Promise<number>;
  /** Recomputes hub_projection_lag_events and hub_projection_lag_seconds now. */
  refreshLag(): Promise<void>;
}

/** hub_projection_lag_events counts at most this many pending events (a bounded read). */
export const LAG_COUNT_LIMIT = 10_000;

interface Waiter {
  position: bigint;
  resolve: () => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export function createProjector(deps: ProjectorDeps): Projector {
  const { store, registry, readModel, metrics, logger, now } = deps;
  const batchSize = deps.batchSize ?? 500;
  const pollIntervalMs = deps.pollIntervalMs ?? 1000;
  const lagIntervalMs = deps.lagIntervalMs ?? 5000;

  let queue: Promise<unknown> = Promise.resolve();
  const waiters = new Set<Waiter>();
  let loop: Promise<void> | null = null;
  let stopped = true;
  let wakeUp: (() => void) | null = null;
  let notified = false;
  let lagTimer: NodeJS.Timeout | null = null;

  const settleWaiters = (position: bigint | null) => {
    if (position === null) return;
    for (const waiter of waiters) {
      if (position >= waiter.position) {
        waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve();
      }
    }
  };

  /** Whether the checkpoint is the store's head (an empty store is caught up). */
  async function caughtUp(): Promise<boolean> {
    const head = await store.headPosition();
    if (head === null) return true;
    const checkpoint = readModel.checkpoint();
    return checkpoint !== null && checkpoint >= head;
  }

  /**
   * Zeroes the lag gauges when caught up, and says whether it was. After a catch-up that is all:
   * still behind (ingest running), the periodic refresh counts, since counting reads up to 10,000
   * events, too dear to do after every page run.
   */
  async function zeroLagIfCaughtUp(): Promise<boolean> {
    if (!(await caughtUp())) return false;
    metrics.projectionLagEvents.set(0);
    metrics.projectionLagSeconds.set(0);
    return true;
  }

  async function updateLag(): Promise<void> {
    if (await zeroLagIfCaughtUp()) return;
    // Positions are not event counts on EventStoreDB, so count by reading, up to a bound.
    const pending = await store.readAll(readModel.checkpoint(), LAG_COUNT_LIMIT);
    metrics.projectionLagEvents.set(pending.length);
    const oldest = pending[0];
    const receivedMs = oldest ? Date.parse(oldest.metadata.receivedAt) : NaN;
    metrics.projectionLagSeconds.set(Number.isNaN(receivedMs) ? 0 : Math.max(0, (now().getTime() - receivedMs) / 1000));
  }

  const updateLagQuietly = () =>
    updateLag().catch((err: unknown) => logger.warn('cannot compute the projection lag', { err: err as Error }));

  async function runCatchUp(): Promise<CatchUpResult> {
    let position = readModel.checkpoint();
    let applied = 0;
    let pageSize = batchSize;
    for (;;) {
      const page = await store.readAll(position, pageSize);
      const last = page[page.length - 1];
      if (last === undefined) break;
      const { events, skipped } = decodePage(page, registry, now);
      for (const s of skipped) {
        logger.error('event skipped: it cannot be projected', {
          position: s.position,
          eventId: s.eventId,
          type: s.type,
          reason: s.reason,
          detail: s.detail,
        });
      }
      await readModel.apply(events, last.position, skipped);
      applied += events.length;
      position = last.position;
      settleWaiters(position);
      if (page.length < pageSize) break;
      pageSize = Math.min(pageSize * 2, batchSize * 8);
      // Let queries waiting on this thread's event loop in between pages (the SQLite reads and
      // writes are synchronous: without this a long catch-up would hold them all back).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await zeroLagIfCaughtUp().catch((err: unknown) => logger.warn('cannot compute the projection lag', { err: err as Error }));
    if (applied > 0) logger.debug('projected', { applied, position });
    return { applied, position };
  }

  const catchUp = (): Promise<CatchUpResult> => {
    const run = queue.then(runCatchUp);
    queue = run.catch(() => undefined);
    return run;
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (notified || stopped) {
        notified = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        notified = false;
        resolve();
      }
      wakeUp = done;
    });

  async function runLoop(): Promise<void> {
    while (!stopped) {
      try {
        await catchUp();
      } catch (err) {
        logger.error('projection failed; retrying', { err: err as Error });
      }
      await sleep(pollIntervalMs);
    }
  }

  const notify = () => {
    notified = true;
    wakeUp?.();
  };

  return {
    catchUp,
    notify,
    refreshLag: updateLag,
    start() {
      if (loop) return;
      stopped = false;
      loop = runLoop();
      lagTimer = setInterval(() => void updateLagQuietly(), lagIntervalMs);
      lagTimer.unref();
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      if (lagTimer) clearInterval(lagTimer);
      lagTimer = null;
      await loop;
      loop = null;
      await queue;
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new UnavailableError('The projector stopped.'));
      }
      waiters.clear();
    },
    waitFor(position, timeoutMs = 10_000) {
      const checkpoint = readModel.checkpoint();
      if (checkpoint !== null && checkpoint >= position) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          position,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            reject(new UnavailableError(`The read model did not reach position ${position} within ${timeoutMs} ms.`));
          }, timeoutMs),
        };
        waiters.add(waiter);
        // Started: wake the loop. Not started: catch up once on the caller's behalf.
        if (loop) notify();
        else catchUp().catch((err: unknown) => logger.error('projection failed', { err: err as Error }));
      });
    },
    async pendingEvents(limit) {
      if (await caughtUp()) return 0;
      return (await store.readAll(readModel.checkpoint(), limit)).length;
    },
    isCaughtUp: caughtUp,
  };
}
