// Committee API throughput over the shared PostgreSQL read model: projector-only hub processes
// (as `npm start` runs them, each its own process) answering community overviews from closed-loop
// clients, with one process and with two. The processes are started once; "one" sends every
// request to the first, "two" spreads them over both.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startHubProcess, waitUntilReady, type HubProcess } from '../../test/support/hubProcess';
import { get } from './http';
import { summarise } from './stats';

export interface ApiThroughput {
  processes: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ApiScaleOptions {
  databaseUrl: string;
  authFile: string;
  token: string;
  /** Concurrent closed-loop clients. */
  clients: number;
  seconds: number;
  path: (i: number) => string;
}

async function measure(bases: string[], options: ApiScaleOptions, seconds: number): Promise<ApiThroughput> {
  const agents = bases.map(() => new http.Agent({ keepAlive: true, maxSockets: options.clients }));
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  let next = 0;
  const client = async () => {
    while (performance.now() < deadline) {
      const i = next++;
      const which = i % bases.length;
      const started = performance.now();
      const { status } = await get(agents[which]!, new URL(`${bases[which]}${options.path(i)}`), options.token);
      if (status !== 200) throw new Error(`GET ${options.path(i)}: HTTP ${status}`);
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.clients }, client));
  const ms = performance.now() - started;
  for (const agent of agents) agent.destroy();
  const s = summarise(latencies.sort((a, b) => a - b));
  return { processes: bases.length, requestsPerSecond: (latencies.length * 1000) / ms, p50Ms: s.p50, p99Ms: s.p99 };
}

export async function apiScale(options: ApiScaleOptions): Promise<{ one: ApiThroughput; two: ApiThroughput }> {
  const dirs: string[] = [];
  const processes: HubProcess[] = [];
  try {
    for (let i = 0; i < 2; i += 1) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-api-'));
      dirs.push(dataDir);
      processes.push(
        await startHubProcess({
          DATABASE_URL: options.databaseUrl,
          HUB_SERVICES: 'projector',
          HUB_DATA_DIR: dataDir,
          HUB_AUTH_FILE: options.authFile,
          HUB_TIMEZONE: 'Asia/Shanghai',
        }),
      );
    }
    for (const p of processes) await waitUntilReady(p.baseUrl, 120_000);
    const bases = processes.map((p) => p.baseUrl);
    await measure(bases, options, 2); // warm both: connections, prepared statements, caches
    const one = await measure(bases.slice(0, 1), options, options.seconds);
    const two = await measure(bases, options, options.seconds);
    return { one, two };
  } finally {
    await Promise.all(processes.map((p) => p.stop('SIGTERM')));
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}
