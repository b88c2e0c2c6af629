// A consumer-group loop with at-least-once delivery and explicit offsets, for the recorder.
//
// Messages of one partition are handed to `handleBatch` in chunks. A chunk's offset is
// resolved and committed only after the handler succeeded for all of it and its poison
// messages were dead-lettered, so a crash or a failure redelivers, never loses. Therefore
// `handleBatch` must be idempotent (the recorder's appends are, by event id).
// - Transient failure (the handler throws a retriable error, e.g. UnavailableError because the
//   store is down, or dead-lettering fails): nothing is committed, the same chunk is retried
//   after a growing pause, with heartbeats so the group keeps the partition.
// - Any other error thrown by the handler: the chunk is retried one message at a time; a
//   message that still fails alone is dead-lettered (reason `handler_error`). The consumer
//   never crashes on a bad message.
// Reads committed messages only (kafkajs' default), as the publisher writes in transactions.
import { setTimeout as delay } from 'node:timers/promises';
import kafkajs, { type Consumer, type EachBatchPayload, type Kafka } from 'kafkajs';
// kafkajs is CommonJS and spreads its error classes into its exports, which Node's ESM
// loader cannot see as named exports: take them from the default export.
const { KafkaJSError } = kafkajs;
import { HubError } from '../../kernel/errors';
import type { Logger } from '../../kernel/logger';
import { fromKafkaMessage, type ConsumedMessage } from '../../kernel/bus/kafkaMessages';

export type MessageOutcome = { status: 'done' } | { status: 'deadletter'; reason: string; detail: string };

export interface DeadLetterItem {
  message: ConsumedMessage;
  reason: string;
  detail: string;
}

export interface ConsumerErrorContext {
  kind: 'transient' | 'crash';
  /** For a crash: whether kafkajs restarts the consumer itself (false: it stays stopped). */
  restart?: boolean;
  topic?: string;
  partition?: number;
  attempt?: number;
}

export interface BatchConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  logger: Logger;
  /** Consecutive messages of one partition → one outcome per message, in the same order. */
  handleBatch(messages: ConsumedMessage[]): Promise<MessageOutcome[]>;
  /** Makes the items durable on the dead-letter topic (e.g. KafkaEventPublisher.publish). */
  deadLetter(items: DeadLetterItem[]): Promise<void>;
  /** Transient failures (about to be retried) and consumer crashes (see `restart`). */
  onError?(error: unknown, context: ConsumerErrorContext): void;
  /** Every time the consumer joined its group (first start, restarts, rebalances). */
  onGroupJoin?(): void;
  /** Default: a HubError with `retriable`, or a kafkajs error marked retriable. */
  isTransient?(error: unknown): boolean;
  /** Messages per handleBatch call (default 500). */
  maxChunkSize?: number;
  /** Pause before retrying a transient failure: doubles from `initial` up to `max` (default 200..5000 ms). */
  retryBackoffMs?: { initial: number; max: number };
  /** Where a group without committed offsets starts (default true: the beginning). */
  fromBeginning?: boolean;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Longest wait of an idle fetch; also how long stop() may wait for it (default 1000 ms). */
  maxWaitTimeMs?: number;
  /**
   * How many partitions' batches are handled at once (default 1). Each partition stays in
   * order; handleBatch must then be safe to run concurrently.
   */
  partitionsConsumedConcurrently?: number;
  /** Fetch sizes (defaults: kafkajs', 1 MiB per partition and 10 MiB per fetch). */
  maxBytesPerPartition?: number;
  maxBytes?: number;
}

export interface RunningBatchConsumer {
  consumer: Consumer;
  /** Resolves when the consumer first joined its group. */
  joined: Promise<void>;
  /** Finishes the chunk in hand (abandoning retries), commits what was handled, leaves the group. */
  stop(): Promise<void>;
}

export function defaultIsTransient(error: unknown): boolean {
  if (error instanceof HubError) return error.retriable;
  if (error instanceof KafkaJSError) return error.retriable;
  return false;
}

