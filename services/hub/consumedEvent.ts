// Turns a message consumed from a bureau topic into an event the recorder can append, or
// says why it must be dead-lettered. The topic is the bureau's credential on the bus: the
// Avro payload's agency must match it, and the type must be one that bureau may publish.
import type { SchemaRegistry } from '../kernel/avro/registry';
import { TOPIC_PREFIX, agencyOfTopic } from '../kernel/bus/kafkaTopics';
import type { ConsumedMessage } from '../kernel/bus/kafkaMessages';
import { PoisonEventError } from '../kernel/errors';
import { eventIdFor } from '../kernel/eventId';
import type { EventBody } from '../kernel/events.generated';
import type { NewEvent } from '../kernel/store/eventStore';
import type { EventValidation } from '../kernel/validation';

export type Recordable = { ok: true; event: NewEvent } | { ok: false; reason: string; detail: string };

const HUB_FIELDS = new Set(['eventId', 'agency', 'receivedAt']);

export function toRecordable(
  message: ConsumedMessage,
  deps: { registry: SchemaRegistry; validation: EventValidation; topicPrefix?: string },
): Recordable {
  const topicAgency = agencyOfTopic(message.topic, deps.topicPrefix ?? TOPIC_PREFIX);
  if (!topicAgency) return { ok: false, reason: 'unknown_topic', detail: `not a bureau topic: ${message.topic}` };
  if (!message.value || message.value.length === 0) return { ok: false, reason: 'empty', detail: 'message has no value' };
  let decoded;
  try {
    decoded = deps.registry.decode(message.value);
  } catch (err) {
    const reason = err instanceof PoisonEventError ? err.reason : 'undecodable';
    return { ok: false, reason, detail: (err as Error).message };
  }
  const { type, event } = decoded;
  const agency = event.agency as string;
  if (agency !== topicAgency) return { ok: false, reason: 'agency_mismatch', detail: `payload agency ${agency} on topic ${message.topic}` };
  if (!deps.validation.publishersOf(type).includes(topicAgency)) {
    return { ok: false, reason: 'forbidden_type', detail: `${topicAgency} may not publish ${type}` };
  }
  const receivedAt = String(event.receivedAt);
  const received = Date.parse(receivedAt);
  if (Number.isNaN(received)) return { ok: false, reason: 'invalid', detail: 'receivedAt is not a time' };
  const body: Record<string, unknown> = { type };
  for (const [k, v] of Object.entries(event)) if (!HUB_FIELDS.has(k)) body[k] = v;
  const validated = deps.validation.validateEvents(body, { now: new Date(received) });
  if (!validated.ok) {
    return { ok: false, reason: 'invalid', detail: validated.errors.map((e) => `${e.path}: ${e.message}`).join('; ') };
  }
  const valid = validated.events[0] as EventBody;
  const eventId = eventIdFor(topicAgency, valid.sourceRecordId, valid.revision);
  if (event.eventId !== eventId) return { ok: false, reason: 'bad_event_id', detail: `eventId must be ${eventId}` };
  return {
    ok: true,
    event: {
      eventId,
      type,
      data: message.value,
      metadata: {
        agency: topicAgency,
        tokenId: message.headers.tokenId ?? 'kafka',
        receivedAt,
        sourceRecordId: valid.sourceRecordId,
        revision: valid.revision,
        schemaFingerprint: decoded.fingerprint,
      },
    },
  };
}
