// zod models of event bodies, derived from the Avro schemas (never written by hand): the
// `type` literal, sourceRecordId, revision and the type's fields, with the constraints kept
// in the schemas' custom attributes. Hub-assigned fields are left out and unknown fields are
// refused (strict objects). Messages name the rule, never echo the value.
// They describe the body (JSON Schema, OpenAPI) and are the reference of what is valid; the
// gateway checks events with the compiled validators of compiled.ts, which give the same answers.
//
//   bodyModelOf(schema: AvroRecordSchema): BodyModel
//   BodyModel = z.ZodObject (strict), also the source of the body's JSON Schema
import { z } from 'zod';
import { SchemaError } from '../avro/errors';
import type { AvroField, AvroRecordSchema, AvroTypeSchema } from '../avro/schemaTypes';
import { containsPersonalIdentifier, FORMAT_MESSAGES, FORMAT_PATTERNS, instantOf, isCalendarDate } from './formats';

export type BodyModel = z.ZodObject<Record<string, z.ZodType>, z.core.$strict>;

export const PERSONAL_DATA_MESSAGE = 'must not contain a resident ID number or a mobile phone number';

/** Avro int range, and the hub's bound on longs (exact in a JS number and in avsc 5.7). */
export const INT_RANGE = { min: -(2 ** 31), max: 2 ** 31 - 1 };
export const LONG_RANGE = { min: -(2 ** 52), max: 2 ** 52 };

export function bodyModelOf(schema: AvroRecordSchema): BodyModel {
  const shape: Record<string, z.ZodType> = { type: z.literal(schema.name) };
  for (const field of schema.fields) {
    if (field.hubAssigned) continue;
    shape[field.name] = fieldModel(schema.name, field);
  }
  return z.strictObject(shape).meta({ title: schema.name, ...(schema.doc ? { description: schema.doc } : {}) });
}

function fieldModel(typeName: string, field: AvroField): z.ZodType {
  let model = valueModel(field.type, field, `${typeName}.${field.name}`);
  // Only JSON Schema's own formats: validators such as ajv refuse unknown ones. The hub's
  // codes and record ids are described by their pattern instead.
  const standardFormat = field.format === 'date' || field.format === 'date-time' ? field.format : undefined;
  const meta = { ...(field.doc ? { description: field.doc } : {}), ...(standardFormat ? { format: standardFormat } : {}) };
  if (Object.keys(meta).length > 0) model = model.meta(meta);
  return field.default === undefined ? model : model.default(field.default as never);
}

/** The error of a field's base type: missing or of the wrong kind. */
function kindError(expected: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${expected}`);
}

function valueModel(type: AvroTypeSchema, field: AvroField, where: string): z.ZodType {
  const name = typeof type === 'string' ? type : Array.isArray(type) ? 'union' : type.type;
  switch (name) {
    case 'int':
      return integerModel(INT_RANGE, field);
    case 'long':
      return integerModel(LONG_RANGE, field);
    case 'double':
    case 'float':
      return numberModel(z.number({ error: kindError('a number') }), field);
    case 'boolean':
      return z.boolean({ error: kindError('true or false') });
    case 'string':
      return stringModel(field);
    case 'enum': {
      const symbols = (type as { symbols: string[] }).symbols;
      return z.enum(symbols as [string, ...string[]], { error: kindError(`one of ${symbols.join(', ')}`) });
    }
    case 'array': {
      const items = valueModel((type as { items: AvroTypeSchema }).items, { name: field.name, type: 'null' }, where);
      const array = z.array(items, { error: kindError('an array') });
      const min = field.minItems;
      return min === undefined ? array : array.min(min, `must have at least ${min} item${min === 1 ? '' : 's'}`);
    }
    default:
      throw new SchemaError(`${where}: the HTTP edge has no model for Avro type ${JSON.stringify(type)}.`);
  }
}

function integerModel(range: { min: number; max: number }, field: AvroField): z.ZodType {
  const model = z.int({ error: kindError('an integer') });
  return numberModel(model.min(range.min, `must be >= ${range.min}`).max(range.max, `must be <= ${range.max}`), field);
}

function numberModel(model: z.ZodNumber, field: AvroField): z.ZodType {
  let m = model;
  if (field.minimum !== undefined) m = m.min(field.minimum, `must be >= ${field.minimum}`);
  if (field.exclusiveMinimum !== undefined) m = m.gt(field.exclusiveMinimum, `must be > ${field.exclusiveMinimum}`);
  if (field.maximum !== undefined) m = m.max(field.maximum, `must be <= ${field.maximum}`);
  return m;
}

function stringModel(field: AvroField): z.ZodType {
  let model = z.string({ error: kindError('a string') });
  if (field.minLength !== undefined) {
    model = model.min(field.minLength, field.minLength === 1 ? 'must not be empty' : `must be at least ${field.minLength} characters`);
  }
  if (field.maxLength !== undefined) model = model.max(field.maxLength, `must be at most ${field.maxLength} characters`);
  switch (field.format) {
    case undefined:
      break;
    case 'date':
      model = model.refine(isCalendarDate, FORMAT_MESSAGES.date);
      break;
    case 'date-time':
      model = model.refine((text) => instantOf(text) !== null, FORMAT_MESSAGES['date-time']);
      break;
    default:
      model = model.regex(FORMAT_PATTERNS[field.format], FORMAT_MESSAGES[field.format]);
  }
  return field.freeText ? model.refine((text) => !containsPersonalIdentifier(text), PERSONAL_DATA_MESSAGE) : model;
}
