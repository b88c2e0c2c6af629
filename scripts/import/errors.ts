// The importer's errors, in the hub's one hierarchy (HubError): each has a stable code, the
// HTTP status closest to it, and whether running the same import again later may succeed.
import { HubError } from '../../services/kernel/errors';

/** One problem in the CSV file: `line` is the file's line number (1-based), `field` the contract field or column. */
export interface RowError {
  line: number;
  field: string;
  message: string;
}

export function formatRowError(e: RowError): string {
  return e.field ? `line ${e.line}, ${e.field}: ${e.message}` : `line ${e.line}: ${e.message}`;
}

/** Wrong or missing command-line options. */
export class ImportUsageError extends HubError {
  readonly code = 'import_usage';
  readonly status = 400;
}

/** The file cannot be read or decoded, or its rows break the contract. Nothing was sent. */
export class CsvInvalidError extends HubError {
  readonly code = 'csv_invalid';
  readonly status = 400;
  constructor(readonly errors: RowError[], message = `${errors.length} problem(s) in the file; nothing was sent.`) {
    super(message);
  }
  override extensions() {
    return { errors: this.errors };
  }
}

/** The gateway refused a batch with a 4xx: retrying the same rows cannot help. */
export class GatewayRefusedError extends HubError {
  readonly code = 'gateway_refused';
  constructor(
    readonly status: number,
    message: string,
    readonly errors: RowError[] = [],
  ) {
    super(message);
  }
  override extensions() {
    return { errors: this.errors };
  }
}

/** The hub could not take a batch after every retry (503, 5xx, network). Re-run to resume. */
export class GatewayUnavailableError extends HubError {
  readonly code = 'gateway_unavailable';
  readonly status = 503;
  override readonly retriable = true;
}

/** The import was stopped (signal or abort) between batches. Re-run to resume. */
export class ImportInterruptedError extends HubError {
  readonly code = 'import_interrupted';
  readonly status = 499;
  override readonly retriable = true;
}
