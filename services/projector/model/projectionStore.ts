// What the projection reads and writes, as one synchronous port: the fold (projection.ts) is
// written once against it. SQLite implements it with prepared statements inside the read model's
// page transaction; PostgreSQL (pg/projectionStore.ts) with a page overlay whose writes are sent
// in bulk afterwards.
import type Database from 'better-sqlite3';
import { AGG_COLUMNS, type EntityRow, type RecordRow } from './entities';

/** A row of entity_versions as the projection reads it back. */
export interface VersionRow extends EntityRow {
  id: number;
  start_pos: number;
}

export interface ProjectionStore {
  record(key: string): RecordRow | undefined;
  /** Records whose target_key is `key`. */
  referrers(key: string): RecordRow[];
  /** Whether any record has target_key `key`. */
  isTargeted(key: string): boolean;
  isWithdrawn(key: string): boolean;
  setWithdrawn(key: string, withdrawn: boolean): void;
  /** Inserts the row (its id ignored) and returns the id it got. */
  insertRecord(row: RecordRow): number;
  /** Writes the row's revision, bodies, times and target (by id). */
  updateRecord(row: RecordRow): void;
  /** Writes the row's main_version or ref_version (by id). */
  updateVersionLink(row: RecordRow, slot: 'main' | 'ref'): void;
  version(id: number): VersionRow | undefined;
  insertVersion(entity: EntityRow, startPos: number): number;
  endVersion(id: number, endPos: number): void;
  deleteVersion(id: number): void;
  /** Notes the first position naming a community (kept if already there). */
  markSeen(code: string, position: number): void;
  /** Notes the last position recorded at an instant (kept if already there). */
  addLogTime(recordedMs: number, position: number): void;
  /** Adds the values to agg[community][year]. */
  addAgg(community: string, year: number, values: readonly number[]): void;
  /** Copies agg as it stands into agg_snapshots at `position` (after this page's addAgg calls). */
  snapshotAgg(position: number): void;
  lastLogTime(): number | undefined;
  lastSnapshot(): number | null;
  /** Events since the last snapshot as stored, or undefined when not stored. */
  storedSinceSnapshot(): number | undefined;
  /** Counts log_times rows after the position (files that predate the stored count). */
  countLogTimesAfter(position: number): number;
  storeSinceSnapshot(count: number | null): void;
}

const ENTITY_COLUMNS =
  'entity_key, kind, community, region, year, named_year, deaths, injuries, agency, latest_received_ms, latest_received_at, rectify_by, rectified, major, facts';

