// The read model: the log's events decoded into one indexed SQLite table, plus the projector's
// checkpoint. Figures are not stored: they are computed per query from loadScope's events.
import Database from 'better-sqlite3';
import type { Agency } from '../kernel/agency';
import type { EventBody } from '../kernel/events.generated';
import type { ProjectedEvent } from './domain/types';
import { createFeedProjection, type FeedProjection } from './feed/projection';
import { configureReadModel, finishBulkLoad, migrateReadModel } from './readModelSchema';
import { prefixRange, SCOPE_SQL } from './scopeQuery';

/** An event of the log the projector could not use, and why. */
export interface SkippedEvent {
  position: bigint;
  eventId: string;
  type: string;
  reason: string;
  detail: string;
  skippedAt: string;
}

export interface ScopeQuery {
  /** "" (every community) or 2, 4, 6 or 9 digits. */
  regionCode: string;
  /** Only events received at or before this instant (epoch ms) are loaded. */
  asOfMs: number;
}

export interface ReadModel {
  /**
   * Writes the events (a duplicate event id changes nothing), the skipped events and the new
   * checkpoint in one transaction: after a crash either all of it is there or none.
   */
  apply(events: readonly ProjectedEvent[], checkpoint: bigint, skipped?: readonly SkippedEvent[]): void;
  /** Position of the last event applied, or null before the first. */
  checkpoint(): bigint | null;
  /** See SCOPE_SQL: every event counted for the region's communities and its control indicators. */
  loadScope(query: ScopeQuery): ProjectedEvent[];
  /** Every event after a position (all when null), in position order. */
  loadAfter(position: bigint | null): ProjectedEvent[];
  /** The latest receivedAt (ms) of any event in the read model, or null when empty. */
  latestReceivedAtMs(): number | null;
  /** Whether any event received by asOf names the community. */
  communityKnown(communityCode: string, asOfMs: number): boolean;
  skippedEvents(): SkippedEvent[];
  /** Number of events in the model (for rebuild reports). */
  eventCount(): number;
  /** Empties the model (events, skipped events, checkpoint). */
  reset(): void;
  /** The bureaus' feed index, written by apply() in the same transaction (see feed/projection.ts). */
  readonly feed: FeedProjection;
  close(): void;
}

interface EventRow {
  position: bigint;
  event_id: string;
  agency: string;
  received_at: string;
  body: string;
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
  /** false for a file that is fsynced before use: no syncs per batch (rebuild uses openBulkReadModel). */
  durable?: boolean;
}

/**
 * Events a bulk load writes per transaction. A commit writes back every page the transaction
 * dirtied, and inserts into the random-key event_id index dirty about one page each: with
 * 2,000-event transactions a 1M-event rebuild wrote its index pages ~500 times over.
 */
const BULK_COMMIT_EVENTS = 100_000;

/** A read model being built in a fresh file (rebuild); see openBulkReadModel. */
export interface BulkReadModel extends ReadModel {
  /** Builds the secondary indexes and switches the file to WAL mode; call once, before close. */
  finish(): void;
}

export function openReadModel(file: string, options: ReadModelOptions = {}): ReadModel {
  return open(file, { durable: options.durable ?? true, bulkLoad: false });
}

/**
 * Opens a new, empty file for a rebuild: nothing may read it before finish() and close(). It has
 * no rollback journal (a failed rebuild deletes the file) and a large page cache, and its
 * secondary indexes are built by finish(), after the events are in. Query methods work but are
 * slow until then. If finish() is never called, the next openReadModel creates the indexes.
 */
export function openBulkReadModel(file: string): BulkReadModel {
  return open(file, { durable: false, bulkLoad: true });
}

