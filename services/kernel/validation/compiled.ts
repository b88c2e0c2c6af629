// Compiled body validators: at start-up, one JavaScript function per event type is generated
// from its Avro schema and constraint attributes (`new Function`), so that checking an event is
// straight-line code instead of zod's interpreted checks and rules.ts's table walk. They give
// exactly the answers of the zod models (models.ts) followed by the rules (rules.ts), in the
// same order; test/kits/referenceValidation.ts keeps that interpreted form, and a property test
// compares the two on random valid and invalid events.
//
//   compileBodyValidator(schema, hubAssignedFields): BodyValidator
//   BodyValidator(raw, futureLimitMs, report): EventBody | null
//     raw: a plain object whose `type` is schema.name; futureLimitMs: now + FUTURE_TOLERANCE_MS.
//     Reports every problem as report(path, message); returns the body with defaults applied,
//     or null when a field is wrong (a rule's error alone still returns the body: the caller
//     counts errors, as for the zod models).
//
// Only schema-derived values reach the generated source, and only as JSON literals (names,
// messages) or finite numbers; regexes, functions and defaults are passed in, never inlined.
import { SchemaError } from '../avro/errors';
import type { AvroField, AvroRecordSchema, AvroTypeSchema } from '../avro/schemaTypes';
import type { EventBody } from '../events.generated';
import { agreementRuleErrors } from './agreementRules';
import { containsPersonalIdentifier, FORMAT_MESSAGES, FORMAT_PATTERNS, instantOf, isCalendarDate } from './formats';
import { INT_RANGE, LONG_RANGE, PERSONAL_DATA_MESSAGE } from './models';
import { NOT_IN_FUTURE_MESSAGE, PAIR_RULES } from './rules';

export type BodyValidator = (raw: Record<string, unknown>, futureLimitMs: number, report: (path: string, message: string) => void) => EventBody | null;

