// Distributed mode's Kafka wiring: topics, the gateways' publisher, and the recorder's
// consumer group with its dead-letter topic and lag reporting.
import { setTimeout as delay } from 'node:timers/promises';
import type { SchemaRegistry } from '../kernel/avro/registry';
import type { EventBus, OutgoingEvent } from '../kernel/bus/eventBus';
import { createKafkaClient } from '../kernel/bus/kafkaClient';
import { KafkaEventPublisher } from '../kernel/bus/kafkaBus';
import type { MessageOutcome } from '../recorder/kafka/batchConsumer';
import { startConsumerLagReporter, type LagReporter } from '../recorder/kafka/consumerLag';
import { deadLetterMessage, type BusMessage, type ConsumedMessage } from '../kernel/bus/kafkaMessages';
import { TOPIC_PREFIX, agencyTopic, agencyTopics, deadletterTopic, ensureTopics, hubTopics } from '../kernel/bus/kafkaTopics';
import type { HubConfig } from '../kernel/config';
import type { HubMetrics } from '../kernel/http/metrics';
import type { Logger } from '../kernel/logger';
import type { EventValidation } from '../kernel/validation';
import type { Recorder } from '../recorder/recorder';
import { toRecordable } from './consumedEvent';
import { superviseConsumer, type SupervisedConsumer } from '../recorder/kafka/supervisedConsumer';
import { processTransactionalId } from './transactionalId';

/** The recorder's consumer group unless HUB_KAFKA_GROUP names another. */
export const RECORDER_GROUP = 'hub-recorder';
/**
 * The recorder's session timeout: how long a recorder killed without leaving its group holds
 * its partitions before a restarted one gets them (kafkajs' default is 30 s).
 */
export const RECORDER_SESSION_TIMEOUT_MS = 10_000;

export interface KafkaMode {
  /** Present when this process runs gateways. */
  bus?: EventBus;
  /** For /readyz: undefined when Kafka is usable for this process's services, else why not. */
  ready(): Promise<string | undefined>;
  close(): Promise<void>;
}

/**
 * How the recorder reads its topics. Batches of several partitions are recorded at once: the
 * recorder is safe under concurrency (revision checks in the store, re-decided on a conflict), and
 * the embedded store commits concurrent batches in one transaction and one fsync. Fetches are
 * sized for ~300-byte events: 4 MiB per partition is ~13,000 events. Chunks of 2000 messages
 * keep one append's transaction moderate while amortising its commit.
 */
export const RECORDER_FETCH = {
  partitionsConsumedConcurrently: 4,
  maxBytesPerPartition: 4 * 1024 * 1024,
  maxBytes: 32 * 1024 * 1024,
  maxChunkSize: 2000,
} as const;

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

/** The recorder's handling of one chunk of a bureau topic: one outcome per message. */
export function recordMessages(
  deps: { recorder: Recorder; registry: SchemaRegistry; validation: EventValidation; topicPrefix: string },
  messages: ConsumedMessage[],
): Promise<MessageOutcome[]> {
  const decided = messages.map((m) => toRecordable(m, { registry: deps.registry, validation: deps.validation, topicPrefix: deps.topicPrefix }));
  const recordable = decided.flatMap((d) => (d.ok ? [d.event] : []));
  const recording = recordable.length > 0 ? deps.recorder.record(recordable, { conflicts: 'skip' }) : Promise.resolve([]);
  return recording.then((outcomes) => {
    let next = 0;
    return decided.map((d): MessageOutcome => {
      if (!d.ok) return { status: 'deadletter', reason: d.reason, detail: d.detail };
      const outcome = outcomes[next++];
      return outcome === 'conflict'
        ? { status: 'deadletter', reason: 'type_conflict', detail: `record ${d.event.metadata.sourceRecordId} exists with another type` }
        : { status: 'done' };
    });
  });
}

