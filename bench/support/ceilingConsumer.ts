// The Kafka consumption ceiling: a plain kafkajs consumer in a fresh group reading a topic with
// eachBatch and doing nothing but resolveOffset (same fetch settings as the recorder's
// consumer: read-committed, 1 s max wait, the recorder's fetch sizes and partition concurrency).
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { RECORDER_FETCH } from '../../services/hub/kafkaMode';

export interface ConsumeResult {
  messages: number;
  /** From connect until the last expected message was handled (join included). */
  ms: number;
  /** From connect until the first message arrived. */
  firstMessageMs: number;
}

/** Consumes `topic` until `expected` messages at or after `startOffsets` (per partition) arrived. */
export async function consumeAll(kafka: Kafka, topic: string, expected: number, startOffsets: Map<number, number>): Promise<ConsumeResult> {
  const consumer = kafka.consumer({
    groupId: `bench-ceiling-${randomUUID().slice(0, 8)}`,
    readUncommitted: false,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 1000,
    maxBytesPerPartition: RECORDER_FETCH.maxBytesPerPartition,
    maxBytes: RECORDER_FETCH.maxBytes,
    sessionTimeout: 30_000,
    heartbeatInterval: 3000,
  });
  let count = 0;
  let firstAt = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const started = performance.now();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: RECORDER_FETCH.partitionsConsumedConcurrently,
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        const from = startOffsets.get(batch.partition) ?? 0;
        if (firstAt === 0) firstAt = performance.now();
        for (const message of batch.messages) {
          if (Number(message.offset) >= from) count++;
          resolveOffset(message.offset);
        }
        await heartbeat();
        if (count >= expected) finish();
      },
    });
    // A topic with older messages (a broker given by KAFKA_BROKERS): start at this run's.
    for (const [partition, offset] of startOffsets) if (offset > 0) consumer.seek({ topic, partition, offset: String(offset) });
    await finished;
    return { messages: count, ms: performance.now() - started, firstMessageMs: firstAt - started };
  } finally {
    await consumer.disconnect();
  }
}
