// `npm run import -- --agency fire --file incidents.csv`: see args.ts (USAGE) and docs/import.md.
// Exit status: 0 imported, 1 invalid file or refused, 2 wrong options, 3 unavailable or interrupted.
import { parseCliArgs, USAGE } from './args';
import {
  CsvInvalidError,
  formatRowError,
  GatewayRefusedError,
  GatewayUnavailableError,
  ImportInterruptedError,
  ImportUsageError,
} from './errors';
import { runImport } from './runImport';

const MAX_LISTED_ERRORS = 100;

async function main(): Promise<number> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof ImportUsageError) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  // Ctrl-C stops between batches with the journal up to date; a second one ends at once.
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\nStopping after the current request (Ctrl-C again to quit now)...\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });

  try {
    const report = await runImport({ ...options, progress: process.stderr, signal: controller.signal });
    if (options.checkOnly) {
      process.stdout.write(`${options.file}: ${report.totalRows} ${report.type} rows, all valid; nothing was sent (--check).\n`);
      return 0;
    }
    const resumed = report.skippedRows > 0 ? ` (${report.skippedRows} acknowledged by an earlier run)` : '';
    const split =
      report.duplicateRows > 0
        ? `: ${report.newRows} new, ${report.duplicateRows} already imported before (same eventId; the hub keeps each record once)`
        : `: all ${report.newRows} new`;
    process.stdout.write(`Imported ${report.totalRows} ${report.type} rows from ${options.file}${resumed} in ${report.batches} request(s)${split}.\n`);
    return 0;
  } catch (err) {
    if (err instanceof CsvInvalidError) {
      const listed = err.errors.slice(0, MAX_LISTED_ERRORS).map(formatRowError);
      const more = err.errors.length > MAX_LISTED_ERRORS ? [`... and ${err.errors.length - MAX_LISTED_ERRORS} more`] : [];
      process.stderr.write(`${[...listed, ...more].join('\n')}\n${err.message}\n`);
      return 1;
    }
    if (err instanceof GatewayRefusedError) {
      process.stderr.write(`${err.message}\nRows before this batch were imported; fix the file and run the import again.\n`);
      return 1;
    }
    if (err instanceof GatewayUnavailableError || err instanceof ImportInterruptedError) {
      process.stderr.write(`${err.message}\nRun the same command again to resume: acknowledged rows are skipped, and re-sent rows are recorded once.\n`);
      return 3;
    }
    throw err;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`Import failed: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
