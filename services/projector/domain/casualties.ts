/**
 * Deaths and injuries per category with year-on-year change (docs/api/committee.md#community-overview):
 * records of the category whose occurredAt falls in the year (local date).
 */
import { percentOneDecimal } from '../../kernel/round';
import type { QueryClock } from './clock';
import { CASUALTY_CATEGORIES } from './enums';
import type { Casualties, CasualtyCategory, CasualtyCounts, CasualtyFigure, CommunityFacts } from './types';

/** The accident categories; public security cases are not accidents. */
export const ACCIDENT_CATEGORIES = [
  'production',
  'roadTraffic',
  'fire',
  'waterwayRail',
] as const satisfies readonly CasualtyCategory[];

export const CATEGORY_EVENT_TYPE = {
  production: 'ProductionAccidentReported',
  roadTraffic: 'TrafficCrashReported',
  fire: 'FireIncidentReported',
  waterwayRail: 'TransportAccidentReported',
  publicSecurity: 'PublicSecurityCaseRecorded',
} as const satisfies Record<CasualtyCategory, string>;

/** A community's counted records of a category. */
export function categoryRecords(community: CommunityFacts, category: CasualtyCategory) {
  return community.records[CATEGORY_EVENT_TYPE[category]];
}

export type CountsByCategory = Record<CasualtyCategory, CasualtyCounts>;

export function emptyCounts(): CasualtyCounts {
  return { incidents: 0, deaths: 0, injuries: 0 };
}

export function emptyCountsByCategory(): CountsByCategory {
  return {
    production: emptyCounts(),
    roadTraffic: emptyCounts(),
    fire: emptyCounts(),
    waterwayRail: emptyCounts(),
    publicSecurity: emptyCounts(),
  };
}

/** Counts of each category for several years in one pass over the records. */
export function countCasualties(
  communities: readonly CommunityFacts[],
  years: readonly number[],
  clock: QueryClock,
): Map<number, CountsByCategory> {
  const byYear = new Map<number, CountsByCategory>(years.map((year) => [year, emptyCountsByCategory()]));
  for (const community of communities) {
    for (const category of CASUALTY_CATEGORIES) {
      for (const { current } of categoryRecords(community, category)) {
        const counts = byYear.get(clock.localYear(current.occurredAt))?.[category];
        if (!counts) continue;
        counts.incidents += 1;
        counts.deaths += current.deaths;
        counts.injuries += current.injuries;
      }
    }
  }
  return byYear;
}

export function sumAccidents(counts: CountsByCategory): CasualtyCounts {
  const total = emptyCounts();
  for (const category of ACCIDENT_CATEGORIES) {
    total.incidents += counts[category].incidents;
    total.deaths += counts[category].deaths;
    total.injuries += counts[category].injuries;
  }
  return total;
}

/** (this - previous) / previous x 100, one decimal; null when the previous year is 0. */
export function changePct(current: number, previous: number): number | null {
  return percentOneDecimal(current - previous, previous);
}

function figure(current: CasualtyCounts, previousYear: CasualtyCounts): CasualtyFigure {
  return {
    ...current,
    previousYear: { ...previousYear },
    deathsChangePct: changePct(current.deaths, previousYear.deaths),
    injuriesChangePct: changePct(current.injuries, previousYear.injuries),
  };
}

/** The casualties block of 5.1 (and, summed over a region's communities, of 5.2). */
export function casualties(communities: readonly CommunityFacts[], year: number, clock: QueryClock): Casualties {
  const byYear = countCasualties(communities, [year, year - 1], clock);
  return casualtiesFromCounts(byYear.get(year) ?? emptyCountsByCategory(), byYear.get(year - 1) ?? emptyCountsByCategory());
}

/** The casualties block from the year's and the previous year's counts per category. */
export function casualtiesFromCounts(current: CountsByCategory, previous: CountsByCategory): Casualties {
  return {
    production: figure(current.production, previous.production),
    roadTraffic: figure(current.roadTraffic, previous.roadTraffic),
    fire: figure(current.fire, previous.fire),
    waterwayRail: figure(current.waterwayRail, previous.waterwayRail),
    publicSecurity: figure(current.publicSecurity, previous.publicSecurity),
    allAccidents: figure(sumAccidents(current), sumAccidents(previous)),
  };
}
