// Shared by the Kafka tests: the broker of the global setup, clients, unique names, waiting.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { Kafka } from 'kafkajs';
import { createKafkaClient, parseBrokers } from '../../services/kernel/bus/kafkaClient';
import { fromKafkaMessage, type ConsumedMessage } from '../../services/kernel/bus/kafkaMessages';
import { silentLogger } from '../../services/kernel/logger';

/** The broker started by test/setup/kafka-global-setup.ts (or given by KAFKA_BROKERS). */
export function testBrokers(): string[] {
  const brokers = inject('kafkaBrokers') ?? process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('No Kafka broker: test/setup/kafka-global-setup.ts must be a vitest globalSetup');
  return parseBrokers(brokers);
}

export function testKafka(brokers = testBrokers()): Kafka {
  return createKafkaClient({ brokers, clientId: uniqueName('test'), logger: silentLogger });
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/**
 * Reads `topics` from the beginning with a fresh group until `count` messages (those that
 * `keep` accepts) arrived, then disconnects; resolves with them in arrival order (per
 * partition: offset order).
 */
export async function readMessages(
  kafka: Kafka,
  topics: string[],
  count: number,
  keep: (m: ConsumedMessage) => boolean = () => true,
): Promise<ConsumedMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 250 });
  const received: ConsumedMessage[] = [];
  let done!: () => void;
  const enough = new Promise<void>((resolve) => (done = resolve));
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const consumed = fromKafkaMessage(topic, partition, message);
      if (keep(consumed)) received.push(consumed);
      if (received.length >= count) done();
    },
  });
  try {
    await enough;
  } finally {
    await consumer.disconnect();
  }
  return received;
}

/** End offset per partition of `topic` (transaction markers take offsets too). */
export async function endOffsets(kafka: Kafka, topic: string): Promise<Map<number, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
  } finally {
    await admin.disconnect();
  }
}
