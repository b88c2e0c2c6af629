// Property-based fuzzing of the whole embedded hub over real HTTP (port 0, real SQLite): whatever
// a bureau or a committee office sends, the hub never answers 5xx, and every error is a
// problem+json body whose `status` matches the response. Four properties, 10,000+ requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { VALID_EVENTS, NOW } from '../kits/validEvents';
import { PUBLISHERS, type EventType } from '../../services/kernel/events.generated';
import { TEST_TOKENS } from '../support/hubProcess';
import { startTestHub, type TestHub } from '../support/inProcessHub';

let t: TestHub;
let requests = 0;

beforeAll(async () => {
  // The validity window of occurredAt follows the hub clock; pin it after every sample event.
  t = await startTestHub({}, () => NOW);
  // Some data, so that committee routes compute figures rather than answer empty.
  for (const [type, event] of Object.entries(VALID_EVENTS)) {
    const agency = PUBLISHERS[type as EventType][0]!;
    const res = await post(`/agencies/${agency}/v1/events`, TEST_TOKENS[agency], JSON.stringify(event));
    expect([202, 400, 409]).toContain(res.status);
  }
});
afterAll(async () => {
  await t?.close();
  console.info(`fuzz: ${requests} requests`);
});

type Token = keyof typeof TEST_TOKENS;
const TOKEN_NAMES = Object.keys(TEST_TOKENS) as Token[];
const EVENT_TYPES = Object.keys(VALID_EVENTS) as EventType[];
const AGENCIES = ['police', 'fire', 'health', 'transport', 'safety'] as const;
const INHERITED = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'prototype', 'length'];

function post(path: string, token: string | undefined, body: string | Uint8Array, headers: Record<string, string> = {}) {
  requests += 1;
  return fetch(`${t.baseUrl}${path}`, {
    method: 'POST',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
  });
}

