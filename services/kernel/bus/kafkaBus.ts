// Publishing events to Kafka for the gateways.
//
// - One idempotent producer (acks=all, one request in flight), never two sends at once on it:
//   publish() calls are queued; while a batch is being sent, new calls wait and are then sent
//   together in one batch (coalescing). Every caller's promise settles with the outcome of the
//   batch that carried its messages.
// - Transactional by default: each batch is one Kafka transaction, so a request's messages are
//   all visible to (read-committed) consumers or none. A publish() that fails is never
//   half-written.
// - Bounded failure: a publish() not acknowledged within `publishTimeoutMs` is rejected with
//   UnavailableError (503 + Retry-After); its batch is then aborted, not committed.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Partitioners, type Admin, type Kafka, type Producer, type TopicMessages } from 'kafkajs';
import { UnavailableError } from '../errors';
import type { Logger } from '../logger';
import { takeBatch, toProduceRequests, type PendingPublish } from './kafkaBatches';
import { isCoordinatorNotReady, toUnavailable, withTimeout } from './kafkaClient';
import { messageSize, type BusMessage } from './kafkaMessages';

export interface KafkaPublisherOptions {
  kafka: Kafka;
  logger: Logger;
  /** One Kafka transaction per batch (default true). Consumers must read committed (kafkajs' default). */
  transactional?: boolean;
  /** Must be unique among live producers; default `hub-<host>-<pid>-<random>`. */
  transactionalId?: string;
  /** A publish() not acknowledged within this time is rejected with UnavailableError (default 10000 ms). */
  publishTimeoutMs?: number;
  /** Broker-side wait for the in-sync replicas' acks (default 5000 ms). */
  ackTimeoutMs?: number;
  /** Bounds of one coalesced batch (defaults 20000 messages, 16 MiB). */
  maxBatchMessages?: number;
  maxBatchBytes?: number;
  /** Bound of one produce request, under the broker's 1 MiB message.max.bytes (default 900 KiB). */
  maxRequestBytes?: number;
  /** Retry-After of the UnavailableErrors (default 5 s). */
  retryAfterSeconds?: number;
  /** Called after every batch (metrics, tests). */
  onBatch?: (report: PublishBatchReport) => void;
}

export interface PublishBatchReport {
  callers: number;
  messages: number;
  requests: number;
  durationMs: number;
  ok: boolean;
}

interface Batch {
  callers: PendingPublish[];
  /** A caller timed out before the commit: the batch must not be committed. */
  doomed: boolean;
  committing: boolean;
}

export class KafkaEventPublisher {
  private readonly queue: PendingPublish[] = [];
  private readonly inFlight = new Map<PendingPublish, Batch>();
  private producer: Producer | null = null;
  /** The producer being connected (shared, so there is never a second one with the same transactional id). */
  private connecting: Promise<Producer> | null = null;
  /** Connected lazily by ping() and shared by concurrent pings. */
  private admin: Promise<Admin> | null = null;
  private draining: Promise<void> | null = null;
  private closed = false;
  private readonly transactional: boolean;
  private readonly transactionalId: string;
  private readonly publishTimeoutMs: number;

