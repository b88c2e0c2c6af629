// The embedded event store: one append-only SQLite table behind the EventStore port.
// better-sqlite3 is synchronous, so an append runs check-then-write without ever yielding to the
// event loop; the async methods just wrap the synchronous ones.
import Database from 'better-sqlite3';
import { UnavailableError, WrongExpectedRevisionError } from '../errors';
import type { EventType } from '../events.generated';
import { EventIdConflictError } from './errors';
import type {
  AppendOutcome,
  EventMetadata,
  EventStore,
  NewEvent,
  StoredEvent,
  StreamAppend,
} from './eventStore';
import { describeRevision, expectedRevisionHolds } from './revision';
import { configureConnection, migrate } from './sqliteSchema';

export interface SqliteEventStoreOptions {
  /** Path of the database file (created when missing). */
  file: string;
  /** Wait for another connection's write lock this long before failing (default 5000 ms). */
  busyTimeoutMs?: number;
}

interface EventRow {
  position: bigint;
  stream: string;
  stream_revision: bigint;
  event_id: string;
  type: string;
  data: Buffer;
  metadata: string;
}

const COLUMNS = 'position, stream, stream_revision, event_id, type, data, metadata';

export function openSqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  return new SqliteEventStore(options);
}

export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly insertEvent: Database.Statement<[string, bigint, string, string, Buffer, string]>;
  private readonly selectStreamHead: Database.Statement<[string], bigint | null>;
  private readonly selectStreamOfEvent: Database.Statement<[string], string>;
  private readonly selectStream: Database.Statement<[string], EventRow>;
  private readonly selectAfter: Database.Statement<[bigint, number], EventRow>;
  private readonly selectHead: Database.Statement<[], bigint | null>;
  private readonly appendInTransaction: Database.Transaction<(appends: readonly StreamAppend[]) => AppendOutcome[]>;

  constructor(options: SqliteEventStoreOptions) {
    this.db = new Database(options.file);
    try {
      configureConnection(this.db, { busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
      migrate(this.db);
    } catch (err) {
      this.db.close();
      throw translateSqliteError(err);
    }
    const db = this.db;
    this.insertEvent = db.prepare(
      'INSERT INTO events (stream, stream_revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    );
    // MAX over the (stream, stream_revision) unique index: one index seek.
    this.selectStreamHead = db
      .prepare<[string], bigint | null>('SELECT MAX(stream_revision) FROM events WHERE stream = ?')
      .pluck()
      .safeIntegers(true);
    this.selectStreamOfEvent = db.prepare<[string], string>('SELECT stream FROM events WHERE event_id = ?').pluck();
    this.selectStream = db
      .prepare<[string], EventRow>(`SELECT ${COLUMNS} FROM events WHERE stream = ? ORDER BY stream_revision`)
      .safeIntegers(true);
    // Range scan on the rowid (position is INTEGER PRIMARY KEY): cheap paging over millions of rows.
    this.selectAfter = db
      .prepare<[bigint, number], EventRow>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
      .safeIntegers(true);
    this.selectHead = db.prepare<[], bigint | null>('SELECT MAX(position) FROM events').pluck().safeIntegers(true);
    this.appendInTransaction = db.transaction((appends: readonly StreamAppend[]) =>
      appends.map((append) => this.appendToStream(append)),
    );
  }

  /**
   * The whole call is one IMMEDIATE transaction: all streams or none. IMMEDIATE takes the write
   * lock before the revision checks, so another connection cannot slip in between check and write.
   */
  appendSync(appends: readonly StreamAppend[]): AppendOutcome[] {
    try {
      return this.appendInTransaction.immediate(appends);
    } catch (err) {
      throw translateSqliteError(err);
    }
  }

  readStreamSync(stream: string): StoredEvent[] {
    return this.guard(() => this.selectStream.all(stream).map(toStoredEvent));
  }

  readAllSync(after: bigint | null, maxCount: number): StoredEvent[] {
    if (!(maxCount > 0)) return [];
    // Positions start at 1 (AUTOINCREMENT), so "from the start" is "after 0".
    return this.guard(() => this.selectAfter.all(after ?? 0n, Math.trunc(maxCount)).map(toStoredEvent));
  }

  headPositionSync(): bigint | null {
    return this.guard(() => this.selectHead.get() ?? null);
  }

  /**
   * Every event after `after`, page by page, for rebuilds. Pages are separate reads, so the
   * connection stays usable between them (a single open cursor would block other statements).
   */
  *iterateAll(after: bigint | null = null, pageSize = 1000): Generator<StoredEvent, void, undefined> {
    let cursor = after;
    for (;;) {
      const page = this.readAllSync(cursor, pageSize);
      yield* page;
      const last = page[page.length - 1];
      if (page.length < pageSize || last === undefined) return;
      cursor = last.position;
    }
  }

  /** The connection's durability settings as SQLite reports them (logged at start-up, checked by tests). */
  connectionSettings(): { journalMode: string; synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA'; busyTimeoutMs: number } {
    const levels = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;
    return this.guard(() => ({
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: levels[Number(this.db.pragma('synchronous', { simple: true }))] ?? 'OFF',
      busyTimeoutMs: Number(this.db.pragma('busy_timeout', { simple: true })),
    }));
  }

  async append(appends: StreamAppend[]): Promise<AppendOutcome[]> {
    return this.appendSync(appends);
  }

  async readStream(stream: string): Promise<StoredEvent[]> {
    return this.readStreamSync(stream);
  }

  async readAll(after: bigint | null, maxCount: number): Promise<StoredEvent[]> {
    return this.readAllSync(after, maxCount);
  }

  async headPosition(): Promise<bigint | null> {
    return this.headPositionSync();
  }

  async ping(): Promise<void> {
    this.guard(() => this.selectHead.get());
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Runs inside the transaction. Events the stream already holds are skipped (idempotent retries). */
  private appendToStream(append: StreamAppend): AppendOutcome {
    const current = this.selectStreamHead.get(append.stream) ?? null;
    const fresh = this.eventsNotYetInStream(append);
    if (append.events.length > 0 && fresh.length === 0) {
      // A retry of events already recorded: success whatever the expected revision, like a
      // repeated EventStoreDB append, and nothing is written twice.
      return { stream: append.stream, nextExpectedRevision: current ?? -1n };
    }
    if (!expectedRevisionHolds(append.expectedRevision, current)) {
      throw new WrongExpectedRevisionError(
        append.stream,
        describeRevision(append.expectedRevision),
        describeRevision(current),
      );
    }
    let revision = current ?? -1n;
    for (const event of fresh) {
      revision += 1n;
      this.insertEvent.run(
        append.stream,
        revision,
        event.eventId,
        event.type,
        asBuffer(event.data),
        JSON.stringify(event.metadata),
      );
    }
    return { stream: append.stream, nextExpectedRevision: revision };
  }

  private eventsNotYetInStream(append: StreamAppend): NewEvent[] {
    const fresh: NewEvent[] = [];
    const seen = new Set<string>();
    for (const event of append.events) {
      if (seen.has(event.eventId)) continue; // the same event twice in one request
      seen.add(event.eventId);
      const owner = this.selectStreamOfEvent.get(event.eventId);
      if (owner === undefined) fresh.push(event);
      else if (owner !== append.stream) throw new EventIdConflictError(event.eventId, append.stream, owner);
    }
    return fresh;
  }

  private guard<T>(read: () => T): T {
    try {
      return read();
    } catch (err) {
      throw translateSqliteError(err);
    }
  }
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    type: row.type as EventType,
    // A Buffer (a Uint8Array), so avsc can decode it without copying.
    data: row.data,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    stream: row.stream,
    streamRevision: row.stream_revision,
    position: row.position,
  };
}

function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

// Lock contention, a full disk or an I/O failure mean "cannot take the write now": 503 + Retry-After.
const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY|PROTOCOL)/;

function translateSqliteError(err: unknown): unknown {
  if (err instanceof Database.SqliteError && UNAVAILABLE_CODES.test(err.code)) {
    return new UnavailableError(`The event store cannot take the request now (${err.code}).`, 1, { cause: err });
  }
  return err;
}
