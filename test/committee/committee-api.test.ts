import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bodies, openFixture, uid, type Fixture } from '../projector/fixture';
import { startCommitteeServer, TOKENS, type CommitteeServer } from './server';

// One district, shared by the read-only tests below (now: 2025-06-15 12:00 in Shanghai).
//   610902001 registered (name with a quote and a comma), crashes in 2024 and 2025, two hazards
//             (one overdue, one rectified), designated until 2025-10-01
//   610902002 named only by a crash;  610921101 registered, another county;  611002001 another city
//   a road-traffic death cap of 5 for 610902 in 2025
let f: Fixture;
let api: CommitteeServer;
const ids = { overdue: uid('hazard'), rectified: uid('hazard') };
const NAME = 'Xi "An", Street';

beforeAll(async () => {
  f = openFixture();
  await f.append('safety', bodies.registered('610902001', { name: NAME, population: 50_000, registeredOn: '2019-03-01' }), '2024-01-02T01:00:00.000Z');
  await f.append('safety', bodies.registered('610921101', { population: 20_000 }), '2024-01-02T01:00:00.000Z');
  await f.append('police', bodies.crash(uid('crash'), '610902001', '2024-05-01T10:00:00+08:00', { deaths: 2, injuries: 0 }), '2024-05-02T01:00:00.000Z');
  await f.append('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T10:00:00+08:00', { deaths: 1, injuries: 2 }), '2025-03-01T03:00:00.000Z');
  await f.append('police', bodies.crash(uid('crash'), '610902002', '2025-03-02T10:00:00+08:00'), '2025-03-02T03:00:00.000Z');
  await f.append('police', bodies.crash(uid('crash'), '611002001', '2025-03-02T10:00:00+08:00'), '2025-03-02T03:00:00.000Z');
  await f.append('safety', bodies.production(uid('prod'), '610921101', '2025-04-01T10:00:00+08:00', { deaths: 1 }), '2025-04-01T03:00:00.000Z');
  await f.append('fire', bodies.hazard(ids.overdue, '610902001', '2025-02-01T10:00:00+08:00', '2025-03-01'), '2025-02-01T03:00:00.000Z');
  await f.append('fire', bodies.hazard(ids.rectified, '610902001', '2025-02-10T10:00:00+08:00', '2025-05-01', 'MAJOR'), '2025-02-10T03:00:00.000Z');
  await f.append('fire', bodies.rectified(uid('rect'), ids.rectified, '2025-04-20'), '2025-04-20T03:00:00.000Z');
  await f.append('safety', bodies.designated(uid('desig'), '610902001', '2022-01-01', '2025-10-01'), '2022-01-02T03:00:00.000Z');
  await f.append('safety', bodies.indicator(uid('ci'), '610902', 2025, 5), '2025-01-02T03:00:00.000Z');
  await f.projector.catchUp();
  api = await startCommitteeServer(f);
});

afterAll(async () => {
  await api.close();
  await f.close();
});

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

async function expectProblem(res: Response, status: number, path?: string): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = await json(res);
  expect(problem.status).toBe(status);
  if (path !== undefined) expect(problem.errors?.[0]?.path).toBe(path);
}

const ROUTES = [
  '/communities',
  '/communities/610902001/overview',
  '/regions/6109/summary',
  '/hazards',
  '/designations',
];

describe('committee API authentication', () => {
  it.each(ROUTES)('answers %s with 401 without a token or with an unknown one', async (route) => {
    await expectProblem(await api.get(route), 401);
    await expectProblem(await api.get(route, 'no-such-token'), 401);
  });

  it.each(ROUTES)('answers %s with 403 for agency and operator tokens', async (route) => {
    await expectProblem(await api.get(route, TOKENS.police), 403);
    await expectProblem(await api.get(route, TOKENS.operator), 403);
  });
});

