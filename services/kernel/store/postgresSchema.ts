// Schema of the event log in PostgreSQL (distributed mode with DATABASE_URL).
import type { PoolClient } from 'pg';
import { StoreIncompatibleError } from './errors';

/** Bumped whenever the layout changes; stored in hub_event_log_schema. */
export const PG_EVENT_LOG_SCHEMA_VERSION = 1;

/**
 * Advisory lock keys (per database). APPEND_LOCK serialises appends so that commits happen in
 * position order (see postgres.ts); MIGRATION_LOCK keeps processes starting together from
 * running the DDL at the same time.
 */
export const APPEND_LOCK_KEY = 7_301_120_001n;
export const MIGRATION_LOCK_KEY = 7_301_120_002n;

/** The channel an append notifies when it commits. */
export const APPENDED_CHANNEL = 'hub_events_appended';

const DDL = `
CREATE TABLE IF NOT EXISTS hub_event_log_schema (
  version integer NOT NULL
);

CREATE TABLE IF NOT EXISTS events (
  -- Assigned under the append lock, so a position becomes visible only after every lower one.
  -- A rolled-back append leaves a hole in the numbering, never a late event.
  position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stream          text        NOT NULL,
  stream_revision bigint      NOT NULL CHECK (stream_revision >= 0),
  event_id        text        NOT NULL UNIQUE,
  type            text        NOT NULL,
  data            bytea       NOT NULL,
  -- json, not jsonb: the text is kept exactly as appended (key order included), like SQLite.
  metadata        json        NOT NULL CHECK (json_typeof(metadata) = 'object'),
  -- Server clock at append, never lower than the previous event's (monotone with position).
  recorded_at     timestamptz NOT NULL,
  UNIQUE (stream, stream_revision)
);

-- The log is append-only: history is evidence (audit trail of every revision).
CREATE OR REPLACE FUNCTION hub_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END $$;

DROP TRIGGER IF EXISTS events_no_update_delete ON events;
CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION hub_events_append_only();

-- Wakes the processes that follow the log (LISTEN hub_events_appended): one notification per
-- append transaction, delivered when it commits, none for one that rolls back.
CREATE OR REPLACE FUNCTION hub_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('hub_events_appended', '');
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS events_notify ON events;
CREATE TRIGGER events_notify AFTER INSERT ON events
  FOR EACH STATEMENT EXECUTE FUNCTION hub_events_notify();

DROP TRIGGER IF EXISTS events_no_truncate ON events;
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION hub_events_append_only();
`;

/** Creates the table and triggers in an empty database; refuses one written by a newer hub. */
export async function migrate(client: PoolClient): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    const version = await schemaVersion(client);
    if (version !== null && version > PG_EVENT_LOG_SCHEMA_VERSION) {
      throw new StoreIncompatibleError(
        `The event log has schema version ${version}; this hub understands up to ${PG_EVENT_LOG_SCHEMA_VERSION}.`,
      );
    }
    if (version === null) {
      await client.query(DDL);
      await client.query('INSERT INTO hub_event_log_schema (version) VALUES ($1)', [PG_EVENT_LOG_SCHEMA_VERSION]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

async function schemaVersion(client: PoolClient): Promise<number | null> {
  const { rows } = await client.query<{ exists: boolean }>("SELECT to_regclass('hub_event_log_schema') IS NOT NULL AS exists");
  if (!rows[0]?.exists) return null;
  const found = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM hub_event_log_schema');
  return found.rows[0]?.version ?? null;
}
