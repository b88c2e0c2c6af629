// The hub's configuration, parsed once from the environment by the composition root.
import { z } from 'zod';

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
  HUB_DATA_DIR: z.string().min(1).default('./data'),
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
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Distributed mode: partitions per bureau topic when the hub creates them. */
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(64).default(3),
  /** Distributed mode: bureau topics are `<prefix><agency>`, the dead-letter topic `<prefix>deadletter`. */
  HUB_KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'letters, digits, ".", "_" or "-" (a Kafka topic name prefix)')
    .default('hub.events.'),
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

export type HubConfig = z.output<typeof configSchema>;

export function parseConfig(env: Record<string, string | undefined>): HubConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