describe('GET /communities', () => {
  const codes = async (res: Response) => (await json<{ communities: { code: string }[] }>(res)).communities.map((c) => c.code);

  it('lists the communities of the region, registered or named by an event, sorted by code', async () => {
    const res = await api.get('/communities?region=6109', TOKENS.national);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.communities.map((c: { code: string }) => c.code)).toEqual(['610902001', '610902002', '610921101']);
    expect(body.communities[0]).toEqual({
      code: '610902001',
      name: NAME,
      type: 'URBAN_STREET',
      population: 50_000,
      designation: { level: 'PROVINCIAL', status: 'DESIGNATED' },
    });
    // Not registered: named after its township in the national division list.
    expect(body.communities[1]).toMatchObject({ code: '610902002', name: '新城街道', population: null });
  });

  it("defaults the region to the token's", async () => {
    expect(await codes(await api.get('/communities', TOKENS.county))).toEqual(['610902001', '610902002']);
    expect(await codes(await api.get('/communities', TOKENS.national))).toEqual(['610902001', '610902002', '610921101', '611002001']);
    expect(await codes(await api.get('/communities?region=', TOKENS.national))).toEqual(['610902001', '610902002', '610921101', '611002001']);
  });

  it("refuses a region outside the token's, including a wider one", async () => {
    await expectProblem(await api.get('/communities?region=610921', TOKENS.county), 403, 'region');
    await expectProblem(await api.get('/communities?region=6109', TOKENS.county), 403, 'region');
    await expectProblem(await api.get('/communities?region=', TOKENS.county), 403, 'region');
    await expectProblem(await api.get('/communities?region=6110', TOKENS.city), 403, 'region');
  });

  it('rejects a malformed region with 400 naming it', async () => {
    await expectProblem(await api.get('/communities?region=123', TOKENS.national), 400, 'region');
    await expectProblem(await api.get('/communities?region=6109x', TOKENS.national), 400, 'region');
    await expectProblem(await api.get('/communities?region=6109&region=6110', TOKENS.national), 400, 'region');
  });
});

describe('GET /communities/{code}/overview', () => {
  it('returns the figures of the current year by default', async () => {
    const res = await api.get('/communities/610902001/overview', TOKENS.city);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.community).toEqual({ code: '610902001', name: NAME, type: 'URBAN_STREET', population: 50_000 });
    expect(body.year).toBe(2025);
    expect(body.asOf).toBe('2025-06-15T04:00:00.000Z');
    expect(body.casualties.roadTraffic).toEqual({
      incidents: 1,
      deaths: 1,
      injuries: 2,
      previousYear: { incidents: 1, deaths: 2, injuries: 0 },
      deathsChangePct: -50,
      injuriesChangePct: null,
    });
    expect(body.hazards).toMatchObject({ identified: 2, rectified: 1, open: 1, overdue: 1, majorOpen: 0 });
    expect(body.designation).toMatchObject({ level: 'PROVINCIAL', status: 'DESIGNATED', reEvaluationDue: true });
  });

  it('computes the figures of the year asked for', async () => {
    const body = await json(await api.get('/communities/610902001/overview?year=2024', TOKENS.city));
    expect(body.year).toBe(2024);
    expect(body.casualties.roadTraffic).toMatchObject({ incidents: 1, deaths: 2, injuries: 0 });
  });

  it("defaults the year to the asOf instant's local year in the hub's time zone", async () => {
    // 2024-12-31 20:00 UTC is already 2025-01-01 04:00 in Shanghai.
    const body = await json(await api.get('/communities/610902001/overview?asOf=2024-12-31T20:00:00Z', TOKENS.city));
    expect(body.year).toBe(2025);
    expect(body.asOf).toBe('2024-12-31T20:00:00.000Z');
  });

  it('answers 404 for a community no event names', async () => {
    await expectProblem(await api.get('/communities/610902128/overview', TOKENS.national), 404);
  });

  it("answers 403 for a community outside the token's region, known or not", async () => {
    await expectProblem(await api.get('/communities/610921101/overview', TOKENS.county), 403, 'code');
    await expectProblem(await api.get('/communities/610902002/overview', TOKENS.community), 403, 'code');
    await expectProblem(await api.get('/communities/620102001/overview', TOKENS.city), 403, 'code');
    expect((await api.get('/communities/610902001/overview', TOKENS.community)).status).toBe(200);
  });

  it.each([
    ['/communities/61090200/overview', 'code'],
    ['/communities/61090200x/overview', 'code'],
    ['/communities/610902001/overview?year=1999', 'year'],
    ['/communities/610902001/overview?year=2101', 'year'],
    ['/communities/610902001/overview?year=20x5', 'year'],
    ['/communities/610902001/overview?year=2024&year=2025', 'year'],
    ['/communities/610902001/overview?asOf=yesterday', 'asOf'],
    ['/communities/610902001/overview?asOf=2025-06-01T00:00:00', 'asOf'],
    ['/communities/610902001/overview?asOf=2025-02-30T00:00:00Z', 'asOf'],
    ['/communities/610902001/overview?asOf=2025-06-01', 'asOf'],
    ['/communities/610902001/overview?asOf=9999-12-31T00:00:00Z', 'asOf'],
    ['/regions/610902/summary?asOf=9999-01-01T00:00:00%2B08:00', 'asOf'],
    ['/regions/610902/summary?asOf=1999-12-31T00:00:00Z', 'asOf'],
    ['/hazards?asOf=0000-01-01T00:00:00Z', 'asOf'],
    ['/regions/%zz/summary', 'path'],
  ])('answers %s with 400 naming %s', async (route, param) => {
    await expectProblem(await api.get(route, TOKENS.national), 400, param);
  });

  it('accepts an asOf with an offset and a fraction of a second', async () => {
    const res = await api.get(`/communities/610902001/overview?asOf=${encodeURIComponent('2025-06-01T08:00:00.5+08:00')}`, TOKENS.national);
    expect(res.status).toBe(200);
    expect((await json(res)).asOf).toBe('2025-06-01T00:00:00.500Z');
  });
});

