// Rebuilds the shared PostgreSQL read model from the whole log: takes the projector lease (so no
// process projects meanwhile), empties the rm_ tables and folds the log page by page with the
// same writer the lease holder uses. The questions' indexes are dropped meanwhile and built at the end. Processes answering meanwhile see the checkpoint far behind
// the log (/readyz 503) until it is done; once the lease is given back, whichever process takes
// it goes on from the rebuilt checkpoint.
import pg from 'pg';
import type { SchemaRegistry } from '../kernel/avro/registry';
import type { EventStore } from '../kernel/store/eventStore';
import { readModelTypes } from './model/pg/pool';
import { openPgReadModelWriter } from './model/pg/readModelWriter';
import { StoreIncompatibleError } from '../kernel/store/errors';
import { createPgQueryIndexes, dropPgQueryIndexes, migratePgReadModel, PG_READ_MODEL_TABLES, PROJECTOR_LEASE_KEY } from './model/pg/schema';
import { createPgFeedProjection } from './feed/pg/projection';
import { replayLog, type RebuildProgress, type RebuildResult } from './rebuild';

export interface PgRebuildOptions {
  store: EventStore;
  registry: Pick<SchemaRegistry, 'decode'>;
  connectionString: string;
  timeZone: string;
  /** How long to wait for the projector lease held by a running process (default 30 s). */
  leaseWaitMs?: number;
  /** Events per page (default 4000). */
  batchSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
  now?: () => Date;
}

export class LeaseBusyError extends Error {
  readonly code = 'PROJECTOR_LEASE_BUSY';
  constructor(waitedMs: number) {
    super(`Another process has held the projector lease for ${waitedMs} ms: stop the projector processes, or try again.`);
    this.name = 'LeaseBusyError';
  }
}

export async function rebuildPgReadModel(options: PgRebuildOptions): Promise<RebuildResult> {
  const { store, registry } = options;
  const batchSize = options.batchSize ?? 4000;
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  const client = new pg.Client({ connectionString: options.connectionString, types: readModelTypes, application_name: 'hub read model rebuild' });
  await client.connect();
  try {
    await client.query('SET statement_timeout = 0');
    // The model is derived: a crash of the server may lose the last pages' commits, never their
    // consistency with the checkpoint (one transaction each), and a rebuild starts over anyway.
    await client.query('SET synchronous_commit = off');
    const leaseWaitMs = options.leaseWaitMs ?? 30_000;
    await client.query(`SET lock_timeout = ${leaseWaitMs}`);
    try {
      await client.query('SELECT pg_advisory_lock($1)', [PROJECTOR_LEASE_KEY.toString()]);
    } catch (err) {
      if ((err as { code?: string }).code === '55P03') throw new LeaseBusyError(leaseWaitMs);
      throw err;
    }
    await client.query('SET lock_timeout = 0');
    // A model of another layout or time zone is dropped and made afresh: that is what a rebuild is for.
    await migratePgReadModel(client, { timeZone: options.timeZone }).catch(async (err: unknown) => {
      if (!(err instanceof StoreIncompatibleError)) throw err;
      await client.query(`DROP TABLE IF EXISTS rm_meta, ${PG_READ_MODEL_TABLES.join(', ')}`);
      await migratePgReadModel(client, { timeZone: options.timeZone });
    });
    const writer = await openPgReadModelWriter(client, { timeZone: options.timeZone, feed: createPgFeedProjection() });
    await writer.reset();
    await dropPgQueryIndexes(client);
    const head = await store.headPosition();
    const progress: RebuildProgress = { done: 0, skipped: 0, position: null, head, elapsedMs: 0 };
    await replayLog({ store, registry, now, batchSize, started, progress, onProgress: options.onProgress, apply: (events, position, skipped) => writer.apply(events, position, skipped) });
    await createPgQueryIndexes(client);
    // Statistics for the planner, and the visibility map that lets index-only scans skip the rows.
    await client.query('VACUUM ANALYZE');
    return { events: progress.done, skipped: progress.skipped, position: progress.position, durationMs: performance.now() - started, reruns: writer.reruns() };
  } finally {
    await client.end().catch(() => undefined); // ends the session: the lease is free again
  }
}
