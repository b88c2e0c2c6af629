// The incremental fold behind the read model: each event of the log, in order, updates its
// record's state and re-derives the entities it affects (the record itself, what it refers to,
// what refers to it, and withdrawals' targets), writing a new entity version where the figures'
// input changed and adding the difference to agg. Runs inside the read model's page transaction;
// the same code serves live projection and rebuilds.
import type Database from 'better-sqlite3';
import { zonedCalendar } from '../../kernel/time';
import { bodyJsonOf } from '../bodyJson';
import type { ProjectedEvent, RecordState } from '../domain/types';
import { resolveWithdrawn } from '../domain/withdrawal';
import {
  AGG_COLUMNS,
  COMMUNITY_RECORD_TYPES,
  REFERENCE_FIELDS,
  REFERENCE_TARGET_TYPE,
  bodyOf,
  communityEntity,
  eachContribution,
  indicatorEntity,
  recordKeyOf,
  refEntity,
  sameEntity,
  type EntityRow,
  type RecordRow,
} from './entities';

export interface ProjectionOptions {
  timeZone: string;
  /** Snapshot agg after this many events since the last snapshot (default 50,000). */
  snapshotEvery?: number;
  /**
   * A bulk load (rebuild) that nothing reads before it ends: agg changes are kept in memory
   * (bounded by communities x years) and written only before a snapshot and by settle().
   */
  bulkLoad?: boolean;
}

export interface Projection {
  /** Folds the events in (log order); call inside a transaction, then flush(). */
  apply(events: readonly ProjectedEvent[]): void;
  /** Writes the page's agg changes and, when due, an agg snapshot at `position`. */
  flush(position: bigint): void;
  /** Writes the agg changes a bulk load kept back; call inside a transaction at its end. */
  settle(): void;
  /** Forgets the cached statement state (after a reset of the tables). */
  reset(): void;
}

interface VersionRow extends EntityRow {
  id: number;
  start_pos: number;
}

const ENTITY_COLUMNS =
  'entity_key, kind, community, region, year, named_year, deaths, injuries, agency, latest_received_ms, latest_received_at, rectify_by, rectified, major, facts';

type AggValues = number[];

