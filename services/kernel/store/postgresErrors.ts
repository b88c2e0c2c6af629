// How the hub reports a PostgreSQL failure, for the event store and the read model alike: the
// failures that mean "cannot take the request now" (503 with Retry-After, retriable) become an
// UnavailableError naming the server (never the password); other errors stay as they are.
import { UnavailableError } from '../errors';

// Connection failures, server shutdown, resource exhaustion, timeouts, serialisation failures:
// "cannot take the request now" (503 + Retry-After), retriable.
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0|57014|40001|40P01|55P03)/;
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end/i;

function isUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof AggregateError) return err.errors.some(isUnavailable) || err.errors.length === 0;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^E[A-Z]+$/.test(code)) return true; // ECONNREFUSED, ECONNRESET, ETIMEDOUT, ENOTFOUND...
    if (UNAVAILABLE_SQLSTATE.test(code)) return true;
  }
  return UNAVAILABLE_MESSAGE.test(err.message);
}

/**
 * The error to throw for `err`: an UnavailableError "postgres at <where> unreachable: …" (or "cannot
 * take the request now" when the server answered: busy, shutting down, timed out), else `err`.
 */
export function describePgFailure(err: unknown, where: string): unknown {
  if (err instanceof UnavailableError || !isUnavailable(err)) return err;
  const code = (err as { code?: unknown }).code;
  const reason = (err as Error).message || String(code ?? err);
  // A SQLSTATE outside class 08 means the server answered: busy, shutting down, timed out.
  const answered = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^E[A-Z]+$/.test(code) && !code.startsWith('08');
  const state = answered ? 'cannot take the request now' : 'unreachable';
  return new UnavailableError(`postgres at ${where} ${state}: ${reason}`, 1, { cause: err });
}

/** host:port of a postgres:// URL (defaults as libpq has them), for messages; never user or password. */
export function serverOf(connectionString: string): string {
  // A socket directory given as ?host=… comes with an empty host, which URL refuses.
  const hostParam = /[?&]host=([^&]+)/.exec(connectionString)?.[1];
  const portParam = /[?&]port=(\d+)/.exec(connectionString)?.[1];
  let url: URL | undefined;
  try {
    url = new URL(connectionString.replace(/^(postgres(?:ql)?:\/\/)([^/@]*@)?(?=[/?]|$)/, '$1$2localhost'));
  } catch {
    url = undefined;
  }
  if (url === undefined && hostParam === undefined) return 'the configured server';
  const host = hostParam !== undefined ? decodeURIComponent(hostParam) : url!.hostname;
  return `${host}:${portParam ?? (url?.port || '5432')}`;
}
