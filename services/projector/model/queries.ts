// Reads of the projection for the committee API. Every read is "as of" a log position P: the
// versions with start_pos <= P < end_pos. The latest position reads only current rows (and agg);
// an earlier one reads agg as a snapshot plus the versions that started or ended since it.
// The statements are a backend's (QueryRows: SQLite here, PostgreSQL in pg/queries.ts); what is
// made of their rows is shared (projectionQueriesOver), so both backends answer alike.
import type Database from 'better-sqlite3';
import { percentOneDecimal } from '../../kernel/round';
import type { CountsByCategory } from '../domain/casualties';
import { emptyRecordsByType } from '../domain/facts';
import { sumYearCounters, zeroDeathWindowStart, type CommunityRollup, type YearCounters } from '../domain/regionRollup';
import type {
  CommunityEventType,
  CommunityFacts,
  HazardFacts,
  HazardSummary,
  ProjectFacts,
  RecordOf,
  RecordState,
} from '../domain/types';
import type { Agency } from '../../kernel/agency';
import { AGG_COLUMNS, AGG_INDEX, contributions, recordStateOf, type EntityFacts, type EntityRow } from './entities';

/** What a region summary reads of agg (see CommunityRollup). */
export interface RegionRollups {
  communities: CommunityRollup[];
  /** Sums over `communities` of the summary's year and the year before (zeroes without a year). */
  current: YearCounters;
  previous: YearCounters;
}

/** A log position to read at; `latest` reads the current rows. */
export interface LogPoint {
  position: number;
  latest: boolean;
}

/** What region-wide answers need of each community: who it is and its designation (not its evaluations). */
const PROFILE_KINDS = ['CommunityRegistered', 'CommunityDesignated', 'DesignationRevoked'] as const;

/** The columns of entity_versions the queries read (community rows: the community is set). */
export type VersionRow = Pick<EntityRow, 'kind' | 'year' | 'named_year' | 'deaths' | 'injuries' | 'agency' | 'latest_received_ms' | 'latest_received_at' | 'facts'> & {
  community: string;
};

export interface ProjectionQueries {
  /** The log position an asOf instant (epoch ms) stands for. */
  pointAt(asOfMs: number): Promise<LogPoint>;
  /** Whether any event at or before the point named the community (counted or not). */
  communityKnown(code: string, at: LogPoint): Promise<boolean>;
  /** What a community overview needs of the year (and the year before); undefined when nothing counts. */
  communityFacts(code: string, year: number, at: LogPoint): Promise<CommunityFacts | undefined>;
  /**
   * The region's communities that exist at the point (named by a counted record), sorted by code,
   * with their profiles; for a summary `year`, also their zero-death window and the region's sums.
   */
  rollups(regionCode: string, year: number | undefined, at: LogPoint): Promise<RegionRollups>;
  hazardSummary(regionCode: string, year: number, asOfDate: string, at: LogPoint): Promise<HazardSummary>;
  /**
   * The region's hazards at the point; `rectified` keeps only those with (true) or without (false)
   * a counted rectification, the line between RECTIFIED and OPEN/OVERDUE.
   */
  hazards(regionCode: string, at: LogPoint, rectified?: boolean): Promise<HazardFacts[]>;
  /** Registrations and designation records of the region's communities, by community. */
  profiles(regionCode: string, at: LogPoint): Promise<Map<string, CommunityFacts>>;
  indicators(regionCode: string, at: LogPoint): Promise<RecordOf<'ControlIndicatorIssued'>[]>;
}

/** Community codes are digits: every code starting with `prefix` lies in [prefix, prefix + ':'). */
export function prefixRange(prefix: string): { lo: string; hi: string } {
  if (!/^\d*$/.test(prefix)) throw new RangeError(`a region prefix is digits only: ${prefix}`);
  return { lo: prefix, hi: `${prefix}:` };
}

/**
 * The rows the queries read, one method per statement: what a backend (SQLite here, PostgreSQL in
 * pg/queries.ts) provides. Ranges are [lo, hi) of community codes; `at` picks the latest or the
 * earlier form of a statement. Integers come back as numbers, absent values as null/undefined.
 */
