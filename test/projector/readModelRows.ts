// The read model's rows in a form two backends can be compared by: ids (each backend numbers its
// rows itself) replaced by what they point at, every table sorted.
import type Database from 'better-sqlite3';
import type pg from 'pg';

type Query = (sql: string) => Promise<Array<Record<string, unknown>>>;

const VERSION = `entity_key, kind, community, region, year, named_year, deaths, injuries, agency, latest_received_ms,
  latest_received_at, rectify_by, rectified, major, start_pos, end_pos, facts`;

const statements = (p: string) => ({
  records: `SELECT r.key, r.agency, r.type, r.revision, r.seen_revisions, r.body, r.event_id, r.received_at, r.position,
      r.first_received_at, r.latest_received_at, r.target_key, m.start_pos AS main_start, m.kind AS main_kind, f.start_pos AS ref_start
    FROM ${p}records r LEFT JOIN ${p}entity_versions m ON m.id = r.main_version LEFT JOIN ${p}entity_versions f ON f.id = r.ref_version
    ORDER BY r.key`,
  versions: `SELECT ${VERSION} FROM ${p}entity_versions ORDER BY entity_key, kind, start_pos, end_pos`,
  withdrawn: `SELECT key FROM ${p}withdrawn ORDER BY key`,
  seen: `SELECT code, first_pos FROM ${p}communities_seen ORDER BY code`,
  agg: `SELECT * FROM ${p}agg ORDER BY community, year`,
  snapshots: `SELECT * FROM ${p}agg_snapshots ORDER BY pos, community, year`,
  logTimes: `SELECT recorded_ms, pos FROM ${p}log_times ORDER BY recorded_ms, pos`,
  checkpoint: `SELECT position FROM ${p}checkpoint`,
  since: `SELECT value FROM ${p}meta WHERE key = 'eventsSinceSnapshot'`,
});

async function rowsOf(query: Query, prefix: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  // Numbers as numbers whichever driver read them (PostgreSQL's numeric, SQLite's integers).
  const normal = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
  for (const [name, sql] of Object.entries(statements(prefix))) out[name] = (await query(sql)).map(normal);
  return out;
}

export function sqliteReadModelRows(db: Database.Database): Promise<Record<string, unknown>> {
  return rowsOf(async (sql) => db.prepare(sql).all() as Array<Record<string, unknown>>, '');
}

export function pgReadModelRows(client: pg.ClientBase): Promise<Record<string, unknown>> {
  return rowsOf(async (sql) => (await client.query(sql)).rows as Array<Record<string, unknown>>, 'rm_');
}
