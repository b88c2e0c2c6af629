// The feed index in a real read-model file: what a consumer may read under which agreement.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agency } from '../../services/kernel/agency';
import type { EventBody } from '../../services/kernel/events.generated';
import type { ProjectedEvent } from '../../services/projector/domain/types';
import { openAccessLog } from '../../services/projector/feed/accessLog';
import { decodeCursor, START } from '../../services/projector/feed/cursor';
import { agreementsOfAgency, feedPageJson, readFeed, readFeedPage, type FeedQuery } from '../../services/projector/feed/queries';
import { createReadAhead, LONG_POLL_MS, usePushedPage, type PushedPage } from '../../services/projector/feed/readAhead';
import { createFeedReader } from '../../services/projector/feed/reader';
import { createFeedServer } from '../../services/projector/feed/serve';
import { openReadModel, type ReadModel } from '../../services/projector/readModel';

const dirs: string[] = [];
const models: ReadModel[] = [];
afterEach(() => {
  for (const m of models.splice(0)) m.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function model(): ReadModel {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'feed-projection-'));
  dirs.push(dir);
  const m = openReadModel(path.join(dir, 'readmodel.sqlite'), { timeZone: 'Asia/Shanghai' });
  models.push(m);
  return m;
}

/** Applies bodies one page at a time, positions 1, 2, ... */
function log(m: ReadModel, entries: Array<[Agency, Record<string, unknown>]>, start = 1): void {
  const events: ProjectedEvent[] = entries.map(([agency, body], i) => ({
    position: BigInt(start + i),
    eventId: `ev-${start + i}`,
    agency,
    receivedAt: new Date(Date.UTC(2025, 2, 1, 0, 0, start + i)).toISOString(),
    body: { revision: 1, ...body } as unknown as EventBody,
  }));
  m.apply(events, BigInt(start + entries.length - 1));
}

const crash = (id: string, community = '610902001', revision = 1) => ({
  type: 'TrafficCrashReported', sourceRecordId: id, revision, communityCode: community, occurredAt: '2025-02-28T08:00:00+08:00',
  deaths: 0, injuries: 1, vehicles: 2, commercialOperation: false, roadType: 'URBAN_ROAD', cause: 'SPEEDING',
});
const caseRecord = (id: string) => ({
  type: 'PublicSecurityCaseRecorded', sourceRecordId: id, communityCode: '610902001', occurredAt: '2025-02-28T08:00:00+08:00',
  caseKind: 'CRIMINAL', offense: 'THEFT', deaths: 0, injuries: 0, placeType: 'HOME',
});
const grant = (id: string, over: Record<string, unknown> = {}) => ({
  type: 'SharingAgreementGranted', sourceRecordId: id, consumer: 'health', types: ['TrafficCrashReported'],
  regionCode: '610902', purpose: 'link crash victims', validFrom: '2025-01-01', validUntil: '2025-12-31', ...over,
});
const hazard = (id: string) => ({
  type: 'HazardIdentified', sourceRecordId: id, communityCode: '610902001', occurredAt: '2025-02-01T08:00:00+08:00',
  sector: 'ENTERPRISE', level: 'GENERAL', rectifyBy: '2025-03-01', description: 'blocked exit',
});
const feed = (m: ReadModel, today = '2025-03-01', consumer: Agency = 'health') =>
  readFeed(m.feed.db, { consumer, after: START, limit: 100, today });
const ids = (m: ReadModel, today?: string, consumer?: Agency) => feed(m, today, consumer).events.map((e) => `${e.record.sourceRecordId}#${e.record.revision}`);

