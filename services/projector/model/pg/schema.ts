// The read model's tables in PostgreSQL (DATABASE_URL): the same layout as the SQLite file
// (model/schema.ts, feed/projection.ts), prefixed rm_ so they sit beside the event log in the
// connection's schema. Text that region prefixes range over is COLLATE "C": a code's digits sort
// before ':' as in SQLite, whatever the database's collation. Every process running `projector`
// reads these tables; only the lease holder (lease.ts) writes them.
import type { ClientBase } from 'pg';
import { StoreIncompatibleError } from '../../../kernel/store/errors';
import { AGG_COLUMNS } from '../entities';

/** Bumped whenever the layout changes; a mismatch needs `npm run rebuild`. */
export const PG_READ_MODEL_SCHEMA_VERSION = 1;

/** Advisory lock keys (per database): the DDL, and the projector lease (one writer at a time). */
export const READ_MODEL_MIGRATION_LOCK_KEY = 7_301_120_011n;
export const PROJECTOR_LEASE_KEY = 7_301_120_012n;

/** The channel a committed page notifies (payload: the new checkpoint), for feed long polls and waitFor. */
export const PROJECTED_CHANNEL = 'hub_read_model_projected';

const aggColumns = AGG_COLUMNS.map((c) => `${c} bigint NOT NULL DEFAULT 0`).join(',\n  ');

/** Every read-model table, in an order TRUNCATE accepts (a rebuild empties them all). */
export const PG_READ_MODEL_TABLES = [
  'rm_checkpoint',
  'rm_skipped_events',
  'rm_records',
  'rm_withdrawn',
  'rm_communities_seen',
  'rm_entity_versions',
  'rm_agg',
  'rm_agg_snapshots',
  'rm_log_times',
  'rm_feed_records',
  'rm_feed_events',
  'rm_feed_agreements',
  'rm_feed_revocations',
] as const;

const DDL = `
CREATE TABLE IF NOT EXISTS rm_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE IF NOT EXISTS rm_checkpoint (
  id       integer PRIMARY KEY CHECK (id = 1),
  position bigint  NOT NULL
);

CREATE TABLE IF NOT EXISTS rm_skipped_events (
  position   bigint PRIMARY KEY,
  event_id   text   NOT NULL,
  type       text   NOT NULL,
  reason     text   NOT NULL,
  detail     text   NOT NULL,
  skipped_at text   NOT NULL
);

CREATE TABLE IF NOT EXISTS rm_records (
  id                 bigint  PRIMARY KEY,              -- assigned by the lease holder
  key                text    NOT NULL UNIQUE,
  agency             text    NOT NULL,
  type               text    NOT NULL,
  revision           integer NOT NULL,
  seen_revisions     text    NOT NULL,
  body               text    NOT NULL,
  event_id           text    NOT NULL,
  received_at        text    NOT NULL,
  position           bigint  NOT NULL,
  first_received_at  text    NOT NULL,
  latest_received_at text    NOT NULL,
  target_key         text,
  main_version       bigint,
  ref_version        bigint
);
CREATE INDEX IF NOT EXISTS rm_records_target ON rm_records (target_key) WHERE target_key IS NOT NULL;

CREATE TABLE IF NOT EXISTS rm_withdrawn (key text PRIMARY KEY);

CREATE TABLE IF NOT EXISTS rm_communities_seen (
  code      text COLLATE "C" PRIMARY KEY,
  first_pos bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS rm_entity_versions (
  id                 bigint  PRIMARY KEY,              -- assigned by the lease holder
  entity_key         text    NOT NULL,
  kind               text    NOT NULL,
  community          text    COLLATE "C",
  region             text    COLLATE "C",
  year               integer,
  named_year         integer,
  deaths             integer NOT NULL DEFAULT 0,
  injuries           integer NOT NULL DEFAULT 0,
  agency             text    NOT NULL,
  latest_received_ms bigint  NOT NULL,
  latest_received_at text    NOT NULL,
  rectify_by         text    COLLATE "C",
  rectified          integer,
  major              integer,
  start_pos          bigint  NOT NULL,
  end_pos            bigint,
  facts              text
);

CREATE TABLE IF NOT EXISTS rm_agg (
  community text COLLATE "C" NOT NULL,
  year      integer NOT NULL,
  ${aggColumns},
  PRIMARY KEY (community, year)
);

CREATE TABLE IF NOT EXISTS rm_agg_snapshots (
  pos       bigint  NOT NULL,
  community text COLLATE "C" NOT NULL,
  year      integer NOT NULL,
  ${aggColumns},
  PRIMARY KEY (pos, community, year)
);

CREATE TABLE IF NOT EXISTS rm_log_times (
  recorded_ms bigint NOT NULL,
  pos         bigint NOT NULL,
  PRIMARY KEY (recorded_ms, pos)
);

CREATE TABLE IF NOT EXISTS rm_feed_records (
  provider         text    NOT NULL,
  record_id        text    NOT NULL,
  type             text    NOT NULL,
  revision         integer NOT NULL,
  target_record_id text,
  share_type       text,
  community_code   text COLLATE "C",
  PRIMARY KEY (provider, record_id)
);
CREATE INDEX IF NOT EXISTS rm_feed_records_target ON rm_feed_records (provider, target_record_id);

CREATE TABLE IF NOT EXISTS rm_feed_events (
  position       bigint PRIMARY KEY,
  deliver_at     bigint NOT NULL,
  event_id       text   NOT NULL,
  provider       text   NOT NULL,
  type           text   NOT NULL,
  record_id      text   NOT NULL,
  community_code text COLLATE "C",
  received_at    text   NOT NULL,
  body           text   NOT NULL
);
CREATE INDEX IF NOT EXISTS rm_feed_events_record ON rm_feed_events (provider, record_id);

CREATE TABLE IF NOT EXISTS rm_feed_agreements (
  provider     text    NOT NULL,
  agreement_id text    NOT NULL,
  revision     integer NOT NULL,
  consumer     text    NOT NULL,
  types        text    NOT NULL,
  region_code  text COLLATE "C" NOT NULL,
  purpose      text    NOT NULL,
  valid_from   text    NOT NULL,
  valid_until  text    NOT NULL,
  PRIMARY KEY (provider, agreement_id)
);
CREATE INDEX IF NOT EXISTS rm_feed_agreements_consumer ON rm_feed_agreements (consumer);

CREATE TABLE IF NOT EXISTS rm_feed_revocations (
  provider     text NOT NULL,
  agreement_id text NOT NULL,
  PRIMARY KEY (provider, agreement_id)
);
`;

