// The Kafka transactional id of one hub process. Kafka fences an older producer with the same
// id, so a restarted process must come back with the id it had (its unfinished transaction is
// then aborted at once instead of blocking its partitions until the transaction times out),
// and two processes running at the same time must never share one.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

export interface TransactionalIdInput {
  /** HUB_KAFKA_TRANSACTIONAL_ID, when the deployment names it. */
  configured?: string;
  services: readonly string[];
  host: string;
  /** The configured PORT; 0 means "any free port", which says nothing stable about the process. */
  port: number;
  /** For the unstable fallback. */
  unique: string;
}

/**
 * configured > `hub-<services>-<host>-<port>` (two live processes on one host cannot share a
 * port) > for PORT=0 a per-run id, since nothing identifies such a process across restarts.
 */
export function transactionalIdFor(input: TransactionalIdInput): string {
  if (input.configured) return input.configured;
  const name = `hub-${input.services.join('-')}-${input.host}`.replace(/[^A-Za-z0-9._-]/g, '_');
  return input.port > 0 ? `${name}-${input.port}` : `${name}-run-${input.unique}`;
}

export function processTransactionalId(config: { HUB_KAFKA_TRANSACTIONAL_ID?: string; HUB_SERVICES: readonly string[]; PORT: number }): string {
  return transactionalIdFor({
    configured: config.HUB_KAFKA_TRANSACTIONAL_ID,
    services: config.HUB_SERVICES,
    host: hostname(),
    port: config.PORT,
    unique: `${process.pid}-${randomUUID().slice(0, 8)}`,
  });
}
