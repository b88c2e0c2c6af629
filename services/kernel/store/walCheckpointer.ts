// Checkpoints the write-ahead logs of the hub's SQLite files on a thread of its own.
//
// SQLite's own checkpoint runs inside the commit that crosses wal_autocheckpoint: the thread that
// commits (the event log's writer, the read model's projector) then copies pages into the database
// file and fsyncs it before its commit returns. A 1000-event page of the read model dirties about
// 1,500 pages, so with SQLite's default every page commit also ran a checkpoint: a third of the
// projector's time. Here a separate connection runs a PASSIVE checkpoint every intervalMs: it never
// waits for a writer or a reader, copies each page once however many commits changed it since the
// last run, and fsyncs the file off the committing threads. The writers keep a high
// wal_autocheckpoint as a bound should this thread fall behind or stop (WAL_AUTOCHECKPOINT_PAGES).
// Durability is unchanged: a commit is durable once its WAL frames are (synchronous FULL for the
// log), whenever the checkpoint runs.
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';
import type { CheckpointReport, CheckpointerReply, CheckpointerRequest } from './walCheckpointerProtocol';

export type { CheckpointReport } from './walCheckpointerProtocol';

export interface WalCheckpointerOptions {
  /** SQLite files in WAL mode, already created by their owners. */
  files: readonly string[];
  /** How often each file's WAL is checkpointed (default 200 ms). */
  intervalMs?: number;
  logger: Logger;
  /** After each checkpoint that found frames in a WAL (tests). */
  onCheckpoint?: (file: string, report: CheckpointReport) => void;
}

export interface WalCheckpointer {
  /** Stops the thread after its last checkpoint; the files stay open in their owners. */
  stop(): Promise<void>;
}

export const DEFAULT_CHECKPOINT_INTERVAL_MS = 200;

export async function startWalCheckpointer(options: WalCheckpointerOptions): Promise<WalCheckpointer> {
  const { logger } = options;
  // From TypeScript sources the thread needs tsx (walCheckpointerThread.mjs); compiled, it is plain JS.
  const entry = import.meta.url.endsWith('.ts') ? './walCheckpointerThread.mjs' : './walCheckpointerThread.js';
  const worker = new Worker(new URL(entry, import.meta.url), {
    workerData: { files: [...options.files], intervalMs: options.intervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS },
  });
  let stopped: Promise<void> | undefined;
  let started = false;
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (reply: CheckpointerReply) => {
      if (reply.kind === 'ready') {
        started = true;
        resolve();
      }
      else if (reply.kind === 'checkpointed') options.onCheckpoint?.(reply.file, reply.report);
      else if (reply.kind === 'failed') reject(Object.assign(new Error(reply.message), { name: reply.name }));
      // The writers' backstop keeps the WAL bounded meanwhile: worth a warning, not an outage.
      else logger.warn('cannot checkpoint a write-ahead log; the writer checkpoints it itself past its threshold', { file: reply.file, reason: reply.message });
    });
    worker.on('error', (err) => {
      logger.error('the WAL checkpointer thread failed', { err });
      reject(err);
    });
    worker.on('exit', (code) => {
      // Before 'ready' the start's rejection says why; after, the writers' backstop takes over.
      if (started && !stopped) logger.warn('the WAL checkpointer thread stopped; the writers checkpoint past their threshold', { exitCode: code });
      reject(new Error(`the WAL checkpointer thread exited (code ${code})`));
    });
  });
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage({ kind: 'stop' } satisfies CheckpointerRequest);
      });
      return stopped;
    },
  };
}
