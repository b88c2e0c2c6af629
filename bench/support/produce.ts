// Putting events on a bureau topic the way the gateways do: Avro single-object values encoded
// with the real registry, the gateway's headers (services/hub/kafkaMode.ts toBusMessage), keyed
// by community, through the hub's transactional, idempotent publisher (acks=all).
import type { Kafka } from 'kafkajs';
import type { Agency } from '../../services/kernel/agency';
import type { SchemaRegistry } from '../../services/kernel/avro/registry';
import type { OutgoingEvent } from '../../services/kernel/bus/eventBus';
import { KafkaEventPublisher } from '../../services/kernel/bus/kafkaBus';
import type { BusMessage } from '../../services/kernel/bus/kafkaMessages';
import { UnavailableError } from '../../services/kernel/errors';
import { eventIdFor } from '../../services/kernel/eventId';
import { silentLogger } from '../../services/kernel/logger';
import { toBusMessage } from '../../services/hub/kafkaMode';
import type { BenchBody } from './bodies';

/** The gateway's stamping of one validated body (services/gateway/ingest.ts). */
export function outgoingEvent(registry: SchemaRegistry, agency: Agency, body: BenchBody, receivedAt: string): OutgoingEvent {
  const { type, ...fields } = body;
  const eventId = eventIdFor(agency, body.sourceRecordId, body.revision);
  return {
    eventId,
    type,
    data: registry.encode(type, { eventId, agency, receivedAt, ...fields }),
    key: body.communityCode,
    metadata: {
      agency,
      tokenId: `${agency}-bench`,
      receivedAt,
      sourceRecordId: body.sourceRecordId,
      revision: body.revision,
      schemaFingerprint: registry.fingerprintOf(type),
    },
  };
}

/**
 * A failed publish wrote nothing (one transaction per batch): retried for up to a minute, as a
 * fresh broker's transaction coordinator may not be ready for the first one.
 */
async function publishRetrying(publisher: KafkaEventPublisher, messages: BusMessage[]): Promise<void> {
  const deadline = performance.now() + 60_000;
  for (;;) {
    try {
      return await publisher.publish(messages);
    } catch (err) {
      if (!(err instanceof UnavailableError) || performance.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/**
 * Publishes `total` events made by `make(i)` in calls of `perCall` (like gateway requests),
 * `concurrency` calls at a time (the publisher coalesces them into transactions).
 * Resolves with the elapsed milliseconds.
 */
export async function produceEvents(
  kafka: Kafka,
  total: number,
  make: (i: number) => OutgoingEvent,
  options: { perCall?: number; concurrency?: number } = {},
): Promise<number> {
  const perCall = options.perCall ?? 1000;
  const publisher = new KafkaEventPublisher({ kafka, logger: silentLogger, publishTimeoutMs: 120_000 });
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    for (;;) {
      const from = next;
      if (from >= total) return;
      next = Math.min(total, from + perCall);
      const events: OutgoingEvent[] = [];
      for (let i = from; i < next; i++) events.push(make(i));
      await publishRetrying(publisher, events.map(toBusMessage));
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
    return performance.now() - started;
  } finally {
    await publisher.close();
  }
}
