// The ceiling of the rebuild benchmarks: better-sqlite3 reading every row of the event log in
// position order, touching data and metadata, without decoding or writing.
import Database from 'better-sqlite3';

export interface Scan {
  rows: number;
  bytes: number;
  ms: number;
}

/** Every row of the events table in position order. */
export function rawScan(file: string): Scan {
  const db = new Database(file, { readonly: true });
  try {
    const started = performance.now();
    let rows = 0;
    let bytes = 0;
    const select = db.prepare<[], { position: number; data: Buffer; metadata: string }>('SELECT position, data, metadata FROM events ORDER BY position');
    for (const row of select.iterate()) {
      rows++;
      bytes += row.data.length + row.metadata.length;
    }
    return { rows, bytes, ms: performance.now() - started };
  } finally {
    db.close();
  }
}
