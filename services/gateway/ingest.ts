// The gateway's use case: authorise, validate, stamp and publish one request's events.
// All or nothing: any error rejects the whole request and nothing is published.
import { isAgency, type Agency } from '../kernel/agency';
import type { SchemaRegistry } from '../kernel/avro/registry';
import type { EventBus, OutgoingEvent } from '../kernel/bus/eventBus';
import type { Divisions } from '../kernel/divisions';
import { ForbiddenError, HubError, NotFoundError, RecordTypeConflictError, ValidationError, type FieldError } from '../kernel/errors';
import { eventIdFor } from '../kernel/eventId';
import { PUBLISHERS, type EventBody, type EventType } from '../kernel/events.generated';
import type { Principal } from '../kernel/http/auth';
import type { HubMetrics } from '../kernel/http/metrics';
import { agreementAuthorityErrors, type EventValidation } from '../kernel/validation';

export interface AcceptedEvent {
  sourceRecordId: string;
  revision: number;
  eventId: string;
}

export interface IngestResult {
  accepted: number;
  events: AcceptedEvent[];
}

export interface Ingest {
  /** `now` defaults to the gateway clock; the demo loader passes historical receipt times. */
  (principal: Principal, pathAgency: string, body: unknown, options?: { now?: Date }): Promise<IngestResult>;
}

export function authoriseAgency(principal: Principal, pathAgency: string, servedAgencies: readonly Agency[]): Agency {
  if (!isAgency(pathAgency) || !servedAgencies.includes(pathAgency)) {
    throw new NotFoundError(`No gateway for agency "${pathAgency}" here.`);
  }
  if (principal.role !== 'agency') throw new ForbiddenError('Only bureau tokens may publish events.');
  if (principal.agency !== pathAgency) {
    throw new ForbiddenError(`This token belongs to the ${principal.agency} bureau, not ${pathAgency}.`);
  }
  return pathAgency;
}

/** Types in the request the agency may not publish (checked before field validation). */
export function forbiddenTypes(agency: Agency, body: unknown): FieldError[] {
  const events = Array.isArray((body as { events?: unknown })?.events) ? ((body as { events: unknown[] }).events) : [body];
  const errors: FieldError[] = [];
  events.forEach((event, index) => {
    const type = (event as { type?: unknown })?.type;
    // Object.hasOwn: `type in PUBLISHERS` would also match inherited names such as "constructor".
    if (typeof type === 'string' && Object.hasOwn(PUBLISHERS, type) && !PUBLISHERS[type as EventType].includes(agency)) {
      errors.push({ index, path: 'type', message: `The ${agency} bureau may not publish ${type}.` });
    }
  });
  return errors;
}

/** A record cannot appear twice in one request with different types. */
export function typeConflictsWithinBatch(events: readonly EventBody[]): FieldError[] {
  const typeOf = new Map<string, string>();
  const errors: FieldError[] = [];
  events.forEach((event, index) => {
    const seen = typeOf.get(event.sourceRecordId);
    if (seen === undefined) typeOf.set(event.sourceRecordId, event.type);
    else if (seen !== event.type) {
      errors.push({ index, path: 'type', message: `Record ${event.sourceRecordId} appears earlier in this request as ${seen}.` });
    }
  });
  return errors;
}

/** Community and region codes must name a division the hub knows, so a typo never creates a phantom. */
export function unknownDivisions(events: readonly EventBody[], divisions: Divisions): FieldError[] {
  const errors: FieldError[] = [];
  events.forEach((event, index) => {
    for (const field of ['communityCode', 'regionCode'] as const) {
      const code = (event as Partial<Record<typeof field, string>>)[field];
      if (code !== undefined && !divisions.has(code)) {
        errors.push({ index, path: field, message: 'is not in the national division list nor in HUB_EXTRA_DIVISIONS' });
      }
    }
  });
  return errors;
}

/** Events encoded between two turns of the event loop (a few ms of work). */
const ENCODE_SLICE = 250;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function partitionKey(body: EventBody): string {
  if ('communityCode' in body) return body.communityCode;
  if ('regionCode' in body) return body.regionCode;
  return body.sourceRecordId;
}

