// The access log on PostgreSQL: the same chains as the SQLite file (feed/accessLog.ts), in table
// hub_access_log beside the event log. Not prefixed rm_: it is never part of the read model, and
// a rebuild never touches it. Any number of hub processes append to it:
//   - append() takes a transaction-scoped advisory lock per provider (in provider order, so two
//     appenders never deadlock), then reads the provider's last entry and chains after it: two
//     processes serving the same provider's events extend one chain, one after the other;
//   - the transaction commits with synchronous_commit on (whatever the server's default), so an
//     entry is durable before append() resolves and before the answer it records leaves;
//   - triggers refuse UPDATE, DELETE and TRUNCATE, and an INSERT whose seq is not its provider's
//     last plus one (so neither a writer without the lock nor a hand-made row can fork a chain).
//
//   migratePgAccessLog(client): Promise<void>
//   openPgAccessLog(pool): Promise<AccessLog>
import type pg from 'pg';
import type { AccessLog, AccessLogDraft } from '../accessLog';
import { chainedEntry, type AccessLogEntry } from '../chain';

/** Advisory lock keys: the DDL (one int8), and per provider (this class id, hashtext(provider)). */
export const ACCESS_LOG_MIGRATION_LOCK_KEY = 7_301_120_013n;
export const ACCESS_LOG_PROVIDER_LOCK_CLASS = 7_301_121;

const DDL = `
CREATE TABLE IF NOT EXISTS hub_access_log (
  provider text   NOT NULL,
  seq      bigint NOT NULL CHECK (seq >= 1),
  entry    text   NOT NULL CHECK ((entry::json) IS NOT NULL),   -- the entry as served, hash included
  hash     text   NOT NULL,
  PRIMARY KEY (provider, seq)
);

CREATE OR REPLACE FUNCTION hub_access_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the access log is append-only: % is not allowed', TG_OP;
END $$;

CREATE OR REPLACE FUNCTION hub_access_log_chained() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq <> 1 + COALESCE((SELECT max(seq) FROM hub_access_log WHERE provider = NEW.provider), 0) THEN
    RAISE EXCEPTION 'the access log is append-only: seq must follow the last entry (provider %, seq %)', NEW.provider, NEW.seq;
  END IF;
  RETURN NEW;
END $$;

-- Statement triggers: refused even when no row matches. ON CONFLICT DO UPDATE is an UPDATE.
CREATE OR REPLACE TRIGGER hub_access_log_no_update BEFORE UPDATE ON hub_access_log
  FOR EACH STATEMENT EXECUTE FUNCTION hub_access_log_refuse();
CREATE OR REPLACE TRIGGER hub_access_log_no_delete BEFORE DELETE ON hub_access_log
  FOR EACH STATEMENT EXECUTE FUNCTION hub_access_log_refuse();
CREATE OR REPLACE TRIGGER hub_access_log_no_truncate BEFORE TRUNCATE ON hub_access_log
  FOR EACH STATEMENT EXECUTE FUNCTION hub_access_log_refuse();
-- A row trigger sees the rows its own statement inserted before it: a batch chains row by row.
CREATE OR REPLACE TRIGGER hub_access_log_chained BEFORE INSERT ON hub_access_log
  FOR EACH ROW EXECUTE FUNCTION hub_access_log_chained();
`;

/** Creates the table and its triggers on a database without them (under an advisory lock: processes starting together create them once). */
export async function migratePgAccessLog(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [ACCESS_LOG_MIGRATION_LOCK_KEY.toString()]);
    // Once per database: replacing the triggers would lock the table other processes append to.
    const exists = await client.query<{ exists: boolean }>("SELECT to_regclass('hub_access_log') IS NOT NULL AS exists");
    if (!exists.rows[0]?.exists) await client.query(DDL);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

export async function openPgAccessLog(pool: pg.Pool): Promise<AccessLog> {
  const client = await pool.connect();
  try {
    await migratePgAccessLog(client);
  } finally {
    client.release();
  }

  const appendTx = async (client: pg.PoolClient, drafts: readonly AccessLogDraft[]): Promise<AccessLogEntry[]> => {
    await client.query('BEGIN');
    await client.query('SET LOCAL synchronous_commit = on');
    const providers = [...new Set(drafts.map((d) => d.provider))].sort();
    for (const provider of providers) {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ACCESS_LOG_PROVIDER_LOCK_CLASS, provider]);
    }
    // Read after the locks: each statement of a READ COMMITTED transaction sees what committed before it.
    const { rows } = await client.query<{ provider: string; seq: string | number; hash: string }>(
      `SELECT p.provider, l.seq, l.hash
         FROM unnest($1::text[]) AS p(provider)
         CROSS JOIN LATERAL (SELECT seq, hash FROM hub_access_log WHERE provider = p.provider ORDER BY seq DESC LIMIT 1) AS l`,
      [providers],
    );
    const last = new Map(rows.map((r) => [r.provider, { seq: Number(r.seq), hash: r.hash }]));
    const entries = drafts.map((draft) => {
      const entry = chainedEntry(draft, last.get(draft.provider));
      last.set(entry.provider, { seq: entry.seq, hash: entry.hash });
      return entry;
    });
    await client.query(
      `INSERT INTO hub_access_log (provider, seq, entry, hash)
       SELECT provider, seq, entry, hash
         FROM unnest($1::text[], $2::int8[], $3::text[], $4::text[]) WITH ORDINALITY AS k(provider, seq, entry, hash, n)
        ORDER BY n`,
      [entries.map((e) => e.provider), entries.map((e) => e.seq), entries.map((e) => JSON.stringify(e)), entries.map((e) => e.hash)],
    );
    await client.query('COMMIT');
    return entries;
  };

  return {
    async append(drafts) {
      if (drafts.length === 0) return [];
      const client = await pool.connect();
      let ok = false;
      try {
        const entries = await appendTx(client, drafts);
        ok = true;
        return entries;
      } finally {
        if (!ok) await client.query('ROLLBACK').catch(() => undefined);
        client.release(!ok);
      }
    },
    async read(provider, afterSeq, limit) {
      const { rows } = await pool.query<{ entry: string }>(
        'SELECT entry FROM hub_access_log WHERE provider = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [provider, afterSeq, limit],
      );
      return rows.map((r) => JSON.parse(r.entry) as AccessLogEntry);
    },
    close() {
      // The pool is its owner's to end.
    },
  };
}
