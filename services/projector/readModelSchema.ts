// Tables of the read model (one SQLite file, rebuildable from the event log at any time).
import type Database from 'better-sqlite3';
import { StoreIncompatibleError } from '../kernel/store/errors';

/** Bumped whenever the layout changes; stored in PRAGMA user_version. A mismatch needs `npm run rebuild`. */
export const READ_MODEL_SCHEMA_VERSION = 1;

const TABLES_DDL = `
CREATE TABLE IF NOT EXISTS events (
  position         INTEGER PRIMARY KEY,          -- the store's global position
  event_id         TEXT    NOT NULL UNIQUE,
  agency           TEXT    NOT NULL,
  type             TEXT    NOT NULL,
  record_id        TEXT    NOT NULL,             -- sourceRecordId
  community_code   TEXT,                         -- body.communityCode
  region_code      TEXT,                         -- ControlIndicatorIssued.regionCode
  target_record_id TEXT,                         -- hazardRecordId | projectRecordId | withdrawnRecordId
  received_at_ms   INTEGER NOT NULL,
  received_at      TEXT    NOT NULL,
  body             TEXT    NOT NULL              -- JSON: type, sourceRecordId, revision and the type's fields
);

CREATE TABLE IF NOT EXISTS checkpoint (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  position INTEGER NOT NULL
);

-- Events of the log the projector could not decode: kept here (never retried silently) so an
-- operator can see them; the checkpoint moves past them.
CREATE TABLE IF NOT EXISTS skipped_events (
  position   INTEGER PRIMARY KEY,
  event_id   TEXT    NOT NULL,
  type       TEXT    NOT NULL,
  reason     TEXT    NOT NULL,
  detail     TEXT    NOT NULL,
  skipped_at TEXT    NOT NULL
);
`;

/** The events table's secondary indexes (queries only: no constraint lives in them). */
const INDEXES_DDL = `
CREATE INDEX IF NOT EXISTS events_community ON events (community_code, received_at_ms);
CREATE INDEX IF NOT EXISTS events_received ON events (received_at_ms);
CREATE INDEX IF NOT EXISTS events_record ON events (agency, record_id);
CREATE INDEX IF NOT EXISTS events_target ON events (agency, target_record_id);
CREATE INDEX IF NOT EXISTS events_region ON events (region_code);
`;

export interface ReadModelConnectionOptions {
  /** false while building a fresh file that is fsynced before use (rebuild): no syncs per batch. */
  durable: boolean;
  /**
   * A fresh file that nothing reads until it is complete and renamed into place (rebuild): no
   * rollback journal and a large page cache. Finish it with finishBulkLoad.
   */
  bulkLoad?: boolean;
}

/**
 * Page cache of a bulk-load connection (SQLite's default is 2 MiB): room for the pages a bulk
 * transaction dirties, the random-key event_id index above all (~50 MiB per million events).
 */
const BULK_LOAD_CACHE_MIB = 256;

export function configureReadModel(db: Database.Database, options: ReadModelConnectionOptions): void {
  if (options.bulkLoad) {
    // No rollback journal and no WAL: pages are written once, straight into the file. A failed
    // transaction cannot be rolled back, but a failed rebuild deletes the file anyway.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma(`cache_size = ${-BULK_LOAD_CACHE_MIB * 1024}`);
    return;
  }
  db.pragma('journal_mode = WAL');
  // The read model can always be rebuilt from the log: NORMAL is enough (a power cut may lose the
  // last transactions, and the projector then re-applies them from the older checkpoint).
  db.pragma(`synchronous = ${options.durable ? 'NORMAL' : 'OFF'}`);
  db.pragma('busy_timeout = 5000');
}

/**
 * Creates the tables (and, unless `indexes` is false, the secondary indexes) on a new file;
 * refuses a file of another layout version.
 */
export function migrateReadModel(db: Database.Database, options: { indexes?: boolean } = {}): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== 0 && version !== READ_MODEL_SCHEMA_VERSION) {
    throw new StoreIncompatibleError(
      `The read model has schema version ${version}, this hub needs ${READ_MODEL_SCHEMA_VERSION}: run \`npm run rebuild\`.`,
    );
  }
  db.transaction(() => {
    db.exec(TABLES_DDL);
    if (options.indexes ?? true) db.exec(INDEXES_DDL);
    db.pragma(`user_version = ${READ_MODEL_SCHEMA_VERSION}`);
  }).immediate();
}

/**
 * Ends a bulk load: builds the secondary indexes, one sort each (cheaper than updating five
 * indexes row by row), and puts the file in WAL mode like any other read model.
 */
export function finishBulkLoad(db: Database.Database): void {
  db.transaction(() => db.exec(INDEXES_DDL)).immediate();
  db.pragma('journal_mode = WAL');
}
