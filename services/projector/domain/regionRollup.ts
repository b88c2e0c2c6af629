/**
 * The region summary computed from per-community, per-year counters (the read model's agg rows)
 * instead of from every record: the same figures as regionSummary() over the folded facts, at a
 * cost that follows the number of communities, not the number of records.
 */
import { percentOneDecimal, ratePer100kOneDecimal } from '../../kernel/round';
import { yearOfDate } from '../../kernel/time';
import { casualtiesFromCounts, emptyCountsByCategory, type CountsByCategory } from './casualties';
import type { QueryClock } from './clock';
import { currentRegistration } from './community';
import { deathControl } from './deathControl';
import { designationFigure } from './designation';
import { DESIGNATION_LEVELS, zeroes } from './enums';
import { ZERO_DEATH_YEARS_TARGET } from './region';
import type { CommunityFacts, DesignationCounts, Facts, HazardSummary, RecordOf, RegionSummary } from './types';

export interface YearCounters {
  counts: CountsByCategory;
  /** Injury cases. */
  cases: number;
  /** Counted records naming the community dated in the year (see firstYear). */
  named: number;
}

/** What a region summary needs of one community that exists (some counted record names it). */
export interface CommunityRollup {
  code: string;
  /** The earliest year in which a counted record naming it is dated (its first year without a registration). */
  firstNamedYear: number | undefined;
  /** Production deaths over the zero-death window: the summary's year and the years just before it. */
  productionDeathsInWindow: number;
  /** The community's registrations and designation decisions (other record lists may be empty). */
  profile: CommunityFacts | undefined;
}

export interface RegionRollupInput {
  regionCode: string;
  year: number;
  clock: QueryClock;
  /** Every community of the region that exists (named by a counted record), any order. */
  communities: readonly CommunityRollup[];
  /** The counters of those communities summed over the region: the year and the year before. */
  current: YearCounters;
  previous: YearCounters;
  /** Hazards identified in the year, as they stand at asOf. */
  hazards: HazardSummary;
  /** Counted control indicators issued for the region (any year). */
  indicators: readonly RecordOf<'ControlIndicatorIssued'>[];
}

/** The first year of the zero-death window ending in `year`. */
export function zeroDeathWindowStart(year: number): number {
  return year - (ZERO_DEATH_YEARS_TARGET - 1);
}

/** The first year of a community: its registration's year, else the earliest year that names it. */
export function rollupFirstYear(rollup: CommunityRollup): number | undefined {
  const registration = currentRegistration(rollup.profile);
  return registration ? yearOfDate(registration.current.registeredOn) : rollup.firstNamedYear;
}

/** No production death in any year of the window, and the community existed in all of them (deaths are never negative). */
function productionDeathFree(rollup: CommunityRollup, year: number): boolean {
  const since = rollupFirstYear(rollup);
  return since !== undefined && since <= zeroDeathWindowStart(year) && rollup.productionDeathsInWindow === 0;
}

/** Per-year counters summed over communities (an empty list: zeroes). */
export function sumYearCounters(counters: Iterable<YearCounters>): YearCounters {
  const sum: YearCounters = { counts: emptyCountsByCategory(), cases: 0, named: 0 };
  for (const c of counters) {
    for (const category of Object.keys(sum.counts) as (keyof CountsByCategory)[]) {
      sum.counts[category].incidents += c.counts[category].incidents;
      sum.counts[category].deaths += c.counts[category].deaths;
      sum.counts[category].injuries += c.counts[category].injuries;
    }
    sum.cases += c.cases;
    sum.named += c.named;
  }
  return sum;
}

export function regionSummaryFromRollups(input: RegionRollupInput): RegionSummary {
  const { regionCode, year, clock, communities } = input;
  let population = 0;
  let zeroProductionDeaths = 0;
  const designations: DesignationCounts = { ...zeroes(DESIGNATION_LEVELS), dueForReEvaluation: 0, expired: 0 };
  for (const rollup of communities) {
    population += currentRegistration(rollup.profile)?.current.population ?? 0;
    if (productionDeathFree(rollup, year)) zeroProductionDeaths += 1;
    const designation = designationFigure(rollup.profile, clock);
    if (designation.status === 'DESIGNATED' && designation.level !== null) designations[designation.level] += 1;
    if (designation.reEvaluationDue) designations.dueForReEvaluation += 1;
    if (designation.status === 'EXPIRED') designations.expired += 1;
  }
  const regionCasualties = casualtiesFromCounts(input.current.counts, input.previous.counts);
  const cases = input.current.cases;
  const indicatorFacts = { controlIndicators: input.indicators } as unknown as Facts;
  return {
    region: { code: regionCode, name: null },
    year,
    asOf: clock.asOf.toISOString(),
    communities: communities.length,
    population,
    casualties: regionCasualties,
    deathControl: deathControl(indicatorFacts, regionCode, year, regionCasualties, clock),
    designations,
    zeroProductionDeaths3YearsPct: percentOneDecimal(zeroProductionDeaths, communities.length),
    hazards: input.hazards,
    injurySurveillance: { cases, ratePer100k: ratePer100kOneDecimal(cases, population) },
  };
}
