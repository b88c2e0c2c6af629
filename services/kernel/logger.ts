// Structured logs: one JSON object per line on stdout, written by pino (the Node standard:
// fast, and what log collectors expect). Every line has time (ISO 8601), level (as a word),
// msg, the logger's base fields and the call's fields. An Error anywhere in the fields is
// logged with its name, message, code, stack and cause chain. Fields that could carry a
// secret (tokens, authorization headers, passwords) are replaced by "[redacted]".
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

const SECRET_KEYS = ['token', 'tokens', 'authorization', 'password', 'secret', 'sha256'];
const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`]).concat(['headers.authorization', '*.headers.authorization']);

export function createLogger(
  options: { level?: LogLevel; base?: Record<string, unknown>; write?: (line: string) => void } = {},
): Logger {
  const write = options.write;
  const destination: DestinationStream | undefined = write ? { write: (line: string) => write(line.replace(/\n$/, '')) } : undefined;
  const root = pino(
    {
      level: options.level ?? 'info',
      base: null,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Errors are serialised by serialise() below, whatever their key; pino's own `err` serialiser would flatten the cause.
      serializers: { err: (v: unknown) => v },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
  return wrap(options.base ? root.child(serialise(options.base)) : root);
}

function wrap(log: PinoLogger): Logger {
  return {
    debug: (m, f) => log.debug(serialise(f), m),
    info: (m, f) => log.info(serialise(f), m),
    warn: (m, f) => log.warn(serialise(f), m),
    error: (m, f) => log.error(serialise(f), m),
    child: (fields) => wrap(log.child(serialise(fields))),
  };
}

/** Error -> plain object with the cause chain (bounded), bigint -> string; other values as they are. */
export function serialiseError(err: Error, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = { name: err.name, message: err.message };
  const code = (err as { code?: unknown }).code;
  if (code !== undefined) out.code = code;
  if (err.stack) out.stack = err.stack;
  const cause = (err as { cause?: unknown }).cause;
  if (cause !== undefined && depth < 5) out.cause = cause instanceof Error ? serialiseError(cause, depth + 1) : String(cause);
  return out;
}

function serialise(fields?: Record<string, unknown>): Record<string, unknown> {
  if (!fields) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? serialiseError(v) : typeof v === 'bigint' ? v.toString() : v;
  }
  return out;
}

/** For tests: swallows everything. */
export const silentLogger: Logger = createLogger({ write: () => {} });