describe('feed projection', () => {
  it('given records and no agreement, when the consumer reads, then nothing is shared', () => {
    const m = model();
    log(m, [['police', crash('C1')]]);
    expect(feed(m).events).toEqual([]);
  });

  it('given an agreement, when reading, then only its types under its region are delivered, past records included', () => {
    const m = model();
    log(m, [
      ['police', crash('C1')],
      ['police', crash('C2', '610921100')],
      ['police', caseRecord('P1')],
      ['police', grant('G1')],
      ['police', crash('C3')],
    ]);
    expect(ids(m)).toEqual(['C1#1', 'C3#1']);
    expect(ids(m, '2025-03-01', 'fire')).toEqual([]);
    const page = feed(m);
    expect(page.events[0]).toMatchObject({ agreementId: 'G1', agency: 'police', type: 'TrafficCrashReported', eventId: 'ev-1' });
  });

  it('given a page, when written as the HTTP answer, then it is the page\'s JSON with the records spliced in unchanged', () => {
    const m = model();
    log(m, [['police', grant('G1')], ['police', crash('C1')], ['police', crash('C2')]]);
    const page = feed(m);
    const text = feedPageJson(page);
    expect(text).toBe(JSON.stringify({ events: page.events, next: page.next }));
    expect(JSON.parse(text).events[1].record).toEqual(crash('C2'));
  });

  it('given a page of two providers, when written where the query runs, then it is the same answer text, with one access summary per provider', () => {
    const m = model();
    log(m, [
      ['police', grant('G1')],
      ['police', grant('G0', { regionCode: '610921' })],
      ['safety', grant('G9', { types: ['HazardIdentified'] })],
      ['police', crash('C1')],
      ['safety', hazard('H1')],
      ['police', { ...crash('C2'), cause: 'quote " and \\ backslash, 中文' }],
      ['police', crash('C3', '610921100')],
    ]);
    const query = { consumer: 'health' as const, after: START, limit: 100, today: '2025-03-01' };
    const objects = readFeed(m.feed.db, query);
    const page = readFeedPage(m.feed.db, query);
    const text = new TextDecoder().decode(page.body);
    expect(text).toBe(feedPageJson(objects));
    expect(text).toBe(JSON.stringify({ events: objects.events, next: objects.next }));
    expect([page.count, page.next, page.nextPlace]).toEqual([4, objects.next, objects.nextPlace]);
    const [c1, h1, c2, c3] = objects.events.map((e) => e.cursor);
    expect(page.providers).toEqual([
      { provider: 'police', agreementIds: ['G0', 'G1'], events: 3, firstCursor: c1, lastCursor: c3 },
      { provider: 'safety', agreementIds: ['G9'], events: 1, firstCursor: h1, lastCursor: h1 },
    ]);
    expect(objects.events.map((e) => e.agreementId)).toEqual(['G1', 'G9', 'G1', 'G0']);
    expect(c2).toBeDefined();
    const limited = readFeedPage(m.feed.db, { ...query, limit: 2 });
    expect(new TextDecoder().decode(limited.body)).toBe(feedPageJson(readFeed(m.feed.db, { ...query, limit: 2 })));
    expect(limited.providers.map((p) => [p.provider, p.events])).toEqual([['police', 1], ['safety', 1]]);
  });

  it('given no agreement in force, when written where the query runs, then the answer is empty and next stays put', () => {
    const m = model();
    log(m, [['police', crash('C1')]]);
    const page = readFeedPage(m.feed.db, { consumer: 'health', after: START, limit: 100, today: '2025-03-01' });
    expect(new TextDecoder().decode(page.body)).toBe(JSON.stringify({ events: [], next: page.next }));
    expect(page).toMatchObject({ count: 0, nextPlace: START, providers: [] });
    expect(decodeCursor(page.next)).toEqual(START);
  });

  it('given a short page, when reading on from its next, then the unshared tail is not scanned again; without an agreement next stays put', () => {
    const m = model();
    log(m, [['police', crash('C1')], ['police', caseRecord('P1')]]);
    const none = feed(m);
    expect(none.nextPlace).toEqual(START);
    log(m, [['police', grant('G1')], ['police', caseRecord('P2')]], 3);
    const first = feed(m);
    expect(first.events.map((e) => e.record.sourceRecordId)).toEqual(['C1']);
    expect(first.nextPlace.position).toBe(4n);
    log(m, [['police', crash('C2')]], 5);
    const next = readFeed(m.feed.db, { consumer: 'health', after: first.nextPlace, limit: 100, today: '2025-03-01' });
    expect(next.events.map((e) => e.record.sourceRecordId)).toEqual(['C2']);
    const full = readFeed(m.feed.db, { consumer: 'health', after: START, limit: 1, today: '2025-03-01' });
    expect(full.nextPlace.position).toBe(1n); // a full page: next is its last event
  });

  it('given the agreement dates, when reading on the days around them, then both ends are included', () => {
    const m = model();
    log(m, [['police', grant('G1', { validFrom: '2025-03-01', validUntil: '2025-03-31' })], ['police', crash('C1')]]);
    expect(ids(m, '2025-02-28')).toEqual([]);
    expect(ids(m, '2025-03-01')).toEqual(['C1#1']);
    expect(ids(m, '2025-03-31')).toEqual(['C1#1']);
    expect(ids(m, '2025-04-01')).toEqual([]);
  });

  it('given revisions, when reading, then each counted revision once and no stale revision or duplicate', () => {
    const m = model();
    log(m, [['police', grant('G1')], ['police', crash('C1', '610902001', 1)], ['police', crash('C1', '610902001', 3)]]);
    log(m, [['police', crash('C1', '610902001', 2)], ['police', crash('C1', '610902001', 3)]], 4);
    expect(ids(m)).toEqual(['C1#1', 'C1#3']);
  });

  it('given a grant revised to narrow its types, when reading, then the dropped type is no longer delivered', () => {
    const m = model();
    log(m, [['police', grant('G1', { types: ['TrafficCrashReported', 'PublicSecurityCaseRecorded'] })], ['police', crash('C1')], ['police', caseRecord('P1')]]);
    expect(ids(m)).toEqual(['C1#1', 'P1#1']);
    log(m, [['police', grant('G1', { revision: 2, types: ['TrafficCrashReported'] })]], 4);
    expect(ids(m)).toEqual(['C1#1']);
  });

  it('given a revocation that arrived before its grant, when reading, then the agreement is REVOKED and shares nothing', () => {
    const m = model();
    log(m, [
      ['police', { type: 'SharingAgreementRevoked', sourceRecordId: 'R1', agreementRecordId: 'G1', reason: 'ended' }],
      ['police', crash('C1')],
      ['police', grant('G1')],
    ]);
    expect(ids(m)).toEqual([]);
    expect(agreementsOfAgency(m.feed.db, 'health', '2025-03-01').map((a) => a.status)).toEqual(['REVOKED']);
  });

  it('given a rectification before its hazard, when the hazard arrives, then the rectification follows its community', () => {
    const m = model();
    log(m, [
      ['safety', grant('G2', { consumer: 'fire', types: ['HazardIdentified', 'HazardRectified'] })],
      ['safety', { type: 'HazardRectified', sourceRecordId: 'Z1', hazardRecordId: 'H1', rectifiedOn: '2025-02-20', verified: true }],
    ]);
    expect(ids(m, '2025-03-01', 'fire')).toEqual([]);
    log(m, [['safety', {
      type: 'HazardIdentified', sourceRecordId: 'H1', communityCode: '610902001', occurredAt: '2025-02-01T08:00:00+08:00',
      sector: 'ENTERPRISE', level: 'GENERAL', rectifyBy: '2025-03-01', description: 'blocked exit',
    }]], 3);
    expect(ids(m, '2025-03-01', 'fire')).toEqual(['Z1#1', 'H1#1']);
  });

  it('given a consumer already past a rectification whose hazard arrives later, when reading on, then the rectification comes with its hazard', () => {
    const m = model();
    log(m, [
      ['safety', grant('G2', { consumer: 'fire', types: ['HazardIdentified', 'HazardRectified'] })],
      ['safety', { type: 'HazardRectified', sourceRecordId: 'Z1', hazardRecordId: 'H1', rectifiedOn: '2025-02-20', verified: true }],
      ['safety', hazard('H0')],
    ]);
    const first = feed(m, '2025-03-01', 'fire');
    expect(first.events.map((e) => e.record.sourceRecordId)).toEqual(['H0']);
    log(m, [['safety', hazard('H1')]], 4);
    const next = readFeed(m.feed.db, { consumer: 'fire', after: first.nextPlace, limit: 100, today: '2025-03-01' });
    // Both take the hazard's place in the delivery order (the rectification first: its own position is lower).
    expect(next.events.map((e) => `${e.record.sourceRecordId}@${e.eventId}`)).toEqual(['Z1@ev-2', 'H1@ev-4']);
    // From the start the rectification comes once, at its delivery place, not at its own position too.
    expect(feed(m, '2025-03-01', 'fire').events.map((e) => e.record.sourceRecordId)).toEqual(['H0', 'Z1', 'H1']);
  });

  it('given a shared record withdrawn, when reading, then the withdrawal is delivered; an unshared record\'s is not', () => {
    const m = model();
    log(m, [
      ['police', grant('G1')],
      ['police', crash('C1')],
      ['police', caseRecord('P1')],
      ['police', { type: 'RecordWithdrawn', sourceRecordId: 'W1', withdrawnRecordId: 'C1', reason: 'duplicate' }],
      ['police', { type: 'RecordWithdrawn', sourceRecordId: 'W2', withdrawnRecordId: 'P1', reason: 'duplicate' }],
    ]);
    expect(ids(m)).toEqual(['C1#1', 'W1#1']);
  });

  it('given a rebuild (reset and re-apply), when reading, then the same events come with the same cursors', () => {
    const m = model();
    const entries: Array<[Agency, Record<string, unknown>]> = [['police', grant('G1')], ['police', crash('C1')], ['police', crash('C2')]];
    log(m, entries);
    const before = feed(m);
    m.reset();
    expect(feed(m).events).toEqual([]);
    log(m, entries);
    expect(feed(m)).toEqual(before);
  });
});

