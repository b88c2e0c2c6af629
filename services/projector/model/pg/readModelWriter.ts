// The projector's side of the PostgreSQL read model: folds each page with the same projection as
// SQLite (over a page overlay, pg/projectionStore.ts) and commits its rows, the feed's, the
// skipped events and the checkpoint in one transaction. It runs on the lease's own connection
// (lease.ts): were the lease lost, the connection is gone and nothing more is written; and each
// page checks that the checkpoint is still the one it started from.
import type pg from 'pg';
import type { ProjectedEvent } from '../../domain/types';
import type { SkippedEvent } from '../../readModel';
import { createProjection } from '../projection';
import { loadMisses, pageKeys, preloadMisses } from './pageRows';
import { createPageOverlay, emptyLoadedRows, type PageOverlay, type PgProjectionState } from './projectionStore';
import { writeOverlay } from './projectionWrites';
import { PG_READ_MODEL_TABLES, PROJECTED_CHANNEL } from './schema';

/** The feed's fold over PostgreSQL (feed/), run on the same page and committed with it. */
export interface PgFeedFold {
  fold(client: pg.ClientBase, events: readonly ProjectedEvent[]): Promise<{ changed: boolean; write(client: pg.ClientBase): Promise<void> }>;
}

export interface PgReadModelWriterOptions {
  timeZone: string;
  /** agg snapshot interval in events (default 50,000). */
  snapshotEvery?: number;
  feed?: PgFeedFold;
  /** After each committed page: its checkpoint, and whether it changed the feed. */
  onCommitted?: (checkpoint: bigint, feedChanged: boolean) => void;
}

export interface PgReadModelWriter {
  apply(events: readonly ProjectedEvent[], checkpoint: bigint, skipped?: readonly SkippedEvent[]): Promise<void>;
  /** The checkpoint this writer committed last (or found). */
  checkpoint(): bigint | null;
  /** Runs of the fold so far beyond one per page (misses that needed another load). */
  reruns(): number;
  /** Empties every read-model table (a rebuild). */
  reset(): Promise<void>;
}

/** A page whose runs keep missing rows after this many loads has a bug, not a deep chain. */
const MAX_LOADS = 64;

export class CheckpointMovedError extends Error {
  readonly code = 'READ_MODEL_CHECKPOINT_MOVED';
  constructor(expected: bigint | null, found: bigint | null) {
    super(`The read model's checkpoint is ${found}, not ${expected}: another projector wrote it. This one stops writing.`);
    this.name = 'CheckpointMovedError';
  }
}

export async function openPgReadModelWriter(client: pg.ClientBase, options: PgReadModelWriterOptions): Promise<PgReadModelWriter> {
  let checkpoint: bigint | null = null;
  let state: PgProjectionState;
  let reruns = 0;

  const load = async () => {
    const one = async <T>(text: string) => (await client.query<{ v: T }>(text)).rows[0]?.v;
    const position = await one<number | null>('SELECT position AS v FROM rm_checkpoint WHERE id = 1');
    checkpoint = position === undefined || position === null ? null : BigInt(position);
    const lastSnapshot = (await one<number | null>('SELECT MAX(pos) AS v FROM rm_agg_snapshots')) ?? null;
    const stored = await one<string>("SELECT value AS v FROM rm_meta WHERE key = 'eventsSinceSnapshot'");
    state = {
      nextRecordId: ((await one<number | null>('SELECT MAX(id) AS v FROM rm_records')) ?? 0) + 1,
      nextVersionId: ((await one<number | null>('SELECT MAX(id) AS v FROM rm_entity_versions')) ?? 0) + 1,
      lastLogTime: (await one<number | null>('SELECT MAX(recorded_ms) AS v FROM rm_log_times')) ?? undefined,
      lastSnapshot,
      sinceSnapshot: stored !== undefined ? Number(stored) : 0,
      seenCommunities: new Set((await client.query<{ code: string }>('SELECT code FROM rm_communities_seen')).rows.map((r) => r.code)),
    };
  };
  await load();

  /** Runs the fold until a run finds every row it reads loaded. */
  async function fold(events: readonly ProjectedEvent[], position: bigint): Promise<PageOverlay> {
    const loaded = emptyLoadedRows();
    let misses = preloadMisses(pageKeys(events));
    for (let loads = 0; loads < MAX_LOADS; loads += 1) {
      await loadMisses(client, loaded, misses);
      const overlay = createPageOverlay(loaded, state);
      // A fold made for this run only: its in-memory state comes from `state`, as on a first page.
      const projection = createProjection(overlay, { timeZone: options.timeZone, snapshotEvery: options.snapshotEvery });
      try {
        projection.apply(events);
        projection.flush(position);
      } catch (err) {
        if (!overlay.hasMisses()) throw err; // a run on rows it lacked may fail: it is void anyway
      }
      if (!overlay.hasMisses()) return overlay;
      misses = overlay.misses;
      reruns += 1;
    }
    throw new Error(`The page ending at ${position} still missed rows after ${MAX_LOADS} loads.`);
  }

  return {
    checkpoint: () => checkpoint,
    reruns: () => reruns,
    async apply(events, position, skipped = []) {
      const overlay = await fold(events, position);
      const feed = options.feed ? await options.feed.fold(client, events) : undefined;
      await client.query('BEGIN');
      try {
        const found = (await client.query<{ position: number }>('SELECT position FROM rm_checkpoint WHERE id = 1 FOR UPDATE')).rows[0];
        const current = found ? BigInt(found.position) : null;
        if (current !== checkpoint) throw new CheckpointMovedError(checkpoint, current);
        await writeOverlay(client, overlay);
        await feed?.write(client);
        if (skipped.length > 0) {
          await client.query(
            `INSERT INTO rm_skipped_events (position, event_id, type, reason, detail, skipped_at)
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) ON CONFLICT DO NOTHING`,
            [
              skipped.map((s) => s.position.toString()), skipped.map((s) => s.eventId), skipped.map((s) => s.type),
              skipped.map((s) => s.reason), skipped.map((s) => s.detail), skipped.map((s) => s.skippedAt),
            ],
          );
        }
        await client.query({
          name: 'rm_checkpoint',
          text: 'INSERT INTO rm_checkpoint (id, position) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET position = excluded.position',
          values: [position.toString()],
        });
        // Every process answering from this model learns of the page when it commits.
        await client.query({ name: 'rm_notify', text: 'SELECT pg_notify($1, $2)', values: [PROJECTED_CHANNEL, `${position}:${feed?.changed ? 1 : 0}`] });
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
      checkpoint = position;
      state.nextRecordId += overlay.recordIdsUsed;
      state.nextVersionId += overlay.versionIdsUsed;
      const lastTime = overlay.logTimes[overlay.logTimes.length - 1];
      if (lastTime) state.lastLogTime = lastTime[0];
      for (const op of overlay.aggOps) if (op.kind === 'snapshot') state.lastSnapshot = op.position;
      if (overlay.sinceSnapshot !== undefined) state.sinceSnapshot = overlay.sinceSnapshot ?? 0;
      for (const code of overlay.seen.keys()) state.seenCommunities.add(code);
      options.onCommitted?.(position, feed?.changed ?? false);
    },
    async reset() {
      await client.query(`TRUNCATE ${PG_READ_MODEL_TABLES.join(', ')}`);
      await client.query("DELETE FROM rm_meta WHERE key = 'eventsSinceSnapshot'");
      await load();
    },
  };
}
