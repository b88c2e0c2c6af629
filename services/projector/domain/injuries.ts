/**
 * Injury surveillance (docs/api/committee.md#community-overview): InjuryCaseReported with occurredAt in the year.
 * Every by-key map lists every enum value, zeros included.
 */
import { ratePer100kOneDecimal } from '../../kernel/round';
import { parseDate } from '../../kernel/time';
import type { QueryClock } from './clock';
import { AGE_GROUPS, INJURY_CAUSES, INJURY_INTENTS, INJURY_PLACES, SEXES, zeroes } from './enums';
import type { AgeGroup, CommunityFacts, InjurySurveillance } from './types';

export function ageGroup(ageYears: number): AgeGroup {
  if (ageYears < 15) return 'CHILD_0_14';
  if (ageYears < 25) return 'YOUTH_15_24';
  if (ageYears < 65) return 'ADULT_25_64';
  return 'ELDERLY_65_PLUS';
}

/** population: the registered population the rate is per; null gives a null rate. */
export function injurySurveillance(
  communities: readonly CommunityFacts[],
  year: number,
  clock: QueryClock,
  population: number | null,
): InjurySurveillance {
  const byCause = zeroes(INJURY_CAUSES);
  const byPlace = zeroes(INJURY_PLACES);
  const byIntent = zeroes(INJURY_INTENTS);
  const bySex = zeroes(SEXES);
  const byAgeGroup = zeroes(AGE_GROUPS);
  let cases = 0;
  let deaths = 0;
  for (const community of communities) {
    for (const { current } of community.records.InjuryCaseReported) {
      if (clock.localYear(current.occurredAt) !== year) continue;
      cases += 1;
      if (current.outcome === 'DIED') deaths += 1;
      byCause[current.cause] += 1;
      byPlace[current.place] += 1;
      byIntent[current.intent] += 1;
      bySex[current.sex] += 1;
      byAgeGroup[ageGroup(current.ageYears)] += 1;
    }
  }
  return {
    cases,
    deaths,
    ratePer100k: ratePer100kOneDecimal(cases, population),
    byCause,
    byPlace,
    byIntent,
    bySex,
    byAgeGroup,
  };
}

/** Local months (1-12) of the year in which at least one injury case occurred. */
export function injuryCaseMonths(community: CommunityFacts | undefined, year: number, clock: QueryClock): Set<number> {
  const months = new Set<number>();
  for (const { current } of community?.records.InjuryCaseReported ?? []) {
    const local = parseDate(clock.localDate(current.occurredAt));
    if (local.year === year) months.add(local.month);
  }
  return months;
}