export interface QueryRows {
  /**
   * `last`: the last position of log_times, undefined when empty; `at`: the last position recorded
   * at or before the instant, undefined when none (one statement: every answer starts with it).
   */
  points(asOfMs: number): Promise<{ last: number | undefined; at: number | undefined }>;
  firstSeen(code: string): Promise<number | undefined>;
  /** Every version of the community at the point; facts only where kind != 'ref' and (year null, year or year - 1, or deaths). */
  communityRows(code: string, year: number, at: LogPoint): Promise<VersionRow[]>;
  /** Latest agg: communities of the range named at all, by code, with their first named year and production deaths in [from, y]. */
  communitiesLatest(
    lo: string,
    hi: string,
    from: number | null,
    y: number | null,
  ): Promise<{ community: string; first_named_year: number | null; window_deaths: number | null }[]>;
  /** Latest agg summed over the range's named communities for years y and y - 1: [year, ...AGG_COLUMNS]. */
  sumsLatest(lo: string, hi: string, y: number): Promise<unknown[][]>;
  /** The last agg snapshot at or before p, null when none. */
  snapshotAt(p: number): Promise<number | null>;
  /** [community, year, ...AGG_COLUMNS] of the snapshot at s. */
  aggSnapshot(s: number, lo: string, hi: string): Promise<unknown[][]>;
  /** Versions with s < start_pos <= p (versionsEnded: s < end_pos <= p). */
  versionsStarted(s: number, p: number, lo: string, hi: string): Promise<VersionRow[]>;
  versionsEnded(s: number, p: number, lo: string, hi: string): Promise<VersionRow[]>;
  profileRows(kind: string, lo: string, hi: string, at: LogPoint): Promise<{ kind: string; community: string; facts: string }[]>;
  /** Hazards of the range; `rectified` null for all, else 1 or 0. */
  hazardRows(lo: string, hi: string, at: LogPoint, rectified: 0 | 1 | null): Promise<{ facts: string }[]>;
  hazardCounts(
    year: number,
    lo: string,
    hi: string,
    asOfDate: string,
    at: LogPoint,
  ): Promise<{ identified: number; rectified: number | null; overdue: number | null; majorOpen: number | null }>;
  indicatorRows(regionCode: string, at: LogPoint): Promise<{ facts: string }[]>;
}

/**
 * Where the committee's answers read: read() runs one answer inside one read snapshot (a SQLite
 * read transaction, a PostgreSQL REPEATABLE READ one), so every statement of the answer sees the
 * same committed pages of the projection.
 */
export interface QuerySource {
  read<T>(answer: (queries: ProjectionQueries) => Promise<T>): Promise<T>;
}

/**
 * The SQLite source: each answer inside BEGIN (deferred) … COMMIT on `db`, one answer at a time
 * (two answers started together must not nest a BEGIN). The statements are synchronous, so an
 * answer holds the connection only between macrotasks: the projector's writes on the same
 * connection (the in-thread service) never fall inside it.
 */
