// Real answers of a real hub (in-process, port 0, a few events published) validated against
// the response schemas of its own /openapi.json: the description matches what the hub sends,
// and is strict enough that a changed shape would fail.
import type { ValidateFunction } from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TOKENS } from '../support/hubProcess';
import { publish, startTestHub, type TestHub } from '../support/inProcessHub';
import { documentValidator, errorsOf, type Doc } from './documentValidator';

const EVENTS = '/agencies/{agency}/v1/events';
const C = '/committee/v1';
const A = '610902001';
const B = '610902002';

let t: TestHub;
let v: ReturnType<typeof documentValidator>;

const at = (day: string) => `2025-${day}T09:00:00+08:00`;
const STEPS: Array<[keyof typeof TEST_TOKENS, Array<Record<string, unknown>>]> = [
  ['safety', [
    { type: 'CommunityRegistered', sourceRecordId: 'SQ-A', communityCode: A, name: '老城街道', communityType: 'URBAN_STREET', population: 61800, registeredOn: '2019-05-10' },
    { type: 'ControlIndicatorIssued', sourceRecordId: 'KZ-1', regionCode: '610902', year: 2025, category: 'ROAD_TRAFFIC', cap: 4 },
    { type: 'ProductionAccidentReported', sourceRecordId: 'SG-1', communityCode: A, occurredAt: at('03-04'), industry: 'CONSTRUCTION', deaths: 1, seriousInjuries: 1, injuries: 2, directLossYuan: 900000 },
    { type: 'PromotionProjectRegistered', sourceRecordId: 'XM-1', communityCode: A, name: '防跌倒', domain: 'ELDERLY', targetGroups: ['ELDERLY'], startedOn: '2025-01-01', plannedEndOn: '2025-12-31' },
    { type: 'PromotionProjectEvaluated', sourceRecordId: 'XM-1-PG', projectRecordId: 'XM-1', evaluatedOn: '2025-06-30', status: 'ONGOING', effectSummary: '跌倒减少' },
    { type: 'SafetyActivityHeld', sourceRecordId: 'HD-1', communityCode: A, occurredAt: at('04-10'), kind: 'DRILL', domain: 'FIRE', participants: 200 },
    { type: 'AwarenessSurveyCompleted', sourceRecordId: 'DC-1', communityCode: A, occurredAt: at('05-10'), item: 'OVERALL', respondents: 300, aware: 251 },
    { type: 'DesignationEvaluated', sourceRecordId: 'PD-1', communityCode: A, level: 'PROVINCIAL', evaluatedOn: '2024-11-01', score: 88.5, maxScore: 100, zeroIndicators: 0, result: 'PASS' },
    { type: 'CommunityDesignated', sourceRecordId: 'MM-1', communityCode: A, level: 'PROVINCIAL', designatedOn: '2024-12-01', validUntil: '2029-11-30' },
  ]],
  ['police', [
    { type: 'TrafficCrashReported', sourceRecordId: 'JJ-1', communityCode: A, occurredAt: at('02-01'), deaths: 1, injuries: 2, vehicles: 2, roadType: 'URBAN_ROAD', cause: 'SPEEDING' },
    { type: 'TrafficCrashReported', sourceRecordId: 'JJ-2', communityCode: B, occurredAt: '2024-07-01T09:00:00+08:00', deaths: 0, injuries: 1, vehicles: 1, roadType: 'RURAL_ROAD', cause: 'OTHER' },
  ]],
  ['fire', [
    { type: 'HazardIdentified', sourceRecordId: 'YH-1', communityCode: A, occurredAt: at('03-01'), sector: 'FIRE', level: 'MAJOR', rectifyBy: '2025-04-01', description: '通道堵塞' },
    { type: 'HazardIdentified', sourceRecordId: 'YH-2', communityCode: A, occurredAt: at('03-02'), sector: 'FIRE', level: 'GENERAL', rectifyBy: '2025-04-01', description: '灭火器过期' },
    { type: 'HazardRectified', sourceRecordId: 'YH-2-ZG', hazardRecordId: 'YH-2', rectifiedOn: '2025-03-20', verified: true },
  ]],
  ['health', [
    { type: 'InjuryCaseReported', sourceRecordId: 'SH-1', communityCode: A, occurredAt: at('01-15'), sex: 'FEMALE', ageYears: 80, cause: 'FALL', place: 'HOME', activity: 'HOUSEWORK', intent: 'UNINTENTIONAL', severity: 'MODERATE', outcome: 'ADMITTED' },
  ]],
];

const accepted: Array<{ status: number; body: unknown }> = [];

