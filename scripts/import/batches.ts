// Cuts the converted rows into gateway requests: at most `batchSize` events (1..1000) and a
// JSON body under the gateway's 1 MiB limit, in file order (the progress journal counts a
// prefix of the file).
import { ImportUsageError } from './errors';
import type { ConvertedRow } from './convert';

export const DEFAULT_BATCH = 500;
export const MAX_BATCH = 1000;
/** The gateway refuses bodies over 1 MiB (413); keep a margin for the envelope. */
export const MAX_BATCH_BYTES = 1024 * 1024 - 1024;

export interface Batch {
  /** Index of the batch's first row among all rows of the file. */
  start: number;
  rows: ConvertedRow[];
}

export function checkBatchSize(size: number): number {
  if (!Number.isInteger(size) || size < 1 || size > MAX_BATCH) {
    throw new ImportUsageError(`--batch must be an integer from 1 to ${MAX_BATCH}.`);
  }
  return size;
}

export function planBatches(rows: readonly ConvertedRow[], from: number, batchSize: number, maxBytes = MAX_BATCH_BYTES): Batch[] {
  const batches: Batch[] = [];
  let current: Batch | undefined;
  let bytes = 0;
  for (let i = from; i < rows.length; i++) {
    const row = rows[i]!;
    const size = Buffer.byteLength(JSON.stringify(row.event)) + 1;
    if (!current || current.rows.length >= batchSize || bytes + size > maxBytes) {
      current = { start: i, rows: [] };
      batches.push(current);
      bytes = '{"events":[]}'.length;
    }
    current.rows.push(row);
    bytes += size;
  }
  return batches;
}
