// Sends a page's overlay (pg/projectionStore.ts) to PostgreSQL: a few set-based statements, each
// row passed as columns of arrays (unnest), inside the page transaction.
import type pg from 'pg';
import { AGG_COLUMNS } from '../entities';
import type { AggOp, PageOverlay } from './projectionStore';

const RECORD_COLUMNS = [
  ['id', 'bigint'], ['key', 'text'], ['agency', 'text'], ['type', 'text'], ['revision', 'integer'], ['seen_revisions', 'text'],
  ['body', 'text'], ['event_id', 'text'], ['received_at', 'text'], ['position', 'bigint'], ['first_received_at', 'text'],
  ['latest_received_at', 'text'], ['target_key', 'text'], ['main_version', 'bigint'], ['ref_version', 'bigint'],
] as const;

const VERSION_COLUMNS = [
  ['id', 'bigint'], ['entity_key', 'text'], ['kind', 'text'], ['community', 'text'], ['region', 'text'], ['year', 'integer'],
  ['named_year', 'integer'], ['deaths', 'integer'], ['injuries', 'integer'], ['agency', 'text'], ['latest_received_ms', 'bigint'],
  ['latest_received_at', 'text'], ['rectify_by', 'text'], ['rectified', 'integer'], ['major', 'integer'], ['start_pos', 'bigint'],
  ['end_pos', 'bigint'], ['facts', 'text'],
] as const;

const unnestOf = (columns: ReadonlyArray<readonly [string, string]>) => columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
const names = (columns: ReadonlyArray<readonly [string, string]>) => columns.map(([name]) => name).join(', ');
/** Rows with large text (bodies, facts) go as one JSON text: pg escapes array elements in JavaScript, character by character. */
const recordset = (columns: ReadonlyArray<readonly [string, string]>) =>
  `json_to_recordset($1::json) AS x(${columns.map(([name, type]) => `${name} ${type}`).join(', ')})`;

const UPSERT_RECORDS = `INSERT INTO rm_records (${names(RECORD_COLUMNS)}) SELECT ${names(RECORD_COLUMNS)} FROM ${recordset(RECORD_COLUMNS)}
  ON CONFLICT (id) DO UPDATE SET ${RECORD_COLUMNS.slice(1).map(([c]) => `${c} = excluded.${c}`).join(', ')}`;
const INSERT_VERSIONS = `INSERT INTO rm_entity_versions (${names(VERSION_COLUMNS)}) SELECT ${names(VERSION_COLUMNS)} FROM ${recordset(VERSION_COLUMNS)}`;
const END_VERSIONS = `UPDATE rm_entity_versions v SET end_pos = u.end_pos FROM unnest($1::bigint[], $2::bigint[]) AS u(id, end_pos) WHERE v.id = u.id`;
const AGG_TYPES = [['community', 'text'], ['year', 'integer'], ...AGG_COLUMNS.map((c) => [c, 'bigint'] as const)] as const;
const UPSERT_AGG = `INSERT INTO rm_agg (${names(AGG_TYPES)}) SELECT * FROM unnest(${unnestOf(AGG_TYPES)})
  ON CONFLICT (community, year) DO UPDATE SET ${AGG_COLUMNS.map((c) => `${c} = rm_agg.${c} + excluded.${c}`).join(', ')}`;
const SNAPSHOT_AGG = `INSERT INTO rm_agg_snapshots (pos, community, year, ${AGG_COLUMNS.join(', ')})
  SELECT $1, community, year, ${AGG_COLUMNS.join(', ')} FROM rm_agg`;

/** The rows as JSON objects of exactly these columns (nothing else the row objects carry). */
function jsonRows<T>(rows: readonly T[], columns: ReadonlyArray<readonly [string, string]>): string {
  return JSON.stringify(rows.map((row) => Object.fromEntries(columns.map(([name]) => [name, (row as Record<string, unknown>)[name] ?? null]))));
}

