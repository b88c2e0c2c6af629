// The event store in PostgreSQL (DATABASE_URL): one append-only table behind the EventStore port,
// shared by any number of recorder and projector processes.
//
// The gap problem: a bigint sequence hands out positions when rows are inserted, but transactions
// commit in any order, so a reader following `position > cursor` could see 12 before 11 commits
// and skip 11 for ever. Here every append transaction first takes one transaction-level advisory
// lock and only then draws its positions; the lock is released after the commit is visible. So
// transactions commit one after another in position order, every snapshot holds a prefix of the
// log (holes of rolled-back appends aside), and readers need nothing special. The cost is that
// appends are serialised; the recorder writes whole batches per call, so that is one short
// transaction per batch. See docs/architecture.md, "Stores and durability".
import pg from 'pg';
import { UnavailableError, WrongExpectedRevisionError } from '../errors';
import type { EventType } from '../events.generated';
import { EventIdConflictError, StoreIncompatibleError } from './errors';
import type {
  AppendOutcome,
  EventMetadata,
  EventStore,
  NewEvent,
  StoredEvent,
  StreamAppend,
  StreamSummary,
} from './eventStore';
import { APPENDED_CHANNEL, APPEND_LOCK_KEY, migrate } from './postgresSchema';
import { describeRevision, expectedRevisionHolds } from './revision';
import { describePgFailure, serverOf } from './postgresErrors';

export { serverOf } from './postgresErrors';

export interface PostgresEventStoreOptions {
  /** postgres:// connection string. */
  connectionString: string;
  /** Most connections the pool opens (default 10). */
  poolMax?: number;
  /** Server-side limit per statement in ms (default 30000; 0 = none). */
  statementTimeoutMs?: number;
  /** How long to wait for a connection before failing (default 5000 ms). */
  connectTimeoutMs?: number;
  /** application_name shown in pg_stat_activity. */
  applicationName?: string;
}

export interface PoolUse {
  /** Connections open (idle or in use). */
  total: number;
  idle: number;
  /** Requests waiting for a connection. */
  waiting: number;
}

interface EventRow {
  position: string;
  stream: string;
  stream_revision: string;
  event_id: string;
  type: string;
  data: Buffer;
  metadata: EventMetadata;
  recorded_at: Date;
}

/** See the pool options. */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 15_000;

const COLUMNS = 'position, stream, stream_revision, event_id, type, data, metadata, recorded_at';

