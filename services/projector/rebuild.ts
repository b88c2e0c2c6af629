// Rebuilds the read model from the whole log into a new file, then renames it over the live one,
// so no reader ever opens a half-built model. A hub that has the old file open keeps reading the
// old one (its open file) until restarted: stop the hub before a rebuild, or restart it after.
import fs from 'node:fs';
import path from 'node:path';
import type { SchemaRegistry } from '../kernel/avro/registry';
import type { EventStore } from '../kernel/store/eventStore';
import { decodePage } from './decode';
import type { ProjectedEvent } from './domain/types';
import { openBulkReadModel, type SkippedEvent } from './readModel';

export interface RebuildProgress {
  /** Events written so far. */
  done: number;
  /** Events that could not be decoded (recorded in skipped_events). */
  skipped: number;
  /** Position of the last event read, or null before the first page. */
  position: bigint | null;
  /** The store's head when the rebuild started (null: empty store). */
  head: bigint | null;
  elapsedMs: number;
}

export interface RebuildResult {
  events: number;
  skipped: number;
  /** The new model's checkpoint. */
  position: bigint | null;
  durationMs: number;
  /** PostgreSQL: page folds run again after loading rows the first run missed. */
  reruns?: number;
}

export interface RebuildOptions {
  store: EventStore;
  registry: Pick<SchemaRegistry, 'decode'>;
  /** The live read model's path; replaced at the end. */
  file: string;
  /** HUB_TIMEZONE: years are reckoned in it (default Asia/Shanghai, the hub's default). */
  timeZone?: string;
  onProgress?: (progress: RebuildProgress) => void;
  /** Events per page read from the store (default 2000). The new file commits every 100,000 events. */
  batchSize?: number;
  now?: () => Date;
}

export async function rebuildReadModel(options: RebuildOptions): Promise<RebuildResult> {
  const { store, registry, file } = options;
  const batchSize = options.batchSize ?? 2000;
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  const building = `${file}.rebuild-${process.pid}`;
  removeDatabaseFiles(building);

  const head = await store.headPosition();
  const model = openBulkReadModel(building, { timeZone: options.timeZone ?? 'Asia/Shanghai' });
  const progress: RebuildProgress = { done: 0, skipped: 0, position: null, head, elapsedMs: 0 };
  try {
    await replayLog({ store, registry, now, batchSize, started, progress, onProgress: options.onProgress, apply: (events, position, skipped) => model.apply(events, position, skipped) });
    model.finish(); // secondary indexes, WAL mode
    model.close(); // the last connection checkpoints the WAL into the file and deletes it
  } catch (err) {
    model.close();
    removeDatabaseFiles(building);
    throw err;
  }
  if (fs.existsSync(`${building}-wal`)) throw new Error(`${building}-wal is still there after closing the new read model.`);
  fsyncFile(building);
  // A WAL or shared-memory file left by the old model would be replayed into the new one.
  removeDatabaseFiles(file, { mainFile: false });
  fs.renameSync(building, file);
  fsyncFile(path.dirname(file));
  return { events: progress.done, skipped: progress.skipped, position: progress.position, durationMs: performance.now() - started };
}

/**
 * Reads the log after `progress.position` page by page to its end, decodes each page and hands it
 * to `apply`, counting into `progress` and reporting it after each page (SQLite and PostgreSQL
 * rebuilds alike).
 */
export async function replayLog(options: {
  store: Pick<EventStore, 'readAll'>;
  registry: Pick<SchemaRegistry, 'decode'>;
  now: () => Date;
  batchSize: number;
  /** performance.now() when the rebuild started. */
  started: number;
  progress: RebuildProgress;
  onProgress?: (progress: RebuildProgress) => void;
  apply: (events: ProjectedEvent[], position: bigint, skipped: SkippedEvent[]) => void | Promise<void>;
}): Promise<void> {
  const { progress } = options;
  for (;;) {
    const page = await options.store.readAll(progress.position, options.batchSize);
    const last = page[page.length - 1];
    if (last === undefined) return;
    const { events, skipped } = decodePage(page, options.registry, options.now);
    await options.apply(events, last.position, skipped);
    progress.done += events.length;
    progress.skipped += skipped.length;
    progress.position = last.position;
    progress.elapsedMs = performance.now() - options.started;
    options.onProgress?.({ ...progress });
    if (page.length < options.batchSize) return;
  }
}

function removeDatabaseFiles(file: string, options: { mainFile: boolean } = { mainFile: true }): void {
  for (const f of [...(options.mainFile ? [file] : []), `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    fs.rmSync(f, { force: true });
  }
}

function fsyncFile(target: string): void {
  const fd = fs.openSync(target, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
