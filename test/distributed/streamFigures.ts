// Asserts that a hub's committee API shows exactly the figures a buildStream stream must
// produce (per community and for the region), and that nothing was dead-lettered.
import { expect } from 'vitest';
import type { CommunityFigures } from './streams';
import { getJson, metricSum } from './support';

export async function expectStreamFigures(baseUrl: string, expected: ReadonlyMap<string, CommunityFigures>, communities: readonly string[]): Promise<void> {
  for (const code of communities) {
    const want = expected.get(code)!;
    const o = await getJson(baseUrl, `/committee/v1/communities/${code}/overview?year=2025`);
    expect(o.injurySurveillance.cases, code).toBe(want.injuryCases);
    expect(o.casualties.roadTraffic, code).toMatchObject(want.roadTraffic);
    expect(o.casualties.fire, code).toMatchObject({ incidents: want.fire.incidents, deaths: 0, injuries: want.fire.injuries });
    expect(o.activities.DRILL, code).toEqual({ count: want.drills.count, participants: want.drills.participants, materials: 0 });
  }
  const region = await getJson(baseUrl, `/committee/v1/regions/610902/summary?year=2025`);
  const all = [...expected.values()];
  expect(region.injurySurveillance.cases).toBe(all.reduce((n, f) => n + f.injuryCases, 0));
  expect(region.casualties.allAccidents).toMatchObject({
    incidents: all.reduce((n, f) => n + f.roadTraffic.incidents + f.fire.incidents, 0),
    deaths: all.reduce((n, f) => n + f.roadTraffic.deaths, 0),
    injuries: all.reduce((n, f) => n + f.roadTraffic.injuries + f.fire.injuries, 0),
  });
  // Nothing was dead-lettered on the way.
  expect(await metricSum(baseUrl, 'hub_events_deadlettered_total')).toBe(0);
}
