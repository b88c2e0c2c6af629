import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../services/kernel/errors';
import { describeEventStoreContract } from './contract';
import { StoreIncompatibleError } from '../../services/kernel/store/errors';
import type { NewEvent } from '../../services/kernel/store/eventStore';
import { openSqliteEventStore, type SqliteEventStore } from '../../services/kernel/store/sqlite';

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

function event(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'HazardIdentified',
    data: Buffer.from([0xc3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0xff]),
    metadata: {
      agency: 'safety',
      tokenId: 'token-safety',
      receivedAt: '2025-06-01T00:00:00.000Z',
      sourceRecordId: `HZ-${randomUUID()}`,
      revision: 1,
      schemaFingerprint: '0102030405060708',
    },
    ...overrides,
  };
}

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
      await store.append([{ stream, expectedRevision: 'no_stream', events: [event()] }]);
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

    it('refuses INSERT OR REPLACE over an existing event', async () => {
      const stream = `record-safety-${randomUUID()}`;
      const original = event();
      await store.append([{ stream, expectedRevision: 'no_stream', events: [original] }]);
      const raw = new Database(file);
      try {
        const replace = raw.prepare(
          "INSERT OR REPLACE INTO events (stream, stream_revision, event_id, type, data, metadata) VALUES (?, 0, ?, 'Tampered', x'00', '{}')",
        );
        expect(() => replace.run(stream, randomUUID())).toThrow(/append-only/);
        expect(() => replace.run(`other-${randomUUID()}`, original.eventId)).toThrow(/append-only/);
      } finally {
        raw.close();
      }
      expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['HazardIdentified']);
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
        const e = event();
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
      await store.append([{ stream, expectedRevision: 'no_stream', events: [event()] }]);
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
      const [first, second] = [event(), event()];
      await store.append([{ stream, expectedRevision: 'no_stream', events: [first] }]);
      const outcome = await store.append([{ stream, expectedRevision: 0n, events: [first, second] }]);
      expect(outcome[0]!.nextExpectedRevision).toBe(1n);
      expect((await store.readStream(stream)).map((e) => e.eventId)).toEqual([first.eventId, second.eventId]);
    });

    it('writes an event listed twice in one call once', async () => {
      const stream = `record-safety-${randomUUID()}`;
      const e = event();
      const outcome = await store.append([{ stream, expectedRevision: 'no_stream', events: [e, e] }]);
      expect(outcome[0]!.nextExpectedRevision).toBe(0n);
      expect(await store.readStream(stream)).toHaveLength(1);
    });

    it('applies several appends to the same stream in one call in order', async () => {
      const stream = `record-safety-${randomUUID()}`;
      const outcomes = await store.append([
        { stream, expectedRevision: 'no_stream', events: [event()] },
        { stream, expectedRevision: 0n, events: [event(), event()] },
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
        const e = event({ type });
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
        const e = event({ eventId: `"\\\u0000😀-${randomUUID()}` });
        await store.append([{ stream, expectedRevision: 'no_stream', events: [e] }]);
        await expect(store.append([{ stream, expectedRevision: 'no_stream', events: [event()] }])).rejects.toMatchObject({
          code: 'wrong_expected_revision',
        });
        await store.append([{ stream, expectedRevision: 0n, events: [event()] }]);
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
          .append([{ stream: `record-safety-${randomUUID()}`, expectedRevision: 'no_stream', events: [event()] }])
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
        await store.append([{ stream, expectedRevision: 'no_stream', events: [event()] }]);
        await second.append([{ stream, expectedRevision: 0n, events: [event()] }]);
        await expect(store.append([{ stream, expectedRevision: 0n, events: [event()] }])).rejects.toMatchObject({
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
      const events = Array.from({ length: 7 }, () => event());
      await store.append([{ stream, expectedRevision: 'no_stream', events }]);
      const all = [...store.iterateAll(null, 3)];
      expect(all.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      const tail = [...store.iterateAll(all[2]!.position, 2)];
      expect(tail.map((e) => e.eventId)).toEqual(events.slice(3).map((e) => e.eventId));
      expect([...store.iterateAll(all[6]!.position, 3)]).toEqual([]);
    });
  });
});
