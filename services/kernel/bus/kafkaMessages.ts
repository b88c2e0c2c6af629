// The messages the hub puts on Kafka and takes off it.
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { Agency } from '../agency';
import { agencyTopic } from './kafkaTopics';

/** Header names every event message carries (values are strings). */
export const EVENT_HEADERS = ['type', 'fingerprint', 'agency', 'eventId', 'tokenId', 'receivedAt'] as const;
export type EventHeaderName = (typeof EVENT_HEADERS)[number];

interface BusMessageBase {
  /** Partition key: the event's communityCode (or regionCode), so a community's events stay in order. */
  key: string;
  /** Avro single-object encoding of the event. */
  value: Buffer;
  /** EVENT_HEADERS and possibly more (the dead-letter topic adds its own). */
  headers: Record<string, string>;
}

/** A message to publish: to a bureau's topic (`agency`) or to a named topic. */
export type BusMessage = BusMessageBase & ({ agency: Agency; topic?: never } | { topic: string; agency?: never });

/** A message as a consumer sees it. */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  /** Kafka offset (a decimal string, as kafkajs gives it). */
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** Broker timestamp, ms since the epoch, as a string. */
  timestamp: string;
}

export function topicOf(message: BusMessage): string {
  return message.topic ?? agencyTopic(message.agency as Agency);
}

export function toKafkaMessage(message: BusMessage): Message {
  return { key: message.key, value: message.value, headers: { ...message.headers } };
}

/** Approximate bytes on the wire, used to cut batches below the broker's size limits. */
export function messageSize(message: BusMessage): number {
  let size = 64 + Buffer.byteLength(message.key) + message.value.length;
  for (const [k, v] of Object.entries(message.headers)) size += 8 + Buffer.byteLength(k) + Buffer.byteLength(v);
  return size;
}

export function fromKafkaMessage(topic: string, partition: number, message: KafkaMessage): ConsumedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    value: message.value,
    headers: decodeHeaders(message.headers),
    timestamp: message.timestamp,
  };
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined) out[name] = value.toString();
  }
  return out;
}

/**
 * The dead-letter copy of a consumed message: same key, value and headers, plus
 * `deadletterReason`, `deadletterDetail` and where it came from (`source*`).
 */
export function deadLetterMessage(message: ConsumedMessage, reason: string, detail: string, topic: string): BusMessage {
  return {
    topic,
    key: message.key ?? '',
    value: message.value ?? Buffer.alloc(0),
    headers: {
      ...message.headers,
      deadletterReason: reason,
      deadletterDetail: detail.slice(0, 1000),
      sourceTopic: message.topic,
      sourcePartition: String(message.partition),
      sourceOffset: message.offset,
    },
  };
}
