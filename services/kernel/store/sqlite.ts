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
  StreamSummary,
} from './eventStore';
import { describeRevision, expectedRevisionHolds } from './revision';
import { configureConnection, migrate } from './sqliteSchema';

export interface SqliteEventStoreOptions {
  /** Path of the database file (created when missing). */
  file: string;
  /** Wait for another connection's write lock this long before failing (default 5000 ms). */
  busyTimeoutMs?: number;
  /** The clock that stamps recordedAt on appends (default: the system clock). */
  now?: () => Date;
}

interface EventRow {
  position: bigint;
  stream: string;
  stream_revision: bigint;
  event_id: string;
  type: string;
  data: Buffer;
  metadata: string;
  recorded_at_ms: bigint | null;
}

const COLUMNS = 'position, stream, stream_revision, event_id, type, data, metadata, recorded_at_ms';

/**
 * What one append call knows of the store: stream heads and the streams holding its event ids,
 * read up front in one query each and kept current as the call writes.
 */
interface AppendLookups {
  heads: Map<string, bigint>;
  /** event id -> its stream and type. */
  owners: Map<string, { stream: string; type: string }>;
}

/** One request's appends, decided but not written yet (planRequest). */
interface PlannedRequest {
  outcomes: AppendOutcome[];
  rows: Array<{ stream: string; revision: bigint; event: NewEvent }>;
  /** The streams' heads and the event ids' owners once the rows are written. */
  heads: Map<string, bigint>;
  owners: Map<string, { stream: string; type: string }>;
}

/** The events of `append` its stream does not hold yet; throws when an id belongs elsewhere. */
function eventsNotYetInStream(
  append: StreamAppend,
  ownerOf: (eventId: string) => { stream: string; type: string } | undefined,
): NewEvent[] {
  const fresh: NewEvent[] = [];
  const seen = new Set<string>();
  for (const event of append.events) {
    if (seen.has(event.eventId)) continue; // the same event twice in one request
    seen.add(event.eventId);
    const owner = ownerOf(event.eventId);
    if (owner === undefined) fresh.push(event);
    else if (owner.stream !== append.stream) throw new EventIdConflictError(event.eventId, append.stream, owner.stream);
    // The same id under another type is not a retry: a concurrent request created the record
    // with another type first. The caller must read the stream again (and find the conflict).
    else if (owner.type !== event.type) {
      throw new WrongExpectedRevisionError(append.stream, describeRevision(append.expectedRevision), `a ${owner.type} event with id ${event.eventId}`);
    }
  }
  return fresh;
}

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Whether the strings can be passed to SQLite as one JSON array. A lone surrogate cannot: SQLite
 * stores it as bytes that read back as other text, so such keys are looked up one by one, the way
 * they are written (the batched lookups rely on stored text reading back as it was given).
 */
function jsonListable(values: readonly string[]): boolean {
  return values.every((v) => !LONE_SURROGATE.test(v));
}

interface SummaryRow {
  stream: string;
  stream_revision: bigint;
  event_id: string;
  type: string;
  revision: bigint | number | null;
}

/** One request's share of a group commit (appendGroupSync). */
export type GroupAppendResult =
  | { ok: true; outcomes: AppendOutcome[] }
  | { ok: false; error: WrongExpectedRevisionError | EventIdConflictError };

export function openSqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  return new SqliteEventStore(options);
}