export function createIngest(deps: {
  agencies: readonly Agency[];
  registry: SchemaRegistry;
  validation: EventValidation;
  bus: EventBus;
  metrics: HubMetrics;
  divisions: Divisions;
  now: () => Date;
}): Ingest {
  const { registry, bus, metrics } = deps;
  // Every series exists from the start at 0, so rate() and increase() see a bureau's first event.
  for (const agency of deps.agencies) {
    for (const type of deps.validation.typesPublishableBy(agency)) metrics.eventsAccepted.inc({ agency, type }, 0);
  }
  const reject = (agency: string, reason: string, count: number) => metrics.eventsRejected.inc({ agency, reason }, count);
  const countOf = (body: unknown) => {
    const events = (body as { events?: unknown })?.events;
    return Array.isArray(events) ? Math.max(events.length, 1) : 1;
  };

  return async (principal, pathAgency, body, options) => {
    const agency = authoriseAgency(principal, pathAgency, deps.agencies);
    const tokenId = principal.tokenId;
    const now = options?.now ?? deps.now();
    const forbidden = forbiddenTypes(agency, body);
    if (forbidden.length > 0) {
      reject(agency, 'forbidden_type', countOf(body));
      throw new ForbiddenError(forbidden.map((e) => e.message).join(' '), forbidden);
    }
    const validated = deps.validation.validateEvents(body, { now });
    if (!validated.ok) {
      reject(agency, 'invalid', countOf(body));
      throw new ValidationError(validated.errors);
    }
    const unknown = unknownDivisions(validated.events, deps.divisions);
    if (unknown.length > 0) {
      reject(agency, 'invalid', validated.events.length);
      throw new ValidationError(unknown);
    }
    const unauthorised = agreementAuthorityErrors(agency, validated.events, (type) => PUBLISHERS[type]);
    if (unauthorised.length > 0) {
      reject(agency, 'invalid', validated.events.length);
      throw new ValidationError(unauthorised);
    }
    const conflicts = typeConflictsWithinBatch(validated.events);
    if (conflicts.length > 0) {
      reject(agency, 'type_conflict', validated.events.length);
      throw new RecordTypeConflictError(conflicts);
    }

    const receivedAt = now.toISOString();
    const toOutgoing = (body: EventBody): OutgoingEvent => {
      const { type, ...fields } = body;
      const eventId = eventIdFor(agency, body.sourceRecordId, body.revision);
      const data = registry.encode(type, { eventId, agency, receivedAt, ...fields });
      return {
        eventId,
        type,
        data,
        key: partitionKey(body),
        metadata: {
          agency,
          tokenId,
          receivedAt,
          sourceRecordId: body.sourceRecordId,
          revision: body.revision,
          schemaFingerprint: registry.fingerprintOf(type),
        },
      };
    };
    const events = validated.events;
    const outgoing: OutgoingEvent[] = [];
    for (let start = 0; start < events.length; start += ENCODE_SLICE) {
      // A big batch gives the event loop back before each slice, so a small request that arrived
      // meanwhile (a form's single report) is handled now, not after the whole batch.
      if (events.length > ENCODE_SLICE) await yieldToEventLoop();
      const end = Math.min(events.length, start + ENCODE_SLICE);
      for (let i = start; i < end; i += 1) outgoing.push(toOutgoing(events[i]!));
    }
    try {
      await bus.publish(outgoing);
    } catch (err) {
      const reason = err instanceof HubError ? err.code : 'internal';
      reject(agency, reason, outgoing.length);
      throw err;
    }
    // One counter update per type of the request, not one per event.
    const perType = new Map<EventType, number>();
    for (const event of outgoing) perType.set(event.type, (perType.get(event.type) ?? 0) + 1);
    for (const [type, n] of perType) metrics.eventsAccepted.inc({ agency, type }, n);
    return {
      accepted: outgoing.length,
      events: outgoing.map((e) => ({ sourceRecordId: e.metadata.sourceRecordId, revision: e.metadata.revision, eventId: e.eventId })),
    };
  };
}
