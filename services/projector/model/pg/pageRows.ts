// Batch loads of the committed rows a page's fold reads (pg/projectionStore.ts): first what its
// events name, then whatever a run missed, each kind in one statement.
import type pg from 'pg';
import type { ProjectedEvent } from '../../domain/types';
import { REFERENCE_FIELDS, recordKeyOf, type RecordRow } from '../entities';
import type { VersionRow } from '../projectionStore';
import type { LoadedRows, Misses } from './projectionStore';

const VERSION_COLUMNS =
  'id, start_pos, entity_key, kind, community, region, year, named_year, deaths, injuries, agency, latest_received_ms, latest_received_at, rectify_by, rectified, major, facts';

/** The keys the events name: their records and the records they refer to. */
export function pageKeys(events: readonly ProjectedEvent[]): string[] {
  const keys = new Set<string>();
  for (const event of events) {
    const body = event.body as ProjectedEvent['body'] & Record<string, unknown>;
    keys.add(recordKeyOf(event.agency, body.sourceRecordId));
    const field = REFERENCE_FIELDS[body.type];
    if (field && typeof body[field] === 'string') keys.add(recordKeyOf(event.agency, body[field] as string));
  }
  return [...keys];
}

/** What a page needs before its first run: its records, their referrers and withdrawn marks. */
export function preloadMisses(keys: readonly string[]): Misses {
  return { records: new Set(keys), referrers: new Set(keys), withdrawn: new Set(keys), versions: new Set() };
}

/**
 * Loads the misses into `loaded`, then the versions the loaded records link to. The records found
 * referring to the keys asked for get their withdrawn marks and referrers loaded too (`depth`
 * levels): the fold re-derives each referrer of a record it touches, and would miss them.
 */
export async function loadMisses(client: pg.ClientBase, loaded: LoadedRows, misses: Misses, depth = 1): Promise<void> {
  const fresh: RecordRow[] = [];
  const referrerKeys = new Set<string>();
  const recordKeys = [...misses.records].filter((k) => !loaded.records.has(k));
  if (recordKeys.length > 0) {
    const { rows } = await client.query<RecordRow>({ name: 'rm_load_records', text: 'SELECT * FROM rm_records WHERE key = ANY($1)', values: [recordKeys] });
    for (const key of recordKeys) loaded.records.set(key, null);
    for (const row of rows) {
      loaded.records.set(row.key, row);
      fresh.push(row);
    }
  }
  const targets = [...misses.referrers].filter((k) => !loaded.referrers.has(k));
  if (targets.length > 0) {
    const { rows } = await client.query<RecordRow>({
      name: 'rm_load_referrers',
      text: 'SELECT * FROM rm_records WHERE target_key = ANY($1)',
      values: [targets],
    });
    for (const key of targets) loaded.referrers.set(key, []);
    for (const row of rows) {
      loaded.referrers.get(row.target_key!)!.push(row.key);
      referrerKeys.add(row.key);
      if (!loaded.records.get(row.key)) {
        loaded.records.set(row.key, row);
        fresh.push(row);
      }
    }
  }
  const withdrawnKeys = [...misses.withdrawn].filter((k) => !loaded.withdrawn.has(k));
  if (withdrawnKeys.length > 0) {
    const { rows } = await client.query<{ key: string }>({
      name: 'rm_load_withdrawn',
      text: 'SELECT key FROM rm_withdrawn WHERE key = ANY($1)',
      values: [withdrawnKeys],
    });
    for (const key of withdrawnKeys) loaded.withdrawn.set(key, false);
    for (const row of rows) loaded.withdrawn.set(row.key, true);
  }
  const versionIds = new Set([...misses.versions].filter((id) => !loaded.versions.has(id)));
  for (const row of fresh) {
    for (const id of [row.main_version, row.ref_version]) if (id !== null && !loaded.versions.has(id)) versionIds.add(id);
  }
  if (versionIds.size > 0) {
    const { rows } = await client.query<VersionRow>({
      name: 'rm_load_versions',
      text: `SELECT ${VERSION_COLUMNS} FROM rm_entity_versions WHERE id = ANY($1)`,
      values: [[...versionIds]],
    });
    for (const row of rows) loaded.versions.set(row.id, row);
  }
  const next = [...referrerKeys].filter((k) => !loaded.referrers.has(k) || !loaded.withdrawn.has(k));
  if (depth > 0 && next.length > 0) {
    await loadMisses(client, loaded, { records: new Set(), referrers: new Set(next), withdrawn: new Set(next), versions: new Set() }, depth - 1);
  }
}
