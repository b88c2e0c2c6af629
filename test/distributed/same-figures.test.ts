// Distributed mode gives the same figures as the embedded hub: the fixture of test/e2e is
// published over HTTP to a gateways-only process, travels through the real broker to a
// recorder+projector process, and the committee API answers are checked against the
// hand-worked figures and against an embedded hub fed the same events.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventIdFor } from '../../services/kernel/eventId';
import { checkOverviewA, checkRegion, shanghaiToday } from '../e2e/checks';
import { A, B, REGION, buildSteps } from '../e2e/fixture';
import { testBrokers } from '../kafka/support';
import { makeDataDir, startHubProcess, waitUntilReady, type HubProcess } from '../support/hubProcess';
import { getJson, metricSum, postEvents, readyz, startSplitHub, uniqueKafkaNames, waitUntil, type SplitHub } from './support';

const today = shanghaiToday();
const brokers = testBrokers().join(',');
const names = uniqueKafkaNames('figures');
let split: SplitHub;
let embedded: HubProcess;
const embeddedDir = makeDataDir('hub-dist-emb-');
let accepted = 0;

beforeAll(async () => {
  [split, embedded] = await Promise.all([
    startSplitHub(brokers, names),
    startHubProcess({ HUB_DATA_DIR: embeddedDir.dataDir, HUB_AUTH_FILE: embeddedDir.authFile, HUB_TIMEZONE: 'Asia/Shanghai' }),
  ]);
  for (const step of buildSteps(today)) {
    for (const hub of [split.gateways, embedded]) {
      const res = await postEvents(hub.baseUrl, step.agency, step.events);
      expect(res.status, res.text).toBe(202);
      expect(res.body().events.map((e: { eventId: string }) => e.eventId)).toEqual(
        step.events.map((e) => eventIdFor(step.agency, e.sourceRecordId as string, (e.revision as number | undefined) ?? 1)),
      );
    }
    accepted += step.events.length;
  }
  // The signal: every accepted event was taken by the recorder (recorded or found a duplicate),
  // then the projector caught up with the store (/readyz).
  await waitUntil(
    'recorder took every accepted event',
    async () =>
      (await metricSum(split.recorder.baseUrl, 'hub_events_recorded_total')) +
      (await metricSum(split.recorder.baseUrl, 'hub_events_duplicate_total')) +
      (await metricSum(split.recorder.baseUrl, 'hub_events_deadlettered_total')),
    (n) => n >= accepted,
    { timeoutMs: 60_000 },
  );
  await Promise.all([waitUntilReady(split.recorder.baseUrl), waitUntilReady(embedded.baseUrl)]);
}, 150_000);

afterAll(async () => {
  await Promise.all([split?.gateways.stop('SIGKILL'), split?.recorder.stop('SIGKILL'), embedded?.stop('SIGKILL')]);
  for (const dir of [split?.gatewaysDir, split?.recorderDir, embeddedDir.dataDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** What legitimately differs between two hubs fed the same events: the receipt and query times. */
function withoutTimes(value: any): any {
  return JSON.parse(JSON.stringify(value), (key, v) => (key === 'asOf' || key === 'dataFreshness' ? undefined : v));
}

describe('distributed mode: gateways and recorder+projector in separate processes over Kafka', () => {
  it('records every accepted event exactly once (the duplicate re-send counted as a duplicate)', async () => {
    expect(await metricSum(split.gateways.baseUrl, 'hub_events_accepted_total')).toBe(accepted);
    expect(await metricSum(split.recorder.baseUrl, 'hub_events_recorded_total')).toBe(accepted - 1);
    expect(await metricSum(split.recorder.baseUrl, 'hub_events_duplicate_total')).toBe(1);
    expect(await metricSum(split.recorder.baseUrl, 'hub_events_deadlettered_total')).toBe(0);
  });

  it('computes every community overview figure of the fixture', async () => {
    checkOverviewA(await getJson(split.recorder.baseUrl, `/committee/v1/communities/${A}/overview?year=2025`), today);
  });

  it('computes the region summary with death control and designations', async () => {
    checkRegion(await getJson(split.recorder.baseUrl, `/committee/v1/regions/${REGION}/summary?year=2025`));
  });

  it('answers every committee query as the embedded hub fed the same events does', async () => {
    const paths = [
      `/committee/v1/communities/${A}/overview?year=2025`,
      `/committee/v1/communities/${B}/overview?year=2025`,
      `/committee/v1/communities/${A}/overview?year=2024`,
      `/committee/v1/regions/${REGION}/summary?year=2025`,
      `/committee/v1/regions/${REGION}/summary?year=2024`,
      `/committee/v1/communities?region=${REGION}`,
      `/committee/v1/hazards?region=${REGION}&status=all`,
      `/committee/v1/designations?region=${REGION}`,
    ];
    for (const p of paths) {
      const [distributed, single] = await Promise.all([getJson(split.recorder.baseUrl, p), getJson(embedded.baseUrl, p)]);
      expect(withoutTimes(distributed), p).toEqual(withoutTimes(single));
    }
  });

  it('runs the gateways without a store: no SQLite file in their data dir, ready with the broker up, no committee API', async () => {
    expect(fs.readdirSync(split.gatewaysDir).filter((f) => f.endsWith('.sqlite'))).toEqual([]);
    expect(fs.existsSync(path.join(split.recorderDir, 'events.sqlite'))).toBe(true);
    expect(await readyz(split.gateways.baseUrl)).toEqual({ status: 200, body: { status: 'ready' } });
    const res = await fetch(`${split.gateways.baseUrl}/committee/v1/communities`, { headers: { authorization: 'Bearer tok-committee-national' } });
    expect(res.status).toBe(404);
  });

  it('serves no gateway on the recorder+projector process, and its /readyz is 200 once the broker, store and read model are', async () => {
    const res = await postEvents(split.recorder.baseUrl, 'police', [{ type: 'SafetyActivityHeld' }]);
    expect(res.status).toBe(404);
    expect(await readyz(split.recorder.baseUrl)).toEqual({ status: 200, body: { status: 'ready' } });
  });
});
