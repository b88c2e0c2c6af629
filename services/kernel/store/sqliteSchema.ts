// Connection settings and schema of the embedded event log (one SQLite file).
import type Database from 'better-sqlite3';
import { StoreIncompatibleError } from './errors';

/** Bumped whenever the table layout changes; stored in PRAGMA user_version. */
export const EVENT_LOG_SCHEMA_VERSION = 3;

/**
 * A function only the hub's own connections define (configureConnection). The append-only
 * trigger asks it before looking anything up: the hub's inserts never replace (they are plain
 * INSERTs, which the UNIQUE constraints already refuse on any collision), so the trigger's three
 * index lookups per event are for other programs only. A connection without it cannot insert
 * into the log at all ("no such function"); one that defines it as anything but 1 gets the full
 * check.
 */
export const HUB_WRITER_FUNCTION = 'hub_event_log_writer';

export interface SqliteConnectionSettings {
  /** How long a writer waits for another connection's write lock before failing with SQLITE_BUSY. */
  busyTimeoutMs: number;
}

export function configureConnection(db: Database.Database, settings: SqliteConnectionSettings): void {
  // WAL: readers (the projector, /readyz) never block the writer and vice versa.
  db.pragma('journal_mode = WAL');
  // FULL, not NORMAL: the contract says an embedded-mode 202 means "committed to the store" and
  // that an accepted event is never lost. With WAL + NORMAL a commit is only fsynced at the next
  // checkpoint, so a power cut can roll back transactions the gateway already answered 202 for.
  // FULL fsyncs the WAL on every commit; the cost is one fsync per append() call, which the
  // gateway amortises by committing a whole request batch in one call.
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(settings.busyTimeoutMs))}`);
  // The writer checkpoints only past WAL_AUTOCHECKPOINT_PAGES: in the hub a thread of its own
  // checkpoints every 200 ms (walCheckpointer.ts), and this is the bound should it fall behind.
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  db.function(HUB_WRITER_FUNCTION, { deterministic: true, varargs: false }, () => 1);
}

/**
 * The writers' own checkpoint threshold, for the event log and the read model alike (~40 MB of
 * 4 KiB pages) instead of SQLite's 1000. A 1000-event append dirties ~1000 pages of the log (its
 * event_id index is keyed by random UUIDs), a 1000-event page ~1,500 of the read model, so with
 * the default nearly every commit also ran a checkpoint: a second fsync on the committing thread,
 * and pages that several commits change copied into the file each time. Durability is unchanged:
 * a commit is durable once its WAL frames are fsynced, whenever the checkpoint runs.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;

const DDL = `
CREATE TABLE IF NOT EXISTS events (
  position        INTEGER PRIMARY KEY AUTOINCREMENT,
  stream          TEXT    NOT NULL,
  stream_revision INTEGER NOT NULL CHECK (stream_revision >= 0),
  event_id        TEXT    NOT NULL UNIQUE,
  type            TEXT    NOT NULL,
  data            BLOB    NOT NULL,
  metadata        TEXT    NOT NULL CHECK (json_valid(metadata)),
  -- When the event entered the log (epoch ms), never lower than the previous event's: "what the
  -- log held at asOf" is a prefix of the log. NULL only in logs written before version 2, where
  -- metadata.receivedAt stands in.
  recorded_at_ms  INTEGER,
  UNIQUE (stream, stream_revision)
);

-- The log is append-only: history is evidence (audit trail of every revision).
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE is not allowed'); END;

CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE is not allowed'); END;

-- INSERT OR REPLACE deletes the conflicting row without firing the DELETE trigger (unless
-- recursive_triggers is on), so refuse any insert that collides with an existing row. The hub's
-- own connections skip the lookups: they never replace (see HUB_WRITER_FUNCTION).
CREATE TRIGGER IF NOT EXISTS events_no_replace BEFORE INSERT ON events
WHEN ${HUB_WRITER_FUNCTION}() IS NOT 1 AND (
     EXISTS (SELECT 1 FROM events WHERE event_id = NEW.event_id)
  OR EXISTS (SELECT 1 FROM events WHERE stream = NEW.stream AND stream_revision = NEW.stream_revision)
  OR EXISTS (SELECT 1 FROM events WHERE position = NEW.position))
BEGIN SELECT RAISE(ABORT, 'events are append-only: an insert may not replace an event'); END;
`;

/** Creates the table and triggers on a new file; refuses a file written by a newer hub. */
export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > EVENT_LOG_SCHEMA_VERSION) {
    throw new StoreIncompatibleError(
      `The event log has schema version ${version}; this hub understands up to ${EVENT_LOG_SCHEMA_VERSION}.`,
    );
  }
  db.transaction(() => {
    // Version 1 had no recorded_at_ms; the column is added empty (receivedAt stands in).
    if (version === 1) db.exec('ALTER TABLE events ADD COLUMN recorded_at_ms INTEGER');
    // Versions 1 and 2 looked every insert up three times, the hub's own included. Replacing the
    // trigger is DDL only: no event row is read or written, whatever the size of the log.
    if (version === 1 || version === 2) db.exec('DROP TRIGGER IF EXISTS events_no_replace');
    db.exec(DDL);
    db.pragma(`user_version = ${EVENT_LOG_SCHEMA_VERSION}`);
  }).immediate();
}
