// The recorder's consumer is kept alive for the life of the process: a start that fails is
// tried again, and a consumer kafkajs gives up on (a crash it does not restart) is replaced.
// Real broker and real consumers; only the two failures are injected at the start seam.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaEventPublisher } from '../../services/kernel/bus/kafkaBus';
import { runBatchConsumer, type BatchConsumerOptions } from '../../services/recorder/kafka/batchConsumer';
import { ensureTopics } from '../../services/kernel/bus/kafkaTopics';
import { UnavailableError } from '../../services/kernel/errors';
import { silentLogger } from '../../services/kernel/logger';
import { superviseConsumer } from '../../services/recorder/kafka/supervisedConsumer';
import { testKafka, uniqueName } from '../kafka/support';
import { waitUntil } from './support';

const kafka = testKafka();
const publisher = new KafkaEventPublisher({ kafka, logger: silentLogger });
const admin = kafka.admin();

beforeAll(async () => {
  await admin.connect();
});

afterAll(async () => {
  await publisher.close();
  await admin.disconnect();
});

describe('the supervised recorder consumer', () => {
  it('tries a failed start again, replaces a consumer kafkajs gave up on, and is ready only while a group member', async () => {
    const topic = uniqueName('supervised');
    await ensureTopics(admin, [topic], 2);
    const handled = new Set<string>();
    const starts: string[] = [];
    const reasons: Array<string | undefined> = [];
    const supervised = superviseConsumer(
      {
        kafka,
        groupId: uniqueName('group'),
        topics: [topic],
        logger: silentLogger,
        maxWaitTimeMs: 250,
        handleBatch: async (messages) => {
          for (const m of messages) handled.add(m.value!.toString());
          return messages.map(() => ({ status: 'done' as const }));
        },
        deadLetter: async () => {},
      },
      {
        retryMs: { initial: 50, max: 200 },
        start: async (options: BatchConsumerOptions) => {
          starts.push(`start ${starts.length + 1}`);
          if (starts.length === 1) throw new UnavailableError('no broker yet');
          const running = await runBatchConsumer(options);
          if (starts.length === 2) {
            // What kafkajs reports when it will not restart a crashed consumer.
            void running.joined.then(() => {
              reasons.push(supervised.notReadyReason());
              options.onError?.(new Error('non-retriable failure'), { kind: 'crash', restart: false });
              reasons.push(supervised.notReadyReason());
            });
          }
          return running;
        },
      },
    );
    try {
      await waitUntil('replaced after giving up', async () => starts.length, (n) => n === 3, { timeoutMs: 60_000, intervalMs: 50 });
      const sent = Array.from({ length: 30 }, (_, i) => `m${i}`);
      await publisher.publish(sent.map((v, i) => ({ topic, key: `k${i % 5}`, value: Buffer.from(v), headers: {} })));
      await waitUntil('every message handled by the replacement', async () => handled.size, (n) => n === sent.length, { timeoutMs: 60_000, intervalMs: 100 });
      await waitUntil('ready again', async () => supervised.notReadyReason(), (r) => r === undefined, { timeoutMs: 30_000, intervalMs: 50 });
      expect(reasons[0]).toBeUndefined();
      expect(reasons[1]).toMatch(/crashed \(non-retriable failure\); starting a new one/);
    } finally {
      await supervised.stop();
    }
    expect(starts).toEqual(['start 1', 'start 2', 'start 3']);
  });
});
