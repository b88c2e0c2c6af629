// The hub with DATABASE_URL: PostgreSQL is its event store (unless ESDB_URL is set), /readyz names
// the database when it is down and recovers when it is back, and /metrics shows the pool's use.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../services/kernel/config';
import { EsdbEventStore } from '../../services/kernel/store/esdb';
import { PostgresEventStore } from '../../services/kernel/store/postgres';
import { TEST_TOKENS } from '../support/hubProcess';
import { startTestHub, type TestHub } from '../support/inProcessHub';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../support/postgres';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy';
import { checkMetricsText, promtoolPath } from '../infra/promtool';
import { metricSum, postEvents, readyz, waitUntil } from './support';

const available = await postgresForTests();

describe.runIf(available)('the hub on a PostgreSQL event store (DATABASE_URL)', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let hub: TestHub;
  let url: string;
  beforeAll(async () => {
    db = await createTestDatabase('hub_pg_hub');
    const direct = new URL(db.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const proxied = new URL(db.url);
    proxied.port = String(proxy.port);
    url = proxied.toString();
    hub = await startTestHub({ DATABASE_URL: url, HUB_DB_POOL_MAX: '4', HUB_DB_STATEMENT_TIMEOUT_MS: '10000' });
  });
  afterAll(async () => {
    await hub?.close();
    await proxy?.stop();
    await db?.drop();
  });

  it('records accepted events in PostgreSQL, stamped with recordedAt, and is ready', async () => {
    expect(hub.hub.store).toBeInstanceOf(PostgresEventStore);
    const sourceRecordId = `TC-${randomUUID().slice(0, 8)}`;
    const res = await postEvents(hub.baseUrl, 'police', [
      {
        type: 'TrafficCrashReported', sourceRecordId, communityCode: '610902001', occurredAt: '2025-05-01T08:00:00+08:00',
        deaths: 0, injuries: 1, vehicles: 2, roadType: 'URBAN_ROAD', cause: 'OTHER',
      },
    ]);
    expect(res.status, res.text).toBe(202);
    const raw = new pg.Client({ connectionString: db.url });
    await raw.connect();
    try {
      const { rows } = await raw.query<{ stream: string; recorded_at: Date }>("SELECT stream, recorded_at FROM events WHERE metadata->>'sourceRecordId' = $1", [sourceRecordId]);
      expect(rows).toHaveLength(1);
    } finally {
      await raw.end();
    }
    const [stored] = await hub.hub.store!.readAll(null, 10);
    expect(stored!.metadata.sourceRecordId).toBe(sourceRecordId);
    expect(Date.parse(stored!.recordedAt)).toBeGreaterThanOrEqual(Date.parse(stored!.metadata.receivedAt) - 60_000);
    await waitUntil('ready', () => readyz(hub.baseUrl), (r) => r.status === 200);
  });

  it('reports the pool use on /metrics', async () => {
    const open = await metricSum(hub.baseUrl, 'hub_db_pool_connections', { pool: 'event_store' });
    expect(open).toBeGreaterThanOrEqual(1);
    expect(open).toBeLessThanOrEqual(4);
    expect(await metricSum(hub.baseUrl, 'hub_db_pool_idle_connections', { pool: 'event_store' })).toBeLessThanOrEqual(open);
    const text = await (await fetch(`${hub.baseUrl}/metrics`)).text();
    expect(text).toMatch(/^hub_db_pool_waiting_requests\{pool="event_store"\} 0$/m);
    if (promtoolPath) {
      const lint = await checkMetricsText(text);
      expect(lint.ok, lint.output).toBe(true);
    }
  });

  it('answers /readyz 503 naming the database while it is unreachable, refuses writes with 503, and recovers', async () => {
    await proxy.stop();
    const down = await waitUntil('not ready', () => readyz(hub.baseUrl), (r) => r.status === 503, { timeoutMs: 20_000 });
    expect(down.body.reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`^store: postgres at 127\\.0\\.0\\.1:${proxy.port} unreachable: .+`))]),
    );
    const refused = await postEvents(hub.baseUrl, 'police', [
      {
        type: 'TrafficCrashReported', sourceRecordId: `TC-${randomUUID().slice(0, 8)}`, communityCode: '610902001', occurredAt: '2025-05-01T08:00:00+08:00',
        deaths: 0, injuries: 1, vehicles: 2, roadType: 'URBAN_ROAD', cause: 'OTHER',
      },
    ]);
    expect(refused.status, refused.text).toBe(503);
    expect(refused.retryAfter).toMatch(/^\d+$/);
    // The read model is in the same database: committee questions answer 503 too, never 500.
    const asked = await fetch(`${hub.baseUrl}/committee/v1/regions/610902/summary?year=2025`, {
      headers: { authorization: `Bearer ${TEST_TOKENS.committeeDistrict}` },
    });
    expect(asked.status, await asked.clone().text()).toBe(503);
    expect(asked.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(asked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await asked.text()).toMatch(new RegExp(`postgres at 127\\.0\\.0\\.1:${proxy.port}`));
    await proxy.start();
    await waitUntil('ready again', () => readyz(hub.baseUrl), (r) => r.status === 200, { timeoutMs: 30_000 });
  });
});