function open(file: string, options: { durable: boolean; bulkLoad: boolean }): BulkReadModel {
  const db = new Database(file);
  try {
    configureReadModel(db, options);
    migrateReadModel(db, { indexes: !options.bulkLoad });
  } catch (err) {
    db.close();
    throw err;
  }
  const feed = createFeedProjection(db);

  const insertEvent = db.prepare(
    `INSERT OR IGNORE INTO events
       (position, event_id, agency, type, record_id, community_code, region_code, target_record_id, received_at_ms, received_at, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertSkipped = db.prepare(
    'INSERT OR IGNORE INTO skipped_events (position, event_id, type, reason, detail, skipped_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const upsertCheckpoint = db.prepare(
    'INSERT INTO checkpoint (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position',
  );
  const selectCheckpoint = db.prepare<[], bigint>('SELECT position FROM checkpoint WHERE id = 1').pluck().safeIntegers(true);
  const selectScope = db.prepare<Record<string, string | number>, EventRow>(SCOPE_SQL).safeIntegers(true);
  const selectAfter = db.prepare<[bigint], EventRow>('SELECT * FROM events WHERE position > ? ORDER BY position').safeIntegers(true);
  const selectKnown = db
    .prepare<[string, number], number>('SELECT 1 FROM events WHERE community_code = ? AND received_at_ms <= ? LIMIT 1')
    .pluck();
  const selectSkipped = db.prepare<[], SkippedRow>('SELECT * FROM skipped_events ORDER BY position').safeIntegers(true);
  const selectCount = db.prepare<[], number>('SELECT COUNT(*) FROM events').pluck();
  // Uses the events_received index: a single index seek.
  const selectLatestReceived = db.prepare('SELECT MAX(received_at_ms) AS latest FROM events');

  const write = (events: readonly ProjectedEvent[], checkpoint: bigint, skipped: readonly SkippedEvent[]) => {
    for (const event of events) insertEvent.run(...eventColumns(event));
    feed.apply(events);
    for (const s of skipped) insertSkipped.run(assertPosition(s.position), s.eventId, s.type, s.reason, s.detail, s.skippedAt);
    upsertCheckpoint.run(assertPosition(checkpoint));
  };
  const applyTx = db.transaction(write);

  // Bulk load: one transaction spans many apply() calls (see BULK_COMMIT_EVENTS). Nothing reads
  // the file until finish(), so an apply() that failed half-way only leaves the model unusable.
  let bulkPending = 0;
  let bulkFailed: unknown = null;
  const bulkApply = (events: readonly ProjectedEvent[], checkpoint: bigint, skipped: readonly SkippedEvent[]) => {
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
  };
  const commitBulk = () => {
    if (db.inTransaction) db.exec('COMMIT');
    bulkPending = 0;
  };

  return {
    feed,
    apply(events, checkpoint, skipped = []) {
      if (options.bulkLoad) bulkApply(events, checkpoint, skipped);
      else applyTx.immediate(events, checkpoint, skipped);
    },
    checkpoint() {
      return selectCheckpoint.get() ?? null;
    },
    loadScope({ regionCode, asOfMs }) {
      const { lo, hi } = prefixRange(regionCode);
      return selectScope.all({ lo, hi, region: regionCode, asOf: asOfMs }).map(toProjected);
    },
    loadAfter(position) {
      return selectAfter.all(position ?? -1n).map(toProjected);
    },
    latestReceivedAtMs() {
      const row = selectLatestReceived.get() as { latest: number | null } | undefined;
      return row?.latest ?? null;
    },
    communityKnown(communityCode, asOfMs) {
      return selectKnown.get(communityCode, asOfMs) !== undefined;
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
    eventCount() {
      return selectCount.get() ?? 0;
    },
    reset() {
      db.transaction(() => {
        db.exec('DELETE FROM events; DELETE FROM skipped_events; DELETE FROM checkpoint;');
        feed.reset();
      }).immediate();
    },
    finish() {
      if (bulkFailed !== null) throw new Error('A previous apply() of this bulk load failed: discard the file.', { cause: bulkFailed });
      commitBulk();
      finishBulkLoad(db);
    },
    close() {
      if (db.open) db.close();
    },
  };
}

/**
 * Positions are stored as SQLite integers. SQLite's are 64-bit, but the hub keeps them within
 * 2^53 so they stay exact anywhere they become numbers (JSON, logs, the dashboard); EventStoreDB
 * commit positions are byte offsets in its transaction log and are far below that.
 */
function assertPosition(position: bigint): bigint {
  if (position < 0n || position > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`log position ${position} is outside 0..2^53-1 and cannot be kept in the read model`);
  }
  return position;
}

type Row = [bigint, string, string, string, string, string | null, string | null, string | null, number, string, string];

function eventColumns(event: ProjectedEvent): Row {
  const body = event.body as EventBody & Record<string, unknown>;
  const receivedAtMs = Date.parse(event.receivedAt);
  if (Number.isNaN(receivedAtMs)) throw new RangeError(`event ${event.eventId} has an invalid receivedAt`);
  return [
    assertPosition(event.position),
    event.eventId,
    event.agency,
    body.type,
    body.sourceRecordId,
    stringField(body, 'communityCode'),
    body.type === 'ControlIndicatorIssued' ? body.regionCode : null,
    stringField(body, 'hazardRecordId') ?? stringField(body, 'projectRecordId') ?? stringField(body, 'withdrawnRecordId'),
    receivedAtMs,
    event.receivedAt,
    JSON.stringify(body),
  ];
}

function stringField(body: Record<string, unknown>, name: string): string | null {
  const value = body[name];
  return typeof value === 'string' ? value : null;
}

function toProjected(row: EventRow): ProjectedEvent {
  return {
    position: row.position,
    eventId: row.event_id,
    agency: row.agency as Agency,
    receivedAt: row.received_at,
    body: JSON.parse(row.body) as EventBody,
  };
}
