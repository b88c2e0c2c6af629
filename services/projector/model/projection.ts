// The incremental fold behind the read model: each event of the log, in order, updates its
// record's state and re-derives the entities it affects (the record itself, what it refers to,
// what refers to it, and withdrawals' targets), writing a new entity version where the figures'
// input changed and adding the difference to agg. Runs inside the read model's page transaction;
// the same code serves live projection and rebuilds.
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
import type { ProjectionStore } from './projectionStore';

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

type AggValues = number[];

/**
 * The fold over `store` (model/projectionStore.ts). Its in-memory state (times, snapshot count,
 * agg changes) is loaded from the store on the first page: a fold made afresh for each page reads
 * the same answers as one kept across pages.
 */
export function createProjection(store: ProjectionStore, options: ProjectionOptions): Projection {
  const calendar = zonedCalendar(options.timeZone);
  const snapshotEvery = options.snapshotEvery ?? 50_000;

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
    const row = store.record(key);
    cache.set(key, row ?? null);
    return row;
  };
  const isWithdrawn = (key: string) => store.isWithdrawn(key);

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
        if (values.some((v) => v !== 0)) store.addAgg(community, year, values);
      }
    }
    aggDelta.clear();
    aggPending = false;
  }

  /** Replaces the record's current version of one slot with `next` (null: it stops counting). */
  function setEntity(row: RecordRow, slot: 'main' | 'ref', next: EntityRow | null, position: number): void {
    const currentId = slot === 'main' ? row.main_version : row.ref_version;
    const current = currentId === null ? undefined : store.version(currentId);
    if (current && next && sameEntity(current, next)) return;
    if (current) {
      addAgg(current, -1);
      // A version that started at this very position was never visible to any query.
      if (current.start_pos === position) store.deleteVersion(current.id);
      else store.endVersion(current.id, position);
    }
    let id: number | null = null;
    if (next) {
      id = store.insertVersion(next, position);
      addAgg(next, 1);
    }
    if (slot === 'main') row.main_version = id;
    else row.ref_version = id;
    store.updateVersionLink(row, slot);
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
    const referrers = store.referrers(key);
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
      for (const referrer of store.referrers(key)) {
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
      store.setWithdrawn(key, now);
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
    if (runMs !== undefined && runMs !== recordedMs) store.addLogTime(runMs, runPos);
    runMs = recordedMs;
    runPos = position;
    sinceSnapshot += 1;
    if (typeof body.communityCode === 'string' && !seenCommunities.has(body.communityCode)) {
      store.markSeen(body.communityCode, position);
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
      const plain = COMMUNITY_RECORD_TYPES.has(body.type) && !store.isTargeted(key);
      if (plain) {
        const entity = communityEntity(row, [], calendar);
        row.main_version = store.insertVersion(entity, position);
        addAgg(entity, 1);
      }
      row.id = store.insertRecord(row);
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
      store.updateRecord(row);
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
    lastRecordedMs ??= store.lastLogTime() ?? 0;
    if (lastSnapshot !== undefined) return;
    lastSnapshot = store.lastSnapshot();
    sinceSnapshot = store.storedSinceSnapshot() ?? store.countLogTimesAfter(lastSnapshot ?? -1);
  }

  return {
    apply(events) {
      cache.clear();
      loadState();
      runMs = undefined;
      for (const event of events) applyEvent(event);
      if (runMs !== undefined) store.addLogTime(runMs, runPos);
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
          store.snapshotAgg(pos);
          lastSnapshot = pos;
        }
        sinceSnapshot = 0;
      }
      store.storeSinceSnapshot(sinceSnapshot);
    },
    settle() {
      writeAgg();
    },
    reset() {
      store.storeSinceSnapshot(null);
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