describe('GET /regions/{regionCode}/summary', () => {
  it("sums the region's communities and reports its death control indicators", async () => {
    const res = await api.get('/regions/610902/summary?year=2025', TOKENS.city);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.region).toEqual({ code: '610902', name: '汉滨区' });
    expect(body.communities).toBe(2);
    expect(body.population).toBe(50_000);
    expect(body.casualties.roadTraffic).toMatchObject({ incidents: 2, deaths: 1 });
    expect(body.deathControl).toEqual([expect.objectContaining({ category: 'ROAD_TRAFFIC', cap: 5, deaths: 1, usedPct: 20 })]);
  });

  it('counts only the control indicators of exactly this region', async () => {
    const body = await json(await api.get('/regions/6109/summary?year=2025', TOKENS.city));
    expect(body.communities).toBe(3);
    expect(body.deathControl).toEqual([]);
    expect(body.casualties.production).toMatchObject({ incidents: 1, deaths: 1 });
  });

  it('accepts a 9-digit region', async () => {
    const body = await json(await api.get('/regions/610902001/summary', TOKENS.community));
    expect(body.communities).toBe(1);
  });

  it("refuses a region outside or wider than the token's", async () => {
    await expectProblem(await api.get('/regions/6109/summary', TOKENS.county), 403, 'regionCode');
    await expectProblem(await api.get('/regions/610921/summary', TOKENS.county), 403, 'regionCode');
  });

  it('rejects a malformed region code or year with 400', async () => {
    await expectProblem(await api.get('/regions/12345/summary', TOKENS.national), 400, 'regionCode');
    await expectProblem(await api.get('/regions/6109/summary?year=99', TOKENS.national), 400, 'year');
  });
});

describe('GET /hazards', () => {
  const hazardIds = async (res: Response) => (await json<{ hazards: { hazardRecordId: string }[] }>(res)).hazards.map((h) => h.hazardRecordId);

  it('lists open hazards (overdue included) by default', async () => {
    const res = await api.get('/hazards', TOKENS.county);
    expect(res.status).toBe(200);
    const { hazards } = await json(res);
    expect(hazards).toEqual([
      {
        agency: 'fire',
        hazardRecordId: ids.overdue,
        communityCode: '610902001',
        communityName: NAME,
        sector: 'FIRE',
        level: 'GENERAL',
        description: 'Blocked fire exit',
        identifiedOn: '2025-02-01',
        rectifyBy: '2025-03-01',
        rectifiedOn: null,
        status: 'OVERDUE',
        overdueDays: 106,
      },
    ]);
  });

  it('filters by status', async () => {
    expect(await hazardIds(await api.get('/hazards?status=rectified', TOKENS.county))).toEqual([ids.rectified]);
    expect(await hazardIds(await api.get('/hazards?status=overdue', TOKENS.county))).toEqual([ids.overdue]);
    expect(await hazardIds(await api.get('/hazards?status=all', TOKENS.county))).toEqual([ids.overdue, ids.rectified]);
    expect(await hazardIds(await api.get('/hazards?status=all&region=610921', TOKENS.city))).toEqual([]);
  });

  it('rejects an unknown status and refuses a foreign region', async () => {
    await expectProblem(await api.get('/hazards?status=closed', TOKENS.county), 400, 'status');
    await expectProblem(await api.get('/hazards?region=6110', TOKENS.city), 403, 'region');
  });
});

describe('GET /designations', () => {
  it('lists the designated communities of the region', async () => {
    const res = await api.get('/designations?region=6109', TOKENS.city);
    expect(res.status).toBe(200);
    expect((await json(res)).designations).toEqual([
      {
        communityCode: '610902001',
        name: NAME,
        level: 'PROVINCIAL',
        status: 'DESIGNATED',
        designatedOn: '2022-01-01',
        validUntil: '2025-10-01',
        reEvaluationDue: true,
      },
    ]);
  });

  it('refuses a foreign region and rejects a malformed one', async () => {
    await expectProblem(await api.get('/designations?region=610921', TOKENS.county), 403, 'region');
    await expectProblem(await api.get('/designations?region=61090', TOKENS.national), 400, 'region');
  });
});

