// The agency gateway API (docs/api/gateway.md) in the API description: request bodies from the same zod
// models the gateway validates with (EventValidation.bodyModels).
import { z } from 'zod';
import type { Agency } from '../agency';
import type { EventType } from '../events.generated';
import type { EventValidation } from '../validation';
import { MAX_BATCH_EVENTS } from '../validation';
import { jsonSchemaOf, type JsonSchema } from './jsonSchema';
import { problemResponses, ref, type Operation } from './operations';

export const acceptedModel = z
  .strictObject({
    accepted: z.int().min(1),
    events: z.array(z.strictObject({ sourceRecordId: z.string(), revision: z.int().min(1), eventId: z.uuid() })).min(1),
  })
  .meta({ title: 'Accepted', description: 'The accepted events in request order, with their hub-assigned ids. Accepted means durable.' });

export const eventTypesModel = z
  .strictObject({
    agency: z.string(),
    eventTypes: z.array(
      z.strictObject({
        type: z.string(),
        jsonSchema: z.record(z.string(), z.unknown()).describe('JSON Schema (draft 2020-12) of the body a bureau sends.'),
        avroSchema: z.record(z.string(), z.unknown()).describe('The Avro schema the hub stores the event with.'),
        fingerprint: z.string().describe('CRC-64-AVRO fingerprint of the Avro schema, hex.'),
      }),
    ),
  })
  .meta({ title: 'EventTypes' });

export function gatewaySchemas(validation: EventValidation): Record<string, JsonSchema> {
  const types = Object.keys(validation.bodyModels).sort() as EventType[];
  const schemas: Record<string, JsonSchema> = {};
  for (const type of types) {
    schemas[type] = { ...jsonSchemaOf(validation.bodyModels[type], 'input'), 'x-publishers': [...validation.publishersOf(type)] };
  }
  schemas.Event = { title: 'Event', description: 'One event of any type; `type` selects the model.', oneOf: types.map((t) => ref(t)) };
  schemas.EventBatch = {
    title: 'EventBatch',
    type: 'object',
    properties: { events: { type: 'array', items: ref('Event'), minItems: 1, maxItems: MAX_BATCH_EVENTS } },
    required: ['events'],
    additionalProperties: false,
  };
  schemas.Accepted = jsonSchemaOf(acceptedModel, 'output');
  schemas.EventTypes = jsonSchemaOf(eventTypesModel, 'output');
  return schemas;
}

export function gatewayPaths(validation: EventValidation, agencies: readonly Agency[]): Record<string, Record<string, Operation>> {
  const agencyParam = {
    name: 'agency',
    in: 'path',
    required: true,
    description: 'The bureau; the token must be its own.',
    schema: { type: 'string', enum: [...agencies] },
  };
  const publishable = agencies.map((a) => `${a}: ${validation.typesPublishableBy(a).join(', ')}`).join('; ');
  return {
    '/agencies/{agency}/v1/events': {
      post: {
        operationId: 'publishEvents',
        tags: ['gateway'],
        summary: 'Publish one event, or a batch of 1 to 1000, all or nothing.',
        description: `Who may publish what: ${publishable}. The hub adds eventId, agency and receivedAt.`,
        security: [{ bearer: [] }],
        parameters: [agencyParam],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { oneOf: [ref('Event'), ref('EventBatch')] } } },
        },
        responses: {
          '202': { description: 'Accepted and durable.', content: { 'application/json': { schema: ref('Accepted') } } },
          ...problemResponses({
            400: 'Invalid events (nothing accepted); `errors` names each by index and path.',
            401: 'No or unknown token.',
            403: "A token of another agency or role, or an event type this agency may not publish.",
            404: 'No gateway for this agency in this process.',
            409: 'An event changes the type of an existing record.',
            413: 'The body is larger than 1 MiB.',
            415: 'The body is not JSON.',
            503: 'The bus or store cannot take the write now; retry after Retry-After seconds.',
          }),
        },
      },
    },
    '/agencies/{agency}/v1/event-types': {
      get: {
        operationId: 'listEventTypes',
        tags: ['gateway'],
        summary: 'The event types this agency may publish, each with its JSON Schema and Avro schema.',
        security: [{ bearer: [] }],
        parameters: [agencyParam],
        responses: {
          '200': { description: 'The publishable types.', content: { 'application/json': { schema: ref('EventTypes') } } },
          ...problemResponses({ 401: 'No or unknown token.', 403: 'A token of another agency or role.', 404: 'No gateway for this agency in this process.' }),
        },
      },
    },
  };
}
