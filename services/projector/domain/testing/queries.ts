/** Test-only shorthands for running a figure at a fixed instant in Asia/Shanghai. */
import { queryClock, type QueryClock } from '../clock';
import { communityOverview } from '../overview';
import { DEFAULT_READINESS } from '../readiness';
import { regionSummary } from '../region';
import type { CommunityOverview, CommunityOverviewParams, Facts, RegionSummary, RegionSummaryParams } from '../types';
import { COMMUNITY } from './builders';

export const TIME_ZONE = 'Asia/Shanghai';
/** 2025-06-15 12:00 in Shanghai. */
export const AS_OF = new Date('2025-06-15T04:00:00.000Z');

export function clockAt(asOf: Date | string = AS_OF): QueryClock {
  return queryClock(new Date(asOf), TIME_ZONE);
}

export function overviewOf(facts: Facts, overrides: Partial<CommunityOverviewParams> = {}): CommunityOverview {
  return communityOverview(facts, {
    communityCode: COMMUNITY,
    year: 2025,
    asOf: AS_OF,
    timeZone: TIME_ZONE,
    readiness: DEFAULT_READINESS,
    ...overrides,
  });
}

export function summaryOf(facts: Facts, overrides: Partial<RegionSummaryParams> = {}): RegionSummary {
  return regionSummary(facts, { regionCode: '610902', year: 2025, asOf: AS_OF, timeZone: TIME_ZONE, ...overrides });
}
