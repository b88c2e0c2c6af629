// Property: the feed projection on PostgreSQL (page overlay, reruns on misses) folds any log into
// the same four tables as SQLite's, row for row, page by page at random page sizes; and the
// PostgreSQL reader answers every feed page with the same bytes as the SQLite reader.
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Agency } from '../../services/kernel/agency';
import type { EventBody } from '../../services/kernel/events.generated';
import * as b from '../../services/projector/domain/testing/builders';
import type { ProjectedEvent } from '../../services/projector/domain/types';
import { START, type FeedPlace } from '../../services/projector/feed/cursor';
import { createPgFeedProjection, type PgFeedProjection } from '../../services/projector/feed/pg/projection';
import { createPgFeedReader } from '../../services/projector/feed/pg/reader';
import { createFeedProjection, type FeedProjection } from '../../services/projector/feed/projection';
import type { FeedPageAnswer } from '../../services/projector/feed/queries';
import { createFeedReader, type FeedReader } from '../../services/projector/feed/reader';
import { openPgReadModelPool } from '../../services/projector/model/pg/pool';
import { migratePgReadModel } from '../../services/projector/model/pg/schema';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../support/postgres';
import { FEED_CONSUMERS, FEED_DAYS, FEED_PROVIDERS, FEED_REGIONS, generateFeedLog, rng } from './feedLog';

const available = await postgresForTests();
let testDb: TestDatabase;
if (available) {
  beforeAll(async () => {
    testDb = await createTestDatabase('hub_feed');
  });
  afterAll(async () => {
    await testDb?.drop();
  });
}

/** The same feed index twice: SQLite (in memory) and PostgreSQL (a fresh schema). */
interface Pair {
  sqlite: Database.Database;
  sqliteFeed: FeedProjection;
  pool: pg.Pool;
  client: pg.PoolClient;
  pgFeed: PgFeedProjection;
  /** Pages whose fold ran more than once (after misses). */
  reruns: number;
}

const open: Pair[] = [];
afterEach(async () => {
  for (const p of open.splice(0)) {
    p.client.release();
    await p.pool.end();
    p.sqlite.close();
  }
});

async function pair(options: { bulkLoad?: boolean } = {}): Promise<Pair> {
  const sqlite = new Database(':memory:');
  const pool = openPgReadModelPool({ connectionString: await testDb.freshSchemaUrl(), max: 3 });
  const client = await pool.connect();
  await migratePgReadModel(client, { timeZone: 'Asia/Shanghai' });
  const p: Pair = { sqlite, sqliteFeed: createFeedProjection(sqlite, options), pool, client, pgFeed: createPgFeedProjection(), reruns: 0 };
  open.push(p);
  return p;
}

/** One page into both, each in its own transaction (PostgreSQL's: fold first, then write). */
async function applyPage(p: Pair, page: readonly ProjectedEvent[]): Promise<void> {
  p.sqlite.transaction(() => p.sqliteFeed.apply(page))();
  const writes = await p.pgFeed.fold(p.client, page);
  await p.client.query('BEGIN');
  await writes.write(p.client);
  await p.client.query('COMMIT');
  if (p.pgFeed.lastFold().runs > 1) p.reruns += 1;
}

async function applyInPages(p: Pair, events: readonly ProjectedEvent[], seed: number, maxPage = 60, after?: (applied: number) => Promise<void>): Promise<void> {
  const r = rng(seed * 31 + 7);
  for (let i = 0; i < events.length; ) {
    const page = events.slice(i, i + r.int(1, maxPage));
    await applyPage(p, page);
    i += page.length;
    await after?.(i);
  }
}

const TABLES = [
  ['feed_records', 'provider, record_id, type, revision, target_record_id, share_type, community_code', 'provider, record_id'],
  ['feed_events', 'position, deliver_at, event_id, provider, type, record_id, community_code, received_at, body', 'position'],
  ['feed_agreements', 'provider, agreement_id, revision, consumer, types, region_code, purpose, valid_from, valid_until', 'provider, agreement_id'],
  ['feed_revocations', 'provider, agreement_id', 'provider, agreement_id'],
] as const;

/** Orders text as SQLite's BINARY collation does for these ASCII keys. */
const cmp = (a: unknown, b: unknown) => (a === b ? 0 : (a as string | number) < (b as string | number) ? -1 : 1);
function sorted(rows: Record<string, unknown>[], keys: string): Record<string, unknown>[] {
  const cols = keys.split(', ');
  return [...rows].sort((x, y) => cols.reduce((c, k) => c || cmp(x[k], y[k]), 0));
}

