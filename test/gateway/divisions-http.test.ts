// Community and region codes over HTTP, on the whole embedded hub: a code in neither the
// national division list nor HUB_EXTRA_DIVISIONS is refused with a 400 naming the field, at the
// gateway and at the committee API, and known codes come back with their names.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TOKENS } from '../support/hubProcess';
import { publish, startTestHub, type TestHub } from '../support/inProcessHub';

let t: TestHub;
let extraFile: string;
const NOW = new Date('2025-06-15T04:00:00Z');

beforeAll(async () => {
  extraFile = path.join(fs.mkdtempSync('/tmp/extra-divisions-'), 'extra.csv');
  fs.writeFileSync(extraFile, 'code,name\n610902990,新设街道\n');
  t = await startTestHub({ HUB_EXTRA_DIVISIONS: extraFile }, () => NOW);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(path.dirname(extraFile), { recursive: true, force: true });
});

const crash = (id: string, communityCode: string) => ({
  type: 'TrafficCrashReported', sourceRecordId: id, communityCode, occurredAt: '2025-03-01T08:00:00+08:00',
  deaths: 0, injuries: 1, vehicles: 2, roadType: 'URBAN_ROAD', cause: 'OTHER',
});

async function problem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await res.json()) as { errors: Array<{ index: number; path: string; message: string }> };
}

const committee = (pathAndQuery: string) =>
  fetch(`${t.baseUrl}/committee/v1${pathAndQuery}`, { headers: { authorization: `Bearer ${TEST_TOKENS.committeeNational}` } });

describe('division codes at the gateway', () => {
  it('refuses a community code in neither list, naming the field, and stores nothing of the batch', async () => {
    const head = await t.hub.store!.headPosition();
    const body = await problem(await publish(t.baseUrl, 'police', { events: [crash('DV-1', '610902001'), crash('DV-2', '999999999')] }), 400);
    expect(body.errors).toEqual([expect.objectContaining({ index: 1, path: 'communityCode' })]);
    expect(await t.hub.store!.headPosition()).toBe(head);
  });

  it('refuses a region code in neither list', async () => {
    const body = await problem(
      await publish(t.baseUrl, 'safety', { type: 'ControlIndicatorIssued', sourceRecordId: 'DV-CI', regionCode: '99', year: 2025, category: 'FIRE', cap: 3 }),
      400,
    );
    expect(body.errors).toEqual([expect.objectContaining({ index: 0, path: 'regionCode' })]);
  });

  it('accepts a code from HUB_EXTRA_DIVISIONS and names it in the committee API', async () => {
    expect((await publish(t.baseUrl, 'police', crash('DV-3', '610902990'))).status).toBe(202);
    expect((await publish(t.baseUrl, 'police', crash('DV-4', '610902003'))).status).toBe(202);
    await t.hub.projector!.catchUp();
    const { communities } = (await (await committee('/communities?region=610902')).json()) as { communities: Array<{ code: string; name: string }> };
    expect(communities.map((c) => [c.code, c.name])).toEqual([['610902003', '江北街道'], ['610902990', '新设街道']]);
  });
});

describe('division codes at the committee API', () => {
  it.each([
    ['/communities/999999999/overview', 'code'],
    ['/regions/99/summary', 'regionCode'],
    ['/regions/610999/summary', 'regionCode'],
    ['/communities?region=6199', 'region'],
    ['/hazards?region=999999999', 'region'],
    ['/designations?region=99', 'region'],
  ])('answers %s with 400 naming %s', async (route, param) => {
    const body = await problem(await committee(route), 400);
    expect(body.errors[0]!.path).toBe(param);
  });

  it('names every level of region in the summary', async () => {
    for (const [code, name] of [['61', '陕西省'], ['6109', '安康市'], ['610902', '汉滨区'], ['610902003', '江北街道']]) {
      const summary = (await (await committee(`/regions/${code}/summary`)).json()) as { region: { code: string; name: string } };
      expect(summary.region).toEqual({ code, name });
    }
  });
});
