/**
 * Death control indicators against time-schedule progress (docs/api/committee.md#region-summary,
 * docs/architecture.md).
 */
import { percentOneDecimal, roundOneDecimal } from '../../kernel/round';
import { dayOfYear, daysInYear } from '../../kernel/time';
import type { QueryClock } from './clock';
import { CONTROL_CATEGORIES, type ControlCategory } from './enums';
import { compareStrings } from './ordering';
import type { Casualties, DeathControlEntry, DeathControlStatus, Facts } from './types';

/** Share of the year elapsed at the asOf date (Jan 1 counts as one day), one decimal. */
export function elapsedPct(year: number, clock: QueryClock): number {
  if (year < clock.asOfYear) return 100;
  if (year > clock.asOfYear) return 0;
  return roundOneDecimal((dayOfYear(clock.asOfDate) * 100) / daysInYear(year));
}

const CATEGORY_DEATHS: Record<ControlCategory, (c: Casualties) => number> = {
  ALL_ACCIDENTS: (c) => c.allAccidents.deaths,
  PRODUCTION: (c) => c.production.deaths,
  ROAD_TRAFFIC: (c) => c.roadTraffic.deaths,
  FIRE: (c) => c.fire.deaths,
};

export function deathControlStatus(deaths: number, cap: number, usedPct: number | null, elapsed: number): DeathControlStatus {
  if (deaths > cap) return 'OVER_CAP';
  if (usedPct !== null && usedPct > elapsed) return 'OVER_SCHEDULE';
  return 'WITHIN_SCHEDULE';
}

/**
 * One entry per counted ControlIndicatorIssued for exactly this region code and year,
 * in category order, then by issuing record. Deaths come from the region's casualties.
 */
export function deathControl(
  facts: Facts,
  regionCode: string,
  year: number,
  regionCasualties: Casualties,
  clock: QueryClock,
): DeathControlEntry[] {
  const elapsed = elapsedPct(year, clock);
  return facts.controlIndicators
    .filter(({ current }) => current.regionCode === regionCode && current.year === year)
    .sort(
      (a, b) =>
        CONTROL_CATEGORIES.indexOf(a.current.category) - CONTROL_CATEGORIES.indexOf(b.current.category) ||
        compareStrings(a.key, b.key),
    )
    .map(({ current: { category, cap } }) => {
      const deaths = CATEGORY_DEATHS[category](regionCasualties);
      const usedPct = percentOneDecimal(deaths, cap);
      return { category, cap, deaths, usedPct, elapsedPct: elapsed, status: deathControlStatus(deaths, cap, usedPct, elapsed) };
    });
}
