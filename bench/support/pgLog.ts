// Copies a cached SQLite event log (bench/support/scaleLog.ts) into a PostgreSQL event store, as
// if the recorder had appended it: the same events in the same order (positions 1..N), each with
// its recorded instant. Set-based inserts of 5,000 rows, so loading costs seconds, not the hours
// appending through the store's API one request at a time would.
import Database from 'better-sqlite3';
import pg from 'pg';
import { openPostgresEventStore } from '../../services/kernel/store/postgres';

interface LogRow {
  stream: string;
  stream_revision: number;
  event_id: string;
  type: string;
  data: Buffer;
  metadata: string;
  recorded_at_ms: number | null;
}

export async function copyLogToPostgres(file: string, connectionString: string, onProgress?: (copied: number) => void): Promise<number> {
  const store = await openPostgresEventStore({ connectionString, poolMax: 1 });
  await store.close(); // created the events table
  const db = new Database(file, { readonly: true });
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const select = db.prepare<[], LogRow>('SELECT stream, stream_revision, event_id, type, data, metadata, recorded_at_ms FROM events ORDER BY position');
    let batch: LogRow[] = [];
    let copied = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      await client.query(
        `INSERT INTO events (stream, stream_revision, event_id, type, data, metadata, recorded_at)
         SELECT s, r, e, t, d, m::json, to_timestamp(ms / 1000.0)
           FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bytea[], $6::text[], $7::float8[]) AS u(s, r, e, t, d, m, ms)`,
        [
          batch.map((b) => b.stream), batch.map((b) => b.stream_revision), batch.map((b) => b.event_id), batch.map((b) => b.type),
          batch.map((b) => b.data), batch.map((b) => b.metadata),
          batch.map((b) => b.recorded_at_ms ?? Date.parse((JSON.parse(b.metadata) as { receivedAt: string }).receivedAt)),
        ],
      );
      copied += batch.length;
      onProgress?.(copied);
      batch = [];
    };
    await client.query('BEGIN');
    for (const row of select.iterate()) {
      batch.push(row);
      if (batch.length >= 5000) await flush();
    }
    await flush();
    await client.query('COMMIT');
    await client.query('ANALYZE events');
    return copied;
  } finally {
    await client.end();
    db.close();
  }
}

/** The ceiling of a PostgreSQL rebuild: the store's own paged read of the whole log, nothing folded or written. */
export async function pgRawScan(connectionString: string, pageSize = 4000): Promise<{ rows: number; ms: number }> {
  const store = await openPostgresEventStore({ connectionString, poolMax: 1, statementTimeoutMs: 0 });
  try {
    const started = performance.now();
    let rows = 0;
    let after: bigint | null = null;
    for (;;) {
      const page = await store.readAll(after, pageSize);
      if (page.length === 0) break;
      rows += page.length;
      after = page[page.length - 1]!.position;
      if (page.length < pageSize) break;
    }
    return { rows, ms: performance.now() - started };
  } finally {
    await store.close();
  }
}
