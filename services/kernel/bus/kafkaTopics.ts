// Kafka topics of the hub: one per bureau (`hub.events.<agency>`, keyed by communityCode so a
// community's events keep their order) and one dead-letter topic for events the recorder
// cannot record. Topics are created explicitly (the brokers run with auto-creation off).
import type { Admin } from 'kafkajs';
import { AGENCIES, type Agency } from '../agency';
import { UnavailableError } from '../errors';

/** Default prefix of the hub's topics (HUB_KAFKA_TOPIC_PREFIX overrides it per deployment). */
export const TOPIC_PREFIX = 'hub.events.';
export const DEADLETTER_TOPIC = deadletterTopic();
/** Partitions per bureau topic when the deployment does not say otherwise. */
export const DEFAULT_TOPIC_PARTITIONS = 6;

export function agencyTopic(agency: Agency, prefix = TOPIC_PREFIX): string {
  return `${prefix}${agency}`;
}

/** The five bureau topics, in AGENCIES order. */
export function agencyTopics(prefix = TOPIC_PREFIX): string[] {
  return AGENCIES.map((agency) => agencyTopic(agency, prefix));
}

/** The dead-letter topic of the deployment whose topics start with `prefix`. */
export function deadletterTopic(prefix = TOPIC_PREFIX): string {
  return `${prefix}deadletter`;
}

/** The bureau a topic of this prefix belongs to, or undefined for any other topic. */
export function agencyOfTopic(topic: string, prefix = TOPIC_PREFIX): Agency | undefined {
  if (!topic.startsWith(prefix)) return undefined;
  const rest = topic.slice(prefix.length);
  return (AGENCIES as readonly string[]).includes(rest) ? (rest as Agency) : undefined;
}

/** Every topic the hub uses: the bureau topics and the dead-letter topic. */
export function hubTopics(prefix = TOPIC_PREFIX): string[] {
  return [...agencyTopics(prefix), deadletterTopic(prefix)];
}

export interface EnsureTopicsOptions {
  /** Default 1 (single-node development broker); use 3 in production (KAFKA_REPLICATION_FACTOR). */
  replicationFactor?: number;
  /**
   * Topic config `min.insync.replicas` (KAFKA_MIN_INSYNC_REPLICAS): replicas that must hold a
   * write before an acks=all producer (the gateway) succeeds. Default: the broker's default.
   */
  minInsyncReplicas?: number;
  /** Default 15000. */
  timeoutMs?: number;
}

/**
 * Creates the topics that do not exist yet, with `partitions` partitions each, and waits for
 * their leaders. Idempotent and safe to run from several processes at once. Existing topics
 * are left as they are (their partition count is never changed: that would move keys).
 */
export async function ensureTopics(
  admin: Admin,
  topics: readonly string[],
  partitions: number,
  options: EnsureTopicsOptions = {},
): Promise<void> {
  const timeout = options.timeoutMs ?? 15_000;
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics)].filter((t) => !existing.has(t));
    if (missing.length > 0) {
      // createTopics resolves false (not an error) for topics another process created meanwhile.
      await admin.createTopics({
        topics: missing.map((topic) => ({
          topic,
          numPartitions: partitions,
          replicationFactor: options.replicationFactor ?? 1,
          ...(options.minInsyncReplicas ? { configEntries: [{ name: 'min.insync.replicas', value: String(options.minInsyncReplicas) }] } : {}),
        })),
        waitForLeaders: true,
        timeout,
      });
    }
    await admin.fetchTopicMetadata({ topics: [...topics] });
  } catch (error) {
    throw new UnavailableError(`Cannot create the Kafka topics: ${(error as Error).message}`, 5, { cause: error });
  }
}
