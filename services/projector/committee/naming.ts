// Names from the division list on what the committee API returns: every region carries its
// name (null when the code is in neither list), and a community that has not registered yet
// is called by its township's name. Pure functions over the domain's results.
import type { Divisions } from '../../kernel/divisions';
import type { CommunityOverview, CommunityRow, DesignationRow, HazardRow, RegionSummary } from '../domain';

export type DivisionNames = Pick<Divisions, 'nameOf'>;

export function withRegionName(summary: RegionSummary, divisions: DivisionNames): RegionSummary {
  return { ...summary, region: { ...summary.region, name: divisions.nameOf(summary.region.code) } };
}

/** Community list rows: the registered name, else the township's. */
export function withCommunityNameFallback(rows: readonly CommunityRow[], divisions: DivisionNames): CommunityRow[] {
  return rows.map((row) => (row.name !== null ? row : { ...row, name: divisions.nameOf(row.code) }));
}

export function withOverviewNameFallback(overview: CommunityOverview, divisions: DivisionNames): CommunityOverview {
  const { community } = overview;
  return community.name !== null ? overview : { ...overview, community: { ...community, name: divisions.nameOf(community.code) } };
}

export function withHazardCommunityNames(rows: readonly HazardRow[], divisions: DivisionNames): HazardRow[] {
  return rows.map((row) => (row.communityName !== null ? row : { ...row, communityName: divisions.nameOf(row.communityCode) }));
}

export function withDesignationNameFallback(rows: readonly DesignationRow[], divisions: DivisionNames): DesignationRow[] {
  return rows.map((row) => (row.name !== null ? row : { ...row, name: divisions.nameOf(row.communityCode) }));
}
