// Reads a bureau's CSV export: UTF-8 with or without a BOM (Excel's "CSV UTF-8"), or GB18030
// when asked (Excel's default "CSV" on Chinese Windows), CRLF, LF or CR line ends, quoted cells
// with commas and line breaks. Every row keeps the line number it starts on, for error messages.
//
//   parseCsvFile(file, { encoding? }): ParsedCsv
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { CsvError, parse } from 'csv-parse/sync';
import { CsvInvalidError } from './errors';

export const ENCODINGS = ['utf-8', 'gb18030'] as const;
export type CsvEncoding = (typeof ENCODINGS)[number];

export interface CsvRow {
  /** Line of the file the row starts on (1-based; the header is usually line 1). */
  line: number;
  cells: string[];
}

export interface ParsedCsv {
  file: string;
  /** Hex SHA-256 of the file's bytes: the progress journal is only valid for the same file. */
  sha256: string;
  header: string[];
  headerLine: number;
  rows: CsvRow[];
}

export function parseCsvFile(file: string, options: { encoding?: CsvEncoding } = {}): ParsedCsv {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new CsvInvalidError([{ line: 0, field: '', message: `cannot read ${file}: ${(err as Error).message}` }], `Cannot read ${file}.`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const records = parseRecords(decode(bytes, options.encoding ?? 'utf-8'));
  const [first, ...rest] = records;
  if (!first) throw new CsvInvalidError([{ line: 1, field: '', message: 'the file is empty: expected a header row of field names' }]);
  return { file, sha256, header: first.cells.map((c) => c.trim()), headerLine: first.line, rows: rest };
}

function decode(bytes: Buffer, encoding: CsvEncoding): string {
  try {
    // The decoder drops a leading BOM.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    const hint =
      encoding === 'utf-8'
        ? 'the file is not UTF-8: save it from Excel as "CSV UTF-8 (逗号分隔)", or pass --encoding gb18030'
        : `the file is not valid ${encoding}`;
    throw new CsvInvalidError([{ line: 1, field: '', message: hint }], 'The file cannot be decoded; nothing was sent.');
  }
}

function parseRecords(text: string): CsvRow[] {
  // One line-end convention makes csv-parse's line count exact (it counts CRLF inside quotes twice).
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = parse(normalised, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines ?? 0;
      throw new CsvInvalidError([{ line, field: '', message: `not valid CSV: ${err.message.replace(/^Invalid [^:]*: /, '')}` }]);
    }
    throw err;
  }
  // info.lines is the line a record ends on; a quoted cell may span several lines.
  return parsed.map(({ record, info }) => ({
    line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
    cells: record,
  }));
}
