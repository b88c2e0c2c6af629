// The exchange in distributed mode: gateways in one process, recorder+projector (which serves
// the feeds and keeps the access log) in another, events travelling through the real broker.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBrokers } from '../kafka/support';
import { TEST_TOKENS, startHubProcess, waitUntilReady } from '../support/hubProcess';
import { metricSum, startSplitHub, uniqueKafkaNames, waitUntil, type SplitHub } from './support';
import { client, crash, expectValidChain, grant, hazard, keyOf, policeCase, readUntilGone, revoke, uid, covered } from '../feed/kit';

const brokers = testBrokers().join(',');
const names = uniqueKafkaNames('feed');
let split: SplitHub;
let posted = 0;
const api = client(() => split.gateways.baseUrl, () => split.recorder.baseUrl);

/** Posts through the gateways and waits until the recorder has taken every event posted so far. */
async function publish(agency: Parameters<typeof api.post>[0], events: unknown[]) {
  await api.post(agency, events);
  posted += events.length;
  await waitUntil(
    'recorder took every posted event',
    async () =>
      (await metricSum(split.recorder.baseUrl, 'hub_events_recorded_total')) +
      (await metricSum(split.recorder.baseUrl, 'hub_events_duplicate_total')),
    (n) => n >= posted,
    { timeoutMs: 60_000, intervalMs: 20 },
  );
}

beforeAll(async () => {
  split = await startSplitHub(brokers, names);
}, 120_000);

afterAll(async () => {
  await Promise.all([split?.gateways.stop('SIGKILL'), split?.recorder.stop('SIGKILL')]);
  for (const dir of [split?.gatewaysDir, split?.recorderDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('exchange between bureaus, distributed mode', () => {
  const G = uid('GX-D');
  const C1 = uid('JJ-D');

  it('shares nothing by default, then the granted type under the region once granted', async () => {
    await publish('police', [crash(C1), crash(uid('JJ-D'), '610921100'), policeCase(uid('XA-D'))]);
    expect((await api.feed('health')).events).toEqual([]);
    await publish('police', [grant(G, 'health', ['TrafficCrashReported'])]);
    const page = await api.feed('health');
    expect(page.events.map(keyOf)).toEqual([`${C1}#1`]);
    expect(page.events[0]!.agreementId).toBe(G);
    // The gateways-only process serves no feed.
    expect((await fetch(`${split.gateways.baseUrl}/agencies/health/v1/feed`, { headers: { authorization: `Bearer ${TEST_TOKENS.health}` } })).status).toBe(404);
  });

  it('wakes a waiting long poll when an event arrives through the broker', async () => {
    const start = await api.feed('health');
    const waiting = api.feed('health', { after: start.next, wait: 25 });
    const C2 = uid('JJ-D');
    const t0 = Date.now();
    await api.post('police', [crash(C2)]);
    posted += 1;
    const page = await waiting;
    expect(page.events.map(keyOf)).toEqual([`${C2}#1`]);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('stops delivery once the revocation is recorded, also for a long poll already waiting', async () => {
    const S = uid('GX-DS');
    await publish('safety', [grant(S, 'fire', ['HazardIdentified'])]);
    const before = await api.feed('fire');
    const waiting = api.feed('fire', { after: before.next, wait: 4 });
    await publish('safety', [revoke(uid('GX-DS-R'), S)]);
    await publish('safety', [hazard(uid('YH-D'))]);
    expect((await waiting).events).toEqual([]);
    expect((await api.feed('fire')).events).toEqual([]);
  });

  it('keeps the provider\'s access log chained and covering every served event', async () => {
    const entries = await api.accessLog('police');
    expectValidChain(entries);
    for (const e of (await api.feed('health', { limit: 1000 })).events) expect(covered(entries, 'health', e.cursor)).toBe(true);
  });

  it('covers every served event by the access log after kill -9 of the recorder+projector process mid-read', async () => {
    const K = uid('GX-DK');
    await publish('police', [grant(K, 'transport', ['TrafficCrashReported'])]);
    for (let batch = 0; batch < 2; batch += 1) await publish('police', Array.from({ length: 500 }, () => crash(uid('JJ-DK'))));
    const { received, pages, done: consumer } = readUntilGone(api, 'transport', 20);
    while (pages() < 10) await new Promise((r) => setImmediate(r));
    await split.recorder.stop('SIGKILL');
    await consumer;
    expect(received.length).toBeGreaterThanOrEqual(200);
    expect(received.length).toBeLessThan(1000);

    split.recorder = await startHubProcess(split.recorderEnv);
    await waitUntilReady(split.recorder.baseUrl, 60_000);
    const entries = await api.accessLog('police');
    expectValidChain(entries);
    expect(received.filter((e) => !covered(entries, 'transport', e.cursor))).toEqual([]);
  }, 120_000);
});