export async function writeOverlay(client: pg.ClientBase, page: PageOverlay): Promise<void> {
  const q = (name: string, text: string, values: unknown[]) => client.query({ name, text, values });
  const records = [...page.dirtyRecords].map((key) => page.records.get(key)!);
  if (records.length > 0) await q('rm_upsert_records', UPSERT_RECORDS, [jsonRows(records, RECORD_COLUMNS)]);
  const versions = [...page.insertedVersions.values()];
  if (versions.length > 0) await q('rm_insert_versions', INSERT_VERSIONS, [jsonRows(versions, VERSION_COLUMNS)]);
  if (page.endedVersions.size > 0) {
    await q('rm_end_versions', END_VERSIONS, [[...page.endedVersions.keys()], [...page.endedVersions.values()]]);
  }
  if (page.deletedVersions.size > 0) await q('rm_delete_versions', 'DELETE FROM rm_entity_versions WHERE id = ANY($1)', [[...page.deletedVersions]]);
  const withdrawnNow = [...page.withdrawn].filter(([, w]) => w).map(([k]) => k);
  const withdrawnNoMore = [...page.withdrawn].filter(([, w]) => !w).map(([k]) => k);
  if (withdrawnNow.length > 0) await q('rm_insert_withdrawn', 'INSERT INTO rm_withdrawn (key) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [withdrawnNow]);
  if (withdrawnNoMore.length > 0) await q('rm_delete_withdrawn', 'DELETE FROM rm_withdrawn WHERE key = ANY($1)', [withdrawnNoMore]);
  if (page.seen.size > 0) {
    await q(
      'rm_insert_seen',
      'INSERT INTO rm_communities_seen (code, first_pos) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING',
      [[...page.seen.keys()], [...page.seen.values()]],
    );
  }
  if (page.logTimes.length > 0) {
    await q(
      'rm_insert_log_times',
      'INSERT INTO rm_log_times (recorded_ms, pos) SELECT * FROM unnest($1::bigint[], $2::bigint[]) ON CONFLICT DO NOTHING',
      [page.logTimes.map(([ms]) => ms), page.logTimes.map(([, pos]) => pos)],
    );
  }
  await writeAggOps(client, page.aggOps);
  if (page.sinceSnapshot !== undefined) {
    if (page.sinceSnapshot === null) await q('rm_forget_since', "DELETE FROM rm_meta WHERE key = 'eventsSinceSnapshot'", []);
    else {
      await q(
        'rm_store_since',
        "INSERT INTO rm_meta (key, value) VALUES ('eventsSinceSnapshot', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [String(page.sinceSnapshot)],
      );
    }
  }
}

/** agg changes in order, each run of them summed per community and year (one statement may not touch a row twice). */
async function writeAggOps(client: pg.ClientBase, ops: readonly AggOp[]): Promise<void> {
  let pending = new Map<string, { community: string; year: number; values: number[] }>();
  const flush = async () => {
    if (pending.size === 0) return;
    const rows = [...pending.values()];
    await client.query({
      name: 'rm_upsert_agg',
      text: UPSERT_AGG,
      values: [rows.map((r) => r.community), rows.map((r) => r.year), ...AGG_COLUMNS.map((_, i) => rows.map((r) => r.values[i]))],
    });
    pending = new Map();
  };
  for (const op of ops) {
    if (op.kind === 'snapshot') {
      await flush();
      await client.query({ name: 'rm_snapshot_agg', text: SNAPSHOT_AGG, values: [op.position] });
      // An empty agg still needs a snapshot row to mark the position: a community-less marker.
      await client.query({ name: 'rm_mark_snapshot', text: "INSERT INTO rm_agg_snapshots (pos, community, year) VALUES ($1, '', 0)", values: [op.position] });
      continue;
    }
    const key = `${op.community}\u0000${op.year}`;
    const row = pending.get(key);
    if (row) op.values.forEach((v, i) => (row.values[i]! += v));
    else pending.set(key, { community: op.community, year: op.year, values: [...op.values] });
  }
  await flush();
}