export function sqliteProjectionStore(db: Database.Database): ProjectionStore {
  const selectRecord = db.prepare<[string], RecordRow>('SELECT * FROM records WHERE key = ?');
  // Positional parameters: binding by name costs a property lookup per column on every row.
  const insertRecord = db.prepare<[string, string, string, number, string, string, string, string, number, string, string, string | null, number | null]>(
    `INSERT INTO records (key, agency, type, revision, seen_revisions, body, event_id, received_at, position, first_received_at, latest_received_at, target_key, main_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateRecord = db.prepare<[number, string, string, string, string, number, string, string, string | null, number]>(
    `UPDATE records SET revision = ?, seen_revisions = ?, body = ?, event_id = ?, received_at = ?, position = ?,
       first_received_at = ?, latest_received_at = ?, target_key = ? WHERE id = ?`,
  );
  const setMainVersion = db.prepare<[number | null, number]>('UPDATE records SET main_version = ? WHERE id = ?');
  const setRefVersion = db.prepare<[number | null, number]>('UPDATE records SET ref_version = ? WHERE id = ?');
  const selectReferrers = db.prepare<[string], RecordRow>('SELECT * FROM records WHERE target_key = ?');
  const selectTargeted = db.prepare<[string], number>('SELECT 1 FROM records WHERE target_key = ? LIMIT 1').pluck();
  const selectWithdrawn = db.prepare<[string], number>('SELECT 1 FROM withdrawn WHERE key = ?').pluck();
  const insertWithdrawn = db.prepare<[string]>('INSERT OR IGNORE INTO withdrawn (key) VALUES (?)');
  const deleteWithdrawn = db.prepare<[string]>('DELETE FROM withdrawn WHERE key = ?');
  const insertSeen = db.prepare<[string, number]>('INSERT OR IGNORE INTO communities_seen (code, first_pos) VALUES (?, ?)');
  const insertLogTime = db.prepare<[number, number]>('INSERT OR IGNORE INTO log_times (recorded_ms, pos) VALUES (?, ?)');
  const selectLastLogTime = db.prepare<[], number | null>('SELECT MAX(recorded_ms) FROM log_times').pluck();
  const selectVersion = db.prepare<[number], VersionRow>(`SELECT id, start_pos, ${ENTITY_COLUMNS} FROM entity_versions WHERE id = ?`);
  const insertVersion = db.prepare<unknown[]>(
    `INSERT INTO entity_versions (${ENTITY_COLUMNS}, start_pos) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const endVersion = db.prepare<[number, number]>('UPDATE entity_versions SET end_pos = ? WHERE id = ?');
  const deleteVersion = db.prepare<[number]>('DELETE FROM entity_versions WHERE id = ?');
  const upsertAgg = db.prepare(
    `INSERT INTO agg (community, year, ${AGG_COLUMNS.join(', ')}) VALUES (?, ?, ${AGG_COLUMNS.map(() => '?').join(', ')})
     ON CONFLICT (community, year) DO UPDATE SET ${AGG_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
  );
  const selectLastSnapshot = db.prepare<[], number | null>('SELECT MAX(pos) FROM agg_snapshots').pluck();
  const copySnapshot = db.prepare<[number]>(
    `INSERT INTO agg_snapshots (pos, community, year, ${AGG_COLUMNS.join(', ')})
     SELECT ?, community, year, ${AGG_COLUMNS.join(', ')} FROM agg`,
  );
  // An empty agg still needs a snapshot row to mark the position: a community-less marker.
  const markSnapshot = db.prepare<[number]>(`INSERT INTO agg_snapshots (pos, community, year) VALUES (?, '', 0)`);
  // Events since the last snapshot, kept in meta: log_times has one row per recorded instant, not
  // per event. A model written before that has a row per event: counting them is exact there.
  const selectSinceSnapshot = db.prepare<[], string>("SELECT value FROM meta WHERE key = 'eventsSinceSnapshot'").pluck();
  const countSince = db.prepare<[number], number>('SELECT COUNT(*) FROM log_times WHERE pos > ?').pluck();
  const storeSinceSnapshot = db.prepare<[string]>(
    "INSERT INTO meta (key, value) VALUES ('eventsSinceSnapshot', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  const forgetSinceSnapshot = db.prepare("DELETE FROM meta WHERE key = 'eventsSinceSnapshot'");

  return {
    record: (key) => selectRecord.get(key),
    referrers: (key) => selectReferrers.all(key),
    isTargeted: (key) => selectTargeted.get(key) !== undefined,
    isWithdrawn: (key) => selectWithdrawn.get(key) !== undefined,
    setWithdrawn(key, withdrawn) {
      if (withdrawn) insertWithdrawn.run(key);
      else deleteWithdrawn.run(key);
    },
    insertRecord: (r) =>
      Number(
        insertRecord.run(
          r.key, r.agency, r.type, r.revision, r.seen_revisions, r.body, r.event_id, r.received_at, r.position,
          r.first_received_at, r.latest_received_at, r.target_key, r.main_version,
        ).lastInsertRowid,
      ),
    updateRecord(r) {
      updateRecord.run(
        r.revision, r.seen_revisions, r.body, r.event_id, r.received_at, r.position,
        r.first_received_at, r.latest_received_at, r.target_key, r.id,
      );
    },
    updateVersionLink(row, slot) {
      if (slot === 'main') setMainVersion.run(row.main_version, row.id);
      else setRefVersion.run(row.ref_version, row.id);
    },
    version: (id) => selectVersion.get(id),
    insertVersion: (e, startPos) =>
      Number(
        insertVersion.run(
          e.entity_key, e.kind, e.community, e.region, e.year, e.named_year, e.deaths, e.injuries, e.agency,
          e.latest_received_ms, e.latest_received_at, e.rectify_by, e.rectified, e.major, e.facts, startPos,
        ).lastInsertRowid,
      ),
    endVersion: (id, endPos) => void endVersion.run(endPos, id),
    deleteVersion: (id) => void deleteVersion.run(id),
    markSeen: (code, position) => void insertSeen.run(code, position),
    addLogTime: (ms, position) => void insertLogTime.run(ms, position),
    addAgg: (community, year, values) => void upsertAgg.run(community, year, ...values),
    snapshotAgg(position) {
      copySnapshot.run(position);
      markSnapshot.run(position);
    },
    lastLogTime: () => selectLastLogTime.get() ?? undefined,
    lastSnapshot: () => selectLastSnapshot.get() ?? null,
    storedSinceSnapshot() {
      const stored = selectSinceSnapshot.get();
      return stored === undefined ? undefined : Number(stored);
    },
    countLogTimesAfter: (position) => countSince.get(position) ?? 0,
    storeSinceSnapshot(count) {
      if (count === null) forgetSinceSnapshot.run();
      else storeSinceSnapshot.run(String(count));
    },
  };
}