beforeAll(async () => {
  t = await startTestHub();
  v = documentValidator((await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as Doc);
  for (const [agency, events] of STEPS) {
    const res = await publish(t.baseUrl, agency, { events });
    accepted.push({ status: res.status, body: await res.json() });
  }
  await t.hub.projector!.waitFor((await t.hub.store!.headPosition())!);
});
afterAll(async () => {
  await t.close();
});

function get(path: string, token: string | null = TEST_TOKENS.committeeNational): Promise<Response> {
  return fetch(`${t.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

async function expectValid(res: Response, validate: ValidateFunction, status: number): Promise<Doc> {
  expect(res.status).toBe(status);
  const body = (await res.json()) as Doc;
  expect(validate(body), errorsOf(validate)).toBe(true);
  return body;
}

function problemOf(path: string, method: string, status: number) {
  return v.response(path, method, status, 'application/problem+json');
}

describe('gateway answers match the description', () => {
  it('202: the accepted events', () => {
    const schema = v.response(EVENTS, 'post', 202, 'application/json');
    for (const { status, body } of accepted) {
      expect(status).toBe(202);
      expect(schema(body), errorsOf(schema)).toBe(true);
    }
    expect(schema({ ...(accepted[0]!.body as Doc), extra: 1 })).toBe(false);
  });

  it('400, 401, 403, 409, 413 and 415: problem+json', async () => {
    const crash = STEPS[1]![1][0]!;
    const bad = await publish(t.baseUrl, 'police', { events: [{ ...crash, sourceRecordId: 'JJ-9', deaths: -1 }] });
    const problem = await expectValid(bad, problemOf(EVENTS, 'post', 400), 400);
    expect(problem.errors).toEqual([{ index: 0, path: 'deaths', message: 'must be >= 0' }]);
    await expectValid(await publish(t.baseUrl, 'police', crash, { token: 'unknown' }), problemOf(EVENTS, 'post', 401), 401);
    await expectValid(await publish(t.baseUrl, 'police', crash, { token: TEST_TOKENS.fire }), problemOf(EVENTS, 'post', 403), 403);
    await expectValid(await publish(t.baseUrl, 'police', { ...crash, type: 'PublicSecurityCaseRecorded', revision: 2, caseKind: 'CRIMINAL', offense: 'THEFT', placeType: 'HOME', vehicles: undefined, roadType: undefined, cause: undefined }), problemOf(EVENTS, 'post', 409), 409);
    await expectValid(await publish(t.baseUrl, 'police', null, { raw: JSON.stringify({ events: [{ ...crash, x: 'y'.repeat(1_100_000) }] }) }), problemOf(EVENTS, 'post', 413), 413);
    await expectValid(await publish(t.baseUrl, 'police', null, { raw: 'deaths=1', contentType: 'text/plain' }), problemOf(EVENTS, 'post', 415), 415);
  });

  it('200: the event types with their schemas', async () => {
    const res = await fetch(`${t.baseUrl}/agencies/fire/v1/event-types`, { headers: { authorization: `Bearer ${TEST_TOKENS.fire}` } });
    const body = await expectValid(res, v.response('/agencies/{agency}/v1/event-types', 'get', 200, 'application/json'), 200);
    expect(body.eventTypes.length).toBeGreaterThan(0);
  });
});

describe('committee answers match the description', () => {
  it('the community overview, and a changed shape fails it', async () => {
    const schema = v.response(`${C}/communities/{code}/overview`, 'get', 200, 'application/json');
    const body = await expectValid(await get(`${C}/communities/${A}/overview?year=2025`), schema, 200);
    expect(body.designation.lastEvaluation).not.toBeNull();
    expect(body.casualties.roadTraffic.deaths).toBe(1);
    // B: no registration, little data (nulls where the contract allows them).
    await expectValid(await get(`${C}/communities/${B}/overview?year=2025`), schema, 200);

    const { provisional: _dropped, ...missingKey } = body;
    expect(schema(missingKey)).toBe(false);
    expect(schema({ ...body, extra: true })).toBe(false);
    expect(schema({ ...body, casualties: { ...body.casualties, fire: { ...body.casualties.fire, fatalities: 0 } } })).toBe(false);
    expect(schema({ ...body, injurySurveillance: { ...body.injurySurveillance, bySex: { MALE: 0, FEMALE: 1 } } })).toBe(false);
    expect(schema({ ...body, hazards: { ...body.hazards, open: '1' } })).toBe(false);
  });

  it('the region summary, and a changed shape fails it', async () => {
    const schema = v.response(`${C}/regions/{regionCode}/summary`, 'get', 200, 'application/json');
    const body = await expectValid(await get(`${C}/regions/610902/summary?year=2025`), schema, 200);
    expect(body.deathControl).toHaveLength(1);
    await expectValid(await get(`${C}/regions/61/summary`), schema, 200);
    expect(schema({ ...body, deathControl: [{ ...body.deathControl[0], status: 'FINE' }] })).toBe(false);
    expect(schema({ ...body, designations: { ...body.designations, NONE: 0 } })).toBe(false);
  });

  it('the communities, hazards and designations lists, and a changed row fails them', async () => {
    const lists: Array<[string, string, string]> = [
      [`${C}/communities`, `${C}/communities?region=6109`, 'communities'],
      [`${C}/hazards`, `${C}/hazards?status=all`, 'hazards'],
      [`${C}/designations`, `${C}/designations?region=610902`, 'designations'],
    ];
    for (const [path, url, key] of lists) {
      const schema = v.response(path, 'get', 200, 'application/json');
      const body = await expectValid(await get(url), schema, 200);
      expect(body[key].length, url).toBeGreaterThan(0);
      expect(schema({ [key]: [{ ...body[key][0], extra: 1 }] }), url).toBe(false);
      const { [Object.keys(body[key][0])[0]!]: _first, ...missing } = body[key][0];
      expect(schema({ [key]: [missing] }), url).toBe(false);
    }
  });

  it('400, 401, 403 and 404: problem+json', async () => {
    const overview = `${C}/communities/{code}/overview`;
    await expectValid(await get(`${C}/communities/${A}/overview?year=twenty`), problemOf(overview, 'get', 400), 400);
    await expectValid(await get(`${C}/communities/${A}/overview`, null), problemOf(overview, 'get', 401), 401);
    await expectValid(await get(`${C}/communities/${A}/overview`, TEST_TOKENS.committeeOther), problemOf(overview, 'get', 403), 403);
    await expectValid(await get(`${C}/communities/610902128/overview`), problemOf(overview, 'get', 404), 404);
    await expectValid(await get(`${C}/hazards?status=closed`), problemOf(`${C}/hazards`, 'get', 400), 400);
    await expectValid(await get(`${C}/designations`, TEST_TOKENS.police), problemOf(`${C}/designations`, 'get', 403), 403);
  });
});
