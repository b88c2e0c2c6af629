// The committee's reads on the PostgreSQL read model (pg/schema.ts): the statements of
// model/queries.ts on the rm_ tables, assembled by the same code (projectionQueriesOver), so every
// projector process answers as the SQLite read model does. Each answer runs in one
// REPEATABLE READ READ ONLY transaction: all its statements see the projection as the pages
// committed when its first statement ran, whatever the lease holder commits meanwhile.
import type pg from 'pg';
import { AGG_COLUMNS } from '../entities';
import { projectionQueriesOver, type LogPoint, type ProjectionQueries, type QueryRows, type QuerySource, type VersionRow } from '../queries';

/**
 * One statement in its latest and earlier forms. Named, so each connection has the server parse and
 * plan it once; `$p` in the text is the log position, numbered after the statement's own values.
 */
function statement(name: string, text: (valid: string) => string, params: number) {
  const p = `$${params + 1}`;
  const forms = {
    latest: { name: `rmq_${name}_latest`, text: text('end_pos IS NULL') },
    past: { name: `rmq_${name}_past`, text: text(`start_pos <= ${p} AND (end_pos IS NULL OR end_pos > ${p})`) },
  };
  return (at: LogPoint, values: unknown[]) =>
    at.latest ? { ...forms.latest, values } : { ...forms.past, values: [...values, at.position] };
}

const POINTS = {
  name: 'rmq_points',
  text: `SELECT (SELECT pos FROM rm_log_times ORDER BY recorded_ms DESC, pos DESC LIMIT 1) AS last,
                (SELECT pos FROM rm_log_times WHERE recorded_ms <= $1::bigint ORDER BY recorded_ms DESC, pos DESC LIMIT 1) AS at`,
};
const FIRST_SEEN = { name: 'rmq_first_seen', text: 'SELECT first_pos FROM rm_communities_seen WHERE code = $1' };

const COMMUNITY_ROWS = statement(
  'community',
  (valid) => `SELECT kind, community, year, named_year, deaths, injuries, agency, latest_received_ms, latest_received_at,
                     CASE WHEN kind <> 'ref' AND (year IS NULL OR year IN ($2::int, $3::int) OR deaths > 0) THEN facts END AS facts
                FROM rm_entity_versions WHERE community = $1 AND ${valid}`,
  3,
);

