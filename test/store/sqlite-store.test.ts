import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../services/kernel/errors';
import { describeEventStoreContract, hazardEvent } from './contract';
import { StoreIncompatibleError } from '../../services/kernel/store/errors';
import type { NewEvent } from '../../services/kernel/store/eventStore';
import { openSqliteEventStore, type SqliteEventStore } from '../../services/kernel/store/sqlite';
import { configureConnection } from '../../services/kernel/store/sqliteSchema';

/** The event log's schema as version 2 created it (before the hub's inserts skipped the trigger's lookups). */
const VERSION_2_DDL = `
CREATE TABLE events (
  position        INTEGER PRIMARY KEY AUTOINCREMENT,
  stream          TEXT    NOT NULL,
  stream_revision INTEGER NOT NULL CHECK (stream_revision >= 0),
  event_id        TEXT    NOT NULL UNIQUE,
  type            TEXT    NOT NULL,
  data            BLOB    NOT NULL,
  metadata        TEXT    NOT NULL CHECK (json_valid(metadata)),
  recorded_at_ms  INTEGER,
  UNIQUE (stream, stream_revision)
);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE is not allowed'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE is not allowed'); END;
CREATE TRIGGER events_no_replace BEFORE INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE event_id = NEW.event_id)
  OR EXISTS (SELECT 1 FROM events WHERE stream = NEW.stream AND stream_revision = NEW.stream_revision)
  OR EXISTS (SELECT 1 FROM events WHERE position = NEW.position)
BEGIN SELECT RAISE(ABORT, 'events are append-only: an insert may not replace an event'); END;
`;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hub-store-'));
}