/** Opens the store and creates its schema now; rejects when the server cannot be reached. */
export async function openPostgresEventStore(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
  const store = new PostgresEventStore(options);
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

/**
 * Connects lazily: the constructor opens nothing, and the schema is created by the first operation
 * that reaches the server (and tried again by the next one after a failure), so a process whose
 * database is down at start stays alive and says so on /readyz.
 */
export class PostgresEventStore implements EventStore {
  private readonly pool: pg.Pool;
  /** host:port of the server, for messages (never the password). */
  readonly where: string;
  private closed = false;
  private schema: Promise<void> | undefined;
  private readonly clientConfig: pg.ClientConfig;

  constructor(options: PostgresEventStoreOptions) {
    this.where = serverOf(options.connectionString);
    const statementTimeout = options.statementTimeoutMs ?? 30_000;
    this.clientConfig = {
      connectionString: options.connectionString,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      application_name: options.applicationName ?? 'safe-community-hub',
    };
    this.pool = new pg.Pool({
      ...this.clientConfig,
      max: options.poolMax ?? 10,
      ...(statementTimeout > 0 ? { statement_timeout: statementTimeout } : {}),
      // An appender that stops between its statements (a frozen process, a partitioned network)
      // would hold the append lock, and with it every other appender; the server ends such a
      // session, and so releases the lock, after this long. Our own appends are never idle in a
      // transaction for more than a round trip.
      idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    });
    // An idle connection the server drops must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /** Creates the schema when missing (idempotent; several processes may start at once). */
  migrate(): Promise<void> {
    this.schema ??= (async () => {
      const client = await this.pool.connect();
      try {
        await migrate(client);
      } finally {
        client.release();
      }
    })().catch((err: unknown) => {
      this.schema = undefined; // try again on the next operation
      throw this.describeFailure(err);
    });
    return this.schema;
  }

  /**
   * Calls `onAppended` soon after any process commits an append to this log (LISTEN on its own
   * connection, outside the pool), and once after every (re)connection, since appends may have
   * been missed meanwhile. A lost connection is opened again after a pause (`onError` hears of
   * the first failure of each outage); followers still poll, so this only shortens their delay.
   */
  watchAppends(onAppended: () => void, options: { retryMs?: number; onError?: (err: Error) => void } = {}): { stop(): Promise<void> } {
    const retryMs = options.retryMs ?? 2000;
    let stopped = false;
    // onError once per outage, not at every attempt to reconnect.
    let failing = false;
    let client: pg.Client | undefined;
    let retry: NodeJS.Timeout | undefined;
    const connect = async () => {
      if (stopped) return;
      const c = new pg.Client({ ...this.clientConfig, application_name: `${this.clientConfig.application_name ?? 'hub'} listener` });
      client = c;
      const lost = (err?: Error) => {
        if (client !== c) return;
        client = undefined;
        c.removeAllListeners('notification');
        c.end().catch(() => undefined);
        if (err && !failing) options.onError?.(err);
        if (err) failing = true;
        if (!stopped) retry = setTimeout(() => void connect(), retryMs);
      };
      c.on('error', lost);
      c.on('end', () => lost());
      c.on('notification', () => onAppended());
      try {
        await c.connect();
        await c.query(`LISTEN ${APPENDED_CHANNEL}`);
        failing = false;
        if (client === c && !stopped) onAppended();
      } catch (err) {
        lost(err as Error);
      }
    };
    void connect();
    return {
      async stop() {
        stopped = true;
        clearTimeout(retry);
        const c = client;
        client = undefined;
        await c?.end().catch(() => undefined);
      },
    };
  }

  /** The session settings of the pool's connections as the server reports them (checked by tests). */
  async sessionSettings(): Promise<{ statementTimeout: string; idleInTransactionSessionTimeout: string; applicationName: string }> {
    const { rows } = await this.query<{ st: string; iit: string; app: string }>(
      "SELECT current_setting('statement_timeout') AS st, current_setting('idle_in_transaction_session_timeout') AS iit, current_setting('application_name') AS app",
    );
    return { statementTimeout: rows[0]!.st, idleInTransactionSessionTimeout: rows[0]!.iit, applicationName: rows[0]!.app };
  }

  poolUse(): PoolUse {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  /**
   * The whole call is one transaction: all streams or none. It takes the append lock first, so
   * the revision checks and the writes see no concurrent append, and positions commit in order.
   */
  async append(appends: StreamAppend[]): Promise<AppendOutcome[]> {
    for (const append of appends) {
      storable(append.stream, 'stream name');
      for (const event of append.events) storable(event.eventId, 'event id');
    }
    const client = await this.connect();
    // Set when the connection cannot be trusted any more: the pool then closes it.
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY.toString()]);
        const outcomes = await this.appendLocked(client, appends);
        // If the connection is lost during COMMIT the outcome is unknown; the caller gets a
        // retriable error, and a retry is harmless (appends are idempotent by event id).
        await client.query('COMMIT');
        return outcomes;
      } catch (err) {
        await client.query('ROLLBACK').catch((rollbackFailed: Error) => {
          broken = rollbackFailed;
        });
        throw err;
      }
    } catch (err) {
      throw this.describeFailure(err);
    } finally {
      client.release(broken);
    }
  }

  async readStream(stream: string): Promise<StoredEvent[]> {
    const { rows } = await this.query<EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream = $1 ORDER BY stream_revision`,
      [stream],
    );
    return rows.map(toStoredEvent);
  }

  /** Summaries of the streams that exist among `streams`, in one query, without the Avro bytes. */
  async readStreamSummaries(streams: readonly string[]): Promise<Map<string, StreamSummary>> {
    const out = new Map<string, StreamSummary>();
    if (streams.length === 0) return out;
    const { rows } = await this.query<{ stream: string; first_type: string; event_ids: string[]; last_revision: string; highest_revision: number | null }>(
      `SELECT stream,
              (array_agg(type ORDER BY stream_revision))[1] AS first_type,
              array_agg(event_id ORDER BY stream_revision) AS event_ids,
              max(stream_revision) AS last_revision,
              max((metadata->>'revision')::integer) AS highest_revision
         FROM events WHERE stream = ANY($1::text[]) GROUP BY stream`,
      [[...streams]],
    );
    const byStream = new Map(rows.map((r) => [r.stream, r]));
    // In the order asked, like the SQLite store.
    for (const stream of streams) {
      const row = byStream.get(stream);
      if (row === undefined || out.has(stream)) continue;
      out.set(stream, {
        type: row.first_type,
        eventIds: new Set(row.event_ids),
        lastRevision: BigInt(row.last_revision),
        highestRevision: Math.max(0, row.highest_revision ?? 0),
      });
    }
    return out;
  }

  async readAll(after: bigint | null, maxCount: number): Promise<StoredEvent[]> {
    if (!(maxCount > 0)) return [];
    // Identity values start at 1, so "from the start" is "after 0".
    const { rows } = await this.query<EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`,
      [(after ?? 0n).toString(), Math.trunc(maxCount)],
    );
    return rows.map(toStoredEvent);
  }

  async headPosition(): Promise<bigint | null> {
    const { rows } = await this.query<{ head: string | null }>('SELECT max(position) AS head FROM events');
    const head = rows[0]?.head ?? null;
    return head === null ? null : BigInt(head);
  }

  /** Rejects with a message naming the server, for /readyz, within `timeoutMs`. */
  async ping(timeoutMs = 2500): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new UnavailableError(`postgres at ${this.where} unreachable: no answer within ${timeoutMs} ms`, 1)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([this.query('SELECT 1'), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** Turns connection-level failures into a retriable UnavailableError that names the server. */
  describeFailure(err: unknown): unknown {
    return describePgFailure(err, this.where);
  }

  private async connect(): Promise<pg.PoolClient> {
    await this.migrate();
    try {
      return await this.pool.connect();
    } catch (err) {
      throw this.describeFailure(err);
    }
  }

  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    await this.migrate();
    try {
      return await this.pool.query<R>(text, values);
    } catch (err) {
      throw this.describeFailure(err);
    }
  }

  /** Runs under the append lock, inside the transaction. */
  private async appendLocked(client: pg.PoolClient, appends: readonly StreamAppend[]): Promise<AppendOutcome[]> {
    const streams = [...new Set(appends.map((a) => a.stream))];
    const eventIds = [...new Set(appends.flatMap((a) => a.events.map((e) => e.eventId)))];
    const heads = new Map<string, bigint>();
    const owners = new Map<string, { stream: string; type: string }>();
    const [headRows, ownerRows] = await Promise.all([
      client.query<{ stream: string; head: string }>(
        'SELECT stream, max(stream_revision) AS head FROM events WHERE stream = ANY($1::text[]) GROUP BY stream',
        [streams],
      ),
      eventIds.length === 0
        ? Promise.resolve({ rows: [] as Array<{ event_id: string; stream: string; type: string }> })
        : client.query<{ event_id: string; stream: string; type: string }>(
            'SELECT event_id, stream, type FROM events WHERE event_id = ANY($1::text[])',
            [eventIds],
          ),
    ]);
    for (const row of headRows.rows) heads.set(row.stream, BigInt(row.head));
    for (const row of ownerRows.rows) owners.set(row.event_id, { stream: row.stream, type: row.type });

    const rows: Array<{ stream: string; revision: bigint; event: NewEvent }> = [];
    const outcomes = appends.map((append) => {
      const current = heads.get(append.stream) ?? null;
      const fresh = eventsNotYetInStream(append, owners);
      if (append.events.length > 0 && fresh.length === 0) {
        // A retry of events already recorded: success whatever the expected revision, as in the
        // other stores, and nothing is written twice.
        return { stream: append.stream, nextExpectedRevision: current ?? -1n };
      }
      if (!expectedRevisionHolds(append.expectedRevision, current)) {
        throw new WrongExpectedRevisionError(append.stream, describeRevision(append.expectedRevision), describeRevision(current));
      }
      let revision = current ?? -1n;
      for (const event of fresh) {
        revision += 1n;
        rows.push({ stream: append.stream, revision, event });
        owners.set(event.eventId, { stream: append.stream, type: event.type });
      }
      if (fresh.length > 0) heads.set(append.stream, revision);
      return { stream: append.stream, nextExpectedRevision: revision };
    });
    if (rows.length > 0) await insertEvents(client, rows);
    return outcomes;
  }
}

