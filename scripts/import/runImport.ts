// The whole import: read and convert the file, validate every row (nothing is sent if any row
// is wrong), then send the rows in batches, recording progress in the journal after each 202.
//
//   runImport(options): Promise<ImportReport>   throws CsvInvalidError, GatewayRefusedError,
//                                               GatewayUnavailableError, ImportInterruptedError
import type { Agency } from '../../services/kernel/agency';
import type { EventType } from '../../services/kernel/events.generated';
import { loadEventValidation, type EventValidation } from '../../services/kernel/validation';
import { checkBatchSize, DEFAULT_BATCH, planBatches, type Batch } from './batches';
import { convertRows } from './convert';
import { parseCsvFile, type CsvEncoding } from './csvFile';
import { CsvInvalidError, formatRowError, GatewayRefusedError, ImportInterruptedError, type RowError } from './errors';
import { sendBatch, type GatewayProblem } from './gatewayClient';
import { journalPathOf, readJournal, removeJournal, resumableRows, writeJournal } from './journal';
import { appendLedger, ledgerPathOf, readLedger } from './ledger';
import { eventIdFor } from '../../services/kernel/eventId';
import { createProgress, type ProgressStream } from './progress';

export interface ImportOptions {
  agency: Agency;
  file: string;
  /** The hub's base URL, e.g. http://127.0.0.1:8080. */
  url: string;
  token: string;
  type?: string;
  batchSize?: number;
  encoding?: CsvEncoding;
  utcOffset?: string;
  /** Ignore the journal of an interrupted run and send every row. */
  restart?: boolean;
  /** Only read and validate the file; send nothing. */
  checkOnly?: boolean;
  validation?: EventValidation;
  now?: () => Date;
  /** Where progress and notes go (the CLI passes stderr); silent without. */
  progress?: ProgressStream;
  /** Stops the import between batches (and during a retry wait). */
  signal?: AbortSignal;
  /** Called after each acknowledged batch, once the journal holds it. */
  onBatchAcknowledged?: (info: { batch: number; batches: number; rowsAcknowledged: number; totalRows: number }) => void;
  maxAttempts?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface ImportReport {
  type: EventType;
  totalRows: number;
  /** Rows skipped because the journal of an interrupted run shows them acknowledged. */
  skippedRows: number;
  sentRows: number;
  /** Rows whose event the hub had acknowledged before (same eventId, per the import ledger): recorded once, not again. */
  duplicateRows: number;
  /** Rows the hub had not acknowledged before. */
  newRows: number;
  batches: number;
  journalFile: string;
}

export async function runImport(options: ImportOptions): Promise<ImportReport> {
  const batchSize = checkBatchSize(options.batchSize ?? DEFAULT_BATCH);
  const validation = options.validation ?? loadEventValidation();
  const csv = parseCsvFile(options.file, { encoding: options.encoding });
  const converted = convertRows(csv, {
    validation,
    agency: options.agency,
    type: options.type,
    now: (options.now ?? (() => new Date()))(),
    utcOffset: options.utcOffset,
  });
  if (!converted.ok) throw new CsvInvalidError(converted.errors);
  const { rows, type } = converted;
  if (options.checkOnly) {
    return { type, totalRows: rows.length, skippedRows: 0, sentRows: 0, duplicateRows: 0, newRows: 0, batches: 0, journalFile: journalPathOf(options.file) };
  }
  const identity = { sha256: csv.sha256, agency: options.agency, type, url: normaliseUrl(options.url), totalRows: rows.length };
  const skippedRows = options.restart ? 0 : resumableRows(readJournal(options.file), identity);
  const ledgerFile = ledgerPathOf(options.file, options.agency, identity.url);
  const ledger = readLedger(ledgerFile);
  const eventIdOf = (event: Record<string, unknown>) => eventIdFor(options.agency, String(event.sourceRecordId), Number(event.revision ?? 1));
  // Counted before sending: rows of an interrupted run's batches are in the ledger by now.
  const duplicateRows = rows.slice(skippedRows).filter((r) => ledger.has(eventIdOf(r.event))).length;
  const batches = planBatches(rows, skippedRows, batchSize);
  const progress = createProgress(options.progress, rows.length, `${options.agency} ${type}`);
  if (skippedRows > 0) {
    progress.note(`Resuming: ${skippedRows} of ${rows.length} rows were acknowledged by an earlier run (${journalPathOf(options.file)}); sending the rest.`);
  }
  progress.update(skippedRows);

  let acknowledged = skippedRows;
  for (const [i, batch] of batches.entries()) {
    if (options.signal?.aborted) throw interrupted(acknowledged, rows.length);
    try {
      await sendBatch(
        batch.rows.map((r) => r.event),
        {
          url: options.url,
          agency: options.agency,
          token: options.token,
          maxAttempts: options.maxAttempts,
          sleep: options.sleep,
          signal: options.signal,
          onRetry: ({ waitMs, reason }) => progress.note(`The hub did not take batch ${i + 1} (${reason}); retrying in ${Math.ceil(waitMs / 1000)} s.`),
        },
        (problem) => refusal(problem, batch, i + 1),
      );
    } catch (err) {
      if (err instanceof ImportInterruptedError) throw interrupted(acknowledged, rows.length);
      throw err;
    }
    acknowledged = batch.start + batch.rows.length;
    appendLedger(ledgerFile, ledger, batch.rows.map((r) => eventIdOf(r.event)));
    writeJournal(options.file, { version: 1, ...identity, rowsAcknowledged: acknowledged, updatedAt: new Date().toISOString() });
    progress.update(acknowledged);
    options.onBatchAcknowledged?.({ batch: i + 1, batches: batches.length, rowsAcknowledged: acknowledged, totalRows: rows.length });
  }
  progress.finish(acknowledged);
  removeJournal(options.file);
  const sentRows = rows.length - skippedRows;
  return { type, totalRows: rows.length, skippedRows, sentRows, duplicateRows, newRows: sentRows - duplicateRows, batches: batches.length, journalFile: journalPathOf(options.file) };
}

function normaliseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

function interrupted(acknowledged: number, total: number): ImportInterruptedError {
  return new ImportInterruptedError(`The import was interrupted after ${acknowledged} of ${total} rows; run the same command again to send the rest.`);
}

/** A 4xx for a batch, its errors pointed back at CSV lines. */
function refusal(problem: GatewayProblem, batch: Batch, number: number): GatewayRefusedError {
  const first = batch.rows[0]!.line;
  const last = batch.rows[batch.rows.length - 1]!.line;
  const errors: RowError[] = (problem.errors ?? []).map((e) => ({
    line: batch.rows[e.index]?.line ?? first,
    field: e.path,
    message: e.message,
  }));
  const detail = problem.detail ?? problem.title ?? 'no detail';
  const listed = errors.length > 0 ? `\n${errors.map(formatRowError).join('\n')}` : '';
  const hint = REFUSAL_HINTS[problem.status];
  return new GatewayRefusedError(
    problem.status,
    `The hub refused batch ${number} (lines ${first}-${last}) with ${problem.status}: ${detail}${listed}${hint ? `\n${hint}` : ''}`,
    errors,
  );
}

const REFUSAL_HINTS: Record<number, string> = {
  401: "Check the bureau's token (--token-file or HUB_TOKEN).",
  403: "The token must be the same bureau's as --agency, and the bureau must be allowed to publish the file's event type.",
  404: 'Check --url and --agency: this hub serves no gateway for the agency.',
  409: 'A record cannot change its event type: give the row its own sourceRecordId.',
  413: 'Use a smaller --batch.',
};
