// What kafkajs and the broker alone can take of the gateways' traffic on this machine: the same
// events, encoded and turned into messages before timing (as the gateways would: Avro values,
// the gateway's headers, keyed by community), sent by bare kafkajs transactional, idempotent
// producers (acks=all, one request in flight each, as kafkajs requires of an idempotent
// producer), one transaction per request-sized batch. `producers` of them send at once, each
// connected and warmed up before timing. No HTTP, no validation, no queueing: the platform's
// own rate for this traffic, which no Kafka-mode gateway on the same machine can pass.
import { randomUUID } from 'node:crypto';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { Agency } from '../../services/kernel/agency';
import type { SchemaRegistry } from '../../services/kernel/avro/registry';
import { toKafkaMessage, topicOf, type BusMessage } from '../../services/kernel/bus/kafkaMessages';
import { toBusMessage } from '../../services/hub/kafkaMode';
import type { BenchBody } from './bodies';
import type { PreparedRequest } from './http';
import { outgoingEvent } from './produce';

/** The requests' events as the gateways would publish them: one message list per request. */
export function busMessagesOf(registry: SchemaRegistry, requests: readonly PreparedRequest[]): BusMessage[][] {
  const receivedAt = new Date().toISOString();
  return requests.map((request) => {
    const agency = request.path.split('/')[2] as Agency;
    const { events } = JSON.parse(request.body.toString('utf8')) as { events: BenchBody[] };
    return events.map((body) => toBusMessage(outgoingEvent(registry, agency, body, receivedAt)));
  });
}

async function sendInTransactions(producer: Producer, batches: readonly BusMessage[][]): Promise<void> {
  for (const batch of batches) {
    const byTopic = new Map<string, ReturnType<typeof toKafkaMessage>[]>();
    for (const message of batch) {
      const topic = topicOf(message);
      const list = byTopic.get(topic) ?? [];
      list.push(toKafkaMessage(message));
      byTopic.set(topic, list);
    }
    const transaction = await producer.transaction();
    try {
      await transaction.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })), acks: -1 });
      await transaction.commit();
    } catch (err) {
      await transaction.abort().catch(() => {});
      throw err;
    }
  }
}

/**
 * Each producer first sends one warm-up batch (untimed); then the timed batches are dealt out
 * round robin and sent at once. Resolves with the ms the timed batches took.
 */
export async function produceRaw(kafka: Kafka, warmup: readonly BusMessage[][], timed: readonly BusMessage[][], producers: number): Promise<number> {
  const started: Producer[] = [];
  try {
    for (let i = 0; i < producers; i++) {
      const producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
        transactionalId: `bench-raw-${randomUUID()}`,
      });
      await producer.connect();
      started.push(producer);
    }
    await Promise.all(started.map((producer, i) => sendInTransactions(producer, warmup.filter((_, j) => j % producers === i))));
    const t0 = performance.now();
    await Promise.all(started.map((producer, i) => sendInTransactions(producer, timed.filter((_, j) => j % producers === i))));
    return performance.now() - t0;
  } finally {
    await Promise.all(started.map((producer) => producer.disconnect()));
  }
}