export async function runBatchConsumer(options: BatchConsumerOptions): Promise<RunningBatchConsumer> {
  const { kafka, groupId, topics, logger } = options;
  const consumer = kafka.consumer({
    groupId,
    readUncommitted: false,
    allowAutoTopicCreation: false,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: options.heartbeatIntervalMs ?? 3000,
    maxWaitTimeInMs: options.maxWaitTimeMs ?? 1000,
    ...(options.maxBytesPerPartition ? { maxBytesPerPartition: options.maxBytesPerPartition } : {}),
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    retry: { restartOnFailure: async () => true },
  });
  let markJoined: () => void = () => {};
  const joined = new Promise<void>((resolve) => (markJoined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => {
    markJoined();
    options.onGroupJoin?.();
  });
  consumer.on(consumer.events.CRASH, (event) => {
    const restart = event.payload.restart;
    logger.error(restart ? 'kafka consumer crashed; restarting' : 'kafka consumer crashed; kafkajs does not restart it', { groupId, error: event.payload.error });
    options.onError?.(event.payload.error, { kind: 'crash', restart });
  });

  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: true,
      autoCommitThreshold: 1,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => consumeBatch(options, payload),
    });
  } catch (error) {
    await consumer.disconnect().catch(() => {});
    throw error;
  }
  return { consumer, joined, stop: () => consumer.disconnect() };
}

async function consumeBatch(options: BatchConsumerOptions, payload: EachBatchPayload): Promise<void> {
  const { batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale } = payload;
  const messages = batch.messages.map((m) => fromKafkaMessage(batch.topic, batch.partition, m));
  const size = options.maxChunkSize ?? 500;
  for (let i = 0; i < messages.length; i += size) {
    if (!isRunning() || isStale()) return;
    const chunk = messages.slice(i, i + size);
    if (!(await handleChunk(options, payload, chunk))) return;
    resolveOffset(chunk[chunk.length - 1]!.offset);
    await commitOffsetsIfNecessary();
    await heartbeat();
  }
}

/** True when the chunk was handled (or dead-lettered); false when the consumer is stopping. */
async function handleChunk(options: BatchConsumerOptions, payload: EachBatchPayload, chunk: ConsumedMessage[]): Promise<boolean> {
  const isTransient = options.isTransient ?? defaultIsTransient;
  const backoff = options.retryBackoffMs ?? { initial: 200, max: 5000 };
  for (let attempt = 1; ; attempt++) {
    let error: unknown;
    try {
      await handleOnce(options, chunk);
      return true;
    } catch (e) {
      error = e;
    }
    if (!isTransient(error)) {
      if (chunk.length === 1) {
        const message = chunk[0]!;
        options.logger.warn('kafka message handler failed; dead-lettering', { error, topic: message.topic, offset: message.offset });
        error = await deadLetterFailed(options, message, error);
        if (error === null) return true;
      } else {
        for (const message of chunk) if (!(await handleChunk(options, payload, [message]))) return false;
        return true;
      }
    }
    options.logger.warn('kafka batch failed transiently; retrying', { error, attempt, topic: chunk[0]!.topic, partition: chunk[0]!.partition });
    options.onError?.(error, { kind: 'transient', topic: chunk[0]!.topic, partition: chunk[0]!.partition, attempt });
    const wait = Math.min(backoff.initial * 2 ** (attempt - 1), backoff.max);
    if (!(await pauseWithHeartbeats(payload, wait))) return false;
  }
}

async function handleOnce(options: BatchConsumerOptions, chunk: ConsumedMessage[]): Promise<void> {
  const outcomes = await options.handleBatch(chunk);
  if (outcomes.length !== chunk.length) {
    throw new Error(`handleBatch returned ${outcomes.length} outcomes for ${chunk.length} messages`);
  }
  const poison: DeadLetterItem[] = [];
  outcomes.forEach((outcome, i) => {
    if (outcome.status === 'deadletter') poison.push({ message: chunk[i]!, reason: outcome.reason, detail: outcome.detail });
  });
  if (poison.length > 0) await options.deadLetter(poison);
}

/** null when dead-lettered; the (transient) error otherwise. */
async function deadLetterFailed(options: BatchConsumerOptions, message: ConsumedMessage, error: unknown): Promise<unknown> {
  try {
    await options.deadLetter([{ message, reason: 'handler_error', detail: error instanceof Error ? error.message : String(error) }]);
    return null;
  } catch (e) {
    return e;
  }
}

/** Waits `ms`, heartbeating; false when the consumer stops meanwhile. Rebalances propagate. */
async function pauseWithHeartbeats(payload: EachBatchPayload, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!payload.isRunning() || payload.isStale()) return false;
    await delay(Math.min(250, end - Date.now()));
    await payload.heartbeat();
  }
  return payload.isRunning() && !payload.isStale();
}
