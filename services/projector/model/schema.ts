// Tables of the read model's projection (one SQLite file, rebuildable from the log at any time).
//
// - records: each bureau record's current state (highest revision), one row per record.
// - withdrawn: keys of records withdrawn now (possibly records not received yet).
// - entity_versions: what the figures count, versioned by log position. An entity is a record
//   naming a community (with its resolved references), a control indicator, or a reference /
//   withdrawal counted for its target's community (kind 'ref', freshness only). A version counts
//   for every log position P with start_pos <= P < end_pos (end_pos NULL: still current).
// - agg: per community and year, the counters region summaries sum (latest state).
// - agg_snapshots: agg as it stood at a few log positions, so agg at any earlier position is a
//   snapshot plus the versions that started or ended since.
// - log_times: the last position recorded at each instant of the log, to turn an asOf instant
//   into a position (files written before keep a row per position: the same answers).
import type Database from 'better-sqlite3';
import { StoreIncompatibleError } from '../../kernel/store/errors';
import { WAL_AUTOCHECKPOINT_PAGES } from '../../kernel/store/sqliteSchema';
import { AGG_COLUMNS } from './entities';

/** Bumped whenever the layout changes; a mismatch needs `npm run rebuild`. */
export const READ_MODEL_SCHEMA_VERSION = 2;

const aggColumns = AGG_COLUMNS.map((c) => `${c} INTEGER NOT NULL DEFAULT 0`).join(',\n  ');

const TABLES_DDL = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS checkpoint (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  position INTEGER NOT NULL
);

-- Events of the log the projector could not decode: kept (never retried silently) so an
-- operator can see them; the checkpoint moves past them.
CREATE TABLE IF NOT EXISTS skipped_events (
  position   INTEGER PRIMARY KEY,
  event_id   TEXT    NOT NULL,
  type       TEXT    NOT NULL,
  reason     TEXT    NOT NULL,
  detail     TEXT    NOT NULL,
  skipped_at TEXT    NOT NULL
);

CREATE TABLE IF NOT EXISTS records (
  id                 INTEGER PRIMARY KEY,
  key                TEXT    NOT NULL UNIQUE,       -- agency/sourceRecordId
  agency             TEXT    NOT NULL,
  type               TEXT    NOT NULL,              -- type of the record's first event
  revision           INTEGER NOT NULL,
  seen_revisions     TEXT    NOT NULL,              -- every revision received: a re-send is counted once
  body               TEXT    NOT NULL,              -- current revision's body (JSON)
  event_id           TEXT    NOT NULL,
  received_at        TEXT    NOT NULL,
  position           INTEGER NOT NULL,
  first_received_at  TEXT    NOT NULL,              -- over every revision, stale ones included
  latest_received_at TEXT    NOT NULL,
  target_key         TEXT,                          -- the record a reference points to
  main_version       INTEGER,                       -- its current entity version
  ref_version        INTEGER                        -- its current 'ref' version
);

