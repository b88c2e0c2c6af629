import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka } from 'kafkajs';
import { Gauge, Registry } from 'prom-client';
import { UnavailableError } from '../../services/kernel/errors';
import { silentLogger } from '../../services/kernel/logger';
import { createMetrics } from '../../services/kernel/http/metrics';
import { KafkaEventPublisher } from '../../services/kernel/bus/kafkaBus';
import { runBatchConsumer, type DeadLetterItem, type MessageOutcome, type RunningBatchConsumer } from '../../services/recorder/kafka/batchConsumer';
import { measureConsumerLag, startConsumerLagReporter } from '../../services/recorder/kafka/consumerLag';
import { deadLetterMessage, type BusMessage, type ConsumedMessage } from '../../services/kernel/bus/kafkaMessages';
import { ensureTopics } from '../../services/kernel/bus/kafkaTopics';
import { readMessages, testKafka, uniqueName } from './support';

const message = (topic: string, key: string, eventId: string, extra: Record<string, string> = {}): BusMessage => ({
  topic,
  key,
  value: Buffer.from(eventId),
  headers: { type: 'InjuryCaseReported', fingerprint: '00', agency: 'health', eventId, tokenId: 't', receivedAt: '2026-01-01T00:00:00.000Z', ...extra },
});

/** A promise with its resolve function, to wait on a condition signalled from a handler. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('runBatchConsumer', () => {
  let kafka: Kafka;
  let admin: Admin;
  let publisher: KafkaEventPublisher;
  const consumers: RunningBatchConsumer[] = [];
  const consume = async (options: Omit<Parameters<typeof runBatchConsumer>[0], 'kafka' | 'logger'>) => {
    const c = await runBatchConsumer({ kafka, logger: silentLogger, retryBackoffMs: { initial: 50, max: 200 }, ...options });
    consumers.push(c);
    return c;
  };

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    publisher = new KafkaEventPublisher({ kafka, logger: silentLogger });
  });
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await publisher.close();
    await admin.disconnect();
  });

  it('commits only after the handler succeeded: a transient failure redelivers the messages, and nothing is lost', async () => {
    const topic = uniqueName('cons-retry');
    const groupId = uniqueName('group');
    await ensureTopics(admin, [topic], 2);
    const sent = Array.from({ length: 20 }, (_, i) => message(topic, `61090200${i % 4}`, `e${i}`));
    await publisher.publish(sent);

    const recorded = new Set<string>();
    const all = signal();
    let failures = 0;
    let committedWhileFailing: string[] = [];
    const c = await consume({
      groupId,
      topics: [topic],
      deadLetter: async () => {},
      handleBatch: async (messages) => {
        if (failures < 3) {
          failures++;
          const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
          committedWhileFailing = offsets.flatMap((t) => t.partitions.map((p) => p.offset));
          throw new UnavailableError('store down');
        }
        for (const m of messages) recorded.add(m.headers.eventId!);
        if (recorded.size === sent.length) all.resolve();
        return messages.map((): MessageOutcome => ({ status: 'done' }));
      },
    });
    await all.promise;
    await c.stop();

    expect(failures).toBe(3);
    expect(committedWhileFailing.every((o) => o === '-1')).toBe(true);
    expect([...recorded].sort()).toEqual(sent.map((m) => m.headers.eventId).sort());
    const lag = await measureConsumerLag(admin, groupId, [topic]);
    expect(lag.map((l) => l.lag)).toEqual([0, 0]);
  });

  it('resumes a group after its last committed message', async () => {
    const topic = uniqueName('cons-resume');
    const groupId = uniqueName('group');
    await ensureTopics(admin, [topic], 1);
    const run = async (expected: number) => {
      const seen: string[] = [];
      const done = signal();
      const c = await consume({
        groupId,
        topics: [topic],
        deadLetter: async () => {},
        handleBatch: async (messages) => {
          seen.push(...messages.map((m) => m.headers.eventId!));
          if (seen.length >= expected) done.resolve();
          return messages.map((): MessageOutcome => ({ status: 'done' }));
        },
      });
      await done.promise;
      await c.stop();
      return seen;
    };

    await publisher.publish([message(topic, 'k', 'a1'), message(topic, 'k', 'a2')]);
    expect(await run(2)).toEqual(['a1', 'a2']);
    await publisher.publish([message(topic, 'k', 'b1')]);
    expect(await run(1)).toEqual(['b1']);
  });

  it('dead-letters poison messages and messages whose handler throws, and records the rest', async () => {
    const topic = uniqueName('cons-poison');
    const dlq = uniqueName('cons-dlq');
    await ensureTopics(admin, [topic, dlq], 1);
    await publisher.publish([
      message(topic, 'k', 'good-1'),
      message(topic, 'k', 'poison', { bad: 'yes' }),
      message(topic, 'k', 'crash'),
      message(topic, 'k', 'good-2'),
    ]);

    const recorded: string[] = [];
    const deadLettered: DeadLetterItem[] = [];
    const done = signal();
    await consume({
      groupId: uniqueName('group'),
      topics: [topic],
      deadLetter: async (items) => {
        await publisher.publish(items.map((i) => deadLetterMessage(i.message, i.reason, i.detail, dlq)));
        deadLettered.push(...items);
      },
      handleBatch: async (messages: ConsumedMessage[]) => {
        if (messages.some((m) => m.headers.eventId === 'crash')) throw new TypeError('cannot read the event');
        const outcomes = messages.map((m): MessageOutcome =>
          m.headers.bad ? { status: 'deadletter', reason: 'decode_failed', detail: 'not Avro' } : { status: 'done' },
        );
        messages.forEach((m, i) => outcomes[i]!.status === 'done' && recorded.push(m.headers.eventId!));
        if (recorded.includes('good-2')) done.resolve();
        return outcomes;
      },
    });
    await done.promise;

    expect(recorded).toEqual(['good-1', 'good-2']);
    expect(deadLettered.map((d) => [d.message.headers.eventId, d.reason])).toEqual([
      ['poison', 'decode_failed'],
      ['crash', 'handler_error'],
    ]);
    const onDlq = await readMessages(kafka, [dlq], 2);
    expect(onDlq.map((m) => m.headers.eventId)).toEqual(['poison', 'crash']);
    expect(onDlq[1]?.headers).toMatchObject({
      deadletterReason: 'handler_error',
      deadletterDetail: 'cannot read the event',
      sourceTopic: topic,
      sourcePartition: '0',
      agency: 'health',
    });
  });

  it('reports the lag of each group, topic and partition on the gauge', async () => {
    const topic = uniqueName('cons-lag');
    const groupId = uniqueName('group');
    await ensureTopics(admin, [topic], 2);
    await publisher.publish(Array.from({ length: 6 }, (_, i) => message(topic, `key-${i}`, `l${i}`)));
    const registry = new Registry();
    const gauge = new Gauge({ name: 'hub_kafka_consumer_lag', help: 'lag', labelNames: ['group', 'topic', 'partition'] as const, registers: [registry] });
    const reporter = startConsumerLagReporter({ kafka, groups: [{ groupId, topics: [topic] }], gauge, logger: silentLogger, intervalMs: 0 });
    const total = async () => (await gauge.get()).values.reduce((n, v) => n + v.value, 0);

    try {
      const before = await reporter.refresh();
      expect(before.map((l) => l.partition).sort()).toEqual([0, 1]);
      // Lag is in offsets: the 6 messages plus the commit marker of the publishing transaction
      // in each partition it wrote to.
      const partitionsWritten = new Set((await readMessages(kafka, [topic], 6)).map((m) => m.partition)).size;
      expect(await total()).toBe(6 + partitionsWritten);
      expect((await gauge.get()).values[0]?.labels).toMatchObject({ group: groupId, topic });

      let handled = 0;
      const done = signal();
      const c = await consume({
        groupId,
        topics: [topic],
        deadLetter: async () => {},
        handleBatch: async (messages) => {
          handled += messages.length;
          if (handled === 6) done.resolve();
          return messages.map((): MessageOutcome => ({ status: 'done' }));
        },
      });
      await done.promise;
      await c.stop();
      await reporter.refresh();
      expect(await total()).toBe(0);
    } finally {
      await reporter.stop();
    }
  });

  it('has lag values on the very first scrape of /metrics after a start, measured when scraped', async () => {
    const topic = uniqueName('cons-lag-scrape');
    const groupId = uniqueName('group');
    await ensureTopics(admin, [topic], 1);
    await publisher.publish(Array.from({ length: 4 }, (_, i) => message(topic, 'k', `s${i}`)));
    const metrics = createMetrics({ defaultMetrics: false });
    const reporter = startConsumerLagReporter({ kafka, groups: [{ groupId, topics: [topic] }], gauge: metrics.kafkaConsumerLag, logger: silentLogger, intervalMs: 0 });
    const unregister = metrics.measureConsumerLagOnScrape(() => reporter.onScrape());
    try {
      // No refresh() and no timer: the scrape itself measures. 4 messages + 1 commit marker.
      const page = await metrics.registry.metrics();
      expect(page).toContain(`hub_kafka_consumer_lag{group="${groupId}",topic="${topic}",partition="0"} 5`);
    } finally {
      unregister();
      await reporter.stop();
    }
  });
});