describe('feed read-ahead', () => {
  /** A read-ahead over a real read model whose deferred tasks run when the test says. */
  function readAheadOver(m: ReadModel) {
    const tasks: Array<() => void> = [];
    let reads = 0;
    const clock = { ms: 0 };
    const pushed: PushedPage[] = [];
    const reader = createReadAhead({
      nowMs: () => clock.ms,
      push: (page) => pushed.push(page),
      read: (query) => {
        reads += 1;
        return readFeedPage(m.feed.db, query);
      },
      checkpoint: () => m.checkpoint(),
      later: (task) => tasks.push(task),
    });
    return { reader, clock, pushed, runLater: () => tasks.splice(0).forEach((t) => t()), reads: () => reads };
  }
  const text = (body: Uint8Array) => new TextDecoder().decode(body);
  const q = (after = START, limit = 2): FeedQuery => ({ consumer: 'health', after, limit, today: '2025-03-01' });

  it('given a full page, when the consumer asks for the next one, then it gets the page read ahead, the same as a fresh read', () => {
    const m = model();
    log(m, [['police', grant('G1')], ['police', crash('C1')], ['police', crash('C2')], ['police', crash('C3')]]);
    const { reader, runLater, reads } = readAheadOver(m);
    const first = reader.read(q());
    expect(first.count).toBe(2);
    runLater();
    expect(reads()).toBe(2); // the page itself and the one after it
    const second = reader.read(q(first.nextPlace));
    expect(reads()).toBe(2);
    expect(text(second.body)).toBe(text(readFeedPage(m.feed.db, q(first.nextPlace)).body));
    expect(second.count).toBe(1);
    runLater();
    expect(reads()).toBe(2); // a short page: nothing read ahead
  });

  it('given a page read ahead, when it is pushed and the main thread serves the read with it, then the page after it is read ahead in turn', () => {
    const m = model();
    log(m, [['police', grant('G1')], ['police', crash('C1')], ['police', crash('C2')], ['police', crash('C3')], ['police', crash('C4')], ['police', crash('C5')]]);
    const { reader, runLater, pushed, reads } = readAheadOver(m);
    const first = reader.read(q());
    runLater();
    const second = q(first.nextPlace);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({ consumer: 'health', checkpoint: 6n });
    const page = usePushedPage(new Map([['health', pushed[0]!]]), second, 6n)!;
    expect(text(page.body)).toBe(text(readFeedPage(m.feed.db, second).body));
    reader.taken(second, page);
    runLater();
    expect(reads()).toBe(3); // the first page, the second read ahead, the third read ahead once the second was taken
    expect(pushed[1]!.key).toBe(`health|${page.nextPlace.deliverAt}|${page.nextPlace.position}|2|2025-03-01`);
    expect(pushed[1]!.page.count).toBe(1);
  });

  it('given a page read ahead, when the read model moved on or another cursor is asked, then the page is read afresh', () => {
    const m = model();
    log(m, [['police', grant('G1')], ['police', crash('C1')], ['police', crash('C2')], ['police', crash('C3')]]);
    const { reader, runLater, reads } = readAheadOver(m);
    const first = reader.read(q());
    runLater();
    log(m, [['police', { type: 'SharingAgreementRevoked', sourceRecordId: 'R1', agreementRecordId: 'G1', reason: 'ended' }]], 5);
    const after = reader.read(q(first.nextPlace));
    expect(reads()).toBe(3);
    expect(after.count).toBe(0); // the revocation holds: the page read ahead before it is not served

    const m2 = model();
    log(m2, [['police', grant('G1')], ['police', crash('C1')], ['police', crash('C2')], ['police', crash('C3')]]);
    const other = readAheadOver(m2);
    other.reader.read(q());
    other.runLater();
    expect(other.reader.read(q(START, 3)).count).toBe(3);
    expect(other.reads()).toBe(3);
  });

  it('given a long poll waiting at the end, when the feed changes with an event for it, then its page is read at once, as a fresh read would give it', () => {
    const m = model();
    log(m, [['police', grant('G1')], ['police', crash('C1')]]);
    const { reader, reads } = readAheadOver(m);
    const first = reader.read(q(START, 100));
    const waiting = q(first.nextPlace, 100);
    expect(reader.read(waiting).count).toBe(0);
    log(m, [['police', caseRecord('P1')]], 3);
    const [empty, ...none] = reader.changed(); // nothing for it: pushed empty, and it goes on waiting
    expect(none).toEqual([]);
    expect([empty!.page.count, empty!.checkpoint]).toEqual([0, 3n]);
    // The poll goes on from where the empty read ended (past P1), as serve.ts does with its place.
    const moved = empty!.page.nextPlace;
    expect(moved.position).toBeGreaterThan(first.nextPlace.position);
    log(m, [['police', crash('C2')]], 4);
    const [pushed, ...more] = reader.changed();
    expect(more).toEqual([]);
    expect(pushed).toMatchObject({ consumer: 'health', checkpoint: 4n, key: `health|${moved.deliverAt}|${moved.position}|100|2025-03-01` });
    expect(text(pushed!.page.body)).toBe(text(readFeedPage(m.feed.db, q(moved, 100)).body));
    expect(text(pushed!.page.body)).toBe(text(readFeedPage(m.feed.db, waiting).body)); // the same events as from the poll's own cursor
    expect(pushed!.page.count).toBe(1);
    const before = reads();
    expect(reader.changed()).toEqual([]); // pushed once; the poll reads again if it cannot use it
    expect(reads()).toBe(before);
  });

  it('given a long poll served an empty pushed page, when the feed changes again, then its query is still read for it', () => {
    const m = model();
    log(m, [['police', grant('G1')]]);
    const { reader, reads } = readAheadOver(m);
    const waiting = q(START, 100);
    reader.read(waiting);
    log(m, [['police', caseRecord('P1')]], 2);
    const [empty] = reader.changed();
    reader.taken(waiting, empty!.page);
    log(m, [['police', crash('C1')]], 3);
    const before = reads();
    const [pushed] = reader.changed();
    expect(reads()).toBe(before + 1);
    expect(pushed!.page.count).toBe(1);
  });

  it('given a long poll that stopped waiting long ago, when the feed changes, then its query is no longer read', () => {
    const m = model();
    log(m, [['police', grant('G1')]]);
    const { reader, clock, reads } = readAheadOver(m);
    reader.read(q(START, 100));
    clock.ms += LONG_POLL_MS + 1;
    log(m, [['police', crash('C1')]], 2);
    const before = reads();
    expect(reader.changed()).toEqual([]);
    expect(reads()).toBe(before);
  });

  it('given a pushed page, when a read asks for it, then it is used only for the same query and if read at or after the store\'s head', () => {
    const m = model();
    log(m, [['police', grant('G1')], ['police', crash('C1')]]);
    const page = readFeedPage(m.feed.db, q(START, 100));
    const pushedAt = (checkpoint: bigint | null) => new Map<string, PushedPage>([['health', { key: `health|-1|-1|100|2025-03-01`, consumer: 'health', checkpoint, page }]]);
    expect(usePushedPage(pushedAt(2n), q(START, 50), 2n)).toBeUndefined(); // another limit
    expect(usePushedPage(pushedAt(2n), { ...q(START, 100), today: '2025-03-02' }, 2n)).toBeUndefined(); // another day
    expect(usePushedPage(pushedAt(2n), q(START, 100), 3n)).toBeUndefined(); // the store has more: read afresh
    expect(usePushedPage(pushedAt(null), q(START, 100), 1n)).toBeUndefined();
    const pushed = pushedAt(2n);
    expect(usePushedPage(pushed, q(START, 100), 2n)).toBe(page);
    expect(pushed.size).toBe(0);
    expect(usePushedPage(pushedAt(5n), q(START, 100), null)).toBe(page); // an empty store
  });
});

