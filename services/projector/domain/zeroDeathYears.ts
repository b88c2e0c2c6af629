/**
 * zeroDeathYears (docs/api/committee.md#community-overview): consecutive calendar years ending at `year` with no
 * death in the category, counting back no further than the community's first year.
 */
import { categoryRecords } from './casualties';
import type { QueryClock } from './clock';
import { firstYear } from './community';
import { CASUALTY_CATEGORIES } from './enums';
import type { CasualtyCategory, CommunityFacts, ZeroDeathYears } from './types';

/** The run of death-free years for one category; 0 before the community's first year. */
export function zeroDeathYearsOf(
  community: CommunityFacts | undefined,
  category: CasualtyCategory,
  year: number,
  clock: QueryClock,
  sinceYear: number | undefined = firstYear(community, clock),
): number {
  if (!community || sinceYear === undefined || sinceYear > year) return 0;
  // The run ends at the latest year, up to `year`, that had a death.
  let lastDeathYear = sinceYear - 1;
  for (const { current } of categoryRecords(community, category)) {
    if (current.deaths === 0) continue;
    const deathYear = clock.localYear(current.occurredAt);
    if (deathYear <= year && deathYear > lastDeathYear) lastDeathYear = deathYear;
  }
  return year - lastDeathYear;
}

export function zeroDeathYears(community: CommunityFacts | undefined, year: number, clock: QueryClock): ZeroDeathYears {
  const sinceYear = firstYear(community, clock);
  const result = {} as ZeroDeathYears;
  for (const category of CASUALTY_CATEGORIES) {
    result[category] = zeroDeathYearsOf(community, category, year, clock, sinceYear);
  }
  return result;
}
