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

export interface CommunityRollup {
  code: string;
  years: ReadonlyMap<number, YearCounters>;
  /** The community's registrations and designation decisions (other record lists may be empty). */
  profile: CommunityFacts | undefined;
}

export interface RegionRollupInput {
  regionCode: string;
  year: number;
  clock: QueryClock;
  /** Every community of the region that exists (named by a counted record), any order. */
  communities: readonly CommunityRollup[];
  /** Hazards identified in the year, as they stand at asOf. */
  hazards: HazardSummary;
  /** Counted control indicators issued for the region (any year). */
  indicators: readonly RecordOf<'ControlIndicatorIssued'>[];
}

/** The first year of a community: its registration's year, else the earliest year that names it. */
export function rollupFirstYear(rollup: CommunityRollup): number | undefined {
  const registration = currentRegistration(rollup.profile);
  if (registration) return yearOfDate(registration.current.registeredOn);
  let first: number | undefined;
  for (const [year, counters] of rollup.years) if (counters.named > 0 && (first === undefined || year < first)) first = year;
  return first;
}

function productionDeathFree(rollup: CommunityRollup, year: number): boolean {
  const since = rollupFirstYear(rollup);
  if (since === undefined || since > year - (ZERO_DEATH_YEARS_TARGET - 1)) return false;
  for (let y = year - (ZERO_DEATH_YEARS_TARGET - 1); y <= year; y += 1) {
    if ((rollup.years.get(y)?.counts.production.deaths ?? 0) > 0) return false;
  }
  return true;
}

function addCounts(into: CountsByCategory, from: CountsByCategory): void {
  for (const category of Object.keys(into) as (keyof CountsByCategory)[]) {
    into[category].incidents += from[category].incidents;
    into[category].deaths += from[category].deaths;
    into[category].injuries += from[category].injuries;
  }
}

export function regionSummaryFromRollups(input: RegionRollupInput): RegionSummary {
  const { regionCode, year, clock, communities } = input;
  const current = emptyCountsByCategory();
  const previous = emptyCountsByCategory();
  let population = 0;
  let cases = 0;
  let zeroProductionDeaths = 0;
  const designations: DesignationCounts = { ...zeroes(DESIGNATION_LEVELS), dueForReEvaluation: 0, expired: 0 };
  for (const rollup of communities) {
    const thisYear = rollup.years.get(year);
    if (thisYear) {
      addCounts(current, thisYear.counts);
      cases += thisYear.cases;
    }
    const lastYear = rollup.years.get(year - 1);
    if (lastYear) addCounts(previous, lastYear.counts);
    population += currentRegistration(rollup.profile)?.current.population ?? 0;
    if (productionDeathFree(rollup, year)) zeroProductionDeaths += 1;
    const designation = designationFigure(rollup.profile, clock);
    if (designation.status === 'DESIGNATED' && designation.level !== null) designations[designation.level] += 1;
    if (designation.reEvaluationDue) designations.dueForReEvaluation += 1;
    if (designation.status === 'EXPIRED') designations.expired += 1;
  }
  const regionCasualties = casualtiesFromCounts(current, previous);
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
