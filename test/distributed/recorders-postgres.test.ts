// Several recorder processes in one consumer group on one PostgreSQL event store (DATABASE_URL),
// each with its own data dir, as on separate machines. While ~1500 events arrive through the
// gateways: a second recorder joins the group (a rebalance: both append to the one database at
// once), records a share and is SIGKILLed in the middle of its work; then the first
// (recorder+projector) is SIGKILLed too, and a replacement starts on a fresh data dir, as on a
// new machine. Whoever takes a dead member's partitions re-consumes from its last committed
// offsets, which may include events it had already appended (the store's idempotency by event
// id absorbs them). Afterwards the database holds every accepted event id exactly once, and the
// replacement's projector, built from the shared log alone, answers the exact figures.
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testBrokers, testKafka } from '../kafka/support';
import { makeDataDir, startHubProcess, waitUntilReady, type HubProcess } from '../support/hubProcess';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../support/postgres';
import { GATEWAYS, RECORDER_PROJECTOR, distributedEnv, metricSum, postEvents, recorderLag, uniqueKafkaNames, waitUntil } from './support';
import { buildStream } from './streams';
import { expectStreamFigures } from './streamFigures';

const available = await postgresForTests();
const communities = ['610902114', '610902115', '610902116'];
const processes: HubProcess[] = [];
const dirs: string[] = [];
let db: TestDatabase | undefined;

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop('SIGKILL')));
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  await db?.drop();
});

/** A gate the publishers wait at until the test opens it. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe.runIf(available)('recorders in one consumer group on one PostgreSQL store', () => {
  it('loses and doubles nothing across a rebalance and two SIGKILLs: every accepted event id once, figures exact from a fresh process', async () => {
    const brokers = testBrokers().join(',');
    const kafka = testKafka();
    const names = uniqueKafkaNames('pgrec');
    db = await createTestDatabase('hub_recorders');
    const stream = buildStream({ runId: randomUUID().slice(0, 6), communities, perCommunity: 125, batchSize: 50, reviseEvery: 25 });
    expect(stream.events).toBe(1515);

    const gw = makeDataDir('hub-pg-gw-');
    const a = makeDataDir('hub-pg-rec-a-');
    const b = makeDataDir('hub-pg-rec-b-');
    dirs.push(gw.dataDir, a.dataDir, b.dataDir);
    const authFile = gw.authFile;
    // Ready means caught up (the default tolerates a lag of 1000 events), so the figures are final.
    const pgEnv = { DATABASE_URL: db.url, HUB_DB_POOL_MAX: '4', HUB_READY_MAX_LAG_EVENTS: '0' };
    const gateways = await startHubProcess(distributedEnv({ brokers, names, services: GATEWAYS, dataDir: gw.dataDir, authFile }));
    processes.push(gateways);
    const first = await startHubProcess({ ...distributedEnv({ brokers, names, services: RECORDER_PROJECTOR, dataDir: a.dataDir, authFile }), ...pgEnv });
    processes.push(first);
    await Promise.all([waitUntilReady(gateways.baseUrl, 60_000), waitUntilReady(first.baseUrl, 60_000)]);

    // Publishing holds at each step until the test has taken it, so the stream goes on across
    // the join, the member's kill and the first recorder's kill.
    const steps = { joined: gate(), secondKilled: gate(), firstKilled: gate() };
    const holdAt = (share: number) => Math.floor(stream.batches.length * share);
    const acceptedIds = new Set<string>();
    let next = 0;
    const publishAll = async () => {
      while (next < stream.batches.length) {
        if (next >= holdAt(1 / 4)) await steps.joined.opened;
        if (next >= holdAt(1 / 2)) await steps.secondKilled.opened;
        if (next >= holdAt(3 / 4)) await steps.firstKilled.opened;
        const batch = stream.batches[next++]!;
        const res = await postEvents(gateways.baseUrl, batch.agency, batch.events);
        expect(res.status, res.text).toBe(202);
        for (const e of res.body().events as Array<{ eventId: string }>) acceptedIds.add(e.eventId);
      }
    };
    const publishing = Promise.all([publishAll(), publishAll()]);
    const recorded = (p: HubProcess) => metricSum(p.baseUrl, 'hub_events_recorded_total');

    await waitUntil('first recorder under way', () => recorded(first), (n) => n >= 100, { timeoutMs: 60_000, intervalMs: 25 });
    const second = await startHubProcess({ ...distributedEnv({ brokers, names, services: 'recorder', dataDir: b.dataDir, authFile }), ...pgEnv });
    processes.push(second);
    await waitUntilReady(second.baseUrl, 60_000); // a member of the group: partitions rebalanced
    steps.joined.open();
    const recordedBySecond = await waitUntil('second recorder recorded', () => recorded(second), (n) => n >= 50, { timeoutMs: 60_000, intervalMs: 25 });
    await second.stop('SIGKILL');
    steps.secondKilled.open();
    const firstAtSecondKill = await recorded(first);
    await waitUntil('first recorder went on', () => recorded(first), (n) => n >= firstAtSecondKill + 100, { timeoutMs: 60_000, intervalMs: 25 });
    await first.stop('SIGKILL');
    steps.firstKilled.open();
    await publishing;
    expect(acceptedIds.size).toBe(stream.events);
    // A duplicate re-send of an accepted request, while no recorder runs.
    const resent = stream.batches[0]!;
    expect((await postEvents(gateways.baseUrl, resent.agency, resent.events)).status).toBe(202);

    const c = makeDataDir('hub-pg-rec-c-');
    dirs.push(c.dataDir);
    const replacement = await startHubProcess({ ...distributedEnv({ brokers, names, services: RECORDER_PROJECTOR, dataDir: c.dataDir, authFile }), ...pgEnv });
    processes.push(replacement);
    // The signals: the group (the replacement alone, once the dead members' sessions expired)
    // committed up to the end of every bureau topic, then its projector caught up with the log.
    await waitUntil('recorder group caught up', () => recorderLag(kafka, names), (lag) => lag === 0, { timeoutMs: 120_000, intervalMs: 500 });
    await waitUntilReady(replacement.baseUrl, 60_000);
    await expectStreamFigures(replacement.baseUrl, stream.expected, communities);
    expect(recordedBySecond).toBeGreaterThanOrEqual(50);
    // The re-sent request reached the store as duplicates, not as new events.
    expect(await metricSum(replacement.baseUrl, 'hub_events_duplicate_total')).toBeGreaterThanOrEqual(resent.events.length);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ event_id: string; position: string }>('SELECT event_id, position FROM events ORDER BY position');
      const ids = rows.map((r) => r.event_id);
      expect(ids.length).toBe(stream.events);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual([...acceptedIds].sort());
    } finally {
      await client.end();
    }
  }, 240_000);
});