export function sqliteQuerySource(db: Database.Database, queries: ProjectionQueries): QuerySource {
  let queue: Promise<unknown> = Promise.resolve();
  const run = async <T>(answer: (queries: ProjectionQueries) => Promise<T>): Promise<T> => {
    db.exec('BEGIN');
    try {
      const value = await answer(queries);
      db.exec('COMMIT');
      return value;
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  };
  return {
    read(answer) {
      const result = queue.then(() => run(answer));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}

export function createProjectionQueries(db: Database.Database): ProjectionQueries {
  return projectionQueriesOver(sqliteRows(db));
}

/** The SQLite statements (prepared once) behind QueryRows. */
function sqliteRows(db: Database.Database): QueryRows {
  const valid = (latest: boolean) => (latest ? 'end_pos IS NULL' : 'start_pos <= @p AND (end_pos IS NULL OR end_pos > @p)');
  const both = <T>(make: (latest: boolean) => T) => ({ latest: make(true), past: make(false) });
  const pick = <T>(pair: { latest: T; past: T }, at: LogPoint) => (at.latest ? pair.latest : pair.past);

  const lastPoint = db.prepare<[], number>('SELECT pos FROM log_times ORDER BY recorded_ms DESC, pos DESC LIMIT 1').pluck();
  const pointAtMs = db
    .prepare<[number], number>('SELECT pos FROM log_times WHERE recorded_ms <= ? ORDER BY recorded_ms DESC, pos DESC LIMIT 1')
    .pluck();
  const seen = db.prepare<[string], number>('SELECT first_pos FROM communities_seen WHERE code = ?').pluck();

  const communityRows = both((latest) =>
    db.prepare<Record<string, unknown>, VersionRow>(
      `SELECT kind, community, year, named_year, deaths, injuries, agency, latest_received_ms, latest_received_at,
              CASE WHEN kind != 'ref' AND (year IS NULL OR year IN (@y, @y1) OR deaths > 0) THEN facts END AS facts
         FROM entity_versions WHERE community = @c AND ${valid(latest)}`,
    ),
  );
  // Latest region summaries sum agg inside SQLite: one row per existing community and two rows
  // of sums, instead of every community-year row folded in JavaScript.
  const existing = `SELECT community FROM agg WHERE community >= @lo AND community < @hi GROUP BY community HAVING SUM(named) > 0`;
  const communitiesLatest = db.prepare<Record<string, unknown>, { community: string; first_named_year: number | null; window_deaths: number | null }>(
    `SELECT community, MIN(CASE WHEN named > 0 THEN year END) AS first_named_year,
            SUM(CASE WHEN year >= @from AND year <= @y THEN deaths_production ELSE 0 END) AS window_deaths
       FROM agg WHERE community >= @lo AND community < @hi
      GROUP BY community HAVING SUM(named) > 0 ORDER BY community`,
  );
  const sumsLatest = db.prepare<Record<string, unknown>, unknown[]>(
    `SELECT year, ${AGG_COLUMNS.map((c) => `SUM(${c})`).join(', ')} FROM agg
      WHERE community >= @lo AND community < @hi AND year IN (@y, @y1) AND community IN (${existing})
      GROUP BY year`,
  );
  sumsLatest.raw(true);
  const snapshotAt = db.prepare<[number], number | null>('SELECT MAX(pos) FROM agg_snapshots WHERE pos <= ?').pluck();
  const aggSnapshot = db.prepare<Record<string, unknown>, unknown[]>(
    `SELECT community, year, ${AGG_COLUMNS.join(', ')} FROM agg_snapshots
      WHERE pos = @s AND community >= @lo AND community < @hi`,
  );
  aggSnapshot.raw(true);
  const versionsStarted = db.prepare<Record<string, unknown>, VersionRow>(
    `SELECT kind, community, year, named_year, deaths, injuries FROM entity_versions
      WHERE start_pos > @s AND start_pos <= @p AND community >= @lo AND community < @hi`,
  );
  const versionsEnded = db.prepare<Record<string, unknown>, VersionRow>(
    `SELECT kind, community, year, named_year, deaths, injuries FROM entity_versions
      WHERE end_pos > @s AND end_pos <= @p AND community >= @lo AND community < @hi`,
  );
  const profileRows = both((latest) =>
    db.prepare<Record<string, unknown>, { kind: string; community: string; facts: string }>(
      `SELECT kind, community, facts FROM entity_versions
        WHERE kind = @kind AND community >= @lo AND community < @hi AND ${valid(latest)}`,
    ),
  );
  const hazardRows = both((latest) =>
    db.prepare<Record<string, unknown>, { facts: string }>(
      `SELECT facts FROM entity_versions
        WHERE kind = 'HazardIdentified' AND community >= @lo AND community < @hi AND ${valid(latest)}
          AND (@r IS NULL OR rectified = @r)`,
    ),
  );
  const hazardCounts = both((latest) =>
    db.prepare<Record<string, unknown>, { identified: number; rectified: number | null; overdue: number | null; majorOpen: number | null }>(
      `SELECT COUNT(*) AS identified, SUM(rectified) AS rectified,
              SUM(rectified = 0 AND rectify_by < @date) AS overdue, SUM(rectified = 0 AND major = 1) AS majorOpen
         FROM entity_versions
        WHERE kind = 'HazardIdentified' AND year = @y AND community >= @lo AND community < @hi AND ${valid(latest)}`,
    ),
  );
  const indicatorRows = both((latest) =>
    db.prepare<Record<string, unknown>, { facts: string }>(
      `SELECT facts FROM entity_versions WHERE region = @r AND kind = 'ControlIndicatorIssued' AND ${valid(latest)}`,
    ),
  );

  return {
    points: async (asOfMs) => ({ last: lastPoint.get(), at: pointAtMs.get(asOfMs) }),
    firstSeen: async (code) => seen.get(code),
    communityRows: async (code, year, at) => pick(communityRows, at).all({ c: code, y: year, y1: year - 1, p: at.position }),
    communitiesLatest: async (lo, hi, from, y) => communitiesLatest.all({ lo, hi, from, y }),
    sumsLatest: async (lo, hi, y) => sumsLatest.all({ lo, hi, y, y1: y - 1 }),
    snapshotAt: async (p) => snapshotAt.get(p) ?? null,
    aggSnapshot: async (s, lo, hi) => aggSnapshot.all({ s, lo, hi }),
    versionsStarted: async (s, p, lo, hi) => versionsStarted.all({ s, p, lo, hi }),
    versionsEnded: async (s, p, lo, hi) => versionsEnded.all({ s, p, lo, hi }),
    profileRows: async (kind, lo, hi, at) => pick(profileRows, at).all({ kind, lo, hi, p: at.position }),
    hazardRows: async (lo, hi, at, r) => pick(hazardRows, at).all({ lo, hi, p: at.position, r }),
    hazardCounts: async (y, lo, hi, date, at) => pick(hazardCounts, at).get({ y, lo, hi, date, p: at.position })!,
    indicatorRows: async (r, at) => pick(indicatorRows, at).all({ r, p: at.position }),
  };
}

/** The committee's reads over a backend's rows: what both backends answer alike. */
export function projectionQueriesOver(rows: QueryRows): ProjectionQueries {
  const recordsOf = (facts: string | null): { facts: EntityFacts; state: RecordState } | undefined => {
    if (facts === null) return undefined;
    const parsed = JSON.parse(facts) as EntityFacts;
    return { facts: parsed, state: recordStateOf(parsed.r) };
  };

  function counters(values: readonly unknown[], offset: number): YearCounters {
    const n = (column: string) => Number(values[offset + AGG_INDEX[column]!] ?? 0);
    const counts: CountsByCategory = {
      production: { incidents: n('inc_production'), deaths: n('deaths_production'), injuries: n('inj_production') },
      roadTraffic: { incidents: n('inc_road'), deaths: n('deaths_road'), injuries: n('inj_road') },
      fire: { incidents: n('inc_fire'), deaths: n('deaths_fire'), injuries: n('inj_fire') },
      waterwayRail: { incidents: n('inc_waterway'), deaths: n('deaths_waterway'), injuries: n('inj_waterway') },
      publicSecurity: { incidents: n('inc_security'), deaths: n('deaths_security'), injuries: n('inj_security') },
    };
    return { counts, cases: n('cases'), named: n('named') };
  }

  /** agg rows of the range at an earlier point: community -> year -> counter values. */
  async function aggAt(lo: string, hi: string, at: LogPoint): Promise<Map<string, Map<number, number[]>>> {
    const out = new Map<string, Map<number, number[]>>();
    const row = (community: string, year: number) => {
      let years = out.get(community);
      if (!years) out.set(community, (years = new Map()));
      let values = years.get(year);
      if (!values) years.set(year, (values = AGG_COLUMNS.map(() => 0)));
      return values;
    };
    const addRaw = (raw: unknown[]) => {
      const community = raw[0] as string;
      if (community === '') return; // a snapshot's position marker
      const values = row(community, raw[1] as number);
      for (let i = 0; i < AGG_COLUMNS.length; i += 1) values[i]! += Number(raw[i + 2] ?? 0);
    };
    const snapshot = await rows.snapshotAt(at.position);
    const s = snapshot ?? -1;
    if (snapshot !== null) for (const raw of await rows.aggSnapshot(s, lo, hi)) addRaw(raw);
    const apply = (versions: VersionRow[], sign: 1 | -1) => {
      for (const version of versions) {
        for (const c of contributions(version)) row(c.community, c.year)[c.column]! += sign * c.value;
      }
    };
    apply(await rows.versionsStarted(s, at.position, lo, hi), 1);
    apply(await rows.versionsEnded(s, at.position, lo, hi), -1);
    return out;
  }

  async function profiles(lo: string, hi: string, at: LogPoint): Promise<Map<string, Map<string, RecordState[]>>> {
    const out = new Map<string, Map<string, RecordState[]>>();
    for (const kind of PROFILE_KINDS) {
      for (const row of await rows.profileRows(kind, lo, hi, at)) {
        let kinds = out.get(row.community);
        if (!kinds) out.set(row.community, (kinds = new Map()));
        const list = kinds.get(kind) ?? [];
        list.push(recordsOf(row.facts)!.state);
        kinds.set(kind, list);
      }
    }
    return out;
  }

  function profileFacts(code: string, kinds: Map<string, RecordState[]> | undefined): CommunityFacts | undefined {
    if (!kinds) return undefined;
    const records = emptyRecordsByType();
    for (const [kind, list] of kinds) (records[kind as CommunityEventType] as RecordState[]).push(...list);
    return { code, records, hazards: [], projects: [], latestReceivedAtByAgency: {} };
  }

  return {
    async pointAt(asOfMs) {
      const { last, at } = await rows.points(asOfMs);
      if (last === undefined) return { position: 0, latest: true };
      const position = at ?? 0;
      return { position, latest: position >= last };
    },
    async communityKnown(code, at) {
      const first = await rows.firstSeen(code);
      return first !== undefined && (at.latest || first <= at.position);
    },
    async communityFacts(code, year, at) {
      const versions = await rows.communityRows(code, year, at);
      const records = emptyRecordsByType();
      const hazards: HazardFacts[] = [];
      const projects: ProjectFacts[] = [];
      const freshest = new Map<string, { ms: number; at: string }>();
      let firstYear: number | undefined;
      let named = false;
      for (const row of versions) {
        const known = freshest.get(row.agency);
        if (!known || row.latest_received_ms > known.ms) freshest.set(row.agency, { ms: row.latest_received_ms, at: row.latest_received_at });
        if (row.kind === 'ref') continue;
        named = true;
        if (row.named_year !== null && (firstYear === undefined || row.named_year < firstYear)) firstYear = row.named_year;
        const loaded = recordsOf(row.facts);
        if (!loaded) continue;
        (records[row.kind as CommunityEventType] as RecordState[]).push(loaded.state);
        if (row.kind === 'HazardIdentified') {
          hazards.push({
            hazard: loaded.state as RecordOf<'HazardIdentified'>,
            extensions: (loaded.facts.ext ?? []).map(recordStateOf) as RecordOf<'HazardRectificationExtended'>[],
            rectifications: (loaded.facts.rect ?? []).map(recordStateOf) as RecordOf<'HazardRectified'>[],
          });
        } else if (row.kind === 'PromotionProjectRegistered') {
          projects.push({
            project: loaded.state as RecordOf<'PromotionProjectRegistered'>,
            evaluations: (loaded.facts.ev ?? []).map(recordStateOf) as RecordOf<'PromotionProjectEvaluated'>[],
          });
        }
      }
      if (!named) return undefined;
      const latestReceivedAtByAgency: Partial<Record<Agency, string>> = {};
      for (const [agency, { at: receivedAt }] of freshest) latestReceivedAtByAgency[agency as Agency] = receivedAt;
      return { code, records, hazards, projects, latestReceivedAtByAgency, firstYearHint: firstYear };
    },
    async rollups(regionCode, year, at) {
      const { lo, hi } = prefixRange(regionCode);
      const byCommunity = await profiles(lo, hi, at);
      const rollup = (code: string, firstNamedYear: number | undefined, productionDeathsInWindow: number): CommunityRollup => ({
        code,
        firstNamedYear,
        productionDeathsInWindow,
        profile: profileFacts(code, byCommunity.get(code)),
      });
      const from = year === undefined ? null : zeroDeathWindowStart(year);
      if (at.latest) {
        const communities = (await rows.communitiesLatest(lo, hi, from, year ?? null)).map((row) =>
          rollup(row.community, row.first_named_year ?? undefined, Number(row.window_deaths ?? 0)),
        );
        const sums = new Map<number, YearCounters>();
        if (year !== undefined) for (const raw of await rows.sumsLatest(lo, hi, year)) sums.set(raw[0] as number, counters(raw, 1));
        const zero = sumYearCounters([]);
        return { communities, current: sums.get(year ?? NaN) ?? zero, previous: sums.get((year ?? NaN) - 1) ?? zero };
      }
      const communities: CommunityRollup[] = [];
      const current: YearCounters[] = [];
      const previous: YearCounters[] = [];
      for (const [code, years] of await aggAt(lo, hi, at)) {
        const yearCounters = new Map<number, YearCounters>();
        let named = 0;
        let firstNamedYear: number | undefined;
        let windowDeaths = 0;
        for (const [y, values] of years) {
          const c = counters(values, 0);
          named += c.named;
          if (c.named > 0 && (firstNamedYear === undefined || y < firstNamedYear)) firstNamedYear = y;
          if (from !== null && year !== undefined && y >= from && y <= year) windowDeaths += c.counts.production.deaths;
          yearCounters.set(y, c);
        }
        if (named <= 0) continue; // every record naming it stopped counting
        communities.push(rollup(code, firstNamedYear, windowDeaths));
        if (year === undefined) continue;
        const thisYear = yearCounters.get(year);
        if (thisYear) current.push(thisYear);
        const lastYear = yearCounters.get(year - 1);
        if (lastYear) previous.push(lastYear);
      }
      communities.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
      return { communities, current: sumYearCounters(current), previous: sumYearCounters(previous) };
    },
    async hazardSummary(regionCode, year, asOfDate, at) {
      const { lo, hi } = prefixRange(regionCode);
      const row = await rows.hazardCounts(year, lo, hi, asOfDate, at);
      const identified = row.identified;
      const rectified = row.rectified ?? 0;
      return {
        identified,
        rectified,
        open: identified - rectified,
        overdue: row.overdue ?? 0,
        majorOpen: row.majorOpen ?? 0,
        rectificationRatePct: percentOneDecimal(rectified, identified),
      };
    },
    async hazards(regionCode, at, rectified) {
      const { lo, hi } = prefixRange(regionCode);
      return (await rows.hazardRows(lo, hi, at, rectified === undefined ? null : rectified ? 1 : 0)).map((row) => {
        const loaded = recordsOf(row.facts)!;
        return {
          hazard: loaded.state as RecordOf<'HazardIdentified'>,
          extensions: (loaded.facts.ext ?? []).map(recordStateOf) as RecordOf<'HazardRectificationExtended'>[],
          rectifications: (loaded.facts.rect ?? []).map(recordStateOf) as RecordOf<'HazardRectified'>[],
        };
      });
    },
    async profiles(regionCode, at) {
      const { lo, hi } = prefixRange(regionCode);
      const out = new Map<string, CommunityFacts>();
      for (const [code, kinds] of await profiles(lo, hi, at)) out.set(code, profileFacts(code, kinds)!);
      return out;
    },
    async indicators(regionCode, at) {
      return (await rows.indicatorRows(regionCode, at)).map((row) => recordsOf(row.facts)!.state as RecordOf<'ControlIndicatorIssued'>);
    },
  };
}