/**
 * One INSERT for the whole call, rows in call order (WITH ORDINALITY), so positions follow it.
 * recorded_at is one server-clock reading for the call, raised to the previous event's when the
 * clock went back (an NTP step): it never decreases along positions. Exact because appends are
 * serialised by the append lock.
 */
async function insertEvents(client: pg.PoolClient, rows: ReadonlyArray<{ stream: string; revision: bigint; event: NewEvent }>): Promise<void> {
  await client.query(
    `WITH stamp AS (
       SELECT GREATEST(clock_timestamp(), (SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1)) AS at
     )
     INSERT INTO events (stream, stream_revision, event_id, type, data, metadata, recorded_at)
     SELECT r.stream, r.stream_revision, r.event_id, r.type, r.data, r.metadata, stamp.at
       FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bytea[], $6::json[])
              WITH ORDINALITY AS r(stream, stream_revision, event_id, type, data, metadata, n)
            CROSS JOIN stamp
      ORDER BY r.n`,
    [
      rows.map((r) => r.stream),
      rows.map((r) => r.revision.toString()),
      rows.map((r) => r.event.eventId),
      rows.map((r) => r.event.type),
      rows.map((r) => asBuffer(r.event.data)),
      rows.map((r) => JSON.stringify(r.event.metadata)),
    ],
  );
}