export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly insertEvent: Database.Statement<[string, bigint, string, string, Buffer, string, number]>;
  private readonly selectLastRecorded: Database.Statement<[], bigint | null>;
  private readonly now: () => Date;
  /** recordedAt of the append call being written (set inside its transaction). */
  private recordingMs = 0;
  private readonly selectStreamHead: Database.Statement<[string], bigint | null>;
  private readonly selectStreamOfEvent: Database.Statement<[string], { stream: string; type: string }>;
  private readonly selectStreamHeads: Database.Statement<[string], { stream: string; head: bigint }>;
  private readonly selectEventOwners: Database.Statement<[string], { event_id: string; stream: string; type: string }>;
  private readonly selectStream: Database.Statement<[string], EventRow>;
  private readonly selectSummaryRows: Database.Statement<[string], SummaryRow>;
  private readonly selectAfter: Database.Statement<[bigint, number], EventRow>;
  private readonly selectHead: Database.Statement<[], bigint | null>;
  private readonly appendInTransaction: Database.Transaction<(appends: readonly StreamAppend[]) => AppendOutcome[]>;
  private readonly appendGroupInTransaction: Database.Transaction<(requests: readonly (readonly StreamAppend[])[]) => GroupAppendResult[]>;

  /** Path of the database file. */
  readonly file: string;

  constructor(options: SqliteEventStoreOptions) {
    this.file = options.file;
    this.db = new Database(options.file);
    try {
      configureConnection(this.db, { busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
      migrate(this.db);
    } catch (err) {
      this.db.close();
      throw translateSqliteError(err);
    }
    const db = this.db;
    this.now = options.now ?? (() => new Date());
    this.insertEvent = db.prepare(
      'INSERT INTO events (stream, stream_revision, event_id, type, data, metadata, recorded_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectLastRecorded = db
      .prepare<[], bigint | null>('SELECT recorded_at_ms FROM events ORDER BY position DESC LIMIT 1')
      .pluck()
      .safeIntegers(true);
    // MAX over the (stream, stream_revision) unique index: one index seek.
    this.selectStreamHead = db
      .prepare<[string], bigint | null>('SELECT MAX(stream_revision) FROM events WHERE stream = ?')
      .pluck()
      .safeIntegers(true);
    this.selectStreamOfEvent = db.prepare<[string], { stream: string; type: string }>('SELECT stream, type FROM events WHERE event_id = ?');
    // The same two lookups for all the streams and event ids of an append call at once, each
    // list given as one JSON array: one index seek per key, one call into SQLite per list.
    this.selectStreamHeads = db
      .prepare<[string], { stream: string; head: bigint }>(
        'SELECT stream, MAX(stream_revision) AS head FROM events WHERE stream IN (SELECT value FROM json_each(?)) GROUP BY stream',
      )
      .safeIntegers(true);
    this.selectEventOwners = db.prepare<[string], { event_id: string; stream: string; type: string }>(
      'SELECT event_id, stream, type FROM events WHERE event_id IN (SELECT value FROM json_each(?))',
    );
    this.selectStream = db
      .prepare<[string], EventRow>(`SELECT ${COLUMNS} FROM events WHERE stream = ? ORDER BY stream_revision`)
      .safeIntegers(true);
    // The streams come as one JSON array; each is an index seek on (stream, stream_revision).
    // Neither the Avro bytes nor the whole metadata are read.
    this.selectSummaryRows = db
      .prepare<[string], SummaryRow>(
        `SELECT stream, stream_revision, event_id, type, json_extract(metadata, '$.revision') AS revision
           FROM events WHERE stream IN (SELECT value FROM json_each(?))`,
      )
      .safeIntegers(true);
    // Range scan on the rowid (position is INTEGER PRIMARY KEY): cheap paging over millions of rows.
    this.selectAfter = db
      .prepare<[bigint, number], EventRow>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
      .safeIntegers(true);
    this.selectHead = db.prepare<[], bigint | null>('SELECT MAX(position) FROM events').pluck().safeIntegers(true);
    this.appendInTransaction = db.transaction((appends: readonly StreamAppend[]) => {
      this.stampRecording();
      const lookups = this.lookupsFor(appends);
      const planned = this.planRequest(appends, lookups);
      this.writePlanned(planned, lookups);
      return planned.outcomes;
    });
    // Group commit: the requests of a group share one transaction and one fsync. Each request is
    // all or nothing on its own without a SAVEPOINT: its revision and event-id checks are decided
    // before any of its rows is written (planRequest), so a request that fails them writes
    // nothing and the others go on. (A savepoint per request made SQLite copy every page an
    // insert touched into its sub-journal: 9 -> 32 us of CPU per event.) Anything else (an I/O
    // error, a full disk) rolls back the whole group: every request in it fails.
    this.appendGroupInTransaction = db.transaction((requests: readonly (readonly StreamAppend[])[]) => {
      this.stampRecording();
      const lookups = this.lookupsFor(requests.flat());
      return requests.map((appends): GroupAppendResult => {
        let planned: PlannedRequest;
        try {
          planned = this.planRequest(appends, lookups);
        } catch (err) {
          if (err instanceof WrongExpectedRevisionError || err instanceof EventIdConflictError) return { ok: false, error: err };
          throw err;
        }
        this.writePlanned(planned, lookups);
        return { ok: true, outcomes: planned.outcomes };
      });
    });
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

  /**
   * Several requests' appends in one IMMEDIATE transaction and one commit (one fsync). Each
   * request is all or nothing on its own: one that fails its expected-revision or event-id check
   * gets its error back and writes nothing, the others are committed. Throws (and commits
   * nothing) when the transaction as a whole fails.
   */
  appendGroupSync(requests: readonly (readonly StreamAppend[])[]): GroupAppendResult[] {
    try {
      return this.appendGroupInTransaction.immediate(requests);
    } catch (err) {
      throw translateSqliteError(err);
    }
  }

  readStreamSync(stream: string): StoredEvent[] {
    return this.guard(() => this.selectStream.all(stream).map(toStoredEvent));
  }

  /** Summaries of the streams that exist among `streams`, in one query (see EventStore). */
  readStreamSummariesSync(streams: readonly string[]): Map<string, StreamSummary> {
    const out = new Map<string, StreamSummary>();
    if (streams.length === 0) return out;
    if (!jsonListable(streams)) {
      for (const stream of streams) {
        const events = this.readStreamSync(stream);
        if (events.length === 0) continue;
        out.set(stream, {
          type: events[0]!.type,
          eventIds: new Set(events.map((e) => e.eventId)),
          lastRevision: events[events.length - 1]!.streamRevision,
          highestRevision: events.reduce((max, e) => Math.max(max, e.metadata.revision), 0),
        });
      }
      return out;
    }
    const rows = this.guard(() => this.selectSummaryRows.all(JSON.stringify(streams)));
    const acc = new Map<string, { firstRevision: bigint; type: string; eventIds: Set<string>; lastRevision: bigint; highestRevision: number }>();
    for (const row of rows) {
      const revision = Number(row.revision);
      const a = acc.get(row.stream);
      if (a === undefined) {
        acc.set(row.stream, {
          firstRevision: row.stream_revision,
          type: row.type,
          eventIds: new Set([row.event_id]),
          lastRevision: row.stream_revision,
          highestRevision: Math.max(0, revision),
        });
        continue;
      }
      a.eventIds.add(row.event_id);
      if (row.stream_revision < a.firstRevision) {
        a.firstRevision = row.stream_revision;
        a.type = row.type;
      }
      if (row.stream_revision > a.lastRevision) a.lastRevision = row.stream_revision;
      a.highestRevision = Math.max(a.highestRevision, revision);
    }
    for (const [stream, a] of acc) {
      out.set(stream, { type: a.type, eventIds: a.eventIds, lastRevision: a.lastRevision, highestRevision: a.highestRevision });
    }
    return out;
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

  async readStreamSummaries(streams: readonly string[]): Promise<Map<string, StreamSummary>> {
    return this.readStreamSummariesSync(streams);
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

  /** Runs inside the transaction, before any write; null when the keys are looked up one by one. */
  private lookupsFor(appends: readonly StreamAppend[]): AppendLookups | null {
    const streams = appends.map((a) => a.stream);
    const eventIds = appends.flatMap((a) => a.events.map((e) => e.eventId));
    if (!jsonListable(streams) || !jsonListable(eventIds)) return null;
    const heads = new Map<string, bigint>();
    for (const row of this.selectStreamHeads.all(JSON.stringify(streams))) heads.set(row.stream, row.head);
    const owners = new Map<string, { stream: string; type: string }>();
    for (const row of this.selectEventOwners.all(JSON.stringify(eventIds))) owners.set(row.event_id, { stream: row.stream, type: row.type });
    return { heads, owners };
  }

  /** Inside the write lock: the log's last recordedAt is final, so the stamps never go back. */
  private stampRecording(): void {
    const last = Number(this.selectLastRecorded.get() ?? 0);
    this.recordingMs = Math.max(last, this.now().getTime());
  }

  /**
   * Runs inside the transaction and writes nothing: decides one request's outcome, as if its
   * appends were written one after another, or throws its WrongExpectedRevisionError or
   * EventIdConflictError. Events a stream already holds are skipped (idempotent retries).
   */
  private planRequest(appends: readonly StreamAppend[], lookups: AppendLookups | null): PlannedRequest {
    const planned: PlannedRequest = { outcomes: [], rows: [], heads: new Map(), owners: new Map() };
    const headOf = (stream: string): bigint | null =>
      planned.heads.get(stream) ?? (lookups ? lookups.heads.get(stream) : this.selectStreamHead.get(stream)) ?? null;
    const ownerOf = (eventId: string) =>
      planned.owners.get(eventId) ?? (lookups ? lookups.owners.get(eventId) : this.selectStreamOfEvent.get(eventId));
    for (const append of appends) {
      const current = headOf(append.stream);
      const fresh = eventsNotYetInStream(append, ownerOf);
      if (append.events.length > 0 && fresh.length === 0) {
        // A retry of events already recorded: success whatever the expected revision, like a
        // repeated EventStoreDB append, and nothing is written twice.
        planned.outcomes.push({ stream: append.stream, nextExpectedRevision: current ?? -1n });
        continue;
      }
      if (!expectedRevisionHolds(append.expectedRevision, current)) {
        throw new WrongExpectedRevisionError(append.stream, describeRevision(append.expectedRevision), describeRevision(current));
      }
      let revision = current ?? -1n;
      for (const event of fresh) {
        revision += 1n;
        planned.rows.push({ stream: append.stream, revision, event });
        planned.owners.set(event.eventId, { stream: append.stream, type: event.type });
      }
      if (fresh.length > 0) planned.heads.set(append.stream, revision);
      planned.outcomes.push({ stream: append.stream, nextExpectedRevision: revision });
    }
    return planned;
  }

  /** Runs inside the transaction: writes a planned request's rows and keeps the lookups current. */
  private writePlanned(planned: PlannedRequest, lookups: AppendLookups | null): void {
    for (const { stream, revision, event } of planned.rows) {
      this.insertEvent.run(stream, revision, event.eventId, event.type, asBuffer(event.data), metadataText(event), this.recordingMs);
    }
    if (!lookups) return;
    for (const [stream, head] of planned.heads) lookups.heads.set(stream, head);
    for (const [eventId, owner] of planned.owners) lookups.owners.set(eventId, owner);
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
  const metadata = JSON.parse(row.metadata) as EventMetadata;
  return {
    eventId: row.event_id,
    type: row.type as EventType,
    // A Buffer (a Uint8Array), so avsc can decode it without copying.
    data: row.data,
    metadata,
    stream: row.stream,
    streamRevision: row.stream_revision,
    position: row.position,
    recordedAt: row.recorded_at_ms === null ? metadata.receivedAt : new Date(Number(row.recorded_at_ms)).toISOString(),
  };
}

/** The metadata's JSON text; an event packed for the writer thread already carries it. */
function metadataText(event: NewEvent & { readonly metadataJson?: string }): string {
  return event.metadataJson ?? JSON.stringify(event.metadata);
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
