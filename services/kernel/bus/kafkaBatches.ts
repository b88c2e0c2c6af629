// Cutting queued publish() calls into batches and batches into produce requests.
import type { TopicMessages } from 'kafkajs';
import { messageSize, toKafkaMessage, topicOf, type BusMessage } from './kafkaMessages';

/** One publish() call waiting in the publisher's queue. */
export interface PendingPublish {
  messages: BusMessage[];
  bytes: number;
  resolve(): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
  /** Set once the caller's promise is resolved or rejected. */
  settled: boolean;
}

export interface BatchLimits {
  maxMessages: number;
  maxBytes: number;
}

/**
 * Removes from the head of `queue` the calls that fit in one batch (always at least one, so a
 * call larger than the limits still goes, alone). Callers' order is kept.
 */
export function takeBatch(queue: PendingPublish[], limits: BatchLimits): PendingPublish[] {
  const batch: PendingPublish[] = [];
  let messages = 0;
  let bytes = 0;
  while (queue.length > 0) {
    const next = queue[0]!;
    if (batch.length > 0 && (messages + next.messages.length > limits.maxMessages || bytes + next.bytes > limits.maxBytes)) break;
    queue.shift();
    if (next.settled) continue; // timed out while queued
    batch.push(next);
    messages += next.messages.length;
    bytes += next.bytes;
  }
  return batch;
}

/**
 * The batch's messages as produce requests of at most `maxRequestBytes` each (a single larger
 * message gets a request of its own), grouped by topic, in order.
 */
export function toProduceRequests(messages: BusMessage[], maxRequestBytes: number): TopicMessages[][] {
  const requests: TopicMessages[][] = [];
  let current = new Map<string, TopicMessages>();
  let bytes = 0;
  for (const message of messages) {
    const size = messageSize(message);
    if (current.size > 0 && bytes + size > maxRequestBytes) {
      requests.push([...current.values()]);
      current = new Map();
      bytes = 0;
    }
    const topic = topicOf(message);
    let entry = current.get(topic);
    if (!entry) {
      entry = { topic, messages: [] };
      current.set(topic, entry);
    }
    entry.messages.push(toKafkaMessage(message));
    bytes += size;
  }
  if (current.size > 0) requests.push([...current.values()]);
  return requests;
}
