// The incremental fold behind the read model: each event of the log, in order, updates its
// record's state and re-derives the entities it affects (the record itself, what it refers to,
// what refers to it, and withdrawals' targets), writing a new entity version where the figures'
// input changed and adding the difference to agg. Runs inside the read model's page transaction;
// the same code serves live projection and rebuilds.
import type Database from 'better-sqlite3';
import { zonedCalendar } from '../../kernel/time';
import type { ProjectedEvent, RecordState } from '../domain/types';
import { resolveWithdrawn } from '../domain/withdrawal';
import {
  AGG_COLUMNS,
  COMMUNITY_TYPES,
  REFERENCE_FIELDS,
  REFERENCE_TARGET_TYPE,
  bodyOf,
  communityEntity,
  contributions,
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
}

export interface Projection {
  /** Folds the events in (log order); call inside a transaction, then flush(). */
  apply(events: readonly ProjectedEvent[]): void;
  /** Writes the page's agg changes and, when due, an agg snapshot at `position`. */
  flush(position: bigint): void;
  /** Forgets the cached statement state (after a reset of the tables). */
  reset(): void;
}

interface VersionRow extends EntityRow {
  id: number;
  start_pos: number;
}

const ENTITY_COLUMNS =
  'entity_key, kind, community, region, year, named_year, deaths, injuries, agency, latest_received_ms, latest_received_at, rectify_by, rectified, major, facts';

