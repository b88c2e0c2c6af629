// Cell text → typed value, driven by the JSON Schema of the event type's field (the same zod
// model the gateway validates with). A cell that cannot be converted is passed on as text, so
// the validator names the field with its usual message ("must be an integer"). An empty cell
// is "absent": the field's default applies, or the validator says it is required.
//
//   convertCell(text, property, options): unknown | undefined

import { enumValueOfLabel } from './enumLabels';

export interface PropertySchema {
  type?: string;
  format?: string;
  enum?: readonly unknown[];
  items?: PropertySchema;
}

export interface CellOptions {
  /** Offset given to date-times written without one, e.g. "2025-03-01 08:30" (default +08:00). */
  utcOffset: string;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', '是']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '否']);
/** Separators of array cells: ';' (also full-width) and the enumeration comma '、'. */
const ITEM_SEPARATOR = /[;；、]/;

/** The enum value as written, or the one a bureau's Chinese label stands for (enumLabels.ts). */
function toEnum(cell: string, allowed: readonly unknown[]): string {
  const values = allowed.filter((v): v is string => typeof v === 'string');
  if (values.includes(cell)) return cell;
  return enumValueOfLabel(cell, values) ?? cell;
}

export function convertCell(text: string, property: PropertySchema, options: CellOptions): unknown {
  const cell = text.trim();
  if (cell === '') return undefined;
  switch (property.type) {
    case 'integer':
    case 'number':
      return toNumber(cell);
    case 'boolean':
      return toBoolean(cell);
    case 'array':
      return cell
        .split(ITEM_SEPARATOR)
        .map((item) => item.trim())
        .filter((item) => item !== '')
        .map((item) => convertCell(item, property.items ?? {}, options));
    case 'string':
      if (property.enum) return toEnum(cell, property.enum);
      if (property.format === 'date') return toDate(cell);
      if (property.format === 'date-time') return toDateTime(cell, options.utcOffset);
      return cell;
    default:
      return cell;
  }
}

/** Plain decimals, with optional thousands separators as spreadsheets show them ("1,250,000.5"). */
function toNumber(cell: string): number | string {
  const plain = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(cell) ? cell.replaceAll(',', '') : cell;
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(plain) ? Number(plain) : cell;
}

function toBoolean(cell: string): boolean | string {
  const word = cell.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return cell;
}

const DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;

/** 2025/3/1, 2025-3-1, 2025.3.1 and 2025年3月1日 become 2025-03-01. */
function toDate(cell: string): string {
  const m = DATE.exec(cell);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : cell;
}

const DATE_TIME = /^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * "2025-03-01 08:30", "2025/3/1 8:30:15" (how Excel writes them) become ISO 8601 with the
 * default offset; a written offset is kept. Anything else is left for the validator.
 */
function toDateTime(cell: string, utcOffset: string): string {
  const m = DATE_TIME.exec(cell);
  if (!m) return cell;
  const [, date, hh, mm, ss, fraction, offset] = m;
  const zone = offset === undefined ? utcOffset : offset.toUpperCase() === 'Z' ? 'Z' : offset.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  return `${toDate(date!)}T${hh!.padStart(2, '0')}:${mm}:${ss ?? '00'}${fraction ?? ''}${zone}`;
}
