// Messages between walCheckpointer.ts and its thread.

/** What one PASSIVE checkpoint did (SQLite's wal_checkpoint result). */
export interface CheckpointReport {
  /** Frames in the WAL. */
  walFrames: number;
  /** Frames now in the database file (fewer than walFrames while a reader still needs older pages). */
  checkpointedFrames: number;
}

/** Host -> thread. */
export type CheckpointerRequest = { kind: 'stop' };

/** Thread -> host. */
export type CheckpointerReply =
  | { kind: 'ready' }
  | { kind: 'failed'; name: string; message: string }
  /** A checkpoint of `file` copied WAL frames into it (sent only when the WAL held any). */
  | { kind: 'checkpointed'; file: string; report: CheckpointReport }
  /** A checkpoint of `file` failed; the thread goes on with the next interval. */
  | { kind: 'checkpointFailed'; file: string; message: string };