export async function startKafkaMode(deps: {
  config: Pick<
    HubConfig,
    'KAFKA_PARTITIONS' | 'KAFKA_REPLICATION_FACTOR' | 'KAFKA_MIN_INSYNC_REPLICAS' | 'HUB_KAFKA_TOPIC_PREFIX' | 'HUB_KAFKA_GROUP' | 'HUB_KAFKA_TRANSACTIONAL_ID' | 'HUB_SERVICES' | 'PORT'
  >;
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
    await ensureTopics(admin, hubTopics(prefix), deps.config.KAFKA_PARTITIONS, {
      replicationFactor: deps.config.KAFKA_REPLICATION_FACTOR,
      minInsyncReplicas: deps.config.KAFKA_MIN_INSYNC_REPLICAS,
    });
  } finally {
    await admin.disconnect();
  }

  // The publisher serves the gateways and the recorder's dead letters alike. Its producer is
  // connected now (for a transactional producer: the transaction coordinator found, which takes
  // a while on a broker that just started), not on the first request; until then /readyz says so.
  const transactionalId = processTransactionalId(deps.config);
  logger.info('kafka producer', { transactionalId });
  const publisher = new KafkaEventPublisher({ kafka, logger, transactionalId, maxBatchMessages: PUBLISH_LIMITS.maxBatchMessages });
  // Small requests (a form's single report) have a transactional producer of their own, so they
  // never wait behind the transactions of big batches; its id is derived from the process's, so
  // it is as stable across restarts and as unique between processes.
  const smallPublisher = deps.publishes
    ? new KafkaEventPublisher({ kafka, logger, transactionalId: `${transactionalId}-small` })
    : undefined;
  // Batches are spread over BATCH_PRODUCERS transactional producers (ids derived from the
  // process's, as stable and as unique), each taking the next request when it has the least in hand.
  const batchPublishers = deps.publishes
    ? [
        publisher,
        ...Array.from(
          { length: BATCH_PRODUCERS - 1 },
          (_, i) => new KafkaEventPublisher({ kafka, logger, transactionalId: `${transactionalId}-batch${i + 2}`, maxBatchMessages: PUBLISH_LIMITS.maxBatchMessages }),
        ),
      ]
    : [publisher];
  const leastBusy = () => batchPublishers.reduce((best, p) => (p.backlog() < best.backlog() ? p : best));
  const warm = batchPublishers.map((p) => warmUp(p, logger));
  // A request of one event needs no transaction to be all or nothing: an idempotent producer
  // (acks=all) writes its one message once, in one round trip instead of a transaction's four.
  const singlePublisher = deps.publishes ? new KafkaEventPublisher({ kafka, logger, transactional: false }) : undefined;
  const warmSmall = smallPublisher ? warmUp(smallPublisher, logger) : undefined;
  const warmSingle = singlePublisher ? warmUp(singlePublisher, logger) : undefined;
  let consumer: SupervisedConsumer | undefined;
  let lag: LagReporter | undefined;
  let unregisterLag: (() => void) | undefined;

  if (deps.recorder) {
    const recorder = deps.recorder;
    consumer = superviseConsumer({
      kafka,
      groupId,
      topics: agencyTopics(prefix),
      logger,
      sessionTimeoutMs: RECORDER_SESSION_TIMEOUT_MS,
      ...RECORDER_FETCH,
      handleBatch: (messages) => recordMessages({ recorder, registry: deps.registry, validation: deps.validation, topicPrefix: prefix }, messages),
      deadLetter: async (items) => {
        await publisher.publish(items.map((i) => deadLetterMessage(i.message, i.reason, i.detail, deadletter)));
        for (const i of items) {
          deps.metrics.eventsDeadlettered.inc({ reason: i.reason });
          logger.warn('message dead-lettered', { reason: i.reason, detail: i.detail, topic: i.message.topic, partition: i.message.partition, offset: i.message.offset });
        }
      },
      onError: (error, context) => logger.warn('recorder consumer retrying', { err: error as Error, ...context }),
    });
    // Measured when Prometheus scrapes (not on a timer), so the first scrape after a start has values.
    const reporter = startConsumerLagReporter({ kafka, groups: [{ groupId, topics: agencyTopics(prefix) }], gauge: deps.metrics.kafkaConsumerLag, logger, intervalMs: 0 });
    lag = reporter;
    unregisterLag = deps.metrics.measureConsumerLagOnScrape(() => reporter.onScrape());
  }

  return {
    bus: deps.publishes
      ? {
          publish: (events) =>
            (events.length === 1 && singlePublisher ? singlePublisher : events.length <= PUBLISH_LIMITS.smallRequestEvents && smallPublisher ? smallPublisher : leastBusy()).publish(
              events.map((e) => toBusMessageOn(e, prefix)),
            ),
          ping: () => publisher.ping(),
          close: async () => {},
        }
      : undefined,
    async ready() {
      await publisher.ping();
      return warm.map((w) => w.notReadyReason()).find((reason) => reason !== undefined) ?? warmSmall?.notReadyReason() ?? warmSingle?.notReadyReason() ?? consumer?.notReadyReason();
    },
    close: async () => {
      for (const w of warm) w.stop();
      warmSmall?.stop();
      warmSingle?.stop();
      await consumer?.stop();
      unregisterLag?.();
      await lag?.stop();
      await smallPublisher?.close();
      await singlePublisher?.close();
      await Promise.all(batchPublishers.map((p) => p.close()));
    },
  };
}

/**
 * Transactional producers for the gateways' batches. kafkajs allows one request in flight per
 * idempotent producer, so a producer runs one transaction at a time; with several, transactions
 * overlap. bench:kafka-ingest on 2 cores: bare kafkajs producers took 17.8k events/s alone, 28.4k
 * four at once.
 */
export const BATCH_PRODUCERS = 4;

/** Most events of one group commit when only the recorder writes the embedded store (the pre-cap default). */
export const RECORDER_GROUP_EVENTS = 20_000;

/**
 * How the gateways' requests are put in Kafka transactions. A batch transaction of 1000-event
 * requests takes tens of ms; coalescing up to 2000 messages keeps the round trips shared while a
 * request arriving behind it waits for one such transaction, not for 20,000 messages' worth.
 * Requests of 2 to `smallRequestEvents` events go through a transactional producer of their own;
 * a request of one event through an idempotent producer without transactions.
 */
export const PUBLISH_LIMITS = { maxBatchMessages: 2000, smallRequestEvents: 50 } as const;

/** Connects the publisher's producer in the background, trying again until it works. */
function warmUp(publisher: KafkaEventPublisher, logger: Logger): { notReadyReason(): string | undefined; stop(): void } {
  let reason: string | undefined = 'the Kafka producer is connecting';
  const stopped = new AbortController();
  void (async () => {
    for (let attempt = 0; !stopped.signal.aborted; attempt++) {
      try {
        await publisher.connect();
        reason = undefined;
        return;
      } catch (error) {
        reason = `the Kafka producer is not connected yet: ${(error as Error).message}`;
        logger.warn('kafka producer not ready; trying again', { err: error as Error, attempt });
        await delay(Math.min(500 * 2 ** attempt, 5000), undefined, { signal: stopped.signal }).catch(() => {});
      }
    }
  })();
  return { notReadyReason: () => reason, stop: () => stopped.abort() };
}