describe('access log file', () => {
  it('given entries, when anything but append() tries to change them, then SQLite refuses', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-log-'));
    dirs.push(dir);
    const file = path.join(dir, 'access-log.sqlite');
    const accessLog = openAccessLog(file);
    const draft = { at: '2025-03-01T00:00:00.000Z', provider: 'police', consumer: 'health', tokenId: 't', agreementIds: ['G1'], events: 1, firstCursor: 'a', lastCursor: 'a' };
    const [e1] = await accessLog.append([draft]);
    const [e2] = await accessLog.append([draft]);
    expect([e1!.seq, e2!.seq, e2!.prevHash]).toEqual([1, 2, e1!.hash]);
    accessLog.close();
    const raw = new Database(file);
    expect(() => raw.prepare("UPDATE access_log SET hash = 'x'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM access_log').run()).toThrow(/append-only/);
    expect(() => raw.prepare("INSERT OR REPLACE INTO access_log VALUES ('police', 1, '{}', 'x')").run()).toThrow(/append-only/);
    expect(() => raw.prepare("INSERT INTO access_log VALUES ('police', 5, '{}', 'x')").run()).toThrow(/append-only/);
    raw.close();
    const reopened = openAccessLog(file);
    expect(await reopened.read('police', 0, 10)).toEqual([e1, e2]);
    reopened.close();
  });
});

describe('feed long poll (serve)', () => {
  it('given a consumer whose agreements share none of the new events, when the feed changes while it waits, then each re-read starts where the last empty one ended', async () => {
    const m = model();
    log(m, [['police', grant('G1')], ['police', caseRecord('P1')], ['police', caseRecord('P2')]]);
    const reader = createFeedReader(m.feed.db);
    const readFrom: bigint[] = [];
    const listeners = new Set<() => void>();
    const server = createFeedServer({
      reader: { ...reader, read: (query) => (readFrom.push(query.after.position), reader.read(query)) },
      accessLog: openAccessLog(path.join(dirs[dirs.length - 1]!, 'access-log.sqlite')),
      onChange: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
      syncToHead: async () => undefined,
      metrics: { feedEventsServed: { inc: () => undefined } } as unknown as Parameters<typeof createFeedServer>[0]['metrics'],
      timeZone: 'Asia/Shanghai',
      now: () => new Date('2025-03-01T04:00:00Z'),
    });
    const answer = server.serve({ consumer: 'health', tokenId: 'health-test', after: START, limit: 100, waitMs: 10_000 });
    await until(() => readFrom.length === 1);
    log(m, [['police', caseRecord('P3')]], 4);
    listeners.forEach((wake) => wake());
    await until(() => readFrom.length === 2);
    log(m, [['police', crash('C1')]], 5);
    listeners.forEach((wake) => wake());

    const page = await answer;

    expect(page.count).toBe(1);
    expect(readFrom).toEqual([START.position, 3n, 4n]); // from the start, then past P2, then past P3: no unshared event read twice
  });
});

/** Resolves once the condition holds, checking after each turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise<void>((resolve) => setImmediate(resolve));
}
