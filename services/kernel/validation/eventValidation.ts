// Validation of bureau events at the HTTP edge, built once at start-up from the Avro schemas:
// a compiled validator per event type checks events (compiled.ts); the zod models describe
// the bodies (JSON Schema, OpenAPI).
//
//   loadEventValidation(dir?: string): EventValidation                 reads schemas/*.avsc
//   createEventValidation(schemas: readonly AvroRecordSchema[]): EventValidation
//   EventValidation.validateEvents(input: unknown, ctx: { now: Date }): ValidationResult
//   EventValidation.bodyModels: Readonly<Record<EventType, BodyModel>>   zod models (OpenAPI)
//   EventValidation.jsonSchemaOf(type: EventType): Record<string, unknown>   body JSON Schema
//   EventValidation.typesPublishableBy(agency: Agency): readonly EventType[]
//   EventValidation.publishersOf(type: EventType): readonly Agency[]
import { z } from 'zod';
import { AGENCIES, type Agency } from '../agency';
import { SchemaError } from '../avro/errors';
import { readSchemaFiles } from '../avro/schemaFiles';
import type { AvroRecordSchema } from '../avro/schemaTypes';
import type { EventType } from '../events.generated';
import { compileBodyValidator, type BodyValidator } from './compiled';
import { bodyModelOf, type BodyModel } from './models';
import { validateEventsWith, type EventCatalogue, type ValidationResult } from './validateEvents';

export interface EventValidation {
  validateEvents(input: unknown, ctx: { now: Date }): ValidationResult;
  readonly bodyModels: Readonly<Record<EventType, BodyModel>>;
  /** JSON Schema (draft 2020-12) of what a bureau sends: defaulted fields are optional. */
  jsonSchemaOf(type: EventType): Record<string, unknown>;
  typesPublishableBy(agency: Agency): readonly EventType[];
  publishersOf(type: EventType): readonly Agency[];
}

export function loadEventValidation(dir?: string): EventValidation {
  return createEventValidation(readSchemaFiles(dir).current);
}

export function createEventValidation(schemas: readonly AvroRecordSchema[]): EventValidation {
  const models = new Map<string, BodyModel>();
  const hubAssignedFields = new Set<string>();
  const publishers = new Map<string, readonly Agency[]>();
  for (const schema of schemas) {
    models.set(schema.name, bodyModelOf(schema));
    for (const f of schema.fields) if (f.hubAssigned) hubAssignedFields.add(f.name);
    publishers.set(schema.name, publishersIn(schema));
  }
  const validators = new Map<string, BodyValidator>(schemas.map((schema) => [schema.name, compileBodyValidator(schema, hubAssignedFields)]));
  const catalogue: EventCatalogue = { validators };
  const byAgency = new Map<Agency, readonly EventType[]>(
    AGENCIES.map((agency) => [agency, Object.freeze([...publishers].filter(([, list]) => list.includes(agency)).map(([t]) => t as EventType))]),
  );
  const jsonSchemas = new Map<string, Record<string, unknown>>();

  const modelOf = (type: EventType): BodyModel => {
    const model = models.get(type);
    if (!model) throw new SchemaError(`No schema for event type ${type}.`);
    return model;
  };

  return {
    validateEvents: (input, ctx) => validateEventsWith(catalogue, input, ctx),
    bodyModels: Object.freeze(Object.fromEntries(models)) as Record<EventType, BodyModel>,
    jsonSchemaOf(type) {
      let schema = jsonSchemas.get(type);
      if (!schema) {
        schema = z.toJSONSchema(modelOf(type), { io: 'input' }) as Record<string, unknown>;
        jsonSchemas.set(type, schema);
      }
      return structuredClone(schema); // callers may adorn it; the cached one stays as built
    },
    typesPublishableBy: (agency) => byAgency.get(agency) ?? [],
    publishersOf: (type) => {
      modelOf(type);
      return publishers.get(type)!;
    },
  };
}

function publishersIn(schema: AvroRecordSchema): readonly Agency[] {
  const list = schema.publishers ?? [];
  for (const p of list) {
    if (!(AGENCIES as readonly string[]).includes(p)) throw new SchemaError(`${schema.name}: unknown publisher ${p}.`);
  }
  return Object.freeze([...list] as Agency[]);
}
