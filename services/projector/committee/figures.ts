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
import type { LogPoint, ProjectionQueries, QuerySource } from '../model/queries';

/** The committee's questions; each answer reads one snapshot of the read model (QuerySource). */
export interface CommitteeFigures {
  communityKnown(code: string, asOf: Date): Promise<boolean>;
  /** undefined when no event at or before asOf names the community (communityKnown false), in the same snapshot. */
  overview(code: string, year: number, asOf: Date): Promise<CommunityOverview | undefined>;
  summary(regionCode: string, year: number, asOf: Date): Promise<RegionSummary>;
  communities(regionCode: string, asOf: Date): Promise<CommunityRow[]>;
  hazards(regionCode: string, status: HazardStatusFilter, asOf: Date): Promise<HazardRow[]>;
  designations(regionCode: string, asOf: Date): Promise<DesignationRow[]>;
}

export interface FiguresDeps {
  /** Runs each answer in one read snapshot (SQLite: model/queries.ts, PostgreSQL: model/pg/queries.ts). */
  source: QuerySource;
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
  const { source, timeZone, readiness } = deps;
  const limit = deps.cacheEntries ?? 256;
  const byteLimit = deps.cacheBytes ?? 64 * 1024 * 1024;
  const cache = new Map<string, { value: unknown; bytes: number }>();
  let cachedBytes = 0;

  /**
   * Computes in one read snapshot, or for an earlier asOf takes from the cache (answers there
   * never change): the position the asOf stands for is read in the same snapshot as the answer.
   */
  function answer<T>(name: string, args: unknown[], asOf: Date, compute: (queries: ProjectionQueries, at: LogPoint) => Promise<T>): Promise<T> {
    return source.read(async (queries) => {
      const at = await queries.pointAt(asOf.getTime());
      if (at.latest) return compute(queries, at);
      const key = JSON.stringify([name, ...args, asOf.getTime(), at.position]);
      const hit = cache.get(key);
      if (hit) {
        cache.delete(key);
        cache.set(key, hit); // most recently used last
        return hit.value as T;
      }
      const value = await compute(queries, at);
      const bytes = key.length + (JSON.stringify(value)?.length ?? 0); // undefined: an unknown community
      if (bytes > byteLimit / 4) return value;
      // Answers run concurrently (PostgreSQL): another may have kept the same answer meanwhile.
      const kept = cache.get(key);
      if (kept) {
        cache.delete(key);
        cachedBytes -= kept.bytes;
      }
      cache.set(key, { value, bytes });
      cachedBytes += bytes;
      while (cache.size > limit || cachedBytes > byteLimit) {
        const [oldestKey, oldest] = cache.entries().next().value!;
        cache.delete(oldestKey);
        cachedBytes -= oldest.bytes;
      }
      return value;
    });
  }

  const profiles = async (queries: ProjectionQueries, regionCode: string, at: LogPoint) =>
    (await queries.rollups(regionCode, undefined, at)).communities.map(
      (rollup) =>
        rollup.profile ?? { code: rollup.code, records: emptyRecordsByType(), hazards: [], projects: [], latestReceivedAtByAgency: {} },
    );

  return {
    communityKnown(code, asOf) {
      return source.read(async (queries) => queries.communityKnown(code, await queries.pointAt(asOf.getTime())));
    },
    overview(code, year, asOf) {
      return answer('overview', [code, year], asOf, async (queries, at) => {
        if (!(await queries.communityKnown(code, at))) return undefined;
        const community = await queries.communityFacts(code, year, at);
        return communityOverview(factsOf(community ? [community] : []), { communityCode: code, year, asOf, timeZone, readiness });
      });
    },
    summary(regionCode, year, asOf) {
      return answer('summary', [regionCode, year], asOf, async (queries, at) => {
        const clock = queryClock(asOf, timeZone);
        const { communities, current, previous } = await queries.rollups(regionCode, year, at);
        return regionSummaryFromRollups({
          regionCode,
          year,
          clock,
          communities,
          current,
          previous,
          hazards: await queries.hazardSummary(regionCode, year, clock.asOfDate, at),
          indicators: await queries.indicators(regionCode, at),
        });
      });
    },
    communities(regionCode, asOf) {
      return answer('communities', [regionCode], asOf, async (queries, at) =>
        communityRows(factsOf(await profiles(queries, regionCode, at)), { regionCode, asOf, timeZone }),
      );
    },
    designations(regionCode, asOf) {
      return answer('designations', [regionCode], asOf, async (queries, at) =>
        designationRows(factsOf(await profiles(queries, regionCode, at)), { regionCode, asOf, timeZone }),
      );
    },
    hazards(regionCode, status, asOf) {
      return answer('hazards', [regionCode, status], asOf, async (queries, at) => {
        const byCommunity = new Map<string, CommunityFacts>();
        const profiles = await queries.profiles(regionCode, at); // the rows name the registered community
        // RECTIFIED is exactly "a counted rectification": the rows can be narrowed before decoding.
        const rectified = status === 'all' ? undefined : status === 'rectified';
        for (const hazard of await queries.hazards(regionCode, at, rectified)) {
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