export function createProjection(db: Database.Database, options: ProjectionOptions): Projection {
  const calendar = zonedCalendar(options.timeZone);
  const snapshotEvery = options.snapshotEvery ?? 50_000;

  const selectRecord = db.prepare<[string], RecordRow>('SELECT * FROM records WHERE key = ?');
  const insertRecord = db.prepare(
    `INSERT INTO records (key, agency, type, revision, seen_revisions, body, event_id, received_at, position, first_received_at, latest_received_at, target_key)
     VALUES (@key, @agency, @type, @revision, @seen_revisions, @body, @event_id, @received_at, @position, @first_received_at, @latest_received_at, @target_key)`,
  );
  const updateRecord = db.prepare(
    `UPDATE records SET revision = @revision, seen_revisions = @seen_revisions, body = @body, event_id = @event_id, received_at = @received_at, position = @position,
       first_received_at = @first_received_at, latest_received_at = @latest_received_at, target_key = @target_key WHERE id = @id`,
  );
  const setMainVersion = db.prepare<[number | null, number]>('UPDATE records SET main_version = ? WHERE id = ?');
  const setRefVersion = db.prepare<[number | null, number]>('UPDATE records SET ref_version = ? WHERE id = ?');
  const selectReferrers = db.prepare<[string], RecordRow>('SELECT * FROM records WHERE target_key = ?');
  const selectTargeted = db.prepare<[string], number>('SELECT 1 FROM records WHERE target_key = ? LIMIT 1').pluck();
  const insertRecordWithVersion = db.prepare(
    `INSERT INTO records (key, agency, type, revision, seen_revisions, body, event_id, received_at, position, first_received_at, latest_received_at, target_key, main_version)
     VALUES (@key, @agency, @type, @revision, @seen_revisions, @body, @event_id, @received_at, @position, @first_received_at, @latest_received_at, @target_key, @main_version)`,
  );
  const selectWithdrawn = db.prepare<[string], number>('SELECT 1 FROM withdrawn WHERE key = ?').pluck();
  const insertWithdrawn = db.prepare<[string]>('INSERT OR IGNORE INTO withdrawn (key) VALUES (?)');
  const deleteWithdrawn = db.prepare<[string]>('DELETE FROM withdrawn WHERE key = ?');
  const insertSeen = db.prepare<[string, number]>('INSERT OR IGNORE INTO communities_seen (code, first_pos) VALUES (?, ?)');
  const insertLogTime = db.prepare<[number, number]>('INSERT OR IGNORE INTO log_times (recorded_ms, pos) VALUES (?, ?)');
  const selectLastLogTime = db.prepare<[], number>('SELECT MAX(recorded_ms) FROM log_times').pluck();
  const selectVersion = db.prepare<[number], VersionRow>(`SELECT id, start_pos, ${ENTITY_COLUMNS} FROM entity_versions WHERE id = ?`);
  const insertVersion = db.prepare(
    `INSERT INTO entity_versions (${ENTITY_COLUMNS}, start_pos)
     VALUES (@entity_key, @kind, @community, @region, @year, @named_year, @deaths, @injuries, @agency, @latest_received_ms,
             @latest_received_at, @rectify_by, @rectified, @major, @facts, @start_pos)`,
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
  const countSince = db.prepare<[number], number>('SELECT COUNT(*) FROM log_times WHERE pos > ?').pluck();

  let lastRecordedMs: number | undefined;
  // Communities already in communities_seen (bounded by the number of communities).
  const seenCommunities = new Set<string>();
  let lastSnapshot: number | undefined;
  let sinceSnapshot = 0;
  const aggDelta = new Map<string, { community: string; year: number; values: number[] }>();

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

  function addAgg(entity: EntityRow, sign: 1 | -1): void {
    for (const c of contributions(entity)) {
      const key = `${c.community}\u0000${c.year}`;
      let delta = aggDelta.get(key);
      if (!delta) aggDelta.set(key, (delta = { community: c.community, year: c.year, values: AGG_COLUMNS.map(() => 0) }));
      delta.values[c.column]! += sign * c.value;
    }
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
      id = Number(insertVersion.run({ ...next, start_pos: position }).lastInsertRowid);
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
      if (COMMUNITY_TYPES.has(current.type)) return bodyOf(current).communityCode as string;
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
    if (COMMUNITY_TYPES.has(row.type)) {
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

  function applyEvent(event: ProjectedEvent): void {
    const position = Number(event.position);
    const body = event.body as ProjectedEvent['body'] & Record<string, unknown>;
    if (Number.isNaN(Date.parse(event.receivedAt))) throw new RangeError(`event ${event.eventId} has an invalid receivedAt`);
    const recordedMs = Math.max(lastRecordedMs ?? 0, Date.parse(event.recordedAt ?? event.receivedAt));
    lastRecordedMs = recordedMs;
    insertLogTime.run(recordedMs, position);
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
    // The common case: the first event of a record naming a community that nothing refers to
    // (so nothing withdraws it either): its entity and its row, two writes.
    if (!row && COMMUNITY_TYPES.has(body.type) && selectTargeted.get(key) === undefined) {
      const fresh: RecordRow = {
        id: 0,
        key,
        agency: event.agency,
        type: body.type,
        revision: body.revision,
        seen_revisions: String(body.revision),
        body: JSON.stringify(body),
        event_id: event.eventId,
        received_at: event.receivedAt,
        position,
        first_received_at: event.receivedAt,
        latest_received_at: event.receivedAt,
        target_key: null,
        main_version: null,
        ref_version: null,
      };
      const entity = communityEntity(fresh, [], calendar);
      fresh.main_version = Number(insertVersion.run({ ...entity, start_pos: position }).lastInsertRowid);
      addAgg(entity, 1);
      fresh.id = Number(insertRecordWithVersion.run(fresh).lastInsertRowid);
      cache.set(key, fresh);
      return;
    }
    if (!row) {
      const fresh = {
        key,
        agency: event.agency,
        type: body.type,
        revision: body.revision,
        seen_revisions: String(body.revision),
        body: JSON.stringify(body),
        event_id: event.eventId,
        received_at: event.receivedAt,
        position,
        first_received_at: event.receivedAt,
        latest_received_at: event.receivedAt,
        target_key: targetKey,
      };
      const id = Number(insertRecord.run(fresh).lastInsertRowid);
      row = { ...fresh, id, main_version: null, ref_version: null };
      cache.set(key, row);
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
        row.body = JSON.stringify(body);
        row.event_id = event.eventId;
        row.received_at = event.receivedAt;
        row.position = position;
        row.target_key = targetKey;
      }
      updateRecord.run(row);
    }

    const visited = new Set<string>();
    if (row.type === 'RecordWithdrawn' && (created || previousTarget !== row.target_key)) {
      const seeds = [key, ...(row.target_key ? [row.target_key] : []), ...(previousTarget ? [previousTarget] : [])];
      for (const flipped of resolveWithdrawals(seeds)) touch(flipped, position, visited);
    }
    touch(key, position, visited);
    if (previousTarget !== null && previousTarget !== row.target_key) touch(previousTarget, position, visited);
  }

  return {
    apply(events) {
      cache.clear();
      lastRecordedMs ??= selectLastLogTime.get() ?? 0;
      for (const event of events) applyEvent(event);
      cache.clear();
    },
    flush(position) {
      for (const { community, year, values } of aggDelta.values()) {
        if (values.some((v) => v !== 0)) upsertAgg.run(community, year, ...values);
      }
      aggDelta.clear();
      if (lastSnapshot === undefined) {
        lastSnapshot = selectLastSnapshot.get() ?? undefined;
        sinceSnapshot = countSince.get(lastSnapshot ?? -1) ?? 0;
      }
      if (sinceSnapshot >= snapshotEvery) {
        const pos = Number(position);
        if (lastSnapshot === undefined || pos > lastSnapshot) {
          copySnapshot.run(pos);
          markSnapshot.run(pos);
          lastSnapshot = pos;
        }
        sinceSnapshot = 0;
      }
    },
    reset() {
      cache.clear();
      aggDelta.clear();
      lastRecordedMs = undefined;
      lastSnapshot = undefined;
      sinceSnapshot = 0;
    },
  };
}
