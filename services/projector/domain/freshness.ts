/**
 * dataFreshness (docs/api/committee.md#community-overview): per agency, the latest receivedAt of its counted
 * records for the community, references to the community's records included.
 */
import { AGENCIES } from '../../kernel/agency';
import type { CommunityFacts, DataFreshness } from './types';

export function dataFreshness(community: CommunityFacts | undefined): DataFreshness {
  const freshness = {} as DataFreshness;
  for (const agency of AGENCIES) freshness[agency] = community?.latestReceivedAtByAgency[agency] ?? null;
  return freshness;
}
