// Building the kafkajs client with bounded failure times, and mapping its failures to HubErrors.
import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { HubError, UnavailableError } from '../errors';
import type { Logger } from '../logger';

export interface KafkaClientOptions {
  /** `host:port` strings; see parseBrokers. */
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** TCP connect timeout per attempt (default 2000 ms). */
  connectionTimeoutMs?: number;
  /** Per request (default 5000 ms). */
  requestTimeoutMs?: number;
  /** Retries of a failed request or connection (default 2, backoff 200 ms up to 1 s). */
  retries?: number;
}

/** `"a:9092, b:9092"` → `["a:9092", "b:9092"]`. */
export function parseBrokers(value: string): string[] {
  return value
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
}

/**
 * A kafkajs client whose operations fail within a few seconds when the brokers are down
 * (kafkajs' defaults retry for minutes), logging through the hub's JSON logger.
 */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeoutMs ?? 2000,
    requestTimeout: options.requestTimeoutMs ?? 5000,
    enforceRequestTimeout: true,
    retry: { retries: options.retries ?? 2, initialRetryTime: 200, maxRetryTime: 1000 },
    logLevel: logLevel.INFO,
    logCreator: kafkaLogCreator(options.logger),
  });
}

// kafkajs logs an ERROR for every failed attempt it then retries; the hub logs real failures
// itself, so kafkajs' errors are warnings here.
const LEVELS: Partial<Record<logLevel, 'debug' | 'info' | 'warn'>> = {
  [logLevel.ERROR]: 'warn',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};
// Deliberate choices that kafkajs warns about on every producer.
const QUIET = [/Limiting retries for the idempotent producer/];

export function kafkaLogCreator(logger: Logger) {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _t, logger: _l, ...fields } = log;
      const method = QUIET.some((re) => re.test(message)) ? 'debug' : (LEVELS[level] ?? 'debug');
      logger[method](`kafka: ${message}`, { component: 'kafkajs', namespace, ...fields });
    };
}

/** Any failure talking to Kafka as the hub's 503 error (HubErrors pass through). */
export function toUnavailable(error: unknown, what: string, retryAfterSeconds = 5): HubError {
  if (error instanceof HubError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new UnavailableError(`${what}: ${reason}`, retryAfterSeconds, { cause: error });
}

// The transaction (or group) coordinator is moving or loading: normal for a few seconds after
// a broker starts, and worth one more try once kafkajs' own retries are spent.
const COORDINATOR_NOT_READY = new Set(['COORDINATOR_LOAD_IN_PROGRESS', 'COORDINATOR_NOT_AVAILABLE', 'NOT_COORDINATOR', 'CONCURRENT_TRANSACTIONS']);

/** True when `error`, or an error it was caused by, says the coordinator is not ready yet. */
export function isCoordinatorNotReady(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (e.name === 'KafkaJSGroupCoordinatorNotFound') return true;
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string' && COORDINATOR_NOT_READY.has(type)) return true;
  }
  return false;
}

/** Rejects with `onTimeout()` when `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
