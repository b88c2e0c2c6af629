// The checks of the fixture's hand-worked figures (test/e2e/fixture.ts), shared by every test
// that feeds the fixture to a hub, whichever way the hub runs (embedded, distributed).
import { expect } from 'vitest';
import { REGION, addDays, expectedOverviewA } from './fixture';

/** The hub's local date (Asia/Shanghai), as the fixture's `today`. */
export const shanghaiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** The overview of community A, year 2025, against the hand-worked figures; `today` is the hub's local date. */
export function checkOverviewA(o: any, today: string) {
  const x = expectedOverviewA;
  expect(o.community).toEqual(x.community);
  expect(o.year).toBe(2025);
  expect(o.casualties).toEqual(x.casualties);
  expect(o.productionAccidentsByGrade).toEqual(x.productionAccidentsByGrade);
  expect(o.zeroDeathYears).toEqual(x.zeroDeathYears);
  expect(o.injurySurveillance).toEqual(x.injurySurveillance);
  expect(o.hazards).toEqual(x.hazards);
  expect(o.promotionProjects).toEqual(x.promotionProjects);
  expect(o.activities).toEqual(x.activities);
  expect(o.awareness.FIRE_SAFETY).toMatchObject(x.awarenessFireSafety);
  expect(o.designation).toMatchObject({ ...x.designation, validUntil: addDays(today, 100) });
  expect(o.designation.lastEvaluation).toMatchObject({ level: 'CITY', evaluatedOn: '2024-10-01', score: 85, maxScore: 100, result: 'PASS' });
  const met = Object.fromEntries(o.readiness.indicators.map((i: { id: string; met: boolean | null }) => [i.id, i.met]));
  const { met: metCount, total, ...indicators } = x.readiness;
  expect(met).toEqual(indicators);
  expect(o.readiness.met).toBe(metCount);
  expect(o.readiness.total).toBe(total);
  for (const i of o.readiness.indicators) expect(typeof i.evidence).toBe('string');
  expect(o.dataFreshness.transport).toBeNull();
  for (const agency of ['police', 'fire', 'health', 'safety']) expect(Date.parse(o.dataFreshness[agency])).not.toBeNaN();
  expect(o.provisional.records).toBe(x.provisionalRecords);
}

/** The summary of REGION, year 2025, against the hand-worked figures. */
export function checkRegion(r: any) {
  expect(r.region.code).toBe(REGION);
  expect(r.communities).toBe(2);
  expect(r.population).toBe(100000);
  expect(r.casualties.waterwayRail).toMatchObject({ incidents: 1, deaths: 1, injuries: 0 });
  expect(r.casualties.allAccidents).toMatchObject({ incidents: 6, deaths: 6, injuries: 11 });
  const control = Object.fromEntries(r.deathControl.map((d: any) => [d.category, d]));
  expect(control.ROAD_TRAFFIC).toEqual({ category: 'ROAD_TRAFFIC', cap: 1, deaths: 2, usedPct: 200, elapsedPct: 100, status: 'OVER_CAP' });
  expect(control.FIRE).toEqual({ category: 'FIRE', cap: 5, deaths: 0, usedPct: 0, elapsedPct: 100, status: 'WITHIN_SCHEDULE' });
  expect(control.PRODUCTION).toEqual({ category: 'PRODUCTION', cap: 4, deaths: 3, usedPct: 75, elapsedPct: 100, status: 'WITHIN_SCHEDULE' });
  expect(control.ALL_ACCIDENTS).toEqual({ category: 'ALL_ACCIDENTS', cap: 10, deaths: 6, usedPct: 60, elapsedPct: 100, status: 'WITHIN_SCHEDULE' });
  expect(r.designations).toEqual({ CITY: 1, PROVINCIAL: 0, NATIONAL: 0, INTERNATIONAL: 0, dueForReEvaluation: 1, expired: 1 });
  expect(r.zeroProductionDeaths3YearsPct).toBe(50);
  expect(r.hazards).toEqual(expectedOverviewA.hazards);
  expect(r.injurySurveillance).toEqual({ cases: 3, ratePer100k: 3 });
}
