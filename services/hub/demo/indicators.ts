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
  const heat = (c: Capped) => (deaths[c] > 0 ? deaths[c] / elapsed / Math.max(1, previous[c]) : -1);
  const hottest = CAPPED.reduce((a, b) => (heat(b) > heat(a) ? b : a));
  for (const c of CAPPED) {
    const plausible = Math.max(2, Math.round(previous[c] * 0.95));
    caps[c] = c === hottest ? overSchedule(Math.max(1, deaths[c]), elapsed, plausible) : withinSchedule(deaths[c], elapsed, plausible);
  }
  caps.ALL_ACCIDENTS = withinSchedule(all, elapsed, caps.PRODUCTION + caps.ROAD_TRAFFIC + caps.FIRE + 2);
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
