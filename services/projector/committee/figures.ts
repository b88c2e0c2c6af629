// The committee API's figures, read from the projection at the log position an asOf stands for.
// Latest answers read current rows; answers for an earlier asOf are exact for that position
// and, since they can never change, kept in a bounded cache.
import {
  communityOverview,
  communityRows,
  designationRows,
  hazardRows,
  type CommunityFacts,
  type CommunityOverview,
  type CommunityRow,
  type DesignationRow,
  type Facts,
  type HazardRow,
  type HazardStatusFilter,
  type ReadinessThresholds,
  type RegionSummary,
} from '../domain';
import { queryClock } from '../domain/clock';
import { emptyRecordsByType } from '../domain/facts';
import { regionSummaryFromRollups } from '../domain/regionRollup';
import type { LogPoint, ProjectionQueries } from '../model/queries';

export interface CommitteeFigures {
  communityKnown(code: string, asOf: Date): boolean;
  overview(code: string, year: number, asOf: Date): CommunityOverview;
  summary(regionCode: string, year: number, asOf: Date): RegionSummary;
  communities(regionCode: string, asOf: Date): CommunityRow[];
  hazards(regionCode: string, status: HazardStatusFilter, asOf: Date): HazardRow[];
  designations(regionCode: string, asOf: Date): DesignationRow[];
}

/** The same questions answered asynchronously: by this thread, or by the read-model worker. */
export type CommitteeFiguresAsync = {
  [K in keyof CommitteeFigures]: (...args: Parameters<CommitteeFigures[K]>) => Promise<ReturnType<CommitteeFigures[K]>>;
};

export function asAsync(figures: CommitteeFigures): CommitteeFiguresAsync {
  return {
    communityKnown: async (...args) => figures.communityKnown(...args),
    overview: async (...args) => figures.overview(...args),
    summary: async (...args) => figures.summary(...args),
    communities: async (...args) => figures.communities(...args),
    hazards: async (...args) => figures.hazards(...args),
    designations: async (...args) => figures.designations(...args),
  };
}

export interface FiguresDeps {
  queries: ProjectionQueries;
  timeZone: string;
  readiness: ReadinessThresholds;
  /** Answers for earlier asOf kept (default 256). */
  cacheEntries?: number;
  /**
   * Their total size (default 64 MiB), estimated as the length of their JSON; an answer larger than
   * a quarter of it (a province's whole hazard list at 10M events) is not kept.
   */
  cacheBytes?: number;
}

function factsOf(communities: Iterable<CommunityFacts>): Facts {
  return {
    records: new Map(),
    withdrawn: new Set(),
    communities: new Map([...communities].map((c) => [c.code, c])),
    controlIndicators: [],
  };
}

export function createCommitteeFigures(deps: FiguresDeps): CommitteeFigures {
  const { queries, timeZone, readiness } = deps;
  const limit = deps.cacheEntries ?? 256;
  const byteLimit = deps.cacheBytes ?? 64 * 1024 * 1024;
  const cache = new Map<string, { value: unknown; bytes: number }>();
  let cachedBytes = 0;

  /** Computes, or for an earlier asOf takes from the cache (answers there never change). */
  function answer<T>(name: string, args: unknown[], asOf: Date, compute: (at: LogPoint) => T): T {
    const at = queries.pointAt(asOf.getTime());
    if (at.latest) return compute(at);
    const key = JSON.stringify([name, ...args, asOf.getTime(), at.position]);
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit); // most recently used last
      return hit.value as T;
    }
    const value = compute(at);
    const bytes = key.length + JSON.stringify(value).length;
    if (bytes > byteLimit / 4) return value;
    cache.set(key, { value, bytes });
    cachedBytes += bytes;
    while (cache.size > limit || cachedBytes > byteLimit) {
      const [oldestKey, oldest] = cache.entries().next().value!;
      cache.delete(oldestKey);
      cachedBytes -= oldest.bytes;
    }
    return value;
  }

  const profiles = (regionCode: string, at: LogPoint) =>
    queries.rollups(regionCode, undefined, at).communities.map(
      (rollup) =>
        rollup.profile ?? { code: rollup.code, records: emptyRecordsByType(), hazards: [], projects: [], latestReceivedAtByAgency: {} },
    );

  return {
    communityKnown(code, asOf) {
      return queries.communityKnown(code, queries.pointAt(asOf.getTime()));
    },
    overview(code, year, asOf) {
      return answer('overview', [code, year], asOf, (at) => {
        const community = queries.communityFacts(code, year, at);
        return communityOverview(factsOf(community ? [community] : []), { communityCode: code, year, asOf, timeZone, readiness });
      });
    },
    summary(regionCode, year, asOf) {
      return answer('summary', [regionCode, year], asOf, (at) => {
        const clock = queryClock(asOf, timeZone);
        const { communities, current, previous } = queries.rollups(regionCode, year, at);
        return regionSummaryFromRollups({
          regionCode,
          year,
          clock,
          communities,
          current,
          previous,
          hazards: queries.hazardSummary(regionCode, year, clock.asOfDate, at),
          indicators: queries.indicators(regionCode, at),
        });
      });
    },
    communities(regionCode, asOf) {
      return answer('communities', [regionCode], asOf, (at) => communityRows(factsOf(profiles(regionCode, at)), { regionCode, asOf, timeZone }));
    },
    designations(regionCode, asOf) {
      return answer('designations', [regionCode], asOf, (at) =>
        designationRows(factsOf(profiles(regionCode, at)), { regionCode, asOf, timeZone }),
      );
    },
    hazards(regionCode, status, asOf) {
      return answer('hazards', [regionCode, status], asOf, (at) => {
        const byCommunity = new Map<string, CommunityFacts>();
        const profiles = queries.profiles(regionCode, at); // the rows name the registered community
        // RECTIFIED is exactly "a counted rectification": the rows can be narrowed before decoding.
        const rectified = status === 'all' ? undefined : status === 'rectified';
        for (const hazard of queries.hazards(regionCode, at, rectified)) {
          const code = hazard.hazard.current.communityCode;
          let community = byCommunity.get(code);
          if (!community) {
            const profile = profiles.get(code);
            community = { code, records: profile?.records ?? emptyRecordsByType(), hazards: [], projects: [], latestReceivedAtByAgency: {} };
            byCommunity.set(code, community);
          }
          (community.hazards as typeof hazard[]).push(hazard);
        }
        return hazardRows(factsOf(byCommunity.values()), { regionCode, status, asOf, timeZone });
      });
    },
  };
}
