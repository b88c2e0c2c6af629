import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../services/kernel/errors';
import { describeEventStoreContract, hazardEvent } from './contract';
import { StoreIncompatibleError } from '../../services/kernel/store/errors';
import type { NewEvent, StoredEvent } from '../../services/kernel/store/eventStore';
import { PostgresEventStore, openPostgresEventStore } from '../../services/kernel/store/postgres';
import { APPEND_LOCK_KEY } from '../../services/kernel/store/postgresSchema';
import { closedPort } from '../kafka/closedPort';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../support/postgres';

const available = await postgresForTests();
let db: TestDatabase;

if (available) {
  beforeAll(async () => {
    db = await createTestDatabase('hub_store');
  });
  afterAll(async () => {
    await db?.drop();
  });

  // Every test gets an empty log: a fresh schema of this file's database.
  describeEventStoreContract(
    'PostgreSQL',
    async () => {
      const store = await openPostgresEventStore({ connectionString: await db.freshSchemaUrl() });
      return { store, cleanup: () => store.close() };
    },
    { atomicMultiStream: true, uniqueEventIdsAcrossStreams: true, startsEmpty: true, retriesMatchType: true },
  );
}

function withRevision(revision: number, type: NewEvent['type'] = 'HazardIdentified'): NewEvent {
  const e = hazardEvent({ type });
  return { ...e, metadata: { ...e.metadata, revision } };
}

