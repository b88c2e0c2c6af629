// The projection's port (model/projectionStore.ts) over PostgreSQL, for one page: the fold is
// synchronous and a round trip per lookup would cost more than the fold itself, so the page's
// rows are loaded in batches before it runs (pageRows.ts) and the fold runs against them here.
// A lookup of a row not loaded is a miss: it answers "absent" and marks the run invalid; the
// driver loads every miss in one batch and runs the page again from scratch. Writes go to the
// overlay, and the valid run's overlay is sent in bulk (projectionWrites.ts).
import type { EntityRow, RecordRow } from '../entities';
import type { ProjectionStore, VersionRow } from '../projectionStore';

/** Rows of the committed read model, as loaded for a page (kept across its runs). */
export interface LoadedRows {
  /** By key; null: no such record. */
  records: Map<string, RecordRow | null>;
  /** Keys of the records whose target_key is the key. */
  referrers: Map<string, string[]>;
  withdrawn: Map<string, boolean>;
  versions: Map<number, VersionRow>;
}

export function emptyLoadedRows(): LoadedRows {
  return { records: new Map(), referrers: new Map(), withdrawn: new Map(), versions: new Map() };
}

/** What a run asked for and was not loaded. */
export interface Misses {
  records: Set<string>;
  referrers: Set<string>;
  withdrawn: Set<string>;
  versions: Set<number>;
}

/** What the lease holder keeps between pages: the committed model's counters and marks. */
export interface PgProjectionState {
  nextRecordId: number;
  nextVersionId: number;
  lastLogTime: number | undefined;
  lastSnapshot: number | null;
  sinceSnapshot: number;
  /** Communities known to be in rm_communities_seen. */
  seenCommunities: Set<string>;
}

export type AggOp = { kind: 'agg'; community: string; year: number; values: readonly number[] } | { kind: 'snapshot'; position: number };

/** One run of the fold over a page: the overlay it wrote, and the misses that void it. */
export interface PageOverlay extends ProjectionStore {
  readonly misses: Misses;
  hasMisses(): boolean;
  readonly records: Map<string, RecordRow | null>;
  readonly dirtyRecords: Set<string>;
  readonly withdrawn: Map<string, boolean>;
  /** Versions inserted by this page (ended ones carry end_pos). */
  readonly insertedVersions: Map<number, VersionRow & { end_pos: number | null }>;
  /** Committed versions this page ended, and at which position. */
  readonly endedVersions: Map<number, number>;
  readonly deletedVersions: Set<number>;
  readonly seen: Map<string, number>;
  readonly logTimes: Array<[number, number]>;
  readonly aggOps: AggOp[];
  readonly sinceSnapshot: number | null | undefined;
  readonly recordIdsUsed: number;
  readonly versionIdsUsed: number;
}

