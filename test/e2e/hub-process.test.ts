// End to end: the hub as a real process (the `npm start` entry point, embedded mode),
// fed the fixture over HTTP; every figure of docs/api/committee.md checked against hand-worked
// values; then restarted on the same data and checked again; then time travel.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventIdFor } from '../../services/kernel/eventId';
import { A, B, REGION, buildSteps } from './fixture';
import { checkOverviewA, checkRegion, shanghaiToday } from './checks';
import { TEST_TOKENS, makeDataDir, startHubProcess, waitUntilReady, type HubProcess } from '../support/hubProcess';

let hub: HubProcess;
const { dataDir, authFile } = makeDataDir();
const env = { HUB_DATA_DIR: dataDir, HUB_AUTH_FILE: authFile, HUB_TIMEZONE: 'Asia/Shanghai' };
const today = shanghaiToday();

async function get(path: string, token: string = TEST_TOKENS.committeeDistrict, accept = 'application/json') {
  const res = await fetch(`${hub.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}`, accept } });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) as any };
}

async function post(agency: string, events: unknown[]) {
  const res = await fetch(`${hub.baseUrl}/agencies/${agency}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_TOKENS[agency as keyof typeof TEST_TOKENS]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  hub = await startHubProcess(env);
  for (const step of buildSteps(today)) {
    const res = await post(step.agency, step.events);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.accepted).toBe(step.events.length);
    res.body.events.forEach((e: { sourceRecordId: string; revision: number; eventId: string }) => {
      expect(e.eventId).toBe(eventIdFor(step.agency, e.sourceRecordId, e.revision));
    });
  }
  await waitUntilReady(hub.baseUrl);
}, 120_000);

afterAll(async () => {
  await hub?.stop('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the hub as a process, embedded mode', () => {
  it('computes every community overview figure of the fixture', async () => {
    const res = await get(`/committee/v1/communities/${A}/overview?year=2025`);
    expect(res.status, res.text).toBe(200);
    checkOverviewA(res.json(), today);
  });

  it('computes the region summary with death control and designations', async () => {
    const res = await get(`/committee/v1/regions/${REGION}/summary?year=2025`);
    expect(res.status, res.text).toBe(200);
    checkRegion(res.json());
  });

  it('lists communities, hazards by status and designations, as JSON and CSV', async () => {
    const communities = (await get(`/committee/v1/communities?region=${REGION}`)).json();
    expect(communities.communities.map((c: any) => [c.code, c.designation.status])).toEqual([[A, 'DESIGNATED'], [B, 'EXPIRED']]);
    expect(communities.communities[0]).toMatchObject({ name: '测试街道', type: 'URBAN_STREET', population: 60000, designation: { level: 'CITY' } });

    const ids = async (status: string) => (await get(`/committee/v1/hazards?region=${REGION}&status=${status}`)).json().hazards.map((h: any) => h.hazardRecordId).sort();
    expect(await ids('open')).toEqual(['HZ-S1', 'HZ-S2']);
    expect(await ids('overdue')).toEqual(['HZ-S2']);
    expect(await ids('rectified')).toEqual(['HZ-F1', 'HZ-S3', 'HZ-S4']);
    expect(await ids('all')).toEqual(['HZ-F1', 'HZ-S1', 'HZ-S2', 'HZ-S3', 'HZ-S4']);
    const overdue = (await get(`/committee/v1/hazards?region=${REGION}&status=overdue`)).json().hazards[0];
    const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse('2025-04-01T00:00:00Z')) / 86_400_000);
    expect(overdue).toMatchObject({ agency: 'safety', communityCode: A, sector: 'ENTERPRISE', level: 'GENERAL', identifiedOn: '2025-03-01', rectifyBy: '2025-04-01', rectifiedOn: null, status: 'OVERDUE', overdueDays: days });
    const extended = (await get(`/committee/v1/hazards?region=${REGION}&status=open`)).json().hazards.find((h: any) => h.hazardRecordId === 'HZ-S1');
    expect(extended).toMatchObject({ rectifyBy: '2099-01-31', status: 'OPEN', level: 'MAJOR' });

    const designations = (await get(`/committee/v1/designations?region=${REGION}`)).json().designations;
    expect(designations.map((d: any) => [d.communityCode, d.level, d.status, d.reEvaluationDue])).toEqual([[A, 'CITY', 'DESIGNATED', true], [B, 'PROVINCIAL', 'EXPIRED', false]]);

    const csv = await get(`/committee/v1/communities?region=${REGION}&format=csv`);
    expect(csv.type).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines[0]).toContain('code');
    expect(lines).toHaveLength(3);
    const byAccept = await get(`/committee/v1/hazards?region=${REGION}&status=all`, TEST_TOKENS.committeeDistrict, 'text/csv');
    expect(byAccept.type).toMatch(/^text\/csv/);
    expect(byAccept.text.trim().split(/\r?\n/)).toHaveLength(6);
  });

  it('keeps committee tokens to their region', async () => {
    expect((await get(`/committee/v1/communities/${A}/overview`, TEST_TOKENS.committeeOther)).status).toBe(403);
    expect((await get(`/committee/v1/regions/6109/summary`, TEST_TOKENS.committeeDistrict)).status).toBe(403);
    expect((await get(`/committee/v1/regions/${REGION}/summary`, TEST_TOKENS.committeeNational)).status).toBe(200);
    expect((await get(`/committee/v1/communities/${A}/overview`, TEST_TOKENS.police)).status).toBe(403);
    expect((await get(`/committee/v1/communities/${A}/overview`, 'not-a-token')).status).toBe(401);
  });

  it('serves the same figures after a graceful restart on the same data', async () => {
    const before = (await get(`/committee/v1/regions/${REGION}/summary?year=2025`)).json();
    expect(await hub.stop('SIGTERM')).toBe(0);
    hub = await startHubProcess(env);
    await waitUntilReady(hub.baseUrl);
    const after = (await get(`/committee/v1/regions/${REGION}/summary?year=2025`)).json();
    checkRegion(after);
    expect({ ...after, asOf: null }).toEqual({ ...before, asOf: null });
    checkOverviewA((await get(`/committee/v1/communities/${A}/overview?year=2025`)).json(), today);
  }, 90_000);

  it('reproduces a past report exactly with asOf after a later re-report', async () => {
    const asOf = new Date().toISOString();
    const earlier = (await get(`/committee/v1/communities/${A}/overview?year=2025&asOf=${encodeURIComponent(asOf)}`)).json();
    // A later revision of TC-2 with one death arrives after asOf.
    const res = await post('police', [{ type: 'TrafficCrashReported', sourceRecordId: 'TC-2', revision: 2, communityCode: A, occurredAt: '2025-05-01T09:00:00+08:00', deaths: 1, injuries: 1, vehicles: 2, roadType: 'URBAN_ROAD', cause: 'SPEEDING' }]);
    expect(res.status).toBe(202);
    await waitUntilReady(hub.baseUrl);
    const now = (await get(`/committee/v1/communities/${A}/overview?year=2025`)).json();
    expect(now.casualties.roadTraffic.deaths).toBe(3);
    const again = (await get(`/committee/v1/communities/${A}/overview?year=2025&asOf=${encodeURIComponent(asOf)}`)).json();
    expect(again).toEqual(earlier);
    expect(again.casualties.roadTraffic.deaths).toBe(2);
  });

  it('writes one JSON object per line on stdout', () => {
    const stdout = hub.logs.filter((l) => !l.startsWith('[stderr]'));
    expect(stdout.length).toBeGreaterThan(0);
    for (const line of stdout) expect(() => JSON.parse(line)).not.toThrow();
  });
});