describeEventStoreContract(
  'SQLite',
  async () => {
    const dir = tempDir();
    const store = openSqliteEventStore({ file: join(dir, 'events.db') });
    return {
      store,
      cleanup: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  { atomicMultiStream: true, uniqueEventIdsAcrossStreams: true, startsEmpty: true, retriesMatchType: true },
);

describe('SQLite event store', () => {
  let dir: string;
  let file: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = tempDir();
    file = join(dir, 'events.db');
    store = openSqliteEventStore({ file });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('append-only enforcement', () => {
    it('refuses UPDATE and DELETE of events, even from another connection', async () => {
      const stream = `record-safety-${randomUUID()}`;
      await store.append([{ stream, expectedRevision: 'no_stream', events: [hazardEvent()] }]);
      const raw = new Database(file);
      try {
        expect(() => raw.prepare("UPDATE events SET type = 'Tampered'").run()).toThrow(/append-only/);
        expect(() => raw.prepare('UPDATE events SET data = x\'00\'').run()).toThrow(/append-only/);
        expect(() => raw.prepare('DELETE FROM events').run()).toThrow(/append-only/);
      } finally {
        raw.close();
      }
      const [stored] = await store.readStream(stream);
      expect(stored!.type).toBe('HazardIdentified');
    });

    it('refuses any insert from a connection that is not the hub store (it lacks the writer function)', async () => {
      const stream = `record-safety-${randomUUID()}`;
      const original = hazardEvent();
      await store.append([{ stream, expectedRevision: 'no_stream', events: [original] }]);
      const raw = new Database(file);
      try {
        const insert = (verb: string) =>
          raw.prepare(`${verb} INTO events (stream, stream_revision, event_id, type, data, metadata) VALUES (?, 0, ?, 'Tampered', x'00', '{}')`);
        expect(() => insert('INSERT OR REPLACE').run(stream, randomUUID())).toThrow(/no such function: hub_event_log_writer/);
        expect(() => insert('INSERT').run(`other-${randomUUID()}`, randomUUID())).toThrow(/no such function: hub_event_log_writer/);
      } finally {
        raw.close();
      }
      expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['HazardIdentified']);
    });

    // A program that defines the function (as anything but 1) gets the full check: no insert may
    // replace an event, whichever constraint it collides on; a fresh row is not refused.
    for (const recursiveTriggers of [false, true]) {
      it(`refuses INSERT OR REPLACE over an event by id, by stream revision and by position (recursive_triggers ${recursiveTriggers ? 'on' : 'off'})`, async () => {
        const stream = `record-safety-${randomUUID()}`;
        const original = hazardEvent();
        await store.append([{ stream, expectedRevision: 'no_stream', events: [original] }]);
        const [stored] = await store.readStream(stream);
        const raw = new Database(file);
        raw.function('hub_event_log_writer', () => 0);
        raw.pragma(`recursive_triggers = ${recursiveTriggers ? 'ON' : 'OFF'}`);
        try {
          const replace = raw.prepare(
            "INSERT OR REPLACE INTO events (position, stream, stream_revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, 'Tampered', x'00', '{}')",
          );
          const other = `other-${randomUUID()}`;
          expect(() => replace.run(null, stream, 0, randomUUID())).toThrow(/append-only/);
          expect(() => replace.run(null, other, 0, original.eventId)).toThrow(/append-only/);
          expect(() => replace.run(stored!.position, other, 0, randomUUID())).toThrow(/append-only/);
          expect(() => raw.prepare("INSERT INTO events (stream, stream_revision, event_id, type, data, metadata) VALUES (?, 0, ?, 'T', x'00', '{}') ON CONFLICT DO UPDATE SET type = 'Tampered'").run(stream, randomUUID())).toThrow(/append-only/);
          replace.run(null, other, 0, randomUUID());
        } finally {
          raw.close();
        }
        const after = await store.readStream(stream);
        expect(after).toEqual([stored]);
      });
    }

    it("skips the trigger's lookups for the hub's own inserts and still refuses a colliding one", async () => {
      const stream = `record-safety-${randomUUID()}`;
      const first = hazardEvent();
      await store.append([{ stream, expectedRevision: 'no_stream', events: [first] }]);
      const hubLike = new Database(file);
      configureConnection(hubLike, { busyTimeoutMs: 1000 });
      try {
        // The function answers 1 on the hub's connections; the UNIQUE constraints still refuse a
        // plain INSERT's collisions, and a REPLACE from the hub's own connection is what the hub never issues.
        const insert = hubLike.prepare("INSERT INTO events (stream, stream_revision, event_id, type, data, metadata) VALUES (?, ?, ?, 'T', x'00', '{}')");
        expect(() => insert.run(stream, 0, randomUUID())).toThrow(/UNIQUE constraint failed: events.stream, events.stream_revision/);
        expect(() => insert.run(`other-${randomUUID()}`, 0, first.eventId)).toThrow(/UNIQUE constraint failed: events.event_id/);
      } finally {
        hubLike.close();
      }
      expect(await store.readStream(stream)).toHaveLength(1);
    });
  });

  describe('schema migrations', () => {
    /** A version-2 log as hubs before version 3 wrote it: the trigger looked every insert up. */
    function writeVersion2Log(path: string, events: number): void {
      const raw = new Database(path);
      raw.pragma('journal_mode = WAL');
      raw.exec(VERSION_2_DDL);
      const insert = raw.prepare('INSERT INTO events (stream, stream_revision, event_id, type, data, metadata, recorded_at_ms) VALUES (?, 0, ?, ?, ?, ?, ?)');
      raw.transaction(() => {
        for (let i = 0; i < events; i += 1) {
          const e = hazardEvent();
          insert.run(`record-safety-${randomUUID()}`, e.eventId, e.type, Buffer.from(e.data), JSON.stringify(e.metadata), 1_700_000_000_000 + i);
        }
      })();
      raw.pragma('user_version = 2');
      raw.pragma('wal_checkpoint(TRUNCATE)');
      raw.close();
    }

    it('migrates a version-2 log by replacing its trigger only: no event row is rewritten', async () => {
      const old = join(dir, 'v2.db');
      writeVersion2Log(old, 5000);
      const before = new Database(old, { readonly: true });
      const rowsBefore = before.prepare('SELECT * FROM events ORDER BY position').all();
      const pages = before.pragma('page_count', { simple: true }) as number;
      before.close();
      expect(pages).toBeGreaterThan(500);

      const migrated = openSqliteEventStore({ file: old });
      try {
        // Everything the migration wrote is in the WAL (checkpointed empty before): a few schema
        // pages, not the hundreds of pages the events fill.
        const walFrames = (statSync(`${old}-wal`).size - 32) / (4096 + 24);
        expect(walFrames).toBeGreaterThan(0);
        expect(walFrames).toBeLessThan(10);
        const raw = new Database(old, { readonly: true });
        try {
          expect(raw.pragma('user_version', { simple: true })).toBe(3);
          const trigger = raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'events_no_replace'").pluck().get() as string;
          expect(trigger).toContain('hub_event_log_writer() IS NOT 1');
          expect(raw.prepare('SELECT * FROM events ORDER BY position').all()).toEqual(rowsBefore);
        } finally {
          raw.close();
        }
        // The migrated log takes appends, and still refuses a replace from another program.
        const stream = `record-safety-${randomUUID()}`;
        await migrated.append([{ stream, expectedRevision: 'no_stream', events: [hazardEvent()] }]);
        expect(await migrated.readStream(stream)).toHaveLength(1);
        const other = new Database(old);
        other.function('hub_event_log_writer', () => 0);
        try {
          expect(() =>
            other.prepare("INSERT OR REPLACE INTO events (stream, stream_revision, event_id, type, data, metadata) VALUES (?, 0, ?, 'Tampered', x'00', '{}')").run(stream, randomUUID()),
          ).toThrow(/append-only/);
        } finally {
          other.close();
        }
      } finally {
        await migrated.close();
      }
    });

    it('migrates a version-1 log (no recordedAt column) to the current version in one step', async () => {
      const old = join(dir, 'v1.db');
      const raw = new Database(old);
      raw.exec(VERSION_2_DDL.replace('recorded_at_ms  INTEGER,', ''));
      const e = hazardEvent();
      raw.prepare("INSERT INTO events (stream, stream_revision, event_id, type, data, metadata) VALUES ('record-safety-v1', 0, ?, ?, ?, ?)").run(
        e.eventId, e.type, Buffer.from(e.data), JSON.stringify(e.metadata),
      );
      raw.pragma('user_version = 1');
      raw.close();
      const migrated = openSqliteEventStore({ file: old });
      try {
        const [stored] = await migrated.readStream('record-safety-v1');
        expect(stored!.recordedAt).toBe(e.metadata.receivedAt);
        await migrated.append([{ stream: 'record-safety-v1', expectedRevision: 0n, events: [hazardEvent()] }]);
        expect(await migrated.readStream('record-safety-v1')).toHaveLength(2);
      } finally {
        await migrated.close();
      }
    });
  });

  describe('durability settings', () => {
    it('runs in WAL mode with synchronous FULL and a busy timeout', () => {
      expect(store.connectionSettings()).toEqual({ journalMode: 'wal', synchronous: 'FULL', busyTimeoutMs: 5000 });
      // WAL is a property of the file: a fresh connection sees it too.
      const raw = new Database(file);
      try {
        expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      } finally {
        raw.close();
      }
    });

    it('reads back everything after the file is closed and reopened', async () => {
      const appended: NewEvent[] = [];
      for (let i = 0; i < 5; i += 1) {
        const e = hazardEvent();
        appended.push(e);
        await store.append([{ stream: `record-safety-${i}-${randomUUID()}`, expectedRevision: 'no_stream', events: [e] }]);
      }
      const before = await store.readAll(null, 100);
      await store.close();

      store = openSqliteEventStore({ file });
      const after = await store.readAll(null, 100);
      expect(after).toEqual(before);
      expect(after.map((e) => e.eventId)).toEqual(appended.map((e) => e.eventId));
      expect(await store.headPosition()).toBe(after[4]!.position);
      // Positions keep growing after the reopen (AUTOINCREMENT never reuses one).
      const stream = `record-safety-${randomUUID()}`;
      await store.append([{ stream, expectedRevision: 'no_stream', events: [hazardEvent()] }]);
      expect((await store.readStream(stream))[0]!.position).toBe(after[4]!.position + 1n);
    });

    it('refuses a file whose schema is newer than this hub', async () => {
      await store.close();
      const raw = new Database(file);
      raw.pragma('user_version = 99');
      raw.close();
      expect(() => openSqliteEventStore({ file })).toThrow(StoreIncompatibleError);
      store = openSqliteEventStore({ file: join(dir, 'other.db') });
    });
  });

  describe('idempotency details', () => {
    it('skips the events a stream already holds and appends the new ones of the same call', async () => {
      const stream = `record-safety-${randomUUID()}`;
      const [first, second] = [hazardEvent(), hazardEvent()];
      await store.append([{ stream, expectedRevision: 'no_stream', events: [first] }]);
      const outcome = await store.append([{ stream, expectedRevision: 0n, events: [first, second] }]);
      expect(outcome[0]!.nextExpectedRevision).toBe(1n);
      expect((await store.readStream(stream)).map((e) => e.eventId)).toEqual([first.eventId, second.eventId]);
    });

    it('writes an event listed twice in one call once', async () => {
      const stream = `record-safety-${randomUUID()}`;
      const e = hazardEvent();
      const outcome = await store.append([{ stream, expectedRevision: 'no_stream', events: [e, e] }]);
      expect(outcome[0]!.nextExpectedRevision).toBe(0n);
      expect(await store.readStream(stream)).toHaveLength(1);
    });

    it('applies several appends to the same stream in one call in order', async () => {
      const stream = `record-safety-${randomUUID()}`;
      const outcomes = await store.append([
        { stream, expectedRevision: 'no_stream', events: [hazardEvent()] },
        { stream, expectedRevision: 0n, events: [hazardEvent(), hazardEvent()] },
      ]);
      expect(outcomes.map((o) => o.nextExpectedRevision)).toEqual([0n, 2n]);
    });
  });

  describe('stream summaries (the recorder\'s fast path)', () => {
    /** The summary the recorder derives from readStream. */
    async function fromReadStream(stream: string) {
      const events = await store.readStream(stream);
      if (events.length === 0) return undefined;
      return {
        type: events[0]!.type,
        eventIds: new Set(events.map((e) => e.eventId)),
        lastRevision: events[events.length - 1]!.streamRevision,
        highestRevision: events.reduce((max, e) => Math.max(max, e.metadata.revision), 0),
      };
    }

    it('agrees with readStream for many streams at once and leaves out the missing ones', async () => {
      const withRevision = (revision: number, type: NewEvent['type'] = 'HazardIdentified') => {
        const e = hazardEvent({ type });
        return { ...e, metadata: { ...e.metadata, revision } };
      };
      const a = `record-safety-${randomUUID()}`;
      const b = `record-safety-${randomUUID()}`;
      // Quotes, backslashes, NUL and astral characters survive the JSON list the query takes; a
      // lone surrogate makes it read the streams one by one.
      const odd = `record-safety-"\\\u0000😀-${randomUUID()}`;
      const lone = `record-safety-\ud800-${randomUUID()}`;
      const missing = `record-safety-${randomUUID()}`;
      await store.append([
        { stream: a, expectedRevision: 'no_stream', events: [withRevision(2), withRevision(5)] },
        { stream: b, expectedRevision: 'no_stream', events: [withRevision(1, 'HazardRectified')] },
        { stream: odd, expectedRevision: 'no_stream', events: [withRevision(3)] },
        { stream: lone, expectedRevision: 'no_stream', events: [withRevision(1)] },
      ]);
      await store.append([{ stream: a, expectedRevision: 1n, events: [withRevision(4, 'HazardRectified')] }]);

      const summaries = await store.readStreamSummaries([a, b, odd, missing]);
      const withLone = await store.readStreamSummaries([lone, a, missing]);

      expect([...summaries.keys()].sort()).toEqual([a, b, odd].sort());
      for (const stream of [a, b, odd]) expect(summaries.get(stream)).toEqual(await fromReadStream(stream));
      expect([...withLone.keys()]).toEqual([lone, a]);
      expect(withLone.get(lone)).toEqual(await fromReadStream(lone));
      expect(summaries.get(a)).toMatchObject({ type: 'HazardIdentified', lastRevision: 2n, highestRevision: 5 });
      expect((await store.readStreamSummaries([])).size).toBe(0);
    });

    it('checks expected revisions and event ids of oddly named streams and events', async () => {
      for (const stream of [`record-safety-\udc00-${randomUUID()}`, `record-safety-"\\\u0000😀-${randomUUID()}`]) {
        const e = hazardEvent({ eventId: `"\\\u0000😀-${randomUUID()}` });
        await store.append([{ stream, expectedRevision: 'no_stream', events: [e] }]);
        await expect(store.append([{ stream, expectedRevision: 'no_stream', events: [hazardEvent()] }])).rejects.toMatchObject({
          code: 'wrong_expected_revision',
        });
        await store.append([{ stream, expectedRevision: 0n, events: [hazardEvent()] }]);
        expect((await store.readStream(stream)).map((x) => x.streamRevision)).toEqual([0n, 1n]);
        await expect(store.append([{ stream: `${stream}-other`, expectedRevision: 'no_stream', events: [e] }])).rejects.toThrow(e.eventId);
      }
    });
  });

  describe('concurrency', () => {
    it('answers 503-style UnavailableError when another connection holds the write lock', async () => {
      await store.close();
      store = openSqliteEventStore({ file, busyTimeoutMs: 50 });
      const other = new Database(file);
      other.exec('BEGIN IMMEDIATE');
      try {
        const error = await store
          .append([{ stream: `record-safety-${randomUUID()}`, expectedRevision: 'no_stream', events: [hazardEvent()] }])
          .then(
            () => null,
            (err: unknown) => err,
          );
        expect(error).toBeInstanceOf(UnavailableError);
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
    });

    it('keeps revisions consistent when two store instances write to one file', async () => {
      const second = openSqliteEventStore({ file });
      try {
        const stream = `record-safety-${randomUUID()}`;
        await store.append([{ stream, expectedRevision: 'no_stream', events: [hazardEvent()] }]);
        await second.append([{ stream, expectedRevision: 0n, events: [hazardEvent()] }]);
        await expect(store.append([{ stream, expectedRevision: 0n, events: [hazardEvent()] }])).rejects.toMatchObject({
          code: 'wrong_expected_revision',
          actual: '1',
        });
      } finally {
        await second.close();
      }
    });
  });

  describe('rebuild iteration', () => {
    it('iterates every event after a position across page boundaries', async () => {
      const stream = `record-safety-${randomUUID()}`;
      const events = Array.from({ length: 7 }, () => hazardEvent());
      await store.append([{ stream, expectedRevision: 'no_stream', events }]);
      const all = [...store.iterateAll(null, 3)];
      expect(all.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      const tail = [...store.iterateAll(all[2]!.position, 2)];
      expect(tail.map((e) => e.eventId)).toEqual(events.slice(3).map((e) => e.eventId));
      expect([...store.iterateAll(all[6]!.position, 3)]).toEqual([]);
    });
  });
});
