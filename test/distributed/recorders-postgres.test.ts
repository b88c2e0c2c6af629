// Several recorder processes in one consumer group on one PostgreSQL event store (DATABASE_URL),
// each with its own data dir, as on separate machines. While ~1500 events arrive through the
// gateways, a second recorder joins the group (a rebalance: both append to the one database at
// once), records a share, and is then SIGKILLed in the middle of its work; the first takes its
// partitions back and re-consumes from the dead one's last committed offsets, which may include
// events it had already appended (the store's idempotency by event id absorbs them).
// Afterwards the database holds every accepted event id exactly once, and the figures the
// first process's projector computes from the shared log are exact.
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
const communities = ['610902981', '610902982', '610902983'];
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
  it('loses and doubles nothing across a rebalance and a SIGKILL: every accepted event id once, figures exact', async () => {
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
    const pgEnv = { DATABASE_URL: db.url, HUB_DB_POOL_MAX: '4' };
    const gateways = await startHubProcess(distributedEnv({ brokers, names, services: GATEWAYS, dataDir: gw.dataDir, authFile }));
    processes.push(gateways);
    const first = await startHubProcess({ ...distributedEnv({ brokers, names, services: RECORDER_PROJECTOR, dataDir: a.dataDir, authFile }), ...pgEnv });
    processes.push(first);
    await Promise.all([waitUntilReady(gateways.baseUrl, 60_000), waitUntilReady(first.baseUrl, 60_000)]);

    // Publishing holds at a third until the second recorder is recording, and at two thirds
    // until it has been killed, so the stream goes on across both.
    const joined = gate();
    const killed = gate();
    const joinAt = Math.floor(stream.batches.length / 3);
    const killAt = Math.floor((2 * stream.batches.length) / 3);
    const acceptedIds = new Set<string>();
    let next = 0;
    const publishAll = async () => {
      while (next < stream.batches.length) {
        if (next >= joinAt) await joined.opened;
        if (next >= killAt) await killed.opened;
        const batch = stream.batches[next++]!;
        const res = await postEvents(gateways.baseUrl, batch.agency, batch.events);
        expect(res.status, res.text).toBe(202);
        for (const e of res.body().events as Array<{ eventId: string }>) acceptedIds.add(e.eventId);
      }
    };
    const publishing = Promise.all([publishAll(), publishAll()]);

    await waitUntil('first recorder under way', () => metricSum(first.baseUrl, 'hub_events_recorded_total'), (n) => n >= 100, { timeoutMs: 60_000, intervalMs: 25 });
    const second = await startHubProcess({ ...distributedEnv({ brokers, names, services: 'recorder', dataDir: b.dataDir, authFile }), ...pgEnv });
    processes.push(second);
    await waitUntilReady(second.baseUrl, 60_000); // a member of the group: partitions rebalanced
    joined.open();
    await waitUntil('second recorder recorded', () => metricSum(second.baseUrl, 'hub_events_recorded_total'), (n) => n >= 50, { timeoutMs: 60_000, intervalMs: 25 });
    const recordedBySecond = await metricSum(second.baseUrl, 'hub_events_recorded_total');
    await second.stop('SIGKILL');
    killed.open();
    await publishing;
    expect(acceptedIds.size).toBe(stream.events);
    // A duplicate re-send of an accepted request, after the kill.
    const resent = stream.batches[0]!;
    const duplicatesBefore = await metricSum(first.baseUrl, 'hub_events_duplicate_total');
    expect((await postEvents(gateways.baseUrl, resent.agency, resent.events)).status).toBe(202);

    // The signals: the group (the first recorder alone, once the dead member's session expired)
    // committed up to the end of every bureau topic, then the projector caught up with the log.
    await waitUntil('recorder group caught up', () => recorderLag(kafka, names), (lag) => lag === 0, { timeoutMs: 120_000, intervalMs: 500 });
    await waitUntilReady(first.baseUrl, 60_000);
    await expectStreamFigures(first.baseUrl, stream.expected, communities);
    expect(recordedBySecond).toBeGreaterThanOrEqual(50);
    // The re-sent request reached the store as duplicates, not as new events.
    expect(await metricSum(first.baseUrl, 'hub_events_duplicate_total')).toBeGreaterThanOrEqual(duplicatesBefore + resent.events.length);

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
