// Sends one batch to the agency gateway (docs/api/gateway.md) and waits for its 202. A 503 is waited
// out for its Retry-After and retried; other 5xx answers and network failures are retried
// with a growing pause; a 4xx stops the import (the same rows would be refused again).
import type { Agency } from '../../services/kernel/agency';
import { GatewayRefusedError, GatewayUnavailableError, ImportInterruptedError } from './errors';

export interface AcceptedResponse {
  accepted: number;
  events: Array<{ sourceRecordId: string; revision: number; eventId: string }>;
}

export interface GatewayProblem {
  status: number;
  title?: string;
  detail?: string;
  errors?: Array<{ index: number; path: string; message: string }>;
}

export interface SendOptions {
  url: string;
  agency: Agency;
  token: string;
  /** Attempts per batch before giving up (default 10). */
  maxAttempts?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  /** Told before each wait, e.g. to print it. */
  onRetry?: (info: { attempt: number; waitMs: number; reason: string }) => void;
}

const DEFAULT_RETRY_AFTER_S = 5;
const MAX_BACKOFF_MS = 30_000;

export function eventsUrl(base: string, agency: Agency): string {
  return `${base.replace(/\/+$/, '')}/agencies/${agency}/v1/events`;
}

export async function sendBatch(
  events: readonly Record<string, unknown>[],
  options: SendOptions,
  /** Turns a refused batch's {index, path, message} errors into a message for people. */
  describeRefusal: (problem: GatewayProblem) => GatewayRefusedError,
): Promise<AcceptedResponse> {
  const maxAttempts = options.maxAttempts ?? 10;
  const sleep = options.sleep ?? sleepFor;
  const body = JSON.stringify({ events });
  let lastReason = '';
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (options.signal?.aborted) throw new ImportInterruptedError('The import was interrupted.');
    let waitMs: number;
    try {
      const res = await fetch(eventsUrl(options.url, options.agency), {
        method: 'POST',
        headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json', accept: 'application/json' },
        body,
        signal: options.signal,
      });
      if (res.status === 202) return await acceptedFrom(res, events.length);
      const problem = await problemFrom(res);
      if (res.status >= 400 && res.status < 500) throw describeRefusal(problem);
      lastReason = `${res.status} ${problem.detail ?? problem.title ?? ''}`.trim();
      waitMs = res.status === 503 ? retryAfterMs(res.headers.get('retry-after')) : backoffMs(attempt);
    } catch (err) {
      if (err instanceof GatewayRefusedError || err instanceof GatewayUnavailableError) throw err;
      if (options.signal?.aborted) throw new ImportInterruptedError('The import was interrupted.');
      lastReason = networkReason(err);
      waitMs = backoffMs(attempt);
    }
    if (attempt === maxAttempts) break;
    options.onRetry?.({ attempt, waitMs, reason: lastReason });
    try {
      await sleep(waitMs, options.signal);
    } catch {
      throw new ImportInterruptedError('The import was interrupted.');
    }
  }
  throw new GatewayUnavailableError(`The hub at ${options.url} did not take the batch after ${maxAttempts} attempts (last: ${lastReason}).`);
}

async function acceptedFrom(res: Response, expected: number): Promise<AcceptedResponse> {
  const body = (await res.json()) as AcceptedResponse;
  if (body.accepted !== expected || !Array.isArray(body.events) || body.events.length !== expected) {
    throw new GatewayUnavailableError(`The hub answered 202 but accepted ${String(body.accepted)} of ${expected} events; run the import again.`);
  }
  return body;
}

async function problemFrom(res: Response): Promise<GatewayProblem> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as Partial<GatewayProblem>;
    return { ...body, status: res.status };
  } catch {
    return { status: res.status, detail: text.slice(0, 200) };
  }
}

/** Retry-After in seconds or as an HTTP date; 5 s when missing or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header !== null && /^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  const at = header === null ? NaN : Date.parse(header);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_S * 1000 : Math.max(0, at - now);
}

function backoffMs(attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (attempt - 1));
}

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