async function expectSameTables(p: Pair, where: string): Promise<void> {
  for (const [table, columns, keys] of TABLES) {
    const lite = p.sqlite.prepare(`SELECT ${columns} FROM ${table}`).all() as Record<string, unknown>[];
    const post = (await p.client.query(`SELECT ${columns} FROM rm_${table}`)).rows as Record<string, unknown>[];
    expect(sorted(post, keys), `${where}: ${table}`).toEqual(sorted(lite, keys));
  }
}

const text = (page: FeedPageAnswer) => new TextDecoder().decode(page.body);

/** Every consumer's whole feed on a few days, page by page at random limits, through both readers. */
async function expectSameFeeds(lite: FeedReader, post: FeedReader, seed: number, where: string): Promise<number> {
  const r = rng(seed * 13 + 5);
  let delivered = 0;
  for (const consumer of FEED_CONSUMERS) {
    for (const today of FEED_DAYS) {
      let after: FeedPlace = START;
      for (let pages = 0; pages < 200; pages += 1) {
        const query = { consumer, after, limit: r.int(1, 80), today };
        const [a, c] = await Promise.all([lite.read(query), post.read(query)]);
        const label = `${where}: ${consumer} on ${today} after ${after.deliverAt}.${after.position}`;
        expect(text(c), label).toBe(text(a));
        expect(Buffer.from(c.body).equals(Buffer.from(a.body)), label).toBe(true);
        expect({ count: c.count, next: c.next, nextPlace: c.nextPlace, providers: c.providers }, label).toEqual({
          count: a.count, next: a.next, nextPlace: a.nextPlace, providers: a.providers,
        });
        delivered += a.count;
        if (a.count < query.limit) break;
        after = a.nextPlace;
      }
    }
  }
  for (const agency of [...FEED_PROVIDERS, ...FEED_CONSUMERS]) {
    for (const today of FEED_DAYS) expect(await post.agreementsOf(agency, today), `${where}: agreements of ${agency}`).toEqual(await lite.agreementsOf(agency, today));
  }
  for (const region of ['', ...FEED_REGIONS]) expect(await post.agreementsIn(region, FEED_DAYS[1]!), `${where}: agreements in ${region}`).toEqual(await lite.agreementsIn(region, FEED_DAYS[1]!));
  return delivered;
}

/** Events at positions from `start`, one body each. */
function log(entries: Array<[Agency, EventBody]>, start = 1): ProjectedEvent[] {
  return entries.map(([agency, body], i) => ({
    position: BigInt(start + i),
    eventId: `ev-${start + i}`,
    agency,
    receivedAt: new Date(Date.UTC(2025, 2, 1, 0, 0, start + i)).toISOString(),
    body,
  }));
}

const grant = (id: string, types: string[]): EventBody =>
  ({
    type: 'SharingAgreementGranted', sourceRecordId: id, revision: 1, consumer: 'fire', types,
    regionCode: '610902', purpose: 'hazards', validFrom: '2025-01-01', validUntil: '2025-12-31',
  }) as EventBody;