CREATE TABLE IF NOT EXISTS withdrawn (key TEXT PRIMARY KEY) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS communities_seen (
  code      TEXT PRIMARY KEY,
  first_pos INTEGER NOT NULL                         -- first event naming it, counted or not
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS entity_versions (
  id                 INTEGER PRIMARY KEY,
  entity_key         TEXT    NOT NULL,
  kind               TEXT    NOT NULL,              -- the record's type, or 'ref'
  community          TEXT,
  region             TEXT,                          -- ControlIndicatorIssued.regionCode
  year               INTEGER,                       -- local year of occurredAt; an indicator's year
  named_year         INTEGER,                       -- year of the date that dates the community
  deaths             INTEGER NOT NULL DEFAULT 0,
  injuries           INTEGER NOT NULL DEFAULT 0,
  agency             TEXT    NOT NULL,
  latest_received_ms INTEGER NOT NULL,
  latest_received_at TEXT    NOT NULL,
  rectify_by         TEXT,                          -- hazards: effective deadline
  rectified          INTEGER,                       -- hazards: 1 when rectified
  major              INTEGER,                       -- hazards: 1 when level MAJOR
  start_pos          INTEGER NOT NULL,
  end_pos            INTEGER,
  facts              TEXT                           -- JSON the figure functions read
);

CREATE TABLE IF NOT EXISTS agg (
  community TEXT    NOT NULL,
  year      INTEGER NOT NULL,
  ${aggColumns},
  PRIMARY KEY (community, year)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS agg_snapshots (
  pos       INTEGER NOT NULL,
  community TEXT    NOT NULL,
  year      INTEGER NOT NULL,
  ${aggColumns},
  PRIMARY KEY (pos, community, year)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS log_times (
  recorded_ms INTEGER NOT NULL,
  pos         INTEGER NOT NULL,
  PRIMARY KEY (recorded_ms, pos)
) WITHOUT ROWID;
`;

/** Indexes the queries (not the projection) need: built after a bulk load. */
const QUERY_INDEXES_DDL = `
CREATE INDEX IF NOT EXISTS ev_community ON entity_versions (community, kind, start_pos);
CREATE INDEX IF NOT EXISTS ev_kind ON entity_versions (kind, community, start_pos);
CREATE INDEX IF NOT EXISTS ev_start ON entity_versions (start_pos, community, kind, year, named_year, deaths, injuries);
CREATE INDEX IF NOT EXISTS ev_end ON entity_versions (end_pos, community, kind, year, named_year, deaths, injuries) WHERE end_pos IS NOT NULL;
-- Latest answers about one community read its current versions only; every column but facts is in
-- the index, so a version's row is visited only when its facts are read.
CREATE INDEX IF NOT EXISTS ev_current_community
  ON entity_versions (community, kind, year, named_year, deaths, injuries, agency, latest_received_ms, latest_received_at)
  WHERE end_pos IS NULL;
-- Latest lists of a kind over a region (hazards, registrations, designations) read current
-- versions only, and a hazard list by status only the matching ones, before any row is visited.
CREATE INDEX IF NOT EXISTS ev_current_kind ON entity_versions (kind, community, rectified) WHERE end_pos IS NULL;
CREATE INDEX IF NOT EXISTS ev_region ON entity_versions (region, year) WHERE region IS NOT NULL;
CREATE INDEX IF NOT EXISTS ev_hazards ON entity_versions (year, community, end_pos, start_pos, rectified, rectify_by, major)
  WHERE kind = 'HazardIdentified';
`;

/** Indexes the projection itself reads while it writes. */
const PROJECTION_INDEXES_DDL = `
CREATE INDEX IF NOT EXISTS records_target ON records (target_key) WHERE target_key IS NOT NULL;
`;

export interface ReadModelConnectionOptions {
  /** false while building a fresh file that is fsynced before use (rebuild): no syncs per batch. */
  durable: boolean;
  /** A fresh file nothing reads until it is complete (rebuild): no journal, a large cache. */
  bulkLoad?: boolean;
}

const BULK_LOAD_CACHE_MIB = 512;

export function configureReadModel(db: Database.Database, options: ReadModelConnectionOptions): void {
  if (options.bulkLoad) {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma(`cache_size = ${-BULK_LOAD_CACHE_MIB * 1024}`);
    return;
  }
  db.pragma('journal_mode = WAL');
  // The read model can always be rebuilt from the log: NORMAL is enough.
  db.pragma(`synchronous = ${options.durable ? 'NORMAL' : 'OFF'}`);
  db.pragma('busy_timeout = 5000');
  // 64 MiB page cache: the hot index pages of a 10M-event model.
  db.pragma('cache_size = -65536');
  // The hub's checkpointer thread copies the WAL into the file; page commits only past the same
  // bound as the event log's writer (see WAL_AUTOCHECKPOINT_PAGES).
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
}

/**
 * Creates the tables (and, unless `queryIndexes` is false, the query indexes) on a new file;
 * refuses a file of another layout version or time zone (years are bucketed in it).
 */
export function migrateReadModel(db: Database.Database, options: { queryIndexes?: boolean; timeZone: string }): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== 0 && version !== READ_MODEL_SCHEMA_VERSION) {
    throw new StoreIncompatibleError(
      `The read model has schema version ${version}, this hub needs ${READ_MODEL_SCHEMA_VERSION}: run \`npm run rebuild\`.`,
    );
  }
  db.transaction(() => {
    db.exec(TABLES_DDL);
    db.exec(PROJECTION_INDEXES_DDL);
    if (options.queryIndexes ?? true) db.exec(QUERY_INDEXES_DDL);
    const zone = db.prepare<[], string>("SELECT value FROM meta WHERE key = 'timeZone'").pluck().get();
    if (zone === undefined) db.prepare("INSERT INTO meta (key, value) VALUES ('timeZone', ?)").run(options.timeZone);
    else if (zone !== options.timeZone) {
      throw new StoreIncompatibleError(
        `The read model counts years in ${zone}, this hub runs in ${options.timeZone}: run \`npm run rebuild\`.`,
      );
    }
    db.pragma(`user_version = ${READ_MODEL_SCHEMA_VERSION}`);
  }).immediate();
}

/** Ends a bulk load: builds the query indexes (one sort each) and switches to WAL mode. */
export function finishBulkLoad(db: Database.Database): void {
  db.transaction(() => db.exec(QUERY_INDEXES_DDL)).immediate();
  db.pragma('journal_mode = WAL');
}