function get(path: string, token: string | undefined, headers: Record<string, string> = {}) {
  requests += 1;
  return fetch(`${t.baseUrl}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
}

/** The property every answer must have. */
async function expectNoServerError(res: Response, what: string): Promise<void> {
  const text = await res.text();
  if (res.status >= 500) throw new Error(`${res.status} for ${what}: ${text.slice(0, 300)}`);
  if (res.status >= 400) {
    expect(res.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(text) as { status: number; title: string; detail: string };
    expect(body.status, what).toBe(res.status);
    expect(typeof body.detail).toBe('string');
  }
}

// Values a field could be given: sensible, hostile and absurd.
const nasty = fc.oneof(
  fc.constantFrom(...INHERITED, '', ' ', '0', '-1', '1e309', 'NaN', '9999-12-31', '9999-12-31T23:59:59Z', '２０２５-０１-０１', '%zz', '\u0000', '\ud800'),
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom(...INHERITED, 'a', 'type'), fc.string(), { maxKeys: 3 }),
  fc.constantFrom(...EVENT_TYPES),
  fc.constantFrom('610902001', '999999999', '61', '6109', '0000000000', '61090200X'),
);

/** A valid sample event with some fields replaced, removed or added. */
const mutatedEvent = fc
  .record({
    type: fc.constantFrom(...EVENT_TYPES),
    edits: fc.array(fc.tuple(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...INHERITED, 'type', 'communityCode', 'revision', 'description', 'occurredAt')), nasty, fc.boolean()), { maxLength: 4 }),
    id: fc.stringMatching(/^[A-Za-z0-9]{1,12}$/),
  })
  .map(({ type, edits, id }) => {
    const event: Record<string, unknown> = { ...VALID_EVENTS[type], sourceRecordId: `FZ-${id}` };
    for (const [key, value, remove] of edits) {
      if (remove) delete event[key];
      else Object.defineProperty(event, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return event;
  });

const committeePath = fc.oneof(
  fc.constant('/committee/v1/communities'),
  fc.constant('/committee/v1/hazards'),
  fc.constant('/committee/v1/designations'),
  fc.constant('/committee/v1/agreements'),
  fc.oneof(fc.constantFrom('610902001', '610902002', '999999999', '%zz', '%E4%B8', '61090200%00'), fc.string({ maxLength: 12 })).map((c) => `/committee/v1/communities/${pathPart(c)}/overview`),
  fc.oneof(fc.constantFrom('61', '6109', '610902', '99', '%zz', ''), fc.string({ maxLength: 12 })).map((c) => `/committee/v1/regions/${pathPart(c)}/summary`),
);

const queryValue = fc.oneof(
  fc.constantFrom('2025', '1999', '2101', '9999', '0', '-1', '2025-06-01T00:00:00Z', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', 'csv', 'xlsx', 'json', 'open', 'all', '6109', '%zz', '', '__proto__', 'constructor'),
  fc.string({ maxLength: 30 }),
);
const query = fc.array(fc.tuple(fc.constantFrom('year', 'asOf', 'region', 'status', 'format', 'after', 'limit', '__proto__', 'constructor'), queryValue), { maxLength: 4 });

/** Path text left as is when it holds a %, so that undecodable escapes reach the router. */
function pathPart(text: string): string {
  return /%/.test(text) ? text.replace(/[^%A-Za-z0-9]/g, '') : encodeURIComponent(text);
}

function queryString(pairs: Array<[string, string]>): string {
  if (pairs.length === 0) return '';
  return '?' + pairs.map(([k, v]) => `${k}=${/^%/.test(v) ? v : encodeURIComponent(v)}`).join('&');
}

const RUNS = 2600;
const ACCEPTS = ['application/json', 'text/csv', '*/*', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'image/png', ''];

describe('fuzzing the hub over HTTP', () => {
  it('answers any mutated event, to any agency with any token, without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(mutatedEvent, fc.array(mutatedEvent, { minLength: 1, maxLength: 3 }).map((events) => ({ events }))),
        fc.constantFrom(...AGENCIES, 'nobody', '%zz', '__proto__'),
        fc.constantFrom(...TOKEN_NAMES, undefined),
        async (body, agency, token) => {
          const res = await post(`/agencies/${agency}/v1/events`, token ? TEST_TOKENS[token] : undefined, JSON.stringify(body));
          await expectNoServerError(res, `POST ${agency} ${JSON.stringify(body).slice(0, 200)}`);
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('answers any raw body, media type and content encoding without a 5xx', async () => {
    const payload = fc.oneof(
      fc.string().map((s) => Buffer.from(s)),
      fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
      mutatedEvent.map((e) => Buffer.from(JSON.stringify(e))),
    );
    await fc.assert(
      fc.asyncProperty(
        payload,
        fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'zstd', 'gzip, br', undefined),
        fc.boolean(),
        fc.constantFrom('application/json', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'application/cloudevents+json'),
        fc.constantFrom(...AGENCIES),
        async (data, encoding, compressForReal, contentType, agency) => {
          let body: Buffer = data;
          if (compressForReal && encoding === 'gzip') body = gzipSync(data);
          if (compressForReal && encoding === 'deflate') body = deflateSync(data);
          if (compressForReal && encoding === 'br') body = brotliCompressSync(data);
          const headers: Record<string, string> = { 'content-type': contentType, ...(encoding ? { 'content-encoding': encoding } : {}) };
          const res = await post(`/agencies/${agency}/v1/events`, TEST_TOKENS[agency], body, headers);
          await expectNoServerError(res, `POST ${agency} ${contentType} ${encoding} ${body.length} bytes`);
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('answers any committee route, path and query without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(committeePath, query, fc.constantFrom(...TOKEN_NAMES, undefined), fc.constantFrom(...ACCEPTS), async (path, pairs, token, accept) => {
        const url = path + queryString(pairs);
        const res = await get(url, token ? TEST_TOKENS[token] : undefined, accept ? { accept } : {});
        await expectNoServerError(res, `GET ${url} as ${token}`);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('answers any gateway read path and any stray path without a 5xx', async () => {
    const gatewayPath = fc.oneof(
      fc.tuple(fc.oneof(fc.constantFrom(...AGENCIES, '%zz', '%', '%E4', '__proto__'), fc.string({ maxLength: 10 })), fc.constantFrom('event-types', 'feed', 'agreements', 'access-log', 'events')).map(
        ([agency, leaf]) => `/agencies/${pathPart(agency)}/v1/${leaf}`,
      ),
      fc.array(fc.oneof(fc.constantFrom('%zz', '%', '..', 'committee', 'v1', 'agencies', 'metrics', 'openapi.json'), fc.string({ maxLength: 6 })), { maxLength: 4 }).map(
        (parts) => `/${parts.map(pathPart).join('/')}`,
      ),
    );
    await fc.assert(
      fc.asyncProperty(gatewayPath, query, fc.constantFrom(...TOKEN_NAMES, undefined), async (path, pairs, token) => {
        const url = path + queryString(pairs);
        const res = await get(url, token ? TEST_TOKENS[token] : undefined);
        await expectNoServerError(res, `GET ${url} as ${token}`);
      }),
      { numRuns: RUNS },
    );
    expect(requests).toBeGreaterThanOrEqual(4 * RUNS);
  }, 120_000);
});