describe.runIf(available)('feed projection on PostgreSQL against SQLite', () => {
  for (const seed of [1, 2, 3]) {
    it(`folds a randomized log into the same tables and answers the same feed pages (seed ${seed})`, async () => {
      const events = generateFeedLog(seed, 700);
      const p = await pair();
      const cuts = new Set([Math.floor(events.length / 3), Math.floor((events.length * 2) / 3)]);
      await applyInPages(p, events, seed, 60, async (applied) => {
        if ([...cuts].some((c) => applied >= c)) {
          for (const c of cuts) if (applied >= c) cuts.delete(c);
          await expectSameTables(p, `seed ${seed}, first ${applied} events`);
        }
      });
      await expectSameTables(p, `seed ${seed}, all ${events.length} events`);
      const delivered = await expectSameFeeds(createFeedReader(p.sqlite), createPgFeedReader(p.pool), seed, `seed ${seed}`);
      expect(delivered).toBeGreaterThan(50); // the feeds compared are not empty
      expect(p.reruns, 'pages folded again after misses').toBeGreaterThan(0);
    });
  }

  it('folds the same log the same way as a SQLite bulk load (one page per event and whole-log pages)', async () => {
    const events = generateFeedLog(9, 400);
    const bulk = await pair({ bulkLoad: true });
    await applyInPages(bulk, events, 9, 400);
    bulk.sqliteFeed.finishBulkLoad();
    await expectSameTables(bulk, 'bulk load, large pages');
    const single = await pair();
    await applyInPages(single, events, 9, 1);
    await expectSameTables(single, 'one event per page');
  });

  it('given a chain of references whose root arrives last, when its page is folded, then the referrers of referrers missed are loaded and the page runs again', async () => {
    const p = await pair();
    await applyPage(p, log([
      ['safety', grant('G1', ['HazardIdentified', 'HazardRectified', 'RecordWithdrawn'])],
      ['safety', b.hazardRectified('Z1', { hazardRecordId: 'H1' })],
      ['safety', b.recordWithdrawn('W1', { withdrawnRecordId: 'Z1' })],
      ['safety', b.recordWithdrawn('W2', { withdrawnRecordId: 'W1' })],
    ]));
    expect(p.pgFeed.lastFold().runs).toBe(1);
    await applyPage(p, log([['safety', b.hazard('H1')]], 5));
    // H1's referrers (Z1) were loaded up front; Z1's (W1), W1's (W2) and W2's (none) each after a miss.
    expect(p.pgFeed.lastFold()).toEqual({ runs: 4, missesLoaded: 3 });
    await expectSameTables(p, 'chain');
    const fire = (reader: FeedReader) => reader.read({ consumer: 'fire', after: START, limit: 100, today: '2025-06-01' });
    const lite = await fire(createFeedReader(p.sqlite));
    expect(text(await fire(createPgFeedReader(p.pool)))).toBe(text(lite));
    expect(JSON.parse(text(lite)).events.map((e: { record: { sourceRecordId: string } }) => e.record.sourceRecordId)).toEqual(['Z1', 'W1', 'W2', 'H1']);
  });

  it('given a page that inserts and re-targets references, when a target arrives in the same page, then the overlay finds the referrers SQL finds', async () => {
    const p = await pair();
    await applyPage(p, log([
      ['safety', grant('G1', ['HazardIdentified', 'HazardRectified'])],
      ['safety', b.hazardRectified('Z1', { hazardRecordId: 'H1' })],
      ['safety', b.hazard('H3', { communityCode: '610902002' })],
    ]));
    await applyPage(p, log([
      ['safety', b.hazardRectified('Z2', { hazardRecordId: 'H2' })], // inserted by the page
      ['safety', b.hazardRectified('Z1', { revision: 2, hazardRecordId: 'H2' })], // re-targeted from H1 (stored) to H2
      ['safety', b.hazard('H2')], // two referrers: one stored, one the page's
      ['safety', b.hazard('H1', { communityCode: '610903001' })], // no referrer any more: Z1 keeps H2's community
      ['safety', b.hazardRectified('Z3', { hazardRecordId: 'H3' })],
      ['safety', b.hazard('H3', { revision: 2 })], // a community change passed to Z3
    ], 4));
    await expectSameTables(p, 're-targeted');
    const { rows } = await p.client.query("SELECT record_id, community_code FROM rm_feed_records WHERE record_id LIKE 'Z%' ORDER BY record_id");
    expect(rows).toEqual([
      { record_id: 'Z1', community_code: '610902001' },
      { record_id: 'Z2', community_code: '610902001' },
      { record_id: 'Z3', community_code: '610902001' },
    ]);
    const query = { consumer: 'fire' as const, after: START, limit: 100, today: '2025-06-01' };
    expect(text(await createPgFeedReader(p.pool).read(query))).toBe(text(await createFeedReader(p.sqlite).read(query)));
  });

  it('given a page whose events are all stale, when folded, then nothing changed and write() writes nothing', async () => {
    const p = await pair();
    await applyPage(p, log([['police', b.trafficCrash('C1', { revision: 2 })]]));
    const writes = await p.pgFeed.fold(p.client, log([['police', b.trafficCrash('C1', { revision: 1 })]], 2));
    expect(writes.changed).toBe(false);
    await writes.write(p.client);
    expect((await p.client.query('SELECT count(*)::int AS n FROM rm_feed_events')).rows).toEqual([{ n: 1 }]);
  });
});