// Latest region summaries sum agg in the server, as on SQLite.
const EXISTING = 'SELECT community FROM rm_agg WHERE community >= $1 AND community < $2 GROUP BY community HAVING SUM(named) > 0';
const COMMUNITIES_LATEST = {
  name: 'rmq_communities_latest',
  text: `SELECT community, MIN(CASE WHEN named > 0 THEN year END) AS first_named_year,
                SUM(CASE WHEN year >= $3::int AND year <= $4::int THEN deaths_production ELSE 0 END) AS window_deaths
           FROM rm_agg WHERE community >= $1 AND community < $2
          GROUP BY community HAVING SUM(named) > 0 ORDER BY community`,
};
const SUMS_LATEST = {
  name: 'rmq_sums_latest',
  text: `SELECT year, ${AGG_COLUMNS.map((c) => `SUM(${c})`).join(', ')} FROM rm_agg
          WHERE community >= $1 AND community < $2 AND year IN ($3::int, $4::int) AND community IN (${EXISTING})
          GROUP BY year`,
  rowMode: 'array' as const,
};
// A latest summary's two reads of agg in one statement (one round trip): its communities (part 0)
// and the sums of years y and y - 1 over them (part 1), the communities computed once.
const ROLLUPS_LATEST = {
  name: 'rmq_rollups_latest',
  text: `WITH c AS (
           SELECT community, MIN(CASE WHEN named > 0 THEN year END) AS first_named_year,
                  SUM(CASE WHEN year >= $3::int AND year <= $4::int THEN deaths_production ELSE 0 END) AS window_deaths
             FROM rm_agg WHERE community >= $1 AND community < $2
            GROUP BY community HAVING SUM(named) > 0)
         SELECT 0 AS part, community, first_named_year, window_deaths, NULL::int AS year, ${AGG_COLUMNS.map((c) => `NULL::numeric AS ${c}`).join(', ')}
           FROM c
         UNION ALL
         SELECT 1, NULL, NULL, NULL, year, ${AGG_COLUMNS.map((c) => `SUM(${c})`).join(', ')}
           FROM rm_agg WHERE community >= $1 AND community < $2 AND year IN ($4::int, $4::int - 1) AND community IN (SELECT community FROM c)
          GROUP BY year
         ORDER BY part, community`,
  rowMode: 'array' as const,
};
const SNAPSHOT_AT = { name: 'rmq_snapshot_at', text: 'SELECT MAX(pos) AS pos FROM rm_agg_snapshots WHERE pos <= $1::bigint' };
const AGG_SNAPSHOT = {
  name: 'rmq_agg_snapshot',
  text: `SELECT community, year, ${AGG_COLUMNS.join(', ')} FROM rm_agg_snapshots
          WHERE pos = $1::bigint AND community >= $2 AND community < $3`,
  rowMode: 'array' as const,
};
const VERSIONS_STARTED = {
  name: 'rmq_versions_started',
  text: `SELECT kind, community, year, named_year, deaths, injuries FROM rm_entity_versions
          WHERE start_pos > $1::bigint AND start_pos <= $2::bigint AND community >= $3 AND community < $4`,
};
const VERSIONS_ENDED = {
  name: 'rmq_versions_ended',
  text: `SELECT kind, community, year, named_year, deaths, injuries FROM rm_entity_versions
          WHERE end_pos > $1::bigint AND end_pos <= $2::bigint AND community >= $3 AND community < $4`,
};
// The kinds of a region's profiles in one statement (the assembly asks kind by kind): one round
// trip instead of three.
const PROFILE_ROWS = statement(
  'profiles',
  (valid) => `SELECT kind, community, facts FROM rm_entity_versions
               WHERE kind = ANY($1::text[]) AND community >= $2 AND community < $3 AND ${valid}`,
  3,
);
const PROFILE_KINDS = ['CommunityRegistered', 'CommunityDesignated', 'DesignationRevoked'];
const HAZARD_ROWS = statement(
  'hazards',
  (valid) => `SELECT facts FROM rm_entity_versions
               WHERE kind = 'HazardIdentified' AND community >= $1 AND community < $2 AND ${valid}
                 AND ($3::int IS NULL OR rectified = $3::int)`,
  3,
);
// SQLite sums booleans; here each condition is a CASE (a NULL comparison counts 0, as NULL does there).
const HAZARD_COUNTS = statement(
  'hazard_counts',
  (valid) => `SELECT COUNT(*) AS identified, SUM(rectified) AS rectified,
                     SUM(CASE WHEN rectified = 0 AND rectify_by < $4 THEN 1 ELSE 0 END) AS overdue,
                     SUM(CASE WHEN rectified = 0 AND major = 1 THEN 1 ELSE 0 END) AS "majorOpen"
                FROM rm_entity_versions
               WHERE kind = 'HazardIdentified' AND year = $1::int AND community >= $2 AND community < $3 AND ${valid}`,
  4,
);
const INDICATOR_ROWS = statement(
  'indicators',
  (valid) => `SELECT facts FROM rm_entity_versions WHERE region = $1 AND kind = 'ControlIndicatorIssued' AND ${valid}`,
  1,
);

type Queryable = Pick<pg.ClientBase, 'query'>;

const BEGIN = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/** Whether the answer's transaction has been begun (its BEGIN goes with the first statement). */
interface Transaction {
  begun: boolean;
}