export function createPageOverlay(loaded: LoadedRows, state: PgProjectionState): PageOverlay {
  const misses: Misses = { records: new Set(), referrers: new Set(), withdrawn: new Set(), versions: new Set() };
  const records = new Map<string, RecordRow | null>();
  // Keys whose row this run inserted or re-targeted, by target: referrers() must see them.
  const targeted = new Map<string, Set<string>>();
  const dirtyRecords = new Set<string>();
  const withdrawn = new Map<string, boolean>();
  const insertedVersions = new Map<number, VersionRow & { end_pos: number | null }>();
  const endedVersions = new Map<number, number>();
  const deletedVersions = new Set<number>();
  const seen = new Map<string, number>();
  const logTimes: Array<[number, number]> = [];
  const aggOps: AggOp[] = [];
  let sinceSnapshot: number | null | undefined;
  let recordIdsUsed = 0;
  let versionIdsUsed = 0;

  const noteTarget = (row: RecordRow) => {
    if (row.target_key === null) return;
    let keys = targeted.get(row.target_key);
    if (!keys) targeted.set(row.target_key, (keys = new Set()));
    keys.add(row.key);
  };

  const record = (key: string): RecordRow | undefined => {
    const own = records.get(key);
    if (own !== undefined) return own ?? undefined;
    const committed = loaded.records.get(key);
    if (committed === undefined) {
      misses.records.add(key);
      records.set(key, null); // absent for the rest of this (void) run
      return undefined;
    }
    // The fold changes the rows it is given: each run gets its own copies.
    const copy = committed === null ? null : { ...committed };
    records.set(key, copy);
    return copy ?? undefined;
  };

  const referrers = (key: string): RecordRow[] => {
    const committed = loaded.referrers.get(key);
    if (committed === undefined) misses.referrers.add(key);
    const keys = new Set(committed ?? []);
    for (const k of targeted.get(key) ?? []) keys.add(k);
    const out: RecordRow[] = [];
    for (const k of keys) {
      const row = record(k);
      if (row && row.target_key === key) out.push(row);
    }
    return out;
  };

  return {
    misses,
    hasMisses: () => misses.records.size + misses.referrers.size + misses.withdrawn.size + misses.versions.size > 0,
    records,
    dirtyRecords,
    withdrawn,
    insertedVersions,
    endedVersions,
    deletedVersions,
    seen,
    logTimes,
    aggOps,
    get sinceSnapshot() {
      return sinceSnapshot;
    },
    get recordIdsUsed() {
      return recordIdsUsed;
    },
    get versionIdsUsed() {
      return versionIdsUsed;
    },
    record,
    referrers,
    isTargeted: (key) => referrers(key).length > 0,
    isWithdrawn(key) {
      const own = withdrawn.get(key);
      if (own !== undefined) return own;
      const committed = loaded.withdrawn.get(key);
      if (committed === undefined) {
        misses.withdrawn.add(key);
        return false;
      }
      return committed;
    },
    setWithdrawn: (key, value) => void withdrawn.set(key, value),
    insertRecord(row) {
      const id = state.nextRecordId + recordIdsUsed;
      recordIdsUsed += 1;
      row.id = id;
      records.set(row.key, row);
      dirtyRecords.add(row.key);
      noteTarget(row);
      return id;
    },
    updateRecord(row) {
      records.set(row.key, row);
      dirtyRecords.add(row.key);
      noteTarget(row);
    },
    updateVersionLink(row) {
      records.set(row.key, row);
      dirtyRecords.add(row.key);
    },
    version(id) {
      const own = insertedVersions.get(id);
      if (own) return own;
      if (deletedVersions.has(id)) return undefined;
      const committed = loaded.versions.get(id);
      if (committed === undefined) misses.versions.add(id);
      return committed;
    },
    insertVersion(entity: EntityRow, startPos: number) {
      const id = state.nextVersionId + versionIdsUsed;
      versionIdsUsed += 1;
      insertedVersions.set(id, { ...entity, id, start_pos: startPos, end_pos: null });
      return id;
    },
    endVersion(id, endPos) {
      const own = insertedVersions.get(id);
      if (own) own.end_pos = endPos;
      else endedVersions.set(id, endPos);
    },
    deleteVersion(id) {
      if (!insertedVersions.delete(id)) deletedVersions.add(id);
    },
    markSeen(code, position) {
      if (!state.seenCommunities.has(code) && !seen.has(code)) seen.set(code, position);
    },
    addLogTime: (recordedMs, position) => void logTimes.push([recordedMs, position]),
    addAgg: (community, year, values) => void aggOps.push({ kind: 'agg', community, year, values: [...values] }),
    snapshotAgg: (position) => void aggOps.push({ kind: 'snapshot', position }),
    lastLogTime: () => state.lastLogTime,
    lastSnapshot: () => state.lastSnapshot,
    storedSinceSnapshot: () => state.sinceSnapshot,
    countLogTimesAfter: () => state.sinceSnapshot,
    storeSinceSnapshot(count) {
      sinceSnapshot = count;
    },
  };
}
