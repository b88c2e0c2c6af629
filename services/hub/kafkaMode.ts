// Distributed mode's Kafka wiring: topics, the gateways' publisher, and the recorder's
// consumer group with its dead-letter topic and lag reporting.
import type { SchemaRegistry } from '../kernel/avro/registry';
import type { EventBus, OutgoingEvent } from '../kernel/bus/eventBus';
import { createKafkaClient } from '../kernel/bus/kafkaClient';
import { KafkaEventPublisher } from '../kernel/bus/kafkaBus';
import { runBatchConsumer, type RunningBatchConsumer } from '../kernel/bus/kafkaConsumer';
import { startConsumerLagReporter, type LagReporter } from '../kernel/bus/kafkaLag';
import { deadLetterMessage, type BusMessage } from '../kernel/bus/kafkaMessages';
import { TOPIC_PREFIX, agencyTopic, agencyTopics, deadletterTopic, ensureTopics, hubTopics } from '../kernel/bus/kafkaTopics';
import type { HubConfig } from '../kernel/config';
import type { HubMetrics } from '../kernel/http/metrics';
import type { Logger } from '../kernel/logger';
import type { EventValidation } from '../kernel/validation';
import type { Recorder } from '../recorder/recorder';
import { toRecordable } from './consumedEvent';

/** The recorder's consumer group unless HUB_KAFKA_GROUP names another. */
export const RECORDER_GROUP = 'hub-recorder';

export interface KafkaMode {
  /** Present when this process runs gateways. */
  bus?: EventBus;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The gateway's event as a message on its bureau's topic of the default prefix. */
export function toBusMessage(event: OutgoingEvent): BusMessage {
  return toBusMessageOn(event, TOPIC_PREFIX);
}

/** The gateway's event as a message on its bureau's topic, `<topicPrefix><agency>`. */
export function toBusMessageOn(event: OutgoingEvent, topicPrefix: string): BusMessage {
  return {
    topic: agencyTopic(event.metadata.agency, topicPrefix),
    key: event.key,
    value: Buffer.from(event.data),
    headers: {
      type: event.type,
      fingerprint: event.metadata.schemaFingerprint,
      agency: event.metadata.agency,
      eventId: event.eventId,
      tokenId: event.metadata.tokenId,
      receivedAt: event.metadata.receivedAt,
    },
  };
}

export async function startKafkaMode(deps: {
  config: Pick<HubConfig, 'KAFKA_PARTITIONS' | 'HUB_KAFKA_TOPIC_PREFIX' | 'HUB_KAFKA_GROUP'>;
  brokers: string[];
  registry: SchemaRegistry;
  validation: EventValidation;
  metrics: HubMetrics;
  logger: Logger;
  recorder?: Recorder;
  publishes: boolean;
}): Promise<KafkaMode> {
  const logger = deps.logger.child({ component: 'kafka' });
  const prefix = deps.config.HUB_KAFKA_TOPIC_PREFIX;
  const groupId = deps.config.HUB_KAFKA_GROUP;
  const deadletter = deadletterTopic(prefix);
  const kafka = createKafkaClient({ brokers: deps.brokers, clientId: `hub-${process.pid}`, logger });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, hubTopics(prefix), deps.config.KAFKA_PARTITIONS);
  } finally {
    await admin.disconnect();
  }

  // The publisher serves the gateways and the recorder's dead letters alike.
  const publisher = new KafkaEventPublisher({ kafka, logger });
  let consumer: RunningBatchConsumer | undefined;
  let lag: LagReporter | undefined;

  if (deps.recorder) {
    const recorder = deps.recorder;
    consumer = await runBatchConsumer({
      kafka,
      groupId,
      topics: agencyTopics(prefix),
      logger,
      handleBatch: async (messages) => {
        const decided = messages.map((m) => toRecordable(m, { registry: deps.registry, validation: deps.validation, topicPrefix: prefix }));
        const recordable = decided.flatMap((d) => (d.ok ? [d.event] : []));
        const outcomes = recordable.length > 0 ? await recorder.record(recordable, { conflicts: 'skip' }) : [];
        let next = 0;
        return decided.map((d) => {
          if (!d.ok) return { status: 'deadletter' as const, reason: d.reason, detail: d.detail };
          const outcome = outcomes[next++];
          return outcome === 'conflict'
            ? { status: 'deadletter' as const, reason: 'type_conflict', detail: `record ${d.event.metadata.sourceRecordId} exists with another type` }
            : { status: 'done' as const };
        });
      },
      deadLetter: async (items) => {
        await publisher.publish(items.map((i) => deadLetterMessage(i.message, i.reason, i.detail, deadletter)));
        for (const i of items) {
          deps.metrics.eventsDeadlettered.inc({ reason: i.reason });
          logger.warn('message dead-lettered', { reason: i.reason, detail: i.detail, topic: i.message.topic, partition: i.message.partition, offset: i.message.offset });
        }
      },
      onError: (error, context) => logger.warn('recorder consumer retrying', { err: error as Error, ...context }),
    });
    lag = startConsumerLagReporter({ kafka, groups: [{ groupId, topics: agencyTopics(prefix) }], gauge: deps.metrics.kafkaConsumerLag, logger });
  }

  return {
    bus: deps.publishes
      ? {
          publish: (events) => publisher.publish(events.map((e) => toBusMessageOn(e, prefix))),
          ping: () => publisher.ping(),
          close: async () => {},
        }
      : undefined,
    ping: () => publisher.ping(),
    close: async () => {
      await consumer?.stop();
      await lag?.stop();
      await publisher.close();
    },
  };
}