describe.runIf(available)('a hub started while its PostgreSQL is down', () => {
  it('keeps running, not ready, naming the database; creates the schema and becomes ready once the database is back', async () => {
    const db = await createTestDatabase('hub_pg_late');
    const direct = new URL(db.url);
    const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    await proxy.stop();
    const proxied = new URL(db.url);
    proxied.port = String(proxy.port);
    proxied.password = 'pw-never-shown'; // trust authentication ignores it
    let hub: TestHub | undefined;
    try {
      hub = await startTestHub({ DATABASE_URL: proxied.toString(), HUB_SERVICES: 'recorder' });
      const down = await readyz(hub.baseUrl);
      expect(down.status).toBe(503);
      expect(JSON.stringify(down.body)).not.toContain('pw-never-shown');
      expect(down.body.reasons).toEqual([expect.stringMatching(new RegExp(`^store: postgres at 127\\.0\\.0\\.1:${proxy.port} unreachable: .+`))]);
      await proxy.start();
      const t = hub;
      await waitUntil('ready once the database is back', () => readyz(t.baseUrl), (r) => r.status === 200, { timeoutMs: 30_000 });
      expect(await hub.hub.store!.headPosition()).toBeNull();
      const raw = new pg.Client({ connectionString: db.url });
      await raw.connect();
      try {
        const { rows } = await raw.query<{ version: number }>('SELECT version FROM hub_event_log_schema');
        expect(rows).toEqual([{ version: 1 }]);
      } finally {
        await raw.end();
      }
    } finally {
      await hub?.close();
      await proxy.stop();
      await db.drop();
    }
  });
});

describe.runIf(available)('a projector started while its PostgreSQL is down', () => {
  it('keeps running, not ready and answering 503 naming the database; opens the read model once the database is back', async () => {
    const db = await createTestDatabase('hub_pg_late_rm');
    const direct = new URL(db.url);
    const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    await proxy.stop();
    const proxied = new URL(db.url);
    proxied.port = String(proxy.port);
    let hub: TestHub | undefined;
    try {
      hub = await startTestHub({ DATABASE_URL: proxied.toString(), HUB_SERVICES: 'recorder,projector' });
      const down = await readyz(hub.baseUrl);
      expect(down.status).toBe(503);
      expect(down.body.reasons).toEqual(
        expect.arrayContaining([expect.stringMatching(new RegExp(`^read model: postgres at 127\\.0\\.0\\.1:${proxy.port} unreachable: .+`))]),
      );
      const asked = await fetch(`${hub.baseUrl}/committee/v1/communities/610902001/overview?year=2025`, {
        headers: { authorization: `Bearer ${TEST_TOKENS.committeeDistrict}` },
      });
      expect(asked.status).toBe(503);
      expect(asked.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      await proxy.start();
      const t = hub;
      await waitUntil('ready once the database is back', () => readyz(t.baseUrl), (r) => r.status === 200, { timeoutMs: 30_000 });
      const answered = await fetch(`${hub.baseUrl}/committee/v1/regions/610902/summary?year=2025`, {
        headers: { authorization: `Bearer ${TEST_TOKENS.committeeDistrict}` },
      });
      expect(answered.status, await answered.clone().text()).toBe(200);
      await waitUntil('lease taken', () => metricSum(t.baseUrl, 'hub_projector_lease_held'), (n) => n === 1, { timeoutMs: 15_000 });
    } finally {
      await hub?.close();
      await proxy.stop();
      await db.drop();
    }
  });
});

describe('choosing the event store', () => {
  it('accepts only a postgres:// DATABASE_URL and sane pool settings', () => {
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: a postgres:\/\/ connection string/);
    expect(() => parseConfig({ HUB_DB_POOL_MAX: '0' })).toThrow(/HUB_DB_POOL_MAX/);
    expect(() => parseConfig({ HUB_DB_STATEMENT_TIMEOUT_MS: '-1' })).toThrow(/HUB_DB_STATEMENT_TIMEOUT_MS/);
    const config = parseConfig({ DATABASE_URL: 'postgresql://hub@db:5432/hub' });
    expect(config).toMatchObject({ DATABASE_URL: 'postgresql://hub@db:5432/hub', HUB_DB_POOL_MAX: 10, HUB_DB_STATEMENT_TIMEOUT_MS: 30_000 });
  });

  it('never loads the invented demo district into a PostgreSQL store', async () => {
    await expect(startTestHub({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/never_created', HUB_DEMO: '1' })).rejects.toThrow(
      /demo district only into the embedded SQLite store/,
    );
  });

  it.runIf(available)('uses EventStoreDB when ESDB_URL is set too', async () => {
    const db = await createTestDatabase('hub_pg_choice');
    const hub = await startTestHub({ DATABASE_URL: db.url, ESDB_URL: 'esdb://127.0.0.1:1?tls=false', HUB_SERVICES: 'recorder' });
    try {
      expect(hub.hub.store).toBeInstanceOf(EsdbEventStore);
    } finally {
      await hub.close();
      await db.drop();
    }
  });
});
