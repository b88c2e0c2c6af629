// The read model: the projection's tables (model/schema.ts) in one SQLite file, the projector's
// checkpoint, and the events it had to skip. apply() folds a page of events into the tables and
// moves the checkpoint in one transaction, so a crash never applies a page twice or half.
import Database from 'better-sqlite3';
import type { ProjectedEvent } from './domain/types';
import { createFeedProjection, type FeedProjection } from './feed/projection';
import { createProjection } from './model/projection';
import { sqliteProjectionStore } from './model/projectionStore';
import { createProjectionQueries, type ProjectionQueries } from './model/queries';
import { configureReadModel, finishBulkLoad, migrateReadModel } from './model/schema';

export { READ_MODEL_SCHEMA_VERSION } from './model/schema';

/** An event of the log the projector could not use, and why. */
export interface SkippedEvent {
  position: bigint;
  eventId: string;
  type: string;
  reason: string;
  detail: string;
  skippedAt: string;
}

export interface ReadModel {
  /**
   * Folds the events into the projection, records the skipped events and moves the checkpoint, in
   * one transaction: after a crash either all of it is there or none.
   */
  apply(events: readonly ProjectedEvent[], checkpoint: bigint, skipped?: readonly SkippedEvent[]): void;
  /** Position of the last event applied, or null before the first. */
  checkpoint(): bigint | null;
  /** The reads the committee API and lists make (model/queries.ts). */
  readonly queries: ProjectionQueries;
  skippedEvents(): SkippedEvent[];
  /** Number of records in the model (for rebuild reports). */
  recordCount(): number;
  /** Empties the model (every table, checkpoint included). */
  reset(): void;
  /** The bureaus' feed index, written by apply() in the same transaction (see feed/projection.ts). */
  readonly feed: FeedProjection;
  close(): void;
}

interface SkippedRow {
  position: bigint;
  event_id: string;
  type: string;
  reason: string;
  detail: string;
  skipped_at: string;
}

export interface ReadModelOptions {
  /** IANA zone in which years are reckoned (HUB_TIMEZONE); a model built in another needs a rebuild. */
  timeZone: string;
  /** false for a file that is fsynced before use: no syncs per batch. */
  durable?: boolean;
  /** agg snapshot interval in events (default 50,000). */
  snapshotEvery?: number;
}

/**
 * Events a bulk load writes per transaction: a commit writes back every page the transaction
 * dirtied, so few large transactions write each index page few times.
 */
const BULK_COMMIT_EVENTS = 200_000;

/** A read model being built in a fresh file (rebuild); see openBulkReadModel. */
export interface BulkReadModel extends ReadModel {
  /** Builds the query indexes and switches the file to WAL mode; call once, before close. */
  finish(): void;
}

export function openReadModel(file: string, options: ReadModelOptions): ReadModel {
  return open(file, options, false);
}

/**
 * Opens a new, empty file for a rebuild: nothing may read it before finish() and close(). It has
 * no rollback journal (a failed rebuild deletes the file), a large page cache, and its query
 * indexes are built by finish(), after the load.
 */
export function openBulkReadModel(file: string, options: ReadModelOptions): BulkReadModel {
  return open(file, { ...options, durable: false }, true);
}

const TABLES = ['checkpoint', 'skipped_events', 'records', 'withdrawn', 'communities_seen', 'entity_versions', 'agg', 'agg_snapshots', 'log_times'];

function open(file: string, options: ReadModelOptions, bulkLoad: boolean): BulkReadModel {
  const db = new Database(file);
  try {
    configureReadModel(db, { durable: options.durable ?? true, bulkLoad });
    migrateReadModel(db, { queryIndexes: !bulkLoad, timeZone: options.timeZone });
  } catch (err) {
    db.close();
    throw err;
  }
  const projection = createProjection(sqliteProjectionStore(db), { timeZone: options.timeZone, snapshotEvery: options.snapshotEvery, bulkLoad });
  const feed = createFeedProjection(db, { bulkLoad });
  // Prepared on first use: a bulk load has no query indexes until finish().
  let queries: ProjectionQueries | undefined;

  const insertSkipped = db.prepare(
    'INSERT OR IGNORE INTO skipped_events (position, event_id, type, reason, detail, skipped_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const upsertCheckpoint = db.prepare(
    'INSERT INTO checkpoint (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position',
  );
  const selectCheckpoint = db.prepare<[], bigint>('SELECT position FROM checkpoint WHERE id = 1').pluck().safeIntegers(true);
  const selectSkipped = db.prepare<[], SkippedRow>('SELECT * FROM skipped_events ORDER BY position').safeIntegers(true);
  const selectCount = db.prepare<[], number>('SELECT COUNT(*) FROM records').pluck();

  const write = (events: readonly ProjectedEvent[], checkpoint: bigint, skipped: readonly SkippedEvent[]) => {
    for (const event of events) assertPosition(event.position);
    projection.apply(events);
    feed.apply(events);
    for (const s of skipped) insertSkipped.run(assertPosition(s.position), s.eventId, s.type, s.reason, s.detail, s.skippedAt);
    projection.flush(checkpoint);
    upsertCheckpoint.run(assertPosition(checkpoint));
  };
  const applyTx = db.transaction(write);

  // Bulk load: one transaction spans many apply() calls. Nothing reads the file until finish(),
  // so an apply() that failed half-way only leaves the model unusable.
  let bulkPending = 0;
  let bulkFailed: unknown = null;
  const commitBulk = () => {
    if (db.inTransaction) db.exec('COMMIT');
    bulkPending = 0;
  };

  return {
    feed,
    get queries() {
      queries ??= createProjectionQueries(db);
      return queries;
    },
    apply(events, checkpoint, skipped = []) {
      if (!bulkLoad) {
        applyTx.immediate(events, checkpoint, skipped);
        return;
      }
      if (bulkFailed !== null) throw new Error('A previous apply() of this bulk load failed: discard the file.', { cause: bulkFailed });
      try {
        if (!db.inTransaction) db.exec('BEGIN');
        write(events, checkpoint, skipped);
        bulkPending += events.length + skipped.length;
        if (bulkPending >= BULK_COMMIT_EVENTS) commitBulk();
      } catch (err) {
        bulkFailed = err;
        throw err;
      }
    },
    checkpoint() {
      return selectCheckpoint.get() ?? null;
    },
    skippedEvents() {
      return selectSkipped.all().map((r) => ({
        position: r.position,
        eventId: r.event_id,
        type: r.type,
        reason: r.reason,
        detail: r.detail,
        skippedAt: r.skipped_at,
      }));
    },
    recordCount() {
      return selectCount.get() ?? 0;
    },
    reset() {
      db.transaction(() => {
        for (const table of TABLES) db.exec(`DELETE FROM ${table}`);
        feed.reset();
      }).immediate();
      projection.reset();
    },
    finish() {
      if (bulkFailed !== null) throw new Error('A previous apply() of this bulk load failed: discard the file.', { cause: bulkFailed });
      if (!db.inTransaction) db.exec('BEGIN');
      projection.settle(); // the agg changes the load kept back
      feed.finishBulkLoad();
      commitBulk();
      finishBulkLoad(db);
    },
    close() {
      if (db.open) db.close();
    },
  };
}

/** Positions are kept within 2^53 so they stay exact wherever they become numbers. */
function assertPosition(position: bigint): bigint {
  if (position < 0n || position > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`log position ${position} is outside 0..2^53-1 and cannot be kept in the read model`);
  }
  return position;
}