/** Length in Unicode code points, as zod's length checks count (a valid surrogate pair is one). */
export function codePointLength(text: string): number {
  const units = text.length;
  let count = units;
  for (let i = 0; i < units - 1; i++) {
    if ((text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

/** zod's minimum-length check on any value that has a `length` (it also runs after a type error). */
function tooShort(value: { length: unknown }, min: number): boolean {
  const units = value.length as number;
  const length = typeof value === 'string' && units >= min && units < min * 2 ? codePointLength(value) : units;
  return !(length >= min);
}

function tooLong(value: { length: unknown }, max: number): boolean {
  const units = value.length as number;
  const length = typeof value === 'string' && units > max ? codePointLength(value) : units;
  return !(length <= max);
}

/** What the generated code reaches through its one parameter. */
interface Helpers {
  constants: unknown[];
  codePointLength: typeof codePointLength;
  tooShort: typeof tooShort;
  tooLong: typeof tooLong;
  isCalendarDate: typeof isCalendarDate;
  instantOf: typeof instantOf;
  containsPersonalIdentifier: typeof containsPersonalIdentifier;
  agreementRuleErrors: typeof agreementRuleErrors;
  hubAssigned: ReadonlySet<string>;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Builds the source of one type's validator, then the function itself. */
export function compileBodyValidator(schema: AvroRecordSchema, hubAssignedFields: ReadonlySet<string>): BodyValidator {
  const source = validatorSource(schema);
  const helpers: Helpers = {
    constants: source.constants,
    codePointLength,
    tooShort,
    tooLong,
    isCalendarDate,
    instantOf,
    containsPersonalIdentifier,
    agreementRuleErrors,
    hubAssigned: hubAssignedFields,
  };
  const build = new Function('h', source.code) as (h: Helpers) => BodyValidator;
  return build(helpers);
}

/** Exposed for tests and for reading what runs (`npx tsx -e` and print it). */
export function validatorSource(schema: AvroRecordSchema): { code: string; constants: unknown[] } {
  if (!NAME.test(schema.name)) throw new SchemaError(`${schema.name}: not an Avro name.`);
  const constants: unknown[] = [];
  const constant = (value: unknown): string => {
    constants.push(value);
    return `c[${constants.length - 1}]`;
  };
  const lit = (value: string): string => JSON.stringify(value);
  const fields = schema.fields.filter((f) => !f.hubAssigned);
  const body: string[] = ['let ok = true;', 'let v;'];
  const instantVars = new Map<string, string>();

  fields.forEach((field, n) => {
    if (!NAME.test(field.name)) throw new SchemaError(`${schema.name}.${field.name}: not an Avro name.`);
    const out = `f${n}`;
    body.push(`let ${out};`, `v = raw[${lit(field.name)}];`);
    const where = `${schema.name}.${field.name}`;
    const instantVar = field.format === 'date-time' ? `t${n}` : undefined;
    if (instantVar) {
      body.push(`let ${instantVar} = null;`);
      instantVars.set(field.name, instantVar);
    }
    const checks = valueChecks(field.type, field, 'v', lit(field.name), out, where, { constant, lit, instantVar });
    if (field.default === undefined) body.push(checks);
    else body.push(`if (v === undefined) ${out} = ${constant(field.default)}; else {`, checks, '}');
  });

  // Unknown fields, after the fields' own errors and in for-in order, as zod's strict object does.
  const known = ['type', ...fields.map((f) => f.name)];
  body.push(
    'for (const k in raw) {',
    `  switch (k) { ${known.map((k) => `case ${lit(k)}:`).join(' ')} continue; }`,
    `  ok = false;`,
    `  report(k, h.hubAssigned.has(k) ? "is assigned by the hub and must not be sent" : ${lit(`is not a field of ${schema.name}`)});`,
    '}',
  );

  // The rules (rules.ts), in its order: times not in the future, then pairs, then agreements.
  for (const field of schema.fields.filter((f) => f.notInFuture)) {
    const known = instantVars.get(field.name);
    const instant = known ?? `(typeof raw[${lit(field.name)}] === "string" ? h.instantOf(raw[${lit(field.name)}]) : null)`;
    body.push(`{ const t = ${instant}; if (t !== null && t > futureLimitMs) report(${lit(field.name)}, ${lit(NOT_IN_FUTURE_MESSAGE)}); }`);
  }
  for (const rule of PAIR_RULES.filter((r) => r.type === schema.name)) {
    const wellFormed = (x: string) =>
      rule.kind === 'number' ? `(typeof ${x} === "number" && Number.isFinite(${x}))` : `(typeof ${x} === "string" && h.isCalendarDate(${x}))`;
    body.push(
      `{ const a = raw[${lit(rule.field)}], b = raw[${lit(rule.other)}];`,
      `  if (${wellFormed('a')} && ${wellFormed('b')} && !${constant(rule.holds)}(a, b)) report(${lit(rule.field)}, ${lit(rule.message)}); }`,
    );
  }
  body.push(`for (const e of h.agreementRuleErrors(${lit(schema.name)}, raw)) report(e.path, e.message);`);

  body.push(`if (!ok) return null;`, `return { type: ${lit(schema.name)}, ${fields.map((f, n) => `${lit(f.name)}: f${n}`).join(', ')} };`);
  const code = ['"use strict";', 'const c = h.constants;', `return function validate${schema.name}(raw, futureLimitMs, report) {`, ...body, '};'].join('\n');
  return { code, constants };
}

interface Gen {
  constant: (value: unknown) => string;
  lit: (value: string) => string;
  /** Where a date-time field keeps its instant for the notInFuture rule. */
  instantVar?: string;
}

/**
 * Checks of one value `v` (a variable name) against an Avro type with the field's constraints;
 * on success assigns the output to `out`. `path` is a JS expression of the error path.
 */
function valueChecks(type: AvroTypeSchema, field: AvroField, v: string, path: string, out: string, where: string, g: Gen): string {
  const name = typeof type === 'string' ? type : Array.isArray(type) ? 'union' : type.type;
  const fail = (message: string) => `{ ok = false; report(${path}, ${message}); }`;
  const kind = (expected: string) => `(${v} === undefined ? "is required" : ${g.lit(`must be ${expected}`)})`;
  const num = (n: number | undefined, what: string): number => {
    if (n === undefined || !Number.isFinite(n)) throw new SchemaError(`${where}: ${what} must be a finite number.`);
    return n;
  };
  const bounds = (range?: { min: number; max: number }): string => {
    const lines: string[] = [];
    if (range) {
      lines.push(`if (!(${v} >= ${range.min})) ${fail(g.lit(`must be >= ${range.min}`))}`);
      lines.push(`if (!(${v} <= ${range.max})) ${fail(g.lit(`must be <= ${range.max}`))}`);
    }
    if (field.minimum !== undefined) lines.push(`if (!(${v} >= ${num(field.minimum, 'minimum')})) ${fail(g.lit(`must be >= ${field.minimum}`))}`);
    if (field.exclusiveMinimum !== undefined) {
      lines.push(`if (!(${v} > ${num(field.exclusiveMinimum, 'exclusiveMinimum')})) ${fail(g.lit(`must be > ${field.exclusiveMinimum}`))}`);
    }
    if (field.maximum !== undefined) lines.push(`if (!(${v} <= ${num(field.maximum, 'maximum')})) ${fail(g.lit(`must be <= ${field.maximum}`))}`);
    return lines.join('\n');
  };

  switch (name) {
    case 'int':
    case 'long': {
      const range = name === 'int' ? INT_RANGE : LONG_RANGE;
      // zod's z.int(): not an integer stops there; an unsafe integer is reported and checked on.
      return [
        `if (typeof ${v} !== "number" || !Number.isFinite(${v})) ${fail(kind('an integer'))}`,
        `else if (!Number.isInteger(${v})) ${fail(g.lit('must be an integer'))}`,
        `else {`,
        `if (!Number.isSafeInteger(${v})) ${fail(g.lit('must be an integer'))}`,
        bounds(range),
        `${out} = ${v}; }`,
      ].join('\n');
    }
    case 'double':
    case 'float':
      return [`if (typeof ${v} !== "number" || !Number.isFinite(${v})) ${fail(kind('a number'))}`, `else {`, bounds(), `${out} = ${v}; }`].join('\n');
    case 'boolean':
      return `if (typeof ${v} !== "boolean") ${fail(kind('true or false'))} else ${out} = ${v};`;
    case 'enum': {
      const symbols = (type as { symbols: string[] }).symbols;
      const set = g.constant(new Set(symbols));
      return `if (!${set}.has(${v})) ${fail(kind(`one of ${symbols.join(', ')}`))} else ${out} = ${v};`;
    }
    case 'string':
      return stringChecks(field, v, path, out, where, g, fail, kind);
    case 'array': {
      const items = (type as { items: AvroTypeSchema }).items;
      // The loop's names (a, i, e) would be shadowed by an inner array's; no schema has one.
      if (typeof items === 'object' && !Array.isArray(items) && items.type === 'array') throw new SchemaError(`${where}: arrays of arrays are not compiled.`);
      const min = field.minItems;
      // zod's length checks also run on a value of the wrong type that has a length.
      const minCheck = (x: string) =>
        min === undefined ? '' : `if (h.tooShort(${x}, ${num(min, 'minItems')})) ${fail(g.lit(`must have at least ${min} item${min === 1 ? '' : 's'}`))}`;
      const item = valueChecks(items, { name: field.name, type: 'null' }, 'e', `${path} + "." + i`, 'a[i]', where, { ...g, instantVar: undefined });
      return [
        `if (!Array.isArray(${v})) { ${fail(kind('an array'))}`,
        min === undefined ? '' : `  if (${v} != null && ${v}.length !== undefined) ${minCheck(v)}`,
        `} else {`,
        `  const a = new Array(${v}.length);`,
        `  for (let i = 0; i < ${v}.length; i++) { const e = ${v}[i];`,
        item,
        `  }`,
        minCheck(v),
        `  ${out} = a; }`,
      ].join('\n');
    }
    default:
      throw new SchemaError(`${where}: the HTTP edge has no model for Avro type ${JSON.stringify(type)}.`);
  }
}

function stringChecks(
  field: AvroField,
  v: string,
  path: string,
  out: string,
  where: string,
  g: Gen,
  fail: (message: string) => string,
  kind: (expected: string) => string,
): string {
  const lengthChecks = (x: string, isString: boolean): string[] => {
    const lines: string[] = [];
    const min = field.minLength;
    const max = field.maxLength;
    if (min !== undefined) {
      if (!Number.isInteger(min)) throw new SchemaError(`${where}: minLength must be an integer.`);
      const message = g.lit(min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
      // A code point is 1 or 2 UTF-16 units: below 2·min units only the exact count can tell.
      const short = isString ? `${x}.length < ${2 * min} && h.codePointLength(${x}) < ${min}` : `h.tooShort(${x}, ${min})`;
      lines.push(`if (${short}) ${fail(message)}`);
    }
    if (max !== undefined) {
      if (!Number.isInteger(max)) throw new SchemaError(`${where}: maxLength must be an integer.`);
      const long = isString ? `${x}.length > ${max} && h.codePointLength(${x}) > ${max}` : `h.tooLong(${x}, ${max})`;
      lines.push(`if (${long}) ${fail(g.lit(`must be at most ${max} characters`))}`);
    }
    return lines;
  };

  const lines: string[] = [];
  const others = lengthChecks(v, false);
  lines.push(`if (typeof ${v} !== "string") { ${fail(kind('a string'))}`);
  if (others.length > 0) lines.push(`if (${v} != null && ${v}.length !== undefined) {`, ...others, '}');
  lines.push('} else {', ...lengthChecks(v, true));
  switch (field.format) {
    case undefined:
      break;
    case 'date':
      lines.push(`if (!h.isCalendarDate(${v})) ${fail(g.lit(FORMAT_MESSAGES.date))}`);
      break;
    case 'date-time': {
      const t = g.instantVar ?? 't';
      lines.push(`${g.instantVar ? '' : 'const '}${t} = h.instantOf(${v});`, `if (${t} === null) ${fail(g.lit(FORMAT_MESSAGES['date-time']))}`);
      break;
    }
    default: {
      const pattern = FORMAT_PATTERNS[field.format];
      if (!pattern) throw new SchemaError(`${where}: unknown format ${String(field.format)}.`);
      lines.push(`if (!${g.constant(pattern)}.test(${v})) ${fail(g.lit(FORMAT_MESSAGES[field.format]))}`);
    }
  }
  if (field.freeText) lines.push(`if (h.containsPersonalIdentifier(${v})) ${fail(g.lit(PERSONAL_DATA_MESSAGE))}`);
  lines.push(`${out} = ${v}; }`);
  return lines.join('\n');
}
