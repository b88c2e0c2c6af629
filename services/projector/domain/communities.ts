/**
 * The communities list (docs/api/committee.md): every community registered or named by a counted
 * record, sorted by code. The designation status needs the asOf date (EXPIRED).
 */
import { queryClock } from './clock';
import { communitiesInRegion, communityInfo } from './community';
import { designationFigure } from './designation';
import type { CommunityRow, Facts, RegionListParams } from './types';

export function communityRows(facts: Facts, { regionCode, asOf, timeZone }: RegionListParams): CommunityRow[] {
  const clock = queryClock(asOf, timeZone);
  return communitiesInRegion(facts, regionCode).map((community) => {
    const { code, name, type, population } = communityInfo(community.code, community);
    const { level, status } = designationFigure(community, clock);
    return { code, name, type, population, designation: { level, status } };
  });
}
