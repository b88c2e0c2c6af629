// The projector lease of a shared read model: a session advisory lock held on a connection of its
// own. Exactly one process holds it and writes the read model, through that very connection
// (readModelWriter.ts), so a holder that dies or loses its connection can write nothing more:
// PostgreSQL frees the lock when the session ends, and another process takes it at its next try.
import pg from 'pg';
import type { Logger } from '../../../kernel/logger';
import { readModelTypes } from './pool';
import { PROJECTOR_LEASE_KEY } from './schema';

export interface ProjectorLeaseDeps {
  connectionString: string;
  /** How often a process without the lease tries to take it (ms). */
  retryMs: number;
  logger: Logger;
  /** 1 while held, 0 otherwise (hub_projector_lease_held). */
  gauge: { set(value: number): void };
  /** Starts writing on the lease's connection; resolves once started. */
  onAcquired(client: pg.ClientBase): Promise<void>;
  /** Stops writing (the connection is gone or closing). */
  onLost(): Promise<void>;
}

export interface ProjectorLease {
  start(): void;
  /** Gives the lease up (ending its session) and stops trying. */
  stop(): Promise<void>;
  held(): boolean;
}

/**
 * A holder frozen inside a page transaction loses the lease after this long: the server ends the
 * session. (One frozen between pages keeps it until TCP keepalive finds the connection dead.)
 */
const IDLE_IN_TRANSACTION_MS = 15_000;

export function createProjectorLease(deps: ProjectorLeaseDeps): ProjectorLease {
  const { logger } = deps;
  let stopped = true;
  let held = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  async function holdOnce(): Promise<void> {
    const client = new pg.Client({
      connectionString: deps.connectionString,
      types: readModelTypes,
      application_name: 'hub projector lease',
      connectionTimeoutMillis: 5000,
      keepAlive: true,
    });
    let ended = false;
    const gone = new Promise<void>((resolve) => {
      client.once('end', () => {
        ended = true;
        resolve();
      });
    });
    client.on('error', (err) => logger.warn('projector lease connection failed', { err }));
    try {
      await client.connect();
      await client.query(`SET idle_in_transaction_session_timeout = ${IDLE_IN_TRANSACTION_MS}`);
      while (!stopped && !ended) {
        const { rows } = await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1) AS got', [PROJECTOR_LEASE_KEY.toString()]);
        if (rows[0]?.got) break;
        await Promise.race([pause(deps.retryMs), gone]);
      }
      if (stopped || ended) return;
      held = true;
      deps.gauge.set(1);
      logger.info('projector lease taken: this process writes the read model');
      try {
        await deps.onAcquired(client);
        await Promise.race([gone, new Promise<void>((resolve) => (wake = resolve))]);
      } finally {
        held = false;
        deps.gauge.set(0);
        logger.info(stopped ? 'projector lease given up' : 'projector lease lost');
        await deps.onLost();
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async function run(): Promise<void> {
    while (!stopped) {
      try {
        await holdOnce();
      } catch (err) {
        logger.warn('projector lease: cannot reach PostgreSQL; trying again', { err: err as Error });
      }
      if (!stopped) await pause(deps.retryMs);
    }
  }

  return {
    start() {
      if (loop) return;
      stopped = false;
      deps.gauge.set(0);
      loop = run();
    },
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      loop = null;
    },
    held: () => held,
  };
}
