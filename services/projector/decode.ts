// Turns a page of stored events into read-model rows. A stored event that cannot be used is
// returned as skipped with the reason, never thrown: one bad event must not stop the projection.
import { isAgency } from '../kernel/agency';
import type { SchemaRegistry } from '../kernel/avro/registry';
import { PoisonEventError } from '../kernel/errors';
import type { EventBody } from '../kernel/events.generated';
import type { StoredEvent } from '../kernel/store/eventStore';
import type { ProjectedEvent } from './domain/types';
import type { SkippedEvent } from './readModel';

export interface DecodedPage {
  events: ProjectedEvent[];
  skipped: SkippedEvent[];
}

export function decodePage(stored: readonly StoredEvent[], registry: Pick<SchemaRegistry, 'decode'>, now: () => Date): DecodedPage {
  const page: DecodedPage = { events: [], skipped: [] };
  for (const event of stored) {
    const result = decodeStored(event, registry);
    if ('reason' in result) {
      page.skipped.push({
        position: event.position,
        eventId: event.eventId,
        type: event.type,
        reason: result.reason,
        detail: result.detail,
        skippedAt: now().toISOString(),
      });
    } else {
      page.events.push(result);
    }
  }
  return page;
}

type Outcome = ProjectedEvent | { reason: string; detail: string };

/** Fields the hub assigns or the body carries up front: not copied among the body's other fields. */
const HUB_FIELDS: ReadonlySet<string> = new Set(['eventId', 'agency', 'receivedAt', 'sourceRecordId', 'revision']);

function decodeStored(stored: StoredEvent, registry: Pick<SchemaRegistry, 'decode'>): Outcome {
  let decoded;
  try {
    decoded = registry.decode(stored.data);
  } catch (err) {
    if (err instanceof PoisonEventError) return { reason: err.reason, detail: err.message };
    return { reason: 'undecodable', detail: (err as Error).message };
  }
  const fields = decoded.event;
  const { eventId, agency, receivedAt, sourceRecordId, revision } = fields;
  // The bytes and the store's own columns must tell the same story; if not, trust neither.
  if (decoded.type !== stored.type) {
    return { reason: 'type_mismatch', detail: `The store says ${stored.type}, the bytes are a ${decoded.type}.` };
  }
  if (eventId !== stored.eventId) {
    return { reason: 'event_id_mismatch', detail: 'The event id inside the bytes differs from the stored event id.' };
  }
  if (typeof agency !== 'string' || !isAgency(agency) || agency !== stored.metadata.agency) {
    return { reason: 'agency_mismatch', detail: 'The agency inside the bytes is unknown or differs from the metadata.' };
  }
  if (typeof receivedAt !== 'string' || Number.isNaN(Date.parse(receivedAt))) {
    return { reason: 'invalid_received_at', detail: 'receivedAt is not an ISO 8601 instant.' };
  }
  if (typeof sourceRecordId !== 'string' || typeof revision !== 'number') {
    return { reason: 'undecodable', detail: 'sourceRecordId or revision is missing.' };
  }
  // { type, sourceRecordId, revision, ...the other fields }, copied once (rest and spread copy twice).
  const body: Record<string, unknown> = { type: decoded.type, sourceRecordId, revision };
  for (const name of Object.keys(fields)) if (!HUB_FIELDS.has(name)) body[name] = fields[name];
  return { position: stored.position, eventId, agency, receivedAt, recordedAt: stored.recordedAt, body: body as unknown as EventBody };
}

