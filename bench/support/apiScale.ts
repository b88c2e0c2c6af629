// Committee API throughput over the shared PostgreSQL read model: projector-only hub processes
// (as `npm start` runs them, each its own process) answering community overviews from closed-loop
// clients, with one process and with two. The processes are started once; "one" sends every
// request to the first, "two" spreads them over both. CPU time is counted per request for the hub
// processes, the PostgreSQL backends and the clients: on one machine they share the cores, so
// the second process can add at most what the others leave of the second core.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startHubProcess, waitUntilReady, type HubProcess } from '../../test/support/hubProcess';
import pg from 'pg';
import { get } from './http';
import { summarise } from './stats';

export interface ApiThroughput {
  processes: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU ms per request: the hub processes, the PostgreSQL backends, and this benchmark's own clients. */
  cpuMsPerRequest: { hub: number; postgres: number; clients: number };
}

/** utime + stime of a process in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** The server processes of the database's connections (the benchmark runs on the same machine). */
async function backendPids(databaseUrl: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

export interface ApiScaleOptions {
  databaseUrl: string;
  authFile: string;
  token: string;
  /** Concurrent closed-loop clients. */
  clients: number;
  seconds: number;
  /** Rounds of one-then-two (the median of each is reported). */
  rounds: number;
  path: (i: number) => string;
}

async function measure(bases: string[], options: ApiScaleOptions, seconds: number, hubPids: number[]): Promise<ApiThroughput> {
  const backends = await backendPids(options.databaseUrl);
  const before = { hub: hubPids.map(cpuMs), postgres: backends.map(cpuMs), clients: process.cpuUsage() };
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
  const clients = process.cpuUsage(before.clients);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const cpu = {
    hub: sum(hubPids.map(cpuMs)) - sum(before.hub),
    postgres: sum(backends.map(cpuMs)) - sum(before.postgres),
    clients: (clients.user + clients.system) / 1000,
  };
  for (const agent of agents) agent.destroy();
  const s = summarise(latencies.sort((a, b) => a - b));
  const n = latencies.length;
  return {
    processes: bases.length,
    requestsPerSecond: (n * 1000) / ms,
    p50Ms: s.p50,
    p99Ms: s.p99,
    cpuMsPerRequest: { hub: cpu.hub / n, postgres: cpu.postgres / n, clients: cpu.clients / n },
  };
}

export async function apiScale(
  options: ApiScaleOptions,
): Promise<{ one: ApiThroughput; two: ApiThroughput; rounds: { one: number[]; two: number[] } }> {
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
    const pids = processes.map((p) => p.child.pid!);
    await measure(bases, options, 3, pids); // warm both: connections, prepared statements, caches
    // Alternated, so drift in the machine's speed (a shared VM) falls on both alike; the median round.
    const ones: ApiThroughput[] = [];
    const twos: ApiThroughput[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      ones.push(await measure(bases.slice(0, 1), options, options.seconds, pids.slice(0, 1)));
      twos.push(await measure(bases, options, options.seconds, pids));
    }
    const median = (runs: ApiThroughput[]) => [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(runs.length / 2)]!;
    return { one: median(ones), two: median(twos), rounds: { one: ones.map((r) => r.requestsPerSecond), two: twos.map((r) => r.requestsPerSecond) } };
  } finally {
    await Promise.all(processes.map((p) => p.stop('SIGTERM')));
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}
