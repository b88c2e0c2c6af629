// Tables of the read model (one SQLite file, rebuildable from the event log at any time).
import type Database from 'better-sqlite3';
import { StoreIncompatibleError } from '../kernel/store/errors';

/** Bumped whenever the layout changes; stored in PRAGMA user_version. A mismatch needs `npm run rebuild`. */
export const READ_MODEL_SCHEMA_VERSION = 1;

const DDL = `
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
CREATE INDEX IF NOT EXISTS events_community ON events (community_code, received_at_ms);
CREATE INDEX IF NOT EXISTS events_received ON events (received_at_ms);
CREATE INDEX IF NOT EXISTS events_record ON events (agency, record_id);
CREATE INDEX IF NOT EXISTS events_target ON events (agency, target_record_id);
CREATE INDEX IF NOT EXISTS events_region ON events (region_code);

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

export function configureReadModel(db: Database.Database, options: { durable: boolean }): void {
  db.pragma('journal_mode = WAL');
  // The read model can always be rebuilt from the log: NORMAL is enough (a power cut may lose the
  // last transactions, and the projector then re-applies them from the older checkpoint).
  db.pragma(`synchronous = ${options.durable ? 'NORMAL' : 'OFF'}`);
  db.pragma('busy_timeout = 5000');
}

export function migrateReadModel(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== 0 && version !== READ_MODEL_SCHEMA_VERSION) {
    throw new StoreIncompatibleError(
      `The read model has schema version ${version}, this hub needs ${READ_MODEL_SCHEMA_VERSION}: run \`npm run rebuild\`.`,
    );
  }
  db.transaction(() => {
    db.exec(DDL);
    db.pragma(`user_version = ${READ_MODEL_SCHEMA_VERSION}`);
  }).immediate();
}
