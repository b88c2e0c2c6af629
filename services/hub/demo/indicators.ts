// 控制指标: the yearly death caps the city issues for itself (6109) and the district
// (610902), each December for the coming year. In past years the caps sit a little above
// the deaths the district ended up with. In the current year the category running
// hottest against last year (at least one death so far; the accidents generator
// guarantees a production death) is OVER_SCHEDULE but not over its cap, and the others
// stay within the time schedule.

import type { ControlIndicatorIssuedBody } from '../../kernel/events.generated';
import { dayOfYmd, yearOfDay } from './calendar';
import { deliveredOnDay, elapsedShare, type DemoContext } from './context';
import { CITY_CODE, DISTRICT_CODE } from './district';
import { deathsByYear, type DeathCategory } from './fold';
import type { Rng } from './prng';
import type { Sink } from './sink';

type Category = ControlIndicatorIssuedBody['category'];
type Capped = Exclude<DeathCategory, 'WATERWAY_RAIL'>;

const CAPPED: readonly Capped[] = ['PRODUCTION', 'ROAD_TRAFFIC', 'FIRE'];
const SHORT: Record<Category, string> = { ALL_ACCIDENTS: 'ALL', PRODUCTION: 'PROD', ROAD_TRAFFIC: 'ROAD', FIRE: 'FIRE' };
/** The city's caps against the district's: roughly its population share. */
const CITY_FACTOR = 2.8;
const ZERO: Record<DeathCategory, number> = { PRODUCTION: 0, ROAD_TRAFFIC: 0, FIRE: 0, WATERWAY_RAIL: 0 };

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** A cap keeping `deaths` within the schedule, unless that would be implausibly far above `plausible`. */
function withinSchedule(deaths: number, elapsed: number, plausible: number): number {
  const needed = Math.ceil((deaths / elapsed) * 1.1) + 1;
  return needed <= 3 * Math.max(plausible, 1) ? Math.max(plausible, needed) : plausible;
}

/** A cap with deaths ahead of the schedule but not over the cap. */
function overSchedule(deaths: number, elapsed: number, plausible: number): number {
  return Math.max(deaths, Math.min(plausible, Math.floor((deaths / elapsed) * 0.85)));
}

/** The district's caps for `year` from its deaths that year and the year before. */
export function districtCaps(
  year: number,
  currentYear: number,
  elapsed: number,
  deaths: Record<DeathCategory, number>,
  previous: Record<DeathCategory, number>,
): Record<Category, number> {
  const caps = { ALL_ACCIDENTS: 0, PRODUCTION: 0, ROAD_TRAFFIC: 0, FIRE: 0 };
  const all = deaths.PRODUCTION + deaths.ROAD_TRAFFIC + deaths.FIRE + deaths.WATERWAY_RAIL;
  if (year < currentYear) {
    for (const c of CAPPED) caps[c] = Math.max(deaths[c] + 1, Math.ceil(deaths[c] * 1.15));
    caps.ALL_ACCIDENTS = caps.PRODUCTION + caps.ROAD_TRAFFIC + caps.FIRE + Math.max(2, deaths.WATERWAY_RAIL + 1);
    return caps;
  }
  // Try the categories running hottest against last year first (small counts damped), and
  // take the first whose over-schedule cap leaves every other category within schedule.
  const heat = (c: Capped) => deaths[c] / elapsed / Math.max(3, previous[c]);
  const candidates = CAPPED.filter((c) => deaths[c] > 0).sort((a, b) => heat(b) - heat(a));
  const plan = (hot: Capped | undefined) => {
    const planned = { ALL_ACCIDENTS: 0, PRODUCTION: 0, ROAD_TRAFFIC: 0, FIRE: 0 };
    for (const c of CAPPED) {
      const plausible = Math.max(2, Math.round(previous[c] * 0.95));
      planned[c] = c === hot ? overSchedule(deaths[c], elapsed, plausible) : withinSchedule(deaths[c], elapsed, plausible);
    }
    planned.ALL_ACCIDENTS = withinSchedule(all, elapsed, planned.PRODUCTION + planned.ROAD_TRAFFIC + planned.FIRE + 2);
    return planned;
  };
  const ahead = (planned: Record<Category, number>, c: Category) =>
    round1((c === 'ALL_ACCIDENTS' ? all : deaths[c]) / planned[c] * 100) > round1(elapsed * 100);
  const plans = candidates.map((hot) => ({ hot, planned: plan(hot) }));
  const clean = plans.find(({ hot, planned }) => (['ALL_ACCIDENTS', ...CAPPED] as const).every((c) => c === hot || !ahead(planned, c)));
  Object.assign(caps, (clean ?? plans[0])?.planned ?? plan(undefined));
  return caps;
}

export function generateControlIndicators(ctx: DemoContext, rng: Rng, sink: Sink): void {
  const byYear = deathsByYear(sink.drafts, (occurredAt) => yearOfDay(ctx.clock.dayOf(Date.parse(occurredAt))));
  const elapsed = elapsedShare(ctx);
  for (const year of ctx.years) {
    const deaths = byYear.get(year) ?? ZERO;
    const caps = districtCaps(year, ctx.currentYear, elapsed, deaths, byYear.get(year - 1) ?? deaths);
    const issuedOn = dayOfYmd(year - 1, 12, 20);
    for (const [regionCode, factor] of [[CITY_CODE, CITY_FACTOR], [DISTRICT_CODE, 1]] as const) {
      for (const category of ['ALL_ACCIDENTS', 'PRODUCTION', 'ROAD_TRAFFIC', 'FIRE'] as const) {
        sink.add('safety', {
          type: 'ControlIndicatorIssued',
          sourceRecordId: `AJ-ZB-${year}-${regionCode}-${SHORT[category]}`,
          revision: 1,
          regionCode,
          year,
          category,
          cap: Math.round(caps[category] * factor),
        }, deliveredOnDay(ctx, rng, issuedOn) ?? ctx.nowMs);
      }
    }
  }
}