function eventsNotYetInStream(append: StreamAppend, owners: ReadonlyMap<string, { stream: string; type: string }>): NewEvent[] {
  const fresh: NewEvent[] = [];
  const seen = new Set<string>();
  for (const event of append.events) {
    if (seen.has(event.eventId)) continue; // the same event twice in one request
    seen.add(event.eventId);
    const owner = owners.get(event.eventId);
    if (owner === undefined) fresh.push(event);
    else if (owner.stream !== append.stream) throw new EventIdConflictError(event.eventId, append.stream, owner.stream);
    // The same id under another type is not a retry: a concurrent request created the record with
    // another type first. As in SQLite, the caller must read the stream again (and find the conflict).
    else if (owner.type !== event.type) {
      throw new WrongExpectedRevisionError(append.stream, describeRevision(append.expectedRevision), `a ${owner.type} event with id ${event.eventId}`);
    }
  }
  return fresh;
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    type: row.type as EventType,
    data: row.data,
    metadata: row.metadata,
    stream: row.stream,
    streamRevision: BigInt(row.stream_revision),
    position: BigInt(row.position),
    recordedAt: row.recorded_at.toISOString(),
  };
}

function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

const LONE_SURROGATE = /\p{Cs}/u;

/** PostgreSQL text holds neither NUL nor lone surrogates; the hub's names never contain them. */
function storable(value: string, what: string): void {
  if (value.includes('\u0000') || LONE_SURROGATE.test(value)) {
    throw new StoreIncompatibleError(`The ${what} ${JSON.stringify(value)} cannot be stored in PostgreSQL (NUL or a lone surrogate).`);
  }
}
