/** The region summary (docs/api/committee.md#region-summary): the 5.1 figures summed over the region's communities. */
import { percentOneDecimal, ratePer100kOneDecimal } from '../../kernel/round';
import { casualties } from './casualties';
import { queryClock } from './clock';
import { communitiesInRegion, currentRegistration } from './community';
import { deathControl } from './deathControl';
import { designationFigure } from './designation';
import { DESIGNATION_LEVELS, zeroes } from './enums';
import { hazardSummary } from './hazards';
import { injurySurveillance } from './injuries';
import type { DesignationCounts, Facts, RegionSummary, RegionSummaryParams } from './types';
import { zeroDeathYearsOf } from './zeroDeathYears';

export const ZERO_DEATH_YEARS_TARGET = 3;

export function regionSummary(facts: Facts, params: RegionSummaryParams): RegionSummary {
  const { regionCode, year } = params;
  const clock = queryClock(params.asOf, params.timeZone);
  const communities = communitiesInRegion(facts, regionCode);

  let population = 0;
  let zeroProductionDeaths = 0;
  const designations: DesignationCounts = { ...zeroes(DESIGNATION_LEVELS), dueForReEvaluation: 0, expired: 0 };
  for (const community of communities) {
    population += currentRegistration(community)?.current.population ?? 0;
    if (zeroDeathYearsOf(community, 'production', year, clock) >= ZERO_DEATH_YEARS_TARGET) zeroProductionDeaths += 1;
    const designation = designationFigure(community, clock);
    if (designation.status === 'DESIGNATED' && designation.level !== null) designations[designation.level] += 1;
    if (designation.reEvaluationDue) designations.dueForReEvaluation += 1;
    if (designation.status === 'EXPIRED') designations.expired += 1;
  }

  const regionCasualties = casualties(communities, year, clock);
  // Cases of every community over the registered population of the region.
  const injuries = injurySurveillance(communities, year, clock, null);
  return {
    region: { code: regionCode, name: null },
    year,
    asOf: clock.asOf.toISOString(),
    communities: communities.length,
    population,
    casualties: regionCasualties,
    deathControl: deathControl(facts, regionCode, year, regionCasualties, clock),
    designations,
    zeroProductionDeaths3YearsPct: percentOneDecimal(zeroProductionDeaths, communities.length),
    hazards: hazardSummary(communities, year, clock),
    injurySurveillance: { cases: injuries.cases, ratePer100k: ratePer100kOneDecimal(injuries.cases, population) },
  };
}
