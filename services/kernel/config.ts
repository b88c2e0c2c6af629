// The hub's configuration, parsed once from the environment by the composition root.
import fs from 'node:fs';
import { z } from 'zod';
import { parseExtraDivisions, type Division } from './divisions';

export const SERVICE_NAMES = ['police', 'fire', 'health', 'transport', 'safety', 'recorder', 'projector'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const readinessSchema = z
  .object({
    governanceAgencies: z.number().int().min(1).max(5),
    governanceWindowMonths: z.number().int().min(1).max(60),
    surveillanceMonths: z.number().int().min(1).max(12),
    comprehensiveDomains: z.number().int().min(1).max(12),
    evaluatedProjectsShare: z.number().min(0).max(1),
  })
  .partial()
  .strict();

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Default `./data`, or `./data-demo` when HUB_DEMO=1, so the demo never lands among real data. */
  HUB_DATA_DIR: z.string().min(1).optional(),
  HUB_AUTH_FILE: z.string().min(1).optional(),
  HUB_DEMO: flag.default(false),
  HUB_TIMEZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as Asia/Shanghai'),
  KAFKA_BROKERS: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined))
    .refine((list) => !list || list.every((b) => /^[^:\s]+:\d+$/.test(b)), 'comma-separated host:port'),
  ESDB_URL: z.string().regex(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\//, 'an esdb:// connection string').optional(),
  /**
   * A postgres:// connection string: PostgreSQL holds the event store (unless ESDB_URL is set) and
   * the read model, which every process running `projector` shares.
   */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// connection string').optional(),
  /** Most connections each PostgreSQL pool of this process opens. */
  HUB_DB_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  /** Server-side limit for one PostgreSQL statement, in ms (0: none). */
  HUB_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  HUB_SERVICES: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [...SERVICE_NAMES]))
    .pipe(z.array(z.enum(SERVICE_NAMES)).min(1)),
  /** JSON object overriding readiness thresholds, e.g. {"surveillanceMonths": 9}. */
  HUB_READINESS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return {};
      try {
        return JSON.parse(v) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
        return z.NEVER;
      }
    })
    .pipe(readinessSchema),
  /**
   * Where the embedded hub runs its read model, projection and committee queries: `worker` (a
   * worker thread, the default: the gateways' event loop stays free) or `main` (this thread).
   */
  HUB_PROJECTOR_THREAD: z.enum(['worker', 'main']).default('worker'),
  /**
   * With DATABASE_URL: how often, in ms, a projector process that does not hold the projector lease
   * tries to take it (how soon another takes over when the holder dies).
   */
  HUB_PROJECTOR_LEASE_RETRY_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** /readyz of a projector answers 503 while the read model is more than this many events behind. */
  HUB_READY_MAX_LAG_EVENTS: z.coerce.number().int().min(0).max(1_000_000).default(1000),
  /** CSV file of `code,name` lines: divisions beyond the national list (new townships). */
  HUB_EXTRA_DIVISIONS: z
    .string()
    .optional()
    .transform((file, ctx): Division[] => {
      if (!file) return [];
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}` });
        return z.NEVER;
      }
      const { divisions, errors } = parseExtraDivisions(text);
      for (const message of errors) ctx.addIssue({ code: 'custom', message: `${file} ${message}` });
      return errors.length > 0 ? z.NEVER : divisions;
    }),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Distributed mode: partitions per bureau topic when the hub creates them. */
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(64).default(3),
  /** Distributed mode: bureau topics are `<prefix><agency>`, the dead-letter topic `<prefix>deadletter`. */
  HUB_KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'letters, digits, ".", "_" or "-" (a Kafka topic name prefix)')
    .default('hub.events.'),
  /** Distributed mode: replicas of each topic the hub creates (3 in production, 1 on a single development broker). */
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(16).default(1),
  /** Distributed mode: in-sync replicas a write needs before the gateway answers 202 (topic config `min.insync.replicas`). */
  KAFKA_MIN_INSYNC_REPLICAS: z.coerce.number().int().min(1).max(16).default(1),
  /**
   * Distributed mode: this process's Kafka transactional id. Stable across restarts, so a
   * restarted gateway fences its own unfinished transactions. Default `hub-<HUB_SERVICES>-<hostname>`.
   */
  HUB_KAFKA_TRANSACTIONAL_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'letters, digits, ".", "_" or "-"')
    .optional(),
  /** HTTP: a client must send the request headers within this time (slowloris guard). */
  HUB_HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(20_000),
  /** HTTP: a client must send the whole request (headers and body) within this time. */
  HUB_HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** HTTP: an idle keep-alive connection is closed after this time. */
  HUB_HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /**
   * Embedded event log: 'thread' commits on a writer thread beside the event loop, 'inline' on
   * the event loop. Both group concurrent requests into one transaction and one fsync.
   */
  HUB_SQLITE_WRITER: z.enum(['thread', 'inline']).default('thread'),
  /** Distributed mode: the recorder's consumer group. */
  HUB_KAFKA_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'letters, digits, ".", "_" or "-"')
    .default('hub-recorder'),
});

export type HubConfig = Omit<z.output<typeof configSchema>, 'HUB_DATA_DIR'> & { HUB_DATA_DIR: string };

const settings = configSchema
  .superRefine((c, ctx) => {
    if (c.KAFKA_MIN_INSYNC_REPLICAS > c.KAFKA_REPLICATION_FACTOR) {
      ctx.addIssue({ code: 'custom', path: ['KAFKA_MIN_INSYNC_REPLICAS'], message: 'must not exceed KAFKA_REPLICATION_FACTOR' });
    }
  })
  .transform((c): HubConfig => ({ ...c, HUB_DATA_DIR: c.HUB_DATA_DIR ?? (c.HUB_DEMO ? './data-demo' : './data') }));

export function parseConfig(env: Record<string, string | undefined>): HubConfig {
  const parsed = settings.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