/**
 * Indexes only the questions read (not the projection): a rebuild drops them and builds each at
 * its end with one sort, instead of maintaining them row by row.
 */
const QUERY_INDEXES_DDL = `
CREATE INDEX IF NOT EXISTS rm_ev_community ON rm_entity_versions (community, kind, start_pos);
CREATE INDEX IF NOT EXISTS rm_ev_kind ON rm_entity_versions (kind, community, start_pos);
CREATE INDEX IF NOT EXISTS rm_ev_start ON rm_entity_versions (start_pos, community);
CREATE INDEX IF NOT EXISTS rm_ev_end ON rm_entity_versions (end_pos, community) WHERE end_pos IS NOT NULL;
CREATE INDEX IF NOT EXISTS rm_ev_current_community ON rm_entity_versions (community, kind) WHERE end_pos IS NULL;
CREATE INDEX IF NOT EXISTS rm_ev_current_kind ON rm_entity_versions (kind, community, rectified) WHERE end_pos IS NULL;
CREATE INDEX IF NOT EXISTS rm_ev_region ON rm_entity_versions (region, year) WHERE region IS NOT NULL;
CREATE INDEX IF NOT EXISTS rm_feed_events_delivery ON rm_feed_events (deliver_at, position);
CREATE INDEX IF NOT EXISTS rm_ev_hazards ON rm_entity_versions (year, community) INCLUDE (start_pos, end_pos, rectified, rectify_by, major)
  WHERE kind = 'HazardIdentified';
`;

/** Names of the query indexes (QUERY_INDEXES_DDL). */
const QUERY_INDEXES = [...QUERY_INDEXES_DDL.matchAll(/CREATE INDEX IF NOT EXISTS (\w+)/g)].map((m) => m[1]!);

export async function dropPgQueryIndexes(client: ClientBase): Promise<void> {
  await client.query(`DROP INDEX IF EXISTS ${QUERY_INDEXES.join(', ')}`);
}

export async function createPgQueryIndexes(client: ClientBase): Promise<void> {
  await client.query(QUERY_INDEXES_DDL);
}

/**
 * Creates the tables on a new database (under an advisory lock, so processes starting together run
 * the DDL once); refuses a layout version or time zone other than this hub's.
 */
export async function migratePgReadModel(client: ClientBase, options: { timeZone: string }): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [READ_MODEL_MIGRATION_LOCK_KEY.toString()]);
    const exists = await client.query<{ exists: boolean }>("SELECT to_regclass('rm_meta') IS NOT NULL AS exists");
    if (!exists.rows[0]?.exists) {
      await client.query(DDL);
      await client.query(QUERY_INDEXES_DDL);
      await client.query("INSERT INTO rm_meta (key, value) VALUES ('version', $1), ('timeZone', $2)", [
        String(PG_READ_MODEL_SCHEMA_VERSION),
        options.timeZone,
      ]);
    }
    const meta = new Map(
      (await client.query<{ key: string; value: string }>('SELECT key, value FROM rm_meta')).rows.map((r) => [r.key, r.value]),
    );
    if (meta.get('version') !== String(PG_READ_MODEL_SCHEMA_VERSION)) {
      throw new StoreIncompatibleError(
        `The PostgreSQL read model has schema version ${meta.get('version')}, this hub needs ${PG_READ_MODEL_SCHEMA_VERSION}: run \`npm run rebuild\`.`,
      );
    }
    if (meta.get('timeZone') !== options.timeZone) {
      throw new StoreIncompatibleError(
        `The read model counts years in ${meta.get('timeZone')}, this hub runs in ${options.timeZone}: run \`npm run rebuild\`.`,
      );
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
