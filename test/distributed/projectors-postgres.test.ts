// Several hub processes (gateways, recorder and projector each) on one PostgreSQL database share
// one read model: one of them holds the projector lease and writes it, all of them answer the
// committee API from it with the same figures. While a stream of 700 to 1,500 events of random
// shape (revisions across it) arrives through both, the lease holder is SIGKILLed; the other takes the lease within
// seconds and goes on from the committed checkpoint. A process started afterwards (projector
// only, never holding the lease) answers the same figures at once, without projecting anything,
// and takes the lease over when the holder is stopped. A rebuild of the shared model waits for
// the lease, and a process started on the rebuilt model answers the same figures.
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { loadSchemaRegistry } from '../../services/kernel/avro/registry';
import { openPostgresEventStore } from '../../services/kernel/store/postgres';
import { LeaseBusyError, rebuildPgReadModel } from '../../services/projector/pgRebuild';
import { TEST_TOKENS, makeDataDir, startHubProcess, waitUntilReady, type HubProcess } from '../support/hubProcess';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../support/postgres';
import { rng } from '../projector/randomLog';
import { buildStream } from './streams';
import { expectStreamFigures } from './streamFigures';
import { getJson, metricSum, postEvents, waitUntil } from './support';

const available = await postgresForTests();
const communities = ['610902121', '610902122', '610902123'];
const processes: HubProcess[] = [];
const dirs: string[] = [];
let db: TestDatabase | undefined;

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop('SIGKILL')));
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  await db?.drop();
});

/** Every committee answer a district office reads, as JSON text. */
/** Answers as of `latest` (after the stream: the latest figures) and of `earlier` (inside it). */
async function committeeAnswers(baseUrl: string, latest: string, earlier: string): Promise<Record<string, unknown>> {
  const paths = [
    ...communities.map((c) => `/committee/v1/communities/${c}/overview?year=2025`),
    // The stream names the communities one after the other: at the kill the first is named.
    `/committee/v1/communities/${communities[0]}/overview?year=2025&asOf=${earlier}`,
    '/committee/v1/regions/610902/summary?year=2025',
    '/committee/v1/communities?region=610902',
    '/committee/v1/hazards?region=610902',
    '/committee/v1/designations?region=610902',
    `/committee/v1/regions/610902/summary?year=2025&asOf=${earlier}`,
  ];
  const out: Record<string, unknown> = {};
  for (const p of paths) {
    const at = p.includes('asOf=') ? p : `${p}${p.includes('?') ? '&' : '?'}asOf=${latest}`;
    out[p] = await getJson(baseUrl, at, TEST_TOKENS.committeeDistrict);
  }
  return out;
}

const leaseHeld = (p: HubProcess) => metricSum(p.baseUrl, 'hub_projector_lease_held');

