// The progress journal beside the CSV (<file>.import-progress.json): how many rows, from the
// top of the file, the hub has acknowledged (202). A re-run of the same file, type, agency and
// hub skips them; anything else starts from the first row. Written atomically after every
// acknowledged batch, removed when the import completes. Skipping is only an optimisation:
// event ids are deterministic, so re-sent rows are recorded once anyway.
import fs from 'node:fs';

export interface Journal {
  version: 1;
  sha256: string;
  agency: string;
  type: string;
  url: string;
  totalRows: number;
  rowsAcknowledged: number;
  updatedAt: string;
}

export function journalPathOf(file: string): string {
  return `${file}.import-progress.json`;
}

export function readJournal(file: string): Journal | undefined {
  try {
    const journal = JSON.parse(fs.readFileSync(journalPathOf(file), 'utf8')) as Partial<Journal>;
    return journal.version === 1 && Number.isInteger(journal.rowsAcknowledged) ? (journal as Journal) : undefined;
  } catch {
    return undefined; // missing or unreadable: start from the first row
  }
}

/** Rows that a journal of an interrupted run of the same import lets this run skip. */
export function resumableRows(journal: Journal | undefined, current: Omit<Journal, 'rowsAcknowledged' | 'updatedAt' | 'version'>): number {
  if (!journal) return 0;
  const same =
    journal.sha256 === current.sha256 &&
    journal.agency === current.agency &&
    journal.type === current.type &&
    journal.url === current.url &&
    journal.totalRows === current.totalRows;
  return same && journal.rowsAcknowledged > 0 && journal.rowsAcknowledged <= current.totalRows ? journal.rowsAcknowledged : 0;
}

export function writeJournal(file: string, journal: Journal): void {
  const target = journalPathOf(file);
  const temporary = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(journal, null, 2) + '\n');
  fs.renameSync(temporary, target);
}

export function removeJournal(file: string): void {
  fs.rmSync(journalPathOf(file), { force: true });
}