  constructor(private readonly options: KafkaPublisherOptions) {
    this.transactional = options.transactional ?? true;
    this.transactionalId = options.transactionalId ?? `hub-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.publishTimeoutMs = options.publishTimeoutMs ?? 10_000;
  }

  /** Resolves once the brokers acknowledged every message (and the transaction committed). */
  publish(messages: BusMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(this.unavailable('The Kafka publisher is closed.'));
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const pending: PendingPublish = {
        messages,
        bytes: messages.reduce((n, m) => n + messageSize(m), 0),
        settled: false,
        resolve,
        reject,
      };
      pending.timer = setTimeout(() => this.expire(pending), this.publishTimeoutMs);
      this.queue.push(pending);
      this.drain();
    });
  }

  /** Messages accepted and not yet settled: queued, or in the batch being sent. */
  backlog(): number {
    let messages = 0;
    for (const pending of this.queue) messages += pending.messages.length;
    for (const pending of this.inFlight.keys()) messages += pending.messages.length;
    return messages;
  }

  /**
   * Connects the producer now instead of on the first publish (for a transactional one: finds
   * the transaction coordinator and gets a producer id). Rejects with UnavailableError when
   * Kafka cannot do it yet; the caller may try again.
   */
  async connect(): Promise<void> {
    if (this.closed) throw this.unavailable('The Kafka publisher is closed.');
    try {
      await this.connectedProducer();
    } catch (error) {
      throw toUnavailable(error, 'Kafka producer not ready', this.retryAfter());
    }
  }

  /** For /readyz: the cluster answers a metadata request within `timeoutMs`. */
  async ping(timeoutMs = 3000): Promise<void> {
    const timeout = () => this.unavailable(`Kafka did not answer within ${timeoutMs} ms.`);
    try {
      await withTimeout(
        (async () => {
          this.admin ??= this.connectAdmin();
          await (await this.admin).describeCluster();
        })(),
        timeoutMs,
        timeout,
      );
    } catch (error) {
      const admin = this.admin;
      this.admin = null;
      await admin?.then((a) => a.disconnect()).catch(() => {});
      throw toUnavailable(error, 'Kafka is unavailable', this.retryAfter());
    }
  }

  private async connectAdmin(): Promise<Admin> {
    const admin = this.options.kafka.admin();
    try {
      await admin.connect();
    } catch (error) {
      await admin.disconnect().catch(() => {});
      throw error;
    }
    return admin;
  }

  /** Rejects queued calls, waits for the batch in flight, disconnects. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) this.settle(pending, this.unavailable('The Kafka publisher is closed.'));
    await this.draining;
    const producer = this.producer ?? (await this.connecting?.catch(() => null));
    await producer?.disconnect().catch(() => {});
    await this.admin?.then((a) => a.disconnect()).catch(() => {});
    this.producer = null;
    this.connecting = null;
    this.admin = null;
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = (async () => {
      while (this.queue.length > 0) {
        const callers = takeBatch(this.queue, {
          maxMessages: this.options.maxBatchMessages ?? 20_000,
          maxBytes: this.options.maxBatchBytes ?? 16 * 1024 * 1024,
        });
        if (callers.length > 0) await this.sendBatch(callers);
      }
    })()
      .catch((error) => this.options.logger.error('kafka publisher queue failed', { error }))
      .finally(() => {
        this.draining = null;
        if (this.queue.length > 0) this.drain();
      });
  }

  private async sendBatch(callers: PendingPublish[]): Promise<void> {
    const batch: Batch = { callers, doomed: false, committing: false };
    for (const c of callers) this.inFlight.set(c, batch);
    const started = Date.now();
    const messages = callers.flatMap((c) => c.messages);
    let requests: TopicMessages[][] = [];
    let failure: Error | null = null;
    try {
      requests = toProduceRequests(messages, this.options.maxRequestBytes ?? 900 * 1024);
      await this.sendRetryingCoordinator(batch, requests);
    } catch (error) {
      failure = toUnavailable(error, 'Kafka did not take the events', this.retryAfter());
      this.options.logger.warn('kafka publish failed', { error: failure, messages: messages.length });
      await this.resetProducer();
    }
    for (const c of callers) {
      this.inFlight.delete(c);
      this.settle(c, failure);
    }
    try {
      this.options.onBatch?.({
        callers: callers.length,
        messages: messages.length,
        requests: requests.length,
        durationMs: Date.now() - started,
        ok: failure === null,
      });
    } catch (error) {
      this.options.logger.warn('kafka onBatch callback failed', { error });
    }
  }

  /**
   * A transaction whose coordinator was not ready (typical right after a broker started) is
   * tried once more with a fresh producer, if no commit was attempted and its callers are still
   * waiting: the failed attempt was aborted (or is, by the fencing of the new producer), so
   * nothing of it is visible to read-committed consumers.
   */
  private async sendRetryingCoordinator(batch: Batch, requests: TopicMessages[][]): Promise<void> {
    try {
      await this.send(batch, requests);
    } catch (error) {
      if (!this.transactional || batch.committing || batch.doomed || this.closed || !isCoordinatorNotReady(error)) throw error;
      this.options.logger.warn('kafka transaction coordinator not ready; sending the batch once more', { error });
      await this.resetProducer();
      await this.send(batch, requests);
    }
  }

  private async send(batch: Batch, requests: TopicMessages[][]): Promise<void> {
    const producer = await this.connectedProducer();
    const acks = -1;
    const timeout = this.options.ackTimeoutMs ?? 5000;
    if (!this.transactional) {
      for (const topicMessages of requests) await producer.sendBatch({ topicMessages, acks, timeout });
      return;
    }
    const transaction = await producer.transaction();
    try {
      for (const topicMessages of requests) {
        if (batch.doomed) break;
        await transaction.sendBatch({ topicMessages, acks, timeout });
      }
      if (batch.doomed) throw this.unavailable('Kafka did not acknowledge the events in time.');
      batch.committing = true;
      await transaction.commit();
    } catch (error) {
      if (!batch.committing) await transaction.abort().catch(() => {});
      throw error;
    }
  }

  private connectedProducer(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    this.connecting ??= this.createProducer().then(
      (producer) => {
        this.producer = producer;
        return producer;
      },
      (error: unknown) => {
        this.connecting = null;
        throw error;
      },
    );
    return this.connecting;
  }

  private async createProducer(): Promise<Producer> {
    const producer = this.options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
      ...(this.transactional
        ? { transactionalId: this.transactionalId, transactionTimeout: Math.max(2 * this.publishTimeoutMs, 10_000) }
        : {}),
    });
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => {});
      throw error;
    }
    return producer;
  }

  /**
   * After a failure the producer may be in any state (a transaction half-ended, sequence
   * numbers unknown): drop it. The next one, with the same transactional id, fences it and
   * makes the coordinator abort whatever it left open.
   */
  private async resetProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    this.connecting = null;
    if (producer) await withTimeout(producer.disconnect(), 5000, () => new Error('disconnect timed out')).catch(() => {});
  }

  private expire(pending: PendingPublish): void {
    const batch = this.inFlight.get(pending);
    if (batch?.committing) return; // the commit's outcome decides; kafkajs' request timeout bounds it
    if (batch) batch.doomed = true;
    this.settle(pending, this.unavailable(`Kafka did not acknowledge the events within ${this.publishTimeoutMs} ms.`));
  }

  private settle(pending: PendingPublish, error: Error | null): void {
    if (pending.settled) return;
    pending.settled = true;
    clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else pending.resolve();
  }

  private unavailable(message: string): UnavailableError {
    return new UnavailableError(message, this.retryAfter());
  }

  private retryAfter(): number {
    return this.options.retryAfterSeconds ?? 5;
  }
}
