// The access log: per provider, a hash chain of the feed answers that carried its events. Its own
// SQLite file in HUB_DATA_DIR (never in the rebuildable read model), WAL with synchronous=FULL so
// an append is on disk when append() returns, and triggers that refuse any UPDATE, DELETE or
// replacing INSERT: the hub only ever adds entries, and only through append().
//
//   openAccessLog(file): AccessLog
//   AccessLog.append(drafts): Promise<AccessLogEntry[]>      one transaction, fsynced
//   AccessLog.read(provider, afterSeq, limit): Promise<AccessLogEntry[]>
// The interface is asynchronous for PostgreSQL's (pg/accessLog.ts); this one answers at once.
import Database from 'better-sqlite3';
import { chainedEntry, type AccessLogEntry, type UnhashedEntry } from './chain';

export const ACCESS_LOG_FILE = 'access-log.sqlite';

export type AccessLogDraft = Omit<UnhashedEntry, 'seq' | 'prevHash'>;

export interface AccessLog {
  /** The entries, chained after their providers' last ones; durable once this resolves. */
  append(drafts: readonly AccessLogDraft[]): Promise<AccessLogEntry[]>;
  read(provider: string, afterSeq: number, limit: number): Promise<AccessLogEntry[]>;
  /** Closes what the log opened (the SQLite file; not a pool it was given). */
  close(): void;
}

const DDL = `
CREATE TABLE IF NOT EXISTS access_log (
  provider TEXT    NOT NULL,
  seq      INTEGER NOT NULL CHECK (seq >= 1),
  entry    TEXT    NOT NULL CHECK (json_valid(entry)),   -- the entry as served, hash included
  hash     TEXT    NOT NULL,
  PRIMARY KEY (provider, seq)
) WITHOUT ROWID;

CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only: UPDATE is not allowed'); END;

CREATE TRIGGER IF NOT EXISTS access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only: DELETE is not allowed'); END;

-- INSERT OR REPLACE deletes the conflicting row without firing the DELETE trigger.
CREATE TRIGGER IF NOT EXISTS access_log_no_replace BEFORE INSERT ON access_log
WHEN EXISTS (SELECT 1 FROM access_log WHERE provider = NEW.provider AND seq = NEW.seq)
BEGIN SELECT RAISE(ABORT, 'the access log is append-only: an insert may not replace an entry'); END;

-- Each entry continues its provider's chain.
CREATE TRIGGER IF NOT EXISTS access_log_chained BEFORE INSERT ON access_log
WHEN NEW.seq <> 1 + COALESCE((SELECT MAX(seq) FROM access_log WHERE provider = NEW.provider), 0)
BEGIN SELECT RAISE(ABORT, 'the access log is append-only: seq must follow the last entry'); END;
`;

export function openAccessLog(file: string): AccessLog {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec(DDL);
  } catch (err) {
    db.close();
    throw err;
  }
  const last = db.prepare<[string], { seq: number; hash: string }>(
    'SELECT seq, hash FROM access_log WHERE provider = ? ORDER BY seq DESC LIMIT 1',
  );
  const insert = db.prepare('INSERT INTO access_log (provider, seq, entry, hash) VALUES (?, ?, ?, ?)');
  const select = db.prepare<[string, number, number], { entry: string }>(
    'SELECT entry FROM access_log WHERE provider = ? AND seq > ? ORDER BY seq LIMIT ?',
  );

  const appendTx = db.transaction((drafts: readonly AccessLogDraft[]) =>
    drafts.map((draft) => {
      const entry = chainedEntry(draft, last.get(draft.provider));
      insert.run(entry.provider, entry.seq, JSON.stringify(entry), entry.hash);
      return entry;
    }),
  );

  return {
    append: async (drafts) => (drafts.length === 0 ? [] : appendTx.immediate(drafts)),
    read: async (provider, afterSeq, limit) => select.all(provider, afterSeq, limit).map((r) => JSON.parse(r.entry) as AccessLogEntry),
    close() {
      if (db.open) db.close();
    },
  };
}
