// The access log on PostgreSQL: appenders in several processes (here: pools) extend one chain per
// provider, and nothing but append() can change the table.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogDraft } from '../../services/projector/feed/accessLog';
import { firstBrokenLink, type AccessLogEntry } from '../../services/projector/feed/chain';
import { openPgAccessLog } from '../../services/projector/feed/pg/accessLog';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../support/postgres';

const available = await postgresForTests();
let testDb: TestDatabase;
if (available) {
  beforeAll(async () => {
    testDb = await createTestDatabase('hub_access_log');
  });
  afterAll(async () => {
    await testDb?.drop();
  });
}

const pools: pg.Pool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.end();
});
function poolOf(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pools.push(pool);
  return pool;
}

const draft = (provider: string, n: number): AccessLogDraft => ({
  at: new Date(Date.UTC(2025, 2, 1, 0, 0, n)).toISOString(),
  provider,
  consumer: 'health',
  tokenId: `token-${n}`,
  agreementIds: ['G1'],
  events: n,
  firstCursor: 'a',
  lastCursor: 'b',
});

async function all(log: { read(p: string, after: number, limit: number): Promise<AccessLogEntry[]> }, provider: string) {
  return log.read(provider, 0, 10_000);
}

describe.runIf(available)('access log on PostgreSQL', () => {
  it('given two processes appending for the same providers at once, when the chains are read, then each is one unbroken chain of every entry', async () => {
    const url = await testDb.freshSchemaUrl();
    // Both open at once: the DDL runs under its lock, once each.
    const [a, b] = await Promise.all([openPgAccessLog(poolOf(url)), openPgAccessLog(poolOf(url))]);
    const rounds = 40;
    const appends: Array<Promise<AccessLogEntry[]>> = [];
    for (let i = 0; i < rounds; i += 1) {
      // Batches naming both providers, in both orders: the per-provider locks never deadlock.
      appends.push(a.append([draft('police', i), draft('safety', i)]));
      appends.push(b.append([draft('safety', 1000 + i), draft('police', 1000 + i), draft('police', 2000 + i)]));
    }
    const written = (await Promise.all(appends)).flat();
    for (const [provider, count] of [['police', rounds * 3], ['safety', rounds * 2]] as const) {
      const chain = await all(a, provider);
      expect(chain).toHaveLength(count);
      expect(firstBrokenLink(chain), provider).toBeNull();
      expect(await all(b, provider)).toEqual(chain);
      // What append() handed back is what was stored.
      expect(new Set(chain.map((e) => e.hash))).toEqual(new Set(written.filter((e) => e.provider === provider).map((e) => e.hash)));
    }
    expect((await a.read('police', 5, 3)).map((e) => e.seq)).toEqual([6, 7, 8]);
  });

  it('given entries, when anything but append() tries to change them, then PostgreSQL refuses', async () => {
    const url = await testDb.freshSchemaUrl();
    const pool = poolOf(url);
    const log = await openPgAccessLog(pool);
    const [e1] = await log.append([draft('police', 1)]);
    const [e2] = await log.append([draft('police', 2)]);
    expect([e1!.seq, e2!.seq, e2!.prevHash]).toEqual([1, 2, e1!.hash]);
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    try {
      await expect(raw.query("UPDATE hub_access_log SET hash = 'x'")).rejects.toThrow(/append-only: UPDATE/);
      await expect(raw.query("UPDATE hub_access_log SET hash = 'x' WHERE provider = 'nobody'")).rejects.toThrow(/append-only/);
      await expect(raw.query('DELETE FROM hub_access_log')).rejects.toThrow(/append-only: DELETE/);
      await expect(raw.query('TRUNCATE hub_access_log')).rejects.toThrow(/append-only: TRUNCATE/);
      await expect(raw.query(`INSERT INTO hub_access_log VALUES ('police', 2, '{}', 'x') ON CONFLICT (provider, seq) DO UPDATE SET hash = 'x'`)).rejects.toThrow(/append-only/);
      await expect(raw.query(`INSERT INTO hub_access_log VALUES ('police', 5, '{}', 'x')`)).rejects.toThrow(/seq must follow/);
      await expect(raw.query(`INSERT INTO hub_access_log VALUES ('fire', 2, '{}', 'x')`)).rejects.toThrow(/seq must follow/);
    } finally {
      await raw.end();
    }
    // Reopening (the DDL again) keeps the entries and the triggers.
    const reopened = await openPgAccessLog(pool);
    expect(await all(reopened, 'police')).toEqual([e1, e2]);
    expect(await reopened.append([])).toEqual([]);
  });
});