export function createProjection(db: Database.Database, options: ProjectionOptions): Projection {
  const calendar = zonedCalendar(options.timeZone);
  const snapshotEvery = options.snapshotEvery ?? 50_000;

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
  const selectLastLogTime = db.prepare<[], number>('SELECT MAX(recorded_ms) FROM log_times').pluck();
  const selectVersion = db.prepare<[number], VersionRow>(`SELECT id, start_pos, ${ENTITY_COLUMNS} FROM entity_versions WHERE id = ?`);
  const insertVersionStatement = db.prepare<unknown[]>(
    `INSERT INTO entity_versions (${ENTITY_COLUMNS}, start_pos) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertVersion = (e: EntityRow, startPos: number): number =>
    Number(
      insertVersionStatement.run(
        e.entity_key, e.kind, e.community, e.region, e.year, e.named_year, e.deaths, e.injuries, e.agency,
        e.latest_received_ms, e.latest_received_at, e.rectify_by, e.rectified, e.major, e.facts, startPos,
      ).lastInsertRowid,
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

  let lastRecordedMs: number | undefined;
  // The run of events recorded at the same instant so far: log_times keeps its last position only
  // (an asOf instant maps to the last position recorded at or before it).
  let runMs: number | undefined;
  let runPos = 0;
  // Communities already in communities_seen (bounded by the number of communities).
  const seenCommunities = new Set<string>();
  // Loaded from the file on the first page (undefined: not loaded yet).
  let lastSnapshot: number | null | undefined;
  let sinceSnapshot = 0;
  // agg changes not written yet, by community then year (bounded by communities x years).
  const aggDelta = new Map<string, Map<number, AggValues>>();
  let aggPending = false;

  // Records read or written during the page; the rows are the truth, this only saves lookups.
  const cache = new Map<string, RecordRow | null>();
  const loadRecord = (key: string): RecordRow | undefined => {
    const cached = cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const row = selectRecord.get(key);
    cache.set(key, row ?? null);
    return row;
  };
  const isWithdrawn = (key: string) => selectWithdrawn.get(key) !== undefined;

  let aggSign = 1;
  const addContribution = (community: string, year: number, column: number, value: number) => {
    let years = aggDelta.get(community);
    if (!years) aggDelta.set(community, (years = new Map()));
    let values = years.get(year);
    if (!values) years.set(year, (values = new Array<number>(AGG_COLUMNS.length).fill(0)));
    values[column]! += aggSign * value;
    aggPending = true;
  };
  function addAgg(entity: EntityRow, sign: 1 | -1): void {
    aggSign = sign;
    eachContribution(entity, addContribution);
  }

  function writeAgg(): void {
    if (!aggPending) return;
    for (const [community, years] of aggDelta) {
      for (const [year, values] of years) {
        if (values.some((v) => v !== 0)) upsertAgg.run(community, year, ...values);
      }
    }
    aggDelta.clear();
    aggPending = false;
  }

  /** Replaces the record's current version of one slot with `next` (null: it stops counting). */
  function setEntity(row: RecordRow, slot: 'main' | 'ref', next: EntityRow | null, position: number): void {
    const currentId = slot === 'main' ? row.main_version : row.ref_version;
    const current = currentId === null ? undefined : selectVersion.get(currentId);
    if (current && next && sameEntity(current, next)) return;
    if (current) {
      addAgg(current, -1);
      // A version that started at this very position was never visible to any query.
      if (current.start_pos === position) deleteVersion.run(current.id);
      else endVersion.run(position, current.id);
    }
    let id: number | null = null;
    if (next) {
      id = insertVersion(next, position);
      addAgg(next, 1);
    }
    if (slot === 'main') {
      row.main_version = id;
      setMainVersion.run(id, row.id);
    } else {
      row.ref_version = id;
      setRefVersion.run(id, row.id);
    }
  }

  /** The community a record is counted for: its own, or for a reference its target's. */
  function attributedCommunity(row: RecordRow): string | undefined {
    const visited = new Set<string>();
    let current: RecordRow | undefined = row;
    while (current && !visited.has(current.key)) {
      visited.add(current.key);
      if (COMMUNITY_RECORD_TYPES.has(current.type)) return bodyOf(current).communityCode as string;
      const wanted = REFERENCE_TARGET_TYPE[current.type];
      if (wanted !== undefined) {
        const target = current.target_key === null ? undefined : loadRecord(current.target_key);
        return target && target.type === wanted ? (bodyOf(target).communityCode as string) : undefined;
      }
      if (current.type !== 'RecordWithdrawn' || current.target_key === null) return undefined;
      current = loadRecord(current.target_key);
    }
    return undefined;
  }

  /** Re-derives everything that depends on the record: its entities, its target's, its referrers'. */
  function touch(key: string, position: number, visited: Set<string>): void {
    if (visited.has(key)) return;
    visited.add(key);
    const row = loadRecord(key);
    if (!row) return;
    const counted = !isWithdrawn(key);
    const referrers = selectReferrers.all(key);
    for (const r of referrers) cache.set(r.key, cache.get(r.key) ?? r);
    if (COMMUNITY_RECORD_TYPES.has(row.type)) {
      const refs = counted ? referrers.map((r) => loadRecord(r.key)!).filter((r) => !isWithdrawn(r.key)) : [];
      setEntity(row, 'main', counted ? communityEntity(row, refs, calendar) : null, position);
    } else if (row.type === 'ControlIndicatorIssued') {
      setEntity(row, 'main', counted ? indicatorEntity(row) : null, position);
    } else if (REFERENCE_FIELDS[row.type] !== undefined) {
      const community = counted ? attributedCommunity(row) : undefined;
      setEntity(row, 'ref', community === undefined ? null : refEntity(row, community), position);
      if (row.target_key !== null && REFERENCE_TARGET_TYPE[row.type] !== undefined) touch(row.target_key, position, visited);
    }
    for (const r of referrers) touch(r.key, position, visited);
  }

  /**
   * Re-solves the withdrawal game (domain/withdrawal.ts) on the connected part of the withdrawal
   * graph around the seeds and stores the result; returns the keys whose status changed.
   */
  function resolveWithdrawals(seeds: readonly string[]): string[] {
    const nodes = new Set<string>();
    const withdrawals: RecordState[] = [];
    const queue = [...seeds];
    while (queue.length > 0) {
      const key = queue.pop()!;
      if (nodes.has(key)) continue;
      nodes.add(key);
      const row = loadRecord(key);
      if (row && row.type === 'RecordWithdrawn') {
        const body = bodyOf(row);
        withdrawals.push({ key, agency: row.agency, type: row.type, current: body } as unknown as RecordState);
        if (row.target_key !== null) queue.push(row.target_key);
      }
      for (const referrer of selectReferrers.all(key)) {
        if (referrer.type === 'RecordWithdrawn') {
          cache.set(referrer.key, cache.get(referrer.key) ?? referrer);
          queue.push(referrer.key);
        }
      }
    }
    const withdrawnNow = resolveWithdrawn(withdrawals);
    const flipped: string[] = [];
    for (const key of nodes) {
      const now = withdrawnNow.has(key);
      if (now === isWithdrawn(key)) continue;
      if (now) insertWithdrawn.run(key);
      else deleteWithdrawn.run(key);
      flipped.push(key);
    }
    return flipped;
  }

  const insertRecordRow = (r: RecordRow): number =>
    Number(
      insertRecord.run(
        r.key, r.agency, r.type, r.revision, r.seen_revisions, r.body, r.event_id, r.received_at, r.position,
        r.first_received_at, r.latest_received_at, r.target_key, r.main_version,
      ).lastInsertRowid,
    );

  function applyEvent(event: ProjectedEvent): void {
    const position = Number(event.position);
    const body = event.body as ProjectedEvent['body'] & Record<string, unknown>;
    if (Number.isNaN(Date.parse(event.receivedAt))) throw new RangeError(`event ${event.eventId} has an invalid receivedAt`);
    const recordedMs = Math.max(lastRecordedMs ?? 0, Date.parse(event.recordedAt ?? event.receivedAt));
    lastRecordedMs = recordedMs;
    if (runMs !== undefined && runMs !== recordedMs) insertLogTime.run(runMs, runPos);
    runMs = recordedMs;
    runPos = position;
    sinceSnapshot += 1;
    if (typeof body.communityCode === 'string' && !seenCommunities.has(body.communityCode)) {
      insertSeen.run(body.communityCode, position);
      seenCommunities.add(body.communityCode);
    }

    const key = recordKeyOf(event.agency, body.sourceRecordId);
    const referenceField = REFERENCE_FIELDS[body.type];
    const targetKey = referenceField ? recordKeyOf(event.agency, body[referenceField] as string) : null;
    let row = loadRecord(key);
    let previousTarget: string | null = null;
    let created = false;
    if (!row) {
      row = {
        id: 0,
        key,
        agency: event.agency,
        type: body.type,
        revision: body.revision,
        seen_revisions: String(body.revision),
        body: bodyJsonOf(body),
        event_id: event.eventId,
        received_at: event.receivedAt,
        position,
        first_received_at: event.receivedAt,
        latest_received_at: event.receivedAt,
        target_key: targetKey,
        main_version: null,
        ref_version: null,
        parsed: body,
      };
      // The common case: the first event of a record naming a community that nothing refers to
      // (so nothing withdraws it either): its entity and its row, two writes.
      const plain = COMMUNITY_RECORD_TYPES.has(body.type) && selectTargeted.get(key) === undefined;
      if (plain) {
        const entity = communityEntity(row, [], calendar);
        row.main_version = insertVersion(entity, position);
        addAgg(entity, 1);
      }
      row.id = insertRecordRow(row);
      cache.set(key, row);
      if (plain) return;
      created = true;
    } else {
      // A type change is rejected or dead-lettered upstream; should one get here, it never counts.
      if (body.type !== row.type) return;
      // A revision received before is the same event again (event ids derive from it): once.
      if (row.seen_revisions.split(',').includes(String(body.revision))) return;
      row.seen_revisions = `${row.seen_revisions},${body.revision}`;
      const receivedMs = Date.parse(event.receivedAt);
      if (receivedMs < Date.parse(row.first_received_at)) row.first_received_at = event.receivedAt;
      if (receivedMs > Date.parse(row.latest_received_at)) row.latest_received_at = event.receivedAt;
      if (body.revision > row.revision) {
        previousTarget = row.target_key;
        row.revision = body.revision;
        row.body = bodyJsonOf(body);
        row.parsed = body;
        row.event_id = event.eventId;
        row.received_at = event.receivedAt;
        row.position = position;
        row.target_key = targetKey;
      }
      updateRecord.run(
        row.revision, row.seen_revisions, row.body, row.event_id, row.received_at, row.position,
        row.first_received_at, row.latest_received_at, row.target_key, row.id,
      );
    }

    const visited = new Set<string>();
    if (row.type === 'RecordWithdrawn' && (created || previousTarget !== row.target_key)) {
      const seeds = [key, ...(row.target_key ? [row.target_key] : []), ...(previousTarget ? [previousTarget] : [])];
      for (const flipped of resolveWithdrawals(seeds)) touch(flipped, position, visited);
    }
    touch(key, position, visited);
    if (previousTarget !== null && previousTarget !== row.target_key) touch(previousTarget, position, visited);
  }

  /** Loads what the file knows on the first page after opening (or after reset). */
  function loadState(): void {
    lastRecordedMs ??= selectLastLogTime.get() ?? 0;
    if (lastSnapshot !== undefined) return;
    lastSnapshot = selectLastSnapshot.get() ?? null;
    const stored = selectSinceSnapshot.get();
    sinceSnapshot = stored !== undefined ? Number(stored) : (countSince.get(lastSnapshot ?? -1) ?? 0);
  }

  return {
    apply(events) {
      cache.clear();
      loadState();
      runMs = undefined;
      for (const event of events) applyEvent(event);
      if (runMs !== undefined) insertLogTime.run(runMs, runPos);
      runMs = undefined;
      cache.clear();
    },
    flush(position) {
      loadState();
      const snapshotDue = sinceSnapshot >= snapshotEvery;
      if (!options.bulkLoad || snapshotDue) writeAgg();
      if (snapshotDue) {
        const pos = Number(position);
        if (lastSnapshot === null || lastSnapshot === undefined || pos > lastSnapshot) {
          copySnapshot.run(pos);
          markSnapshot.run(pos);
          lastSnapshot = pos;
        }
        sinceSnapshot = 0;
      }
      storeSinceSnapshot.run(String(sinceSnapshot));
    },
    settle() {
      writeAgg();
    },
    reset() {
      forgetSinceSnapshot.run();
      cache.clear();
      seenCommunities.clear();
      aggDelta.clear();
      aggPending = false;
      lastRecordedMs = undefined;
      lastSnapshot = undefined;
      sinceSnapshot = 0;
    },
  };
}
