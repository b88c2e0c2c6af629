import { describe, expect, it } from 'vitest';
import { AGENCIES } from '../services/kernel/agency';
import { readSchemaFiles } from '../services/kernel/avro/schemaFiles';
import { EVENT_TYPES } from '../services/kernel/events.generated';

// The validation models and the codec are derived from these files, so they must keep the
// conventions of docs/architecture.md ("Events").
const { current } = readSchemaFiles(import.meta.dirname);
const KNOWN_FIELD_ATTRIBUTES = new Set([
  'name', 'type', 'default', 'doc', 'hubAssigned', 'minimum', 'maximum', 'exclusiveMinimum',
  'minLength', 'maxLength', 'minItems', 'format', 'freeText', 'notInFuture', 'reference',
]);
const FORMATS = new Set(['date', 'date-time', 'community-code', 'region-code', 'record-id']);

describe.each(current.map((s) => [s.name, s] as const))('schema %s', (_name, schema) => {
  it('is one of the event types of the contract, in the hub namespace', () => {
    expect(EVENT_TYPES).toContain(schema.name);
    expect(schema.namespace).toBe('cn.safecommunity.events');
  });

  it('names publishers that are agencies', () => {
    expect(schema.publishers?.length).toBeGreaterThan(0);
    for (const p of schema.publishers ?? []) expect(AGENCIES).toContain(p);
  });

  it('starts with the hub-assigned fields, then sourceRecordId and revision', () => {
    expect(schema.fields.slice(0, 5).map((f) => f.name)).toEqual(['eventId', 'agency', 'receivedAt', 'sourceRecordId', 'revision']);
    expect(schema.fields.filter((f) => f.hubAssigned).map((f) => f.name)).toEqual(['eventId', 'agency', 'receivedAt']);
    expect(schema.fields[3]).toMatchObject({ type: 'string', format: 'record-id' });
    expect(schema.fields[4]).toMatchObject({ type: 'int', minimum: 1, default: 1 });
  });

  it('uses only the known constraint attributes, each on a field of a fitting type', () => {
    for (const field of schema.fields) {
      for (const key of Object.keys(field)) expect(KNOWN_FIELD_ATTRIBUTES, `${field.name}.${key}`).toContain(key);
      if (field.format) {
        expect(FORMATS, field.name).toContain(field.format);
        expect(field.type, field.name).toBe('string');
      }
      if (field.freeText || field.minLength !== undefined || field.maxLength !== undefined) expect(field.type, field.name).toBe('string');
      if (field.notInFuture) expect(field.format, field.name).toBe('date-time');
      if (field.minimum !== undefined || field.maximum !== undefined || field.exclusiveMinimum !== undefined) {
        expect(['int', 'long', 'double'], field.name).toContain(field.type);
      }
      if (field.name === 'type') throw new Error('a field may not be called type: the body uses it for the event type');
    }
  });
});

it('has one schema per event type of the contract', () => {
  expect(current.map((s) => s.name).sort()).toEqual([...EVENT_TYPES].sort());
});
