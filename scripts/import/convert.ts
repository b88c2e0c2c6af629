// CSV rows → event bodies of one type, every row checked with the gateway's own validator
// (EventValidation.validateEvents) before anything is sent. Errors carry the CSV line and field.
//
//   convertRows(csv, { validation, agency, type?, now, utcOffset? }): ConversionResult
import type { Agency } from '../../services/kernel/agency';
import { EVENT_TYPES, type EventType } from '../../services/kernel/events.generated';
import type { EventValidation } from '../../services/kernel/validation';
import { convertCell, type PropertySchema } from './cells';
import type { CsvRow, ParsedCsv } from './csvFile';
import type { RowError } from './errors';
import { fieldOfHeading } from './headerAliases';

export const DEFAULT_UTC_OFFSET = '+08:00';

export interface ConvertOptions {
  validation: EventValidation;
  agency: Agency;
  /** The event type of every row; without it the file needs a `type` column. */
  type?: string;
  /** The validator's clock (occurredAt may not lie in the future). */
  now: Date;
  utcOffset?: string;
}

export interface ConvertedRow {
  line: number;
  event: Record<string, unknown>;
}

export type ConversionResult =
  | { ok: true; type: EventType; rows: ConvertedRow[] }
  | { ok: false; errors: RowError[] };

interface Column {
  index: number;
  field: string;
}

export function convertRows(csv: ParsedCsv, options: ConvertOptions): ConversionResult {
  const typed = eventTypeOf(csv, options);
  if (!typed.ok) return typed;
  const { type } = typed;
  const schema = options.validation.jsonSchemaOf(type) as { properties: Record<string, PropertySchema>; required?: string[] };
  const columns = columnsOf(csv, type, schema);
  if (!columns.ok) return columns;

  const errors: RowError[] = [];
  const rows: ConvertedRow[] = [];
  const firstLineOf = new Map<string, number>();
  const cellOptions = { utcOffset: options.utcOffset ?? DEFAULT_UTC_OFFSET };
  for (const row of csv.rows) {
    const before = errors.length;
    const report = (field: string, message: string) => errors.push({ line: row.line, field, message });
    const extra = row.cells.slice(csv.header.length).filter((c) => c.trim() !== '');
    if (extra.length > 0) report('', `has ${row.cells.length} cells, the header has ${csv.header.length}`);
    const event: Record<string, unknown> = { type };
    for (const { index, field } of columns.columns) {
      if (field === 'type') continue;
      const value = convertCell(row.cells[index] ?? '', schema.properties[field] ?? {}, cellOptions);
      if (value !== undefined) event[field] = value;
    }
    const result = options.validation.validateEvents(event, { now: options.now });
    if (!result.ok) for (const e of result.errors) report(e.path, e.message);
    if (errors.length === before) {
      const key = `${String(event.sourceRecordId)}/${String(event.revision ?? 1)}`;
      const seen = firstLineOf.get(key);
      if (seen !== undefined) report('sourceRecordId', `record ${String(event.sourceRecordId)} revision ${String(event.revision ?? 1)} is already on line ${seen}`);
      else firstLineOf.set(key, row.line);
    }
    if (errors.length === before) rows.push({ line: row.line, event });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, type, rows };
}

/** From --type or the `type` column: one type for the whole file, one the agency may publish. */
function eventTypeOf(csv: ParsedCsv, options: ConvertOptions): { ok: true; type: EventType } | { ok: false; errors: RowError[] } {
  const fail = (line: number, field: string, message: string) => ({ ok: false as const, errors: [{ line, field, message }] });
  const typeColumn = csv.header.findIndex((h) => fieldOfHeading(h, ['type']) === 'type');
  let type = options.type;
  if (type === undefined) {
    if (typeColumn < 0) return fail(csv.headerLine, 'type', 'no event type: pass --type or add a type column');
    type = csv.rows.map((r) => r.cells[typeColumn]?.trim() ?? '').find((t) => t !== '');
    if (type === undefined) return fail(csv.headerLine, 'type', 'the type column is empty: pass --type or fill it in');
  }
  const line = options.type === undefined ? lineOfType(csv.rows, typeColumn, type) : csv.headerLine;
  if (!(EVENT_TYPES as readonly string[]).includes(type)) {
    return fail(line, 'type', `${type} is not a known event type (one of ${EVENT_TYPES.join(', ')})`);
  }
  const eventType = type as EventType;
  if (!options.validation.typesPublishableBy(options.agency).includes(eventType)) {
    return fail(line, 'type', `the ${options.agency} bureau may not publish ${eventType} (published by ${options.validation.publishersOf(eventType).join(', ')})`);
  }
  if (typeColumn >= 0) {
    const errors: RowError[] = [];
    for (const row of csv.rows) {
      const cell = row.cells[typeColumn]?.trim() ?? '';
      if (cell !== '' && cell !== eventType) errors.push({ line: row.line, field: 'type', message: `is ${cell}, but this file holds ${eventType} (one event type per file)` });
    }
    if (errors.length > 0) return { ok: false, errors };
  }
  return { ok: true, type: eventType };
}

function lineOfType(rows: readonly CsvRow[], column: number, type: string): number {
  return rows.find((r) => r.cells[column]?.trim() === type)?.line ?? 0;
}

/** Every heading must name a field of the type (or an alias of one), once; required fields need a column. */
function columnsOf(
  csv: ParsedCsv,
  type: EventType,
  schema: { properties: Record<string, PropertySchema>; required?: string[] },
): { ok: true; columns: Column[] } | { ok: false; errors: RowError[] } {
  const fields = Object.keys(schema.properties);
  const errors: RowError[] = [];
  const columns: Column[] = [];
  const columnOf = new Map<string, number>();
  const report = (field: string, message: string) => errors.push({ line: csv.headerLine, field, message });
  csv.header.forEach((heading, index) => {
    if (heading === '') {
      if (csv.rows.some((r) => (r.cells[index] ?? '').trim() !== '')) report(`column ${index + 1}`, 'has values but no heading');
      return;
    }
    const field = fieldOfHeading(heading, fields);
    if (!field) {
      report(heading, `is not a field of ${type} (fields: ${fields.join(', ')})`);
      return;
    }
    const earlier = columnOf.get(field);
    if (earlier !== undefined) {
      report(heading, `names ${field}, like column ${earlier + 1} ("${csv.header[earlier]}")`);
      return;
    }
    columnOf.set(field, index);
    columns.push({ index, field });
  });
  for (const field of schema.required ?? []) {
    if (field !== 'type' && !columnOf.has(field)) report(field, `is required: the file has no column for it`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, columns };
}
