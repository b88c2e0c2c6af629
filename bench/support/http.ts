// HTTP plumbing of the benchmarks: listening on port 0, and a keep-alive client that sends
// pre-serialised request bodies with a fixed concurrency.
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface Listening {
  baseUrl: string;
  close(): Promise<void>;
}

export async function listen(app: Express): Promise<Listening> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface PreparedRequest {
  path: string;
  token: string;
  body: Buffer;
  /** Events in the body. */
  events: number;
}

export interface PostResult {
  status: number;
  body: string;
}

export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets });
}

/** One request over the agent, its answer's status and body text. */
function send(agent: http.Agent, url: URL, method: 'GET' | 'POST', headers: http.OutgoingHttpHeaders, body?: Buffer): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function post(agent: http.Agent, baseUrl: string, request: PreparedRequest): Promise<PostResult> {
  const headers = { authorization: `Bearer ${request.token}`, 'content-type': 'application/json', 'content-length': request.body.length };
  return send(agent, new URL(request.path, baseUrl), 'POST', headers, request.body);
}

/** GET with a bearer token (a committee's, say). */
export function get(agent: http.Agent, url: URL, token: string): Promise<PostResult> {
  return send(agent, url, 'GET', { authorization: `Bearer ${token}` });
}

export async function postRetryingUnavailable(agent: http.Agent, baseUrl: string, request: PreparedRequest, forMs = 60_000): Promise<PostResult> {
  const deadline = performance.now() + forMs;
  for (;;) {
    const res = await post(agent, baseUrl, request);
    if (res.status !== 503 || performance.now() > deadline) return res;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Sends every request, `concurrency` at a time, each expecting 202. Resolves with the elapsed
 * milliseconds (first send to last answer).
 */
export async function sendAll(
  baseUrl: string,
  requests: readonly PreparedRequest[],
  concurrency: number,
  agent: http.Agent,
  options: { warmup?: boolean } = {},
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      const request = requests[i];
      if (request === undefined) return;
      const res = options.warmup ? await postRetryingUnavailable(agent, baseUrl, request) : await post(agent, baseUrl, request);
      if (res.status !== 202) throw new Error(`${request.path} answered ${res.status}: ${res.body.slice(0, 500)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - started;
}