describe('CSV lists', () => {
  it('sends text/csv with a header row, dotted columns and RFC 4180 quoting for ?format=csv', async () => {
    const res = await api.get('/communities?region=610902&format=csv', TOKENS.national);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('inline; filename="communities-610902.csv"');
    expect(await res.text()).toBe(
      'code,name,type,population,designation.level,designation.status\r\n' +
        '610902001,"Xi ""An"", Street",URBAN_STREET,50000,PROVINCIAL,DESIGNATED\r\n' +
        '610902002,新城街道,,,,NONE\r\n',
    );
  });

  it('sends CSV for Accept: text/csv and JSON for a browser-like Accept', async () => {
    const csv = await api.get('/designations', TOKENS.county, { accept: 'text/csv' });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).split('\r\n')).toEqual([
      'communityCode,name,level,status,designatedOn,validUntil,reEvaluationDue',
      '610902001,"Xi ""An"", Street",PROVINCIAL,DESIGNATED,2022-01-01,2025-10-01,true',
      '',
    ]);
    const browser = await api.get('/designations', TOKENS.county, { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(browser.headers.get('content-type')).toMatch(/^application\/json/);
    const forced = await api.get('/designations?format=json', TOKENS.county, { accept: 'text/csv' });
    expect(forced.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('keeps the header row for an empty list', async () => {
    const res = await api.get('/hazards?region=610921&format=csv', TOKENS.city);
    expect(await res.text()).toBe('agency,hazardRecordId,communityCode,communityName,sector,level,description,identifiedOn,rectifyBy,rectifiedOn,status,overdueDays\r\n');
    expect(res.headers.get('content-disposition')).toBe('inline; filename="hazards-610921-open.csv"');
  });

  it('rejects an unknown format', async () => {
    await expectProblem(await api.get('/hazards?format=xml', TOKENS.city), 400, 'format');
  });
});

describe('asOf time travel', () => {
  let g: Fixture;
  let server: CommitteeServer;

  afterEach(async () => {
    await server.close();
    await g.close();
  });

  it('reproduces the figures known at asOf, whatever arrived later', async () => {
    g = openFixture();
    server = await startCommitteeServer(g);
    const code = '610902130';
    const crashId = uid('crash');
    const hazardId = uid('hazard');
    await g.append('safety', bodies.registered(code, { population: 10_000 }), '2025-01-05T01:00:00.000Z');
    await g.append('police', bodies.crash(crashId, code, '2025-03-01T10:00:00+08:00', { deaths: 0, injuries: 1 }), '2025-03-01T03:00:00.000Z');
    await g.append('fire', bodies.hazard(hazardId, code, '2025-02-01T10:00:00+08:00', '2025-03-01'), '2025-02-01T03:00:00.000Z');
    await g.projector.catchUp();
    const asOf = encodeURIComponent('2025-03-05T12:00:00+08:00');
    const overviewPath = `/communities/${code}/overview?asOf=${asOf}`;
    const hazardsPath = `/hazards?region=${code}&status=all&asOf=${asOf}`;
    const before = await json(await server.get(overviewPath, TOKENS.national));
    const hazardsBefore = await json(await server.get(hazardsPath, TOKENS.national));
    expect(before.casualties.roadTraffic).toMatchObject({ deaths: 0, injuries: 1 });

    // Later: the crash is revised (a death within the re-report window), the hazard rectified,
    // and a new crash reported - all received after asOf.
    await g.append('police', bodies.crash(crashId, code, '2025-03-01T10:00:00+08:00', { deaths: 1, injuries: 1, revision: 2 }), '2025-03-06T03:00:00.000Z');
    await g.append('fire', bodies.rectified(uid('rect'), hazardId, '2025-03-04'), '2025-03-07T03:00:00.000Z');
    await g.append('police', bodies.crash(uid('crash'), code, '2025-03-02T10:00:00+08:00'), '2025-03-08T03:00:00.000Z');
    await g.projector.catchUp();

    expect(await json(await server.get(overviewPath, TOKENS.national))).toEqual(before);
    expect(await json(await server.get(hazardsPath, TOKENS.national))).toEqual(hazardsBefore);
    const now = await json(await server.get(`/communities/${code}/overview`, TOKENS.national));
    expect(now.casualties.roadTraffic).toMatchObject({ incidents: 2, deaths: 1, injuries: 2 });
    expect(now.hazards).toMatchObject({ identified: 1, rectified: 1, open: 0 });
  });

  it('answers 404 for a community first named after asOf', async () => {
    g = openFixture();
    server = await startCommitteeServer(g);
    const code = '610902132';
    await g.append('police', bodies.crash(uid('crash'), code, '2025-03-01T10:00:00+08:00'), '2025-03-01T03:00:00.000Z');
    await g.projector.catchUp();
    await expectProblem(await server.get(`/communities/${code}/overview?asOf=2025-03-01T02:59:59Z`, TOKENS.national), 404);
    expect((await server.get(`/communities/${code}/overview?asOf=2025-03-01T03:00:00Z`, TOKENS.national)).status).toBe(200);
  });
});
