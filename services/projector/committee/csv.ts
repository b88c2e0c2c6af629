// CSV of the committee lists (RFC 4180): a header row, CRLF line ends, fields quoted when they
// hold a comma, a quote or a line break. Nested objects become dotted columns
// (designation.level), arrays are joined with ';', null and missing values are empty.

type Flat = Map<string, string>;

export function flatten(value: unknown, prefix = '', out: Flat = new Map()): Flat {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, cell(value));
  }
  return out;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(cell).join(';');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/**
 * `columns` fixes the header (so an empty list still has one); columns found in the rows but
 * not listed are appended in order of first appearance.
 */
export function toCsv(rows: readonly unknown[], columns: readonly string[]): string {
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
  const lines = [header.map(quote).join(',')];
  for (const row of flat) lines.push(header.map((column) => quote(row.get(column) ?? '')).join(','));
  return lines.join('\r\n') + '\r\n';
}
