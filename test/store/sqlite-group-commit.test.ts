// Group commit of the embedded event log: requests that reach the store together are committed
// in one transaction, each still all or nothing, and an append answers only once committed.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnavailableError, WrongExpectedRevisionError } from '../../services/kernel/errors';
import { describeEventStoreContract, hazardEvent } from './contract';
import type { StreamAppend } from '../../services/kernel/store/eventStore';
import { openSqliteEventStore, type SqliteEventStore } from '../../services/kernel/store/sqlite';
import { openSqliteEventStoreWithWriter, type SqliteWriterEventStore } from '../../services/kernel/store/sqliteWriter';

const WRITERS = ['thread', 'inline'] as const;

for (const writer of WRITERS) {
  describeEventStoreContract(
    `SQLite with group commit (${writer} writer)`,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hub-group-'));
      const store = await openSqliteEventStoreWithWriter({ file: join(dir, 'events.db'), writer });
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
}

const newStream = () => `record-safety-${randomUUID()}`;
const create = (stream = newStream(), events = [hazardEvent()]): StreamAppend => ({ stream, expectedRevision: 'no_stream', events });

/** Every event id in the file, read through a connection of its own (what is committed). */
function committedIds(file: string): Set<string> {
  const raw = new Database(file, { readonly: true });
  try {
    return new Set(raw.prepare('SELECT event_id FROM events').pluck().all() as string[]);
  } finally {
    raw.close();
  }
}

describe('SQLite group append (one transaction, a savepoint per request)', () => {
  let dir: string;
  let file: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hub-group-'));
    file = join(dir, 'events.db');
    store = openSqliteEventStore({ file });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits the other requests when one fails its revision check, and nothing of the failing one', () => {
    // given a stream at revision 0
    const existing = newStream();
    store.appendSync([create(existing)]);
    const first = [create()];
    // the failing request's first stream would be fine on its own: all or nothing per request
    const failing = [create(), { stream: existing, expectedRevision: 'no_stream' as const, events: [hazardEvent()] }];
    const third = [create(), { stream: existing, expectedRevision: 0n, events: [hazardEvent()] }];
    // when the three are committed as one group
    const results = store.appendGroupSync([first, failing, third]);
    // then the first and third are recorded, the second not at all
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]!.ok ? null : results[1]!.error).toBeInstanceOf(WrongExpectedRevisionError);
    const ids = committedIds(file);
    for (const request of [first, third]) for (const a of request) for (const e of a.events) expect(ids.has(e.eventId)).toBe(true);
    for (const a of failing) for (const e of a.events) expect(ids.has(e.eventId)).toBe(false);
    expect(store.readStreamSync(existing).map((e) => e.streamRevision)).toEqual([0n, 1n]);
  });

  it('decides each request against what the requests before it in the group wrote', () => {
    const stream = newStream();
    const results = store.appendGroupSync([
      [create(stream)],
      [{ stream, expectedRevision: 0n, events: [hazardEvent()] }],
      [{ stream, expectedRevision: 0n, events: [hazardEvent()] }],
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(store.readStreamSync(stream)).toHaveLength(2);
  });

  it('fails every request of the group, writing nothing, when the transaction cannot start', () => {
    const other = new Database(file);
    void store.close();
    store = openSqliteEventStore({ file, busyTimeoutMs: 20 });
    other.exec('BEGIN IMMEDIATE');
    const requests = [[create()], [create()]];
    try {
      expect(() => store.appendGroupSync(requests)).toThrow(UnavailableError);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(committedIds(file).size).toBe(0);
  });
});

for (const writer of WRITERS) {
  describe(`SQLite store with group commit (${writer} writer)`, () => {
    let dir: string;
    let file: string;
    let store: SqliteWriterEventStore;
    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'hub-group-'));
      file = join(dir, 'events.db');
      store = await openSqliteEventStoreWithWriter({ file, writer });
    });
    afterEach(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('commits concurrent requests together; one failing request takes none of the others down', async () => {
      const existing = newStream();
      await store.append([create(existing)]);
      const before = store.commitStats();
      // given six requests submitted at once, the fourth expecting a stream that does not exist yet
      const requests: StreamAppend[][] = Array.from({ length: 6 }, () => [create(), create()]);
      requests[3] = [create(), { stream: existing, expectedRevision: 'no_stream', events: [hazardEvent()] }];
      // when they are appended concurrently
      const settled = await Promise.allSettled(requests.map((r) => store.append(r)));
      // then all but the fourth are answered and committed; the fourth wrote nothing
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect((settled[3] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      const ids = committedIds(file);
      requests.forEach((request, i) => {
        for (const a of request) for (const e of a.events) expect(ids.has(e.eventId)).toBe(i !== 3);
      });
      // and they went in fewer transactions than requests
      const after = store.commitStats();
      expect(after.requests - before.requests).toBe(6);
      expect(after.groups - before.groups).toBeLessThan(6);
    });

    it('answers an append only after it is committed: readable by another connection at once', async () => {
      const appends = [create(), create()];
      await store.append(appends);
      const ids = committedIds(file);
      for (const a of appends) expect(ids.has(a.events[0]!.eventId)).toBe(true);
      expect((await store.readStream(appends[0]!.stream)).map((e) => e.eventId)).toEqual([appends[0]!.events[0]!.eventId]);
    });

    it('answers UnavailableError, committing nothing, while another connection holds the write lock', async () => {
      await store.close();
      store = await openSqliteEventStoreWithWriter({ file, writer, busyTimeoutMs: 50 });
      const other = new Database(file);
      other.exec('BEGIN IMMEDIATE');
      let settled: PromiseSettledResult<unknown>[];
      try {
        settled = await Promise.allSettled([store.append([create()]), store.append([create()])]);
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
      for (const s of settled) {
        expect(s.status).toBe('rejected');
        expect((s as PromiseRejectedResult).reason).toBeInstanceOf(UnavailableError);
      }
      expect(committedIds(file).size).toBe(0);
      // and the store takes writes again once the lock is free
      await store.append([create()]);
      expect(committedIds(file).size).toBe(1);
    });

    it('answers every pending append before it closes', async () => {
      const pending = Array.from({ length: 5 }, () => store.append([create()]));
      await store.close();
      await expect(Promise.all(pending)).resolves.toHaveLength(5);
      expect(committedIds(file).size).toBe(5);
      await expect(store.append([create()])).rejects.toBeInstanceOf(UnavailableError);
    });
  });
}
