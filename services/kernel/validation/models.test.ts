import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AGENCIES } from '../agency';
import { loadSchemaRegistry } from '../avro/registry';
import { readSchemaFiles } from '../avro/schemaFiles';
import type { AvroEnum, AvroField } from '../avro/schemaTypes';
import { eventIdFor } from '../eventId';
import { PUBLISHERS, type EventType } from '../events.generated';
import { createEventValidation, loadEventValidation } from './eventValidation';
import { NOW, VALID_EVENTS } from '../../../test/kits/validEvents';

const schemas = readSchemaFiles().current;
const validation = loadEventValidation();

/** The enum symbols of a field, or of its array items. */
function symbolsOf(field: AvroField): string[] | undefined {
  const t = field.type as { type?: string; symbols?: string[]; items?: AvroEnum };
  return t.type === 'enum' ? t.symbols : t.type === 'array' ? t.items?.symbols : undefined;
}

/** The enum options of a zod field, looking through default and array wrappers. */
function optionsOf(model: z.ZodType): string[] | undefined {
  const def = model.def as { type: string; innerType?: z.ZodType; element?: z.ZodType };
  if (def.type === 'default') return optionsOf(def.innerType!);
  if (def.type === 'array') return optionsOf(def.element!);
  return model instanceof z.ZodEnum ? (model.options as string[]) : undefined;
}

describe.each(schemas.map((s) => [s.name as EventType, s] as const))('the %s model agrees with its Avro schema', (type, schema) => {
  const model = validation.bodyModels[type];
  const bodyFields = schema.fields.filter((f) => !f.hubAssigned);

  it('has type plus exactly the non-hub fields, in order', () => {
    expect(Object.keys(model.shape)).toEqual(['type', ...bodyFields.map((f) => f.name)]);
  });

  it('offers the same enum symbols', () => {
    for (const field of bodyFields) expect(optionsOf(model.shape[field.name]!), field.name).toEqual(symbolsOf(field));
  });

  it('requires exactly the fields without an Avro default and fills the others with it', () => {
    for (const field of bodyFields) {
      const { [field.name]: _left, ...without } = VALID_EVENTS[type];
      const result = model.safeParse(without);
      if (field.default === undefined) {
        expect(result.success, `${field.name} is required`).toBe(false);
        expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([field.name]);
      } else {
        expect(result.data?.[field.name], field.name).toEqual(field.default);
      }
    }
  });

  it('names the same publishers', () => {
    expect(validation.publishersOf(type)).toEqual(schema.publishers);
    expect(validation.publishersOf(type)).toEqual(PUBLISHERS[type]);
  });
});

describe('the defaults of the contract', () => {
  it.each([
    ['TrafficCrashReported', 'commercialOperation', false],
    ['SafetyActivityHeld', 'materialsDistributed', 0],
    ['RecordWithdrawn', 'revision', 1],
  ] as const)('defaults %s.%s to %s', (type, field, value) => {
    const { [field]: _left, ...body } = VALID_EVENTS[type] as Record<string, unknown>;
    expect(validation.bodyModels[type].parse(body)[field]).toBe(value);
  });
});

describe('typesPublishableBy', () => {
  it('lists the types of the contract for the police', () => {
    expect(validation.typesPublishableBy('police')).toEqual(['PublicSecurityCaseRecorded', 'RecordWithdrawn', 'SafetyActivityHeld', 'TrafficCrashReported']);
  });

  it('lists hazards for safety, fire and transport but not police or health', () => {
    for (const agency of ['safety', 'fire', 'transport'] as const) expect(validation.typesPublishableBy(agency)).toContain('HazardIdentified');
    for (const agency of ['police', 'health'] as const) expect(validation.typesPublishableBy(agency)).not.toContain('HazardIdentified');
  });

  it('lets every agency publish activities and withdrawals', () => {
    for (const agency of AGENCIES) expect(validation.typesPublishableBy(agency)).toEqual(expect.arrayContaining(['SafetyActivityHeld', 'RecordWithdrawn']));
  });
});

describe('jsonSchemaOf', () => {
  it('describes what a bureau sends: strict, hub fields absent, defaulted fields optional', () => {
    const schema = validation.jsonSchemaOf('TrafficCrashReported') as {
      properties: Record<string, Record<string, unknown>>;
      required: string[];
      additionalProperties: boolean;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).not.toContain('eventId');
    expect(schema.required).not.toContain('revision');
    expect(schema.required).not.toContain('commercialOperation');
    expect(schema.required).toContain('deaths');
    expect(schema.properties.type).toMatchObject({ const: 'TrafficCrashReported' });
    expect(schema.properties.revision).toMatchObject({ type: 'integer', minimum: 1, default: 1 });
    expect(schema.properties.occurredAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(schema.properties.communityCode).toMatchObject({ type: 'string', pattern: '^\\d{9}$' });
    expect(schema.properties.roadType).toMatchObject({ enum: ['URBAN_ROAD', 'HIGHWAY', 'RURAL_ROAD', 'OTHER'] });
  });

  it('gives each caller its own copy', () => {
    const first = validation.jsonSchemaOf('HazardRectified');
    first.title = 'changed';
    expect(validation.jsonSchemaOf('HazardRectified').title).toBe('HazardRectified');
  });
});

describe('validated events and the codec', () => {
  it('encode and decode unchanged once the hub fields are added', () => {
    // given every valid event, validated
    const registry = loadSchemaRegistry();
    const result = validation.validateEvents({ events: Object.values(VALID_EVENTS) }, { now: NOW });
    expect(result.ok).toBe(true);
    for (const body of result.ok ? result.events : []) {
      // when the hub adds its fields and encodes it
      const agency = PUBLISHERS[body.type][0]!;
      const hub = { eventId: eventIdFor(agency, body.sourceRecordId, body.revision), agency, receivedAt: NOW.toISOString() };
      const decoded = registry.decode(registry.encode(body.type, { ...body, ...hub }));
      // then it decodes to the same fields
      const { type, ...fields } = body;
      expect(decoded.type).toBe(type);
      expect({ ...decoded.event }).toEqual({ ...hub, ...fields });
    }
  });
});

describe('building from schemas', () => {
  it('refuses a schema naming an unknown publisher', () => {
    const [first] = schemas;
    expect(() => createEventValidation([{ ...first!, publishers: ['army'] }])).toThrow(/unknown publisher/);
  });

  it('refuses an Avro type the edge has no model for', () => {
    const schema = { type: 'record' as const, name: 'X', fields: [{ name: 'blob', type: 'bytes' }] };
    expect(() => createEventValidation([schema])).toThrow(/no model/);
  });
});