describe.runIf(available)('projector processes sharing one PostgreSQL read model', () => {
  it('keeps one writer, fails over within seconds of a SIGKILL, and every process answers the same exact figures', async () => {
    db = await createTestDatabase('hub_projectors');
    // A stream of random shape (the figures it must give are worked out from its construction);
    // a failure prints the seed.
    const seed = Math.floor(Math.random() * 2 ** 31);
    const r = rng(seed);
    const stream = buildStream({
      runId: randomUUID().slice(0, 6),
      communities,
      perCommunity: r.int(60, 120),
      batchSize: r.int(20, 60),
      reviseEvery: r.int(7, 30),
    });
    onTestFailed(() => console.error(`projectors-postgres: stream seed ${seed}`));
    const env = (dataDir: string, authFile: string, services = 'police,fire,health,transport,safety,recorder,projector') => ({
      DATABASE_URL: db!.url,
      HUB_SERVICES: services,
      HUB_DATA_DIR: dataDir,
      HUB_AUTH_FILE: authFile,
      HUB_TIMEZONE: 'Asia/Shanghai',
      HUB_DB_POOL_MAX: '4',
      HUB_READY_MAX_LAG_EVENTS: '0',
      HUB_PROJECTOR_LEASE_RETRY_MS: '200',
    });
    const a = makeDataDir('hub-pg-proj-a-');
    const b = makeDataDir('hub-pg-proj-b-');
    const c = makeDataDir('hub-pg-proj-c-');
    dirs.push(a.dataDir, b.dataDir, c.dataDir);
    const [first, second] = await Promise.all([startHubProcess(env(a.dataDir, a.authFile)), startHubProcess(env(b.dataDir, a.authFile))]);
    processes.push(first, second);
    await Promise.all([waitUntilReady(first.baseUrl, 60_000), waitUntilReady(second.baseUrl, 60_000)]);
    await waitUntil('one lease holder', async () => (await leaseHeld(first)) + (await leaseHeld(second)), (n) => n === 1, { timeoutMs: 20_000 });
    const [holder, other] = (await leaseHeld(first)) === 1 ? [first, second] : [second, first];

    // Two publishers over both processes; a request the killed process may or may not have
    // accepted is sent again to the survivor (event ids derive from the records: no doubles).
    let next = 0;
    let killed = false;
    let earlier = '';
    const killAt = Math.floor(stream.batches.length / 2);
    const publish = async (lane: number) => {
      while (next < stream.batches.length) {
        const i = next++;
        const batch = stream.batches[i]!;
        const target = killed || (i + lane) % 2 === 0 ? other : holder;
        const res = await postEvents(target.baseUrl, batch.agency, batch.events).catch(() => undefined);
        if (res?.status !== 202) {
          const retried = await postEvents(other.baseUrl, batch.agency, batch.events);
          expect(retried.status, retried.text).toBe(202);
        }
        if (i === killAt && !killed) {
          killed = true;
          earlier = new Date().toISOString(); // an instant inside the stream: answers "as of" it read the past
          await holder.stop('SIGKILL');
        }
      }
    };
    await Promise.all([publish(0), publish(1)]);
    expect(killed).toBe(true);

    const takenOver = Date.now();
    await waitUntil('the survivor takes the lease', () => leaseHeld(other), (n) => n === 1, { timeoutMs: 15_000, intervalMs: 50 });
    expect(Date.now() - takenOver).toBeLessThan(10_000);
    await waitUntilReady(other.baseUrl, 60_000);
    await expectStreamFigures(other.baseUrl, stream.expected, communities);
    const latest = new Date().toISOString();
    const answers = await committeeAnswers(other.baseUrl, latest, earlier);

    // A process started now answers from the shared model at once: it never holds the lease.
    const late = await startHubProcess(env(c.dataDir, a.authFile, 'projector'));
    processes.push(late);
    await waitUntilReady(late.baseUrl, 30_000);
    expect(await leaseHeld(late)).toBe(0);
    expect(await committeeAnswers(late.baseUrl, latest, earlier)).toEqual(answers);
    await expectStreamFigures(late.baseUrl, stream.expected, communities);
    expect(late.logs.some((line) => line.includes('projector lease taken'))).toBe(false);

    // The holder stops gracefully: the late process takes the lease (and still answers the same).
    await other.stop('SIGTERM');
    await waitUntil('the late process takes the lease', () => leaseHeld(late), (n) => n === 1, { timeoutMs: 15_000, intervalMs: 50 });
    expect(await committeeAnswers(late.baseUrl, latest, earlier)).toEqual(answers);

    // A rebuild waits for the lease, which a running process holds; once that one stops, it
    // rebuilds the shared model from the log, and a process started on it answers the same.
    const store = await openPostgresEventStore({ connectionString: db.url, poolMax: 2 });
    const rebuild = (leaseWaitMs: number) =>
      rebuildPgReadModel({ store, registry: loadSchemaRegistry(), connectionString: db!.url, timeZone: 'Asia/Shanghai', leaseWaitMs });
    try {
      await expect(rebuild(300)).rejects.toBeInstanceOf(LeaseBusyError);
      await late.stop('SIGTERM');
      const rebuilt = await rebuild(10_000);
      expect(rebuilt.events).toBe(stream.events);
    } finally {
      await store.close();
    }
    const d = makeDataDir('hub-pg-proj-d-');
    dirs.push(d.dataDir);
    const afterRebuild = await startHubProcess(env(d.dataDir, a.authFile, 'projector'));
    processes.push(afterRebuild);
    await waitUntilReady(afterRebuild.baseUrl, 30_000);
    expect(await committeeAnswers(afterRebuild.baseUrl, latest, earlier)).toEqual(answers);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const ids = (await client.query<{ event_id: string }>('SELECT event_id FROM events')).rows.map((r) => r.event_id);
      expect(ids.length).toBe(stream.events);
      expect(new Set(ids).size).toBe(ids.length);
      const { rows } = await client.query<{ position: number; head: number }>(
        'SELECT (SELECT position FROM rm_checkpoint) AS position, (SELECT max(position) FROM events) AS head',
      );
      expect(Number(rows[0]!.position)).toBe(Number(rows[0]!.head));
    } finally {
      await client.end();
    }
  }, 240_000);
});