/** QueryRows on one connection (inside the answer's transaction, begun with its first statement). */
function pgRows(client: Queryable, tx: Transaction): QueryRows {
  // Profiles read once per answer (range and point), whichever kind is asked first.
  const profiles = new Map<string, Promise<Array<{ kind: string; community: string; facts: string }>>>();
  // Sums read with a latest summary's communities (ROLLUPS_LATEST), by range and year.
  const sums = new Map<string, unknown[][]>();
  const begin = async () => {
    if (tx.begun) return;
    tx.begun = true;
    await client.query(BEGIN);
  };
  const rows = async <R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<R[]> => {
    await begin();
    return (await client.query<R>(config)).rows;
  };
  const arrays = async (config: pg.QueryArrayConfig): Promise<unknown[][]> => {
    await begin();
    return (await client.query(config)).rows;
  };
  const first = async <R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<R | undefined> => (await rows<R>(config))[0];
  return {
    points: async (asOfMs) => {
      let row: { last: number | null; at: number | null } | undefined;
      if (!tx.begun && Number.isSafeInteger(asOfMs)) {
        // Every answer starts here: its BEGIN and this statement in one round trip (one simple
        // query; the instant, an integer, written into it).
        tx.begun = true;
        const results = (await client.query(`${BEGIN}; ${POINTS.text.replace('$1::bigint', `${asOfMs}::bigint`)}`)) as unknown as pg.QueryResult[];
        row = results[1]!.rows[0] as typeof row;
      } else {
        row = await first<{ last: number | null; at: number | null }>({ ...POINTS, values: [asOfMs] });
      }
      return { last: row?.last ?? undefined, at: row?.at ?? undefined };
    },
    firstSeen: async (code) => (await first<{ first_pos: number }>({ ...FIRST_SEEN, values: [code] }))?.first_pos,
    communityRows: (code, year, at) => rows<VersionRow>(COMMUNITY_ROWS(at, [code, year, year - 1])),
    communitiesLatest: async (lo, hi, from, y) => {
      if (from === null || y === null) return rows({ ...COMMUNITIES_LATEST, values: [lo, hi, from, y] });
      const all = await arrays({ ...ROLLUPS_LATEST, values: [lo, hi, from, y] });
      sums.set(`${lo}\u0000${hi}\u0000${y}`, all.filter((r) => r[0] === 1).map((r) => r.slice(4)));
      return all
        .filter((r) => r[0] === 0)
        .map((r) => ({ community: r[1] as string, first_named_year: r[2] as number | null, window_deaths: r[3] as number | null }));
    },
    sumsLatest: async (lo, hi, y) => sums.get(`${lo}\u0000${hi}\u0000${y}`) ?? arrays({ ...SUMS_LATEST, values: [lo, hi, y, y - 1] }),
    snapshotAt: async (p) => (await first<{ pos: number | null }>({ ...SNAPSHOT_AT, values: [p] }))?.pos ?? null,
    aggSnapshot: (s, lo, hi) => arrays({ ...AGG_SNAPSHOT, values: [s, lo, hi] }),
    versionsStarted: (s, p, lo, hi) => rows<VersionRow>({ ...VERSIONS_STARTED, values: [s, p, lo, hi] }),
    versionsEnded: (s, p, lo, hi) => rows<VersionRow>({ ...VERSIONS_ENDED, values: [s, p, lo, hi] }),
    profileRows: async (kind, lo, hi, at) => {
      const key = `${lo}\u0000${hi}\u0000${at.latest ? 'latest' : at.position}`;
      let all = profiles.get(key);
      if (!all) profiles.set(key, (all = rows<{ kind: string; community: string; facts: string }>(PROFILE_ROWS(at, [PROFILE_KINDS, lo, hi]))));
      if (!PROFILE_KINDS.includes(kind)) return rows(PROFILE_ROWS(at, [[kind], lo, hi]));
      return (await all).filter((row) => row.kind === kind);
    },
    hazardRows: (lo, hi, at, rectified) => rows(HAZARD_ROWS(at, [lo, hi, rectified])),
    hazardCounts: async (year, lo, hi, asOfDate, at) =>
      (await first<{ identified: number; rectified: number | null; overdue: number | null; majorOpen: number | null }>(
        HAZARD_COUNTS(at, [year, lo, hi, asOfDate]),
      ))!,
    indicatorRows: (regionCode, at) => rows(INDICATOR_ROWS(at, [regionCode])),
  };
}

/**
 * The committee's reads on one connection: outside any transaction of their own, or (`tx` not yet
 * begun) beginning the answer's REPEATABLE READ transaction with their first statement.
 */
export function createPgProjectionQueries(client: Queryable, tx: Transaction = { begun: true }): ProjectionQueries {
  return projectionQueriesOver(pgRows(client, tx));
}

/**
 * Answers on the pool's connections (openPgReadModelPool: int8 and numeric as numbers), each in one
 * REPEATABLE READ READ ONLY transaction; answers run concurrently, each on its own connection.
 */
export function createPgQuerySource(pool: pg.Pool): QuerySource {
  return {
    async read(answer) {
      const client = await pool.connect();
      let broken: Error | undefined;
      const tx: Transaction = { begun: false };
      try {
        const value = await answer(createPgProjectionQueries(client, tx));
        if (tx.begun) await client.query('COMMIT');
        return value;
      } catch (err) {
        // A connection that cannot even roll back is dropped, not handed to the next answer.
        if (tx.begun) {
          await client.query('ROLLBACK').catch((rollbackError: unknown) => {
            broken = rollbackError as Error;
          });
        }
        throw err;
      } finally {
        client.release(broken);
      }
    },
  };
}
