// Consumer lag per {group, topic, partition} for the `hub_kafka_consumer_lag` gauge:
// the partition's end offset (last stable offset: what a read-committed consumer can reach)
// minus the group's committed offset (the partition's start when it has committed nothing).
import type { Admin, Kafka } from 'kafkajs';
import type { Gauge } from 'prom-client';
import type { Logger } from '../../kernel/logger';

export interface PartitionLag {
  group: string;
  topic: string;
  partition: number;
  lag: number;
}

export async function measureConsumerLag(admin: Admin, groupId: string, topics: string[]): Promise<PartitionLag[]> {
  const committed = await admin.fetchOffsets({ groupId, topics });
  const lags: PartitionLag[] = [];
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const group = committed.find((c) => c.topic === topic)?.partitions ?? [];
    for (const end of ends) {
      const offset = Number(group.find((p) => p.partition === end.partition)?.offset ?? -1);
      const from = offset >= 0 ? offset : Number(end.low);
      lags.push({ group: groupId, topic, partition: end.partition, lag: Math.max(0, Number(end.high) - from) });
    }
  }
  return lags;
}

export type ConsumerLagGauge = Gauge<'group' | 'topic' | 'partition'>;

export interface LagReporterOptions {
  kafka: Kafka;
  groups: { groupId: string; topics: string[] }[];
  gauge: ConsumerLagGauge;
  logger: Logger;
  /** Refresh period (default 15000 ms); 0 refreshes only when `refresh()` is called. */
  intervalMs?: number;
}

export interface LagReporter {
  /** Measures now and sets the gauge; resolves with what it measured. */
  refresh(): Promise<PartitionLag[]>;
  /**
   * For a scrape: measures unless the last measurement is under `minAgeMs` old (default 1000),
   * waits for it at most `timeoutMs` (default 2000; the gauge keeps its last values if the broker
   * is slower), and never rejects (a failure is logged).
   */
  onScrape(options?: { minAgeMs?: number; timeoutMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

export function startConsumerLagReporter(options: LagReporterOptions): LagReporter {
  let admin: Admin | null = null;
  let running: Promise<PartitionLag[]> | null = null;

  const measure = async (): Promise<PartitionLag[]> => {
    try {
      if (!admin) {
        const created = options.kafka.admin();
        await created.connect();
        admin = created;
      }
      const all: PartitionLag[] = [];
      for (const { groupId, topics } of options.groups) all.push(...(await withCoordinatorRetry(() => measureConsumerLag(admin!, groupId, topics))));
      for (const l of all) options.gauge.set({ group: l.group, topic: l.topic, partition: String(l.partition) }, l.lag);
      return all;
    } catch (error) {
      const broken = admin;
      admin = null;
      await broken?.disconnect().catch(() => {});
      throw error;
    }
  };
  let measuredAt = 0;
  const refresh = () =>
    (running ??= measure()
      .then((lags) => {
        measuredAt = Date.now();
        return lags;
      })
      .finally(() => (running = null)));

  const onScrape = async ({ minAgeMs = 1000, timeoutMs = 2000 } = {}) => {
    if (Date.now() - measuredAt < minAgeMs) return;
    const measuring = refresh().then(
      () => undefined,
      (error: unknown) => options.logger.warn('kafka consumer lag not measured', { err: error as Error }),
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      timer.unref();
    });
    await Promise.race([measuring, late]);
    clearTimeout(timer);
  };

  const interval = options.intervalMs ?? 15_000;
  const timer =
    interval > 0
      ? setInterval(() => {
          refresh().catch((error) => options.logger.warn('kafka consumer lag not measured', { error }));
        }, interval)
      : undefined;
  timer?.unref();

  return {
    refresh,
    onScrape,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => {});
      await admin?.disconnect().catch(() => {});
      admin = null;
    },
  };
}

/**
 * A group the broker has just started coordinating (a new group, a moved coordinator) answers
 * NOT_COORDINATOR / COORDINATOR_LOAD_IN_PROGRESS for a moment, and kafkajs' admin does not look
 * the coordinator up again by itself: try a few times, briefly.
 */
export async function withCoordinatorRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const type = (error as { type?: string }).type ?? '';
      if (attempt >= attempts || !/COORDINATOR/.test(type)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
