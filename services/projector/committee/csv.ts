// The committee lists as a table, and that table as CSV (RFC 4180): a header row, CRLF line
// ends, fields quoted when they hold a comma, a quote or a line break. Nested objects become
// dotted columns (designation.level), arrays are joined with ';', null and missing values are
// empty. xlsx.ts writes the same table as a workbook.
//
// Formula safety: a text cell that begins with =, +, -, @ (or a tab or carriage return, which
// some spreadsheets skip before reading a formula) gets a leading apostrophe, so Excel, WPS and
// LibreOffice show it as text instead of running it. Numbers are never changed.

export type CellValue = string | number | boolean | null;

type Flat = Map<string, CellValue>;

/** A UTF-8 byte-order mark: Excel and WPS on Chinese Windows otherwise read CSV as GBK. */
export const UTF8_BOM = '\uFEFF';

export function flatten(value: unknown, prefix = '', out: Flat = new Map()): Flat {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, cellValue(value));
  }
  return out;
}

function cellValue(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => text(cellValue(v))).join(';');
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

function text(value: CellValue): string {
  return value === null ? '' : String(value);
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet would read as a formula gets a leading apostrophe. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export interface Table {
  header: string[];
  rows: CellValue[][];
}

/**
 * `columns` fixes the header (so an empty list still has one); columns found in the rows but
 * not listed are appended in order of first appearance.
 */
export function tableOf(rows: readonly unknown[], columns: readonly string[]): Table {
  const flat = rows.map((row) => flatten(row));
  const header = [...columns];
  const known = new Set(header);
  for (const row of flat) {
    for (const key of row.keys()) {
      if (!known.has(key)) {
        known.add(key);
        header.push(key);
      }
    }
  }
  return { header, rows: flat.map((row) => header.map((column) => row.get(column) ?? null)) };
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

function csvField(value: CellValue): string {
  return quote(typeof value === 'string' ? neutraliseFormula(value) : text(value));
}

/** CSV text without the BOM (lists.ts adds it to what it sends). */
export function toCsv(rows: readonly unknown[], columns: readonly string[]): string {
  const table = tableOf(rows, columns);
  const lines = [table.header.map(csvField).join(',')];
  for (const row of table.rows) lines.push(row.map(csvField).join(','));
  return lines.join('\r\n') + '\r\n';
}