describe.runIf(available)('PostgreSQL event store', () => {
  let url: string;
  let store: PostgresEventStore;
  let raw: pg.Client;
  beforeEach(async () => {
    url = await db.freshSchemaUrl();
    store = await openPostgresEventStore({ connectionString: url });
    raw = new pg.Client({ connectionString: url });
    await raw.connect();
  });
  afterEach(async () => {
    await raw.end();
    await store.close();
  });

  describe('append-only enforcement', () => {
    it('refuses UPDATE, DELETE and TRUNCATE of events from another connection', async () => {
      const stream = `record-safety-${randomUUID()}`;
      await store.append([{ stream, expectedRevision: 'no_stream', events: [hazardEvent()] }]);
      await expect(raw.query("UPDATE events SET type = 'Tampered'")).rejects.toThrow(/append-only: UPDATE/);
      await expect(raw.query("UPDATE events SET data = '\\x00'")).rejects.toThrow(/append-only/);
      await expect(raw.query('DELETE FROM events')).rejects.toThrow(/append-only: DELETE/);
      await expect(raw.query('TRUNCATE events')).rejects.toThrow(/append-only: TRUNCATE/);
      const [stored] = await store.readStream(stream);
      expect(stored!.type).toBe('HazardIdentified');
    });

    it('refuses an insert that would replace an event or choose its own position', async () => {
      const stream = `record-safety-${randomUUID()}`;
      const original = hazardEvent();
      await store.append([{ stream, expectedRevision: 'no_stream', events: [original] }]);
      const insert = `INSERT INTO events (stream, stream_revision, event_id, type, data, metadata, recorded_at)
                      VALUES ($1, 0, $2, 'Tampered', '\\x00', '{}', now())
                      ON CONFLICT DO NOTHING`;
      // ON CONFLICT DO UPDATE is an UPDATE, so the trigger refuses it; DO NOTHING leaves the row.
      await expect(raw.query(insert.replace('DO NOTHING', '(event_id) DO UPDATE SET type = excluded.type'), [stream, original.eventId])).rejects.toThrow(/append-only/);
      await expect(raw.query(`INSERT INTO events (position, stream, stream_revision, event_id, type, data, metadata, recorded_at)
                              VALUES (1000, 'x', 0, 'y', 'T', '\\x00', '{}', now())`)).rejects.toThrow(/non-DEFAULT value into column "position"/);
      expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['HazardIdentified']);
    });
  });

  describe('schema', () => {
    it('opens an existing log again, from several processes at once, and keeps its events', async () => {
      const stream = `record-safety-${randomUUID()}`;
      await store.append([{ stream, expectedRevision: 'no_stream', events: [hazardEvent(), hazardEvent()] }]);
      const others = await Promise.all([1, 2, 3].map(() => openPostgresEventStore({ connectionString: url })));
      try {
        for (const other of others) expect(await other.readStream(stream)).toEqual(await store.readStream(stream));
      } finally {
        await Promise.all(others.map((o) => o.close()));
      }
    });

    it('refuses a log whose schema is newer than this hub', async () => {
      await raw.query('INSERT INTO hub_event_log_schema (version) VALUES (99)');
      await expect(openPostgresEventStore({ connectionString: url })).rejects.toThrow(StoreIncompatibleError);
    });
  });

  describe('session settings', () => {
    it('sets the statement timeout, the idle-in-transaction timeout and the application name on every connection', async () => {
      const tuned = await openPostgresEventStore({ connectionString: url, statementTimeoutMs: 1234, applicationName: 'hub recorder' });
      const untimed = await openPostgresEventStore({ connectionString: url, statementTimeoutMs: 0 });
      try {
        expect(await tuned.sessionSettings()).toEqual({ statementTimeout: '1234ms', idleInTransactionSessionTimeout: '15s', applicationName: 'hub recorder' });
        expect((await untimed.sessionSettings()).statementTimeout).toBe('0');
        expect((await store.sessionSettings()).statementTimeout).toBe('30s');
      } finally {
        await Promise.all([tuned.close(), untimed.close()]);
      }
    });

    it('fails a statement over the timeout as a retriable UnavailableError', async () => {
      const impatient = await openPostgresEventStore({ connectionString: url, statementTimeoutMs: 200 });
      await raw.query('BEGIN');
      await raw.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY.toString()]);
      try {
        const error = await impatient.append([{ stream: `record-safety-${randomUUID()}`, expectedRevision: 'no_stream', events: [hazardEvent()] }]).then(() => null, (err: unknown) => err);
        expect(error).toBeInstanceOf(UnavailableError);
        expect((error as Error).message).toMatch(/statement timeout/);
      } finally {
        await raw.query('ROLLBACK');
        await impatient.close();
      }
    });
  });

  describe('recordedAt', () => {
    it('is the server clock at append, in ISO 8601 UTC, and never decreases along positions', async () => {
      const before = (await raw.query<{ now: Date }>('SELECT clock_timestamp() AS now')).rows[0]!.now;
      const stream = `record-safety-${randomUUID()}`;
      await store.append([{ stream, expectedRevision: 'no_stream', events: [hazardEvent(), hazardEvent()] }]);
      await store.append([{ stream, expectedRevision: 1n, events: [hazardEvent()] }]);
      const after = (await raw.query<{ now: Date }>('SELECT clock_timestamp() AS now')).rows[0]!.now;
      const stored = await store.readStream(stream);
      for (const e of stored) {
        expect(e.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        expect(Date.parse(e.recordedAt)).toBeGreaterThanOrEqual(Math.floor(before.getTime()));
        expect(Date.parse(e.recordedAt)).toBeLessThanOrEqual(after.getTime());
      }
      expect(stored[0]!.recordedAt).toBe(stored[1]!.recordedAt); // one reading per append call
      expect(stored[2]!.recordedAt >= stored[1]!.recordedAt).toBe(true);
    });

    it('never goes below the previous event even when the server clock reads earlier', async () => {
      // An event recorded "in the future" stands for a clock that has since been stepped back.
      const ahead = '2999-01-01T00:00:00.000Z';
      await raw.query(`INSERT INTO events (stream, stream_revision, event_id, type, data, metadata, recorded_at)
                       VALUES ('record-clock', 0, $1, 'HazardIdentified', '\\x00', '{"revision":1}', $2)`, [randomUUID(), ahead]);
      const stream = `record-safety-${randomUUID()}`;
      await store.append([{ stream, expectedRevision: 'no_stream', events: [hazardEvent()] }]);
      const [stored] = await store.readStream(stream);
      expect(stored!.recordedAt).toBe(ahead);
    });
  });

  describe('stream summaries (the recorder\'s fast path)', () => {
    it('agrees with readStream for many streams at once and leaves out the missing ones', async () => {
      const [a, b, missing] = [`record-safety-${randomUUID()}`, `record-safety-${randomUUID()}`, `record-safety-${randomUUID()}`];
      const odd = `record-safety-"\\'😀-${randomUUID()}`;
      await store.append([
        { stream: a, expectedRevision: 'no_stream', events: [withRevision(2), withRevision(5)] },
        { stream: b, expectedRevision: 'no_stream', events: [withRevision(1, 'HazardRectified')] },
        { stream: odd, expectedRevision: 'no_stream', events: [withRevision(3)] },
      ]);
      await store.append([{ stream: a, expectedRevision: 1n, events: [withRevision(4, 'HazardRectified')] }]);
      const summaries = await store.readStreamSummaries([a, missing, b, odd]);
      expect([...summaries.keys()]).toEqual([a, b, odd]);
      for (const stream of [a, b, odd]) {
        const events = await store.readStream(stream);
        expect(summaries.get(stream)).toEqual({
          type: events[0]!.type,
          eventIds: new Set(events.map((e) => e.eventId)),
          lastRevision: events[events.length - 1]!.streamRevision,
          highestRevision: events.reduce((max, e) => Math.max(max, e.metadata.revision), 0),
        });
      }
      expect(summaries.get(a)).toMatchObject({ type: 'HazardIdentified', lastRevision: 2n, highestRevision: 5 });
      expect((await store.readStreamSummaries([])).size).toBe(0);
    });
  });

  describe('round trips', () => {
    it('keeps the metadata text as written, key order included', async () => {
      const stream = `record-safety-${randomUUID()}`;
      const e = hazardEvent();
      const reordered = { ...e, metadata: { schemaFingerprint: e.metadata.schemaFingerprint, revision: 1, agency: 'safety' as const, tokenId: 't', sourceRecordId: 'S-1', receivedAt: e.metadata.receivedAt } };
      await store.append([{ stream, expectedRevision: 'no_stream', events: [reordered] }]);
      const [stored] = await store.readStream(stream);
      expect(JSON.stringify(stored!.metadata)).toBe(JSON.stringify(reordered.metadata));
    });
  });

  describe('idempotency details', () => {
    it('skips the events a stream already holds, writes an event listed twice once, and applies same-stream appends in order', async () => {
      const stream = `record-safety-${randomUUID()}`;
      const [first, second] = [hazardEvent(), hazardEvent()];
      await store.append([{ stream, expectedRevision: 'no_stream', events: [first, first] }]);
      const outcome = await store.append([
        { stream, expectedRevision: 0n, events: [first, second] },
        { stream, expectedRevision: 1n, events: [hazardEvent(), hazardEvent()] },
      ]);
      expect(outcome.map((o) => o.nextExpectedRevision)).toEqual([1n, 3n]);
      expect((await store.readStream(stream)).slice(0, 2).map((e) => e.eventId)).toEqual([first.eventId, second.eventId]);
    });

    it('refuses names PostgreSQL cannot store exactly, before writing anything', async () => {
      await expect(store.append([{ stream: `record-\u0000-${randomUUID()}`, expectedRevision: 'any', events: [hazardEvent()] }])).rejects.toThrow(StoreIncompatibleError);
      await expect(store.append([{ stream: `record-${randomUUID()}`, expectedRevision: 'any', events: [hazardEvent({ eventId: '\ud800' })] }])).rejects.toThrow(StoreIncompatibleError);
      expect(await store.headPosition()).toBeNull();
    });
  });

  describe('the gap problem: readers never skip an event committed late', () => {
    it('makes an append wait while another transaction appends, so commits follow positions', async () => {
      // `raw` plays a slow appender: it holds the append lock inside an open transaction.
      await raw.query('BEGIN');
      await raw.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY.toString()]);
      const late = await raw.query<{ position: string }>(
        `INSERT INTO events (stream, stream_revision, event_id, type, data, metadata, recorded_at)
         VALUES ('record-slow', 0, $1, 'HazardIdentified', '\\x00', '{"revision":1}', clock_timestamp()) RETURNING position`,
        [randomUUID()],
      );
      const stream = `record-safety-${randomUUID()}`;
      let settled = false;
      const appending = store.append([{ stream, expectedRevision: 'no_stream', events: [hazardEvent()] }]).finally(() => {
        settled = true;
      });
      await waitForAdvisoryLockWaiter(raw);
      expect(settled).toBe(false);
      // Nothing past the slow appender's uncommitted position is visible yet.
      expect(await store.readAll(null, 10)).toEqual([]);
      await raw.query('COMMIT');
      await appending;
      const all = await store.readAll(null, 10);
      expect(all.map((e) => e.stream)).toEqual(['record-slow', stream]);
      expect(all[0]!.position).toBe(BigInt(late.rows[0]!.position));
      expect(all[1]!.position > all[0]!.position).toBe(true);
    });

    it('lets a reader following readAll see every event of concurrent appenders exactly once, in position order', async () => {
      const writers = await Promise.all([1, 2, 3, 4].map(() => openPostgresEventStore({ connectionString: url, poolMax: 2 })));
      const written = new Set<string>();
      const seen: StoredEvent[] = [];
      let writing = true;
      try {
        const follow = (async () => {
          let cursor: bigint | null = null;
          // Keep reading while the writers run, then until a read begun after the last append
          // finds nothing more.
          for (;;) {
            const finished = !writing;
            const page = await store.readAll(cursor, 7);
            if (page.length === 0) {
              if (finished) break;
              continue;
            }
            seen.push(...page);
            cursor = page[page.length - 1]!.position;
          }
        })();
        await Promise.all(
          writers.map(async (writer, w) => {
            // Two concurrent loops per writer (its pool has two connections).
            await Promise.all(
              [0, 1].map(async (lane) => {
                for (let i = 0; i < 40; i += 1) {
                  const events = Array.from({ length: 1 + ((i + w + lane) % 4) }, () => hazardEvent());
                  const stream = `record-w${w}-${lane}-${i}-${randomUUID()}`;
                  await writer.append([{ stream, expectedRevision: 'no_stream', events }]);
                  for (const e of events) written.add(e.eventId);
                }
              }),
            );
          }),
        );
        writing = false;
        await follow;
      } finally {
        await Promise.all(writers.map((w) => w.close()));
      }
      const ids = seen.map((e) => e.eventId);
      expect(new Set(ids).size).toBe(ids.length); // nothing twice
      expect(ids.length).toBe(written.size); // nothing skipped
      expect(new Set(ids)).toEqual(written);
      expect(seen.every((e, i) => i === 0 || e.position > seen[i - 1]!.position)).toBe(true);
      expect(seen.every((e, i) => i === 0 || e.recordedAt >= seen[i - 1]!.recordedAt)).toBe(true);
    });
  });

  describe('recorders racing on the same stream', () => {
    it('writes the same events sent by several processes at once exactly once, and every sender succeeds', async () => {
      const racers = await Promise.all([1, 2, 3, 4].map(() => openPostgresEventStore({ connectionString: url, poolMax: 1 })));
      try {
        for (let round = 0; round < 10; round += 1) {
          const stream = `record-safety-${randomUUID()}`;
          const events = [withRevision(1), withRevision(2)];
          const outcomes = await Promise.all(racers.map((r) => r.append([{ stream, expectedRevision: 'no_stream', events }])));
          expect(outcomes).toEqual(racers.map(() => [{ stream, nextExpectedRevision: 1n }]));
          expect((await store.readStream(stream)).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
        }
        // Different events for one new stream: exactly one sender wins, the others are told the revision moved.
        const stream = `record-safety-${randomUUID()}`;
        const results = await Promise.allSettled(racers.map((r) => r.append([{ stream, expectedRevision: 'no_stream', events: [hazardEvent()] }])));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
          expect(r.reason).toMatchObject({ code: 'wrong_expected_revision', actual: '0', retriable: true });
        }
        expect(await store.readStream(stream)).toHaveLength(1);
      } finally {
        await Promise.all(racers.map((r) => r.close()));
      }
    });
  });

  describe('following appends (LISTEN/NOTIFY)', () => {
    it('wakes a follower when another process commits an append, and again after its connection was cut', async () => {
      let calls = 0;
      const reached = async (n: number) => {
        for (let i = 0; i < 1000 && calls < n; i += 1) await new Promise((r) => setTimeout(r, 10));
        expect(calls).toBeGreaterThanOrEqual(n);
      };
      const name = `follower-${randomUUID().slice(0, 8)}`;
      const follower = await openPostgresEventStore({ connectionString: url, applicationName: name });
      const watch = follower.watchAppends(() => (calls += 1), { retryMs: 50 });
      try {
        await reached(1); // once connected
        await store.append([{ stream: `record-safety-${randomUUID()}`, expectedRevision: 'no_stream', events: [hazardEvent(), hazardEvent()] }]);
        await reached(2);
        const cut = await raw.query("SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = $1", [`${name} listener`]);
        expect(cut.rows).toEqual([{ done: true }]);
        await reached(3); // reconnected
        const before = calls;
        await store.append([{ stream: `record-safety-${randomUUID()}`, expectedRevision: 'no_stream', events: [hazardEvent()] }]);
        await reached(before + 1);
      } finally {
        await watch.stop();
        await follower.close();
      }
    });
  });

  describe('when the server is unreachable', () => {
    it('fails ping and appends with a retriable UnavailableError naming the server', async () => {
      const port = await closedPort();
      const down = new PostgresEventStore({
        connectionString: `postgres://postgres@127.0.0.1:${port}/nowhere`,
        connectTimeoutMs: 1000,
      });
      try {
        const error = await down.ping().then(() => null, (err: unknown) => err);
        expect(error).toBeInstanceOf(UnavailableError);
        expect((error as Error).message).toMatch(new RegExp(`^postgres at 127\\.0\\.0\\.1:${port} unreachable: .+`));
        expect((error as UnavailableError).retriable).toBe(true);
        await expect(down.append([{ stream: 'record-x', expectedRevision: 'any', events: [hazardEvent()] }])).rejects.toBeInstanceOf(UnavailableError);
      } finally {
        await down.close();
      }
      await expect(openPostgresEventStore({ connectionString: `postgres://postgres@127.0.0.1:${port}/nowhere`, connectTimeoutMs: 1000 })).rejects.toThrow(
        /postgres at 127\.0\.0\.1:\d+ unreachable/,
      );
    });
  });
});

/** Waits (on pg_locks, not on time) until some session waits for the append lock. */
async function waitForAdvisoryLockWaiter(client: pg.Client): Promise<void> {
  const key = APPEND_LOCK_KEY;
  for (let i = 0; i < 500; i += 1) {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
         AND classid = $1 AND objid = $2`,
      [Number(key >> 32n), Number(key & 0xffffffffn)],
    );
    if (Number(rows[0]!.n) > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no session started waiting for the append lock');
}
