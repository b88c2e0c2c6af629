// Starts the hub as a real child process (the same entry point as `npm start`) and waits
// for its "hub listening" log line to learn the port.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '../../services/kernel/http/auth';

// import.meta.url, not __dirname: the benchmarks load this file outside vitest, as ES modules.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface HubProcess {
  baseUrl: string;
  child: ChildProcess;
  logs: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export const TEST_TOKENS = {
  police: 'tok-police-e2e',
  fire: 'tok-fire-e2e',
  health: 'tok-health-e2e',
  transport: 'tok-transport-e2e',
  safety: 'tok-safety-e2e',
  committeeNational: 'tok-committee-national',
  committeeDistrict: 'tok-committee-610902',
  committeeOther: 'tok-committee-3301',
  operator: 'tok-operator',
} as const;

/** A fresh data dir with an auth file holding the TEST_TOKENS hashes. */
export function makeDataDir(prefix = 'hub-e2e-'): { dataDir: string; authFile: string } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const authFile = path.join(dataDir, 'auth.test.json');
  const agencies = ['police', 'fire', 'health', 'transport', 'safety'] as const;
  fs.writeFileSync(
    authFile,
    JSON.stringify({
      tokens: [
        ...agencies.map((agency) => ({ id: `${agency}-e2e`, sha256: sha256Hex(TEST_TOKENS[agency]), role: 'agency', agency })),
        { id: 'committee-national', sha256: sha256Hex(TEST_TOKENS.committeeNational), role: 'committee', region: '' },
        { id: 'committee-610902', sha256: sha256Hex(TEST_TOKENS.committeeDistrict), role: 'committee', region: '610902' },
        { id: 'committee-3301', sha256: sha256Hex(TEST_TOKENS.committeeOther), role: 'committee', region: '3301' },
        { id: 'operator', sha256: sha256Hex(TEST_TOKENS.operator), role: 'operator' },
      ],
    }),
  );
  return { dataDir, authFile };
}

/** The test runner's own environment minus the hub's settings (the Kafka global setup exports KAFKA_BROKERS). */
function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['KAFKA_BROKERS', 'ESDB_URL', 'DATABASE_URL', 'HUB_SERVICES', 'HUB_AUTH_FILE', 'HUB_DATA_DIR', 'HUB_READINESS', 'PORT']) delete env[name];
  return env;
}

/** Embedded mode unless `env` names KAFKA_BROKERS, ESDB_URL or HUB_SERVICES itself. */
export async function startHubProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<HubProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'services/hub/main.ts')], {
    cwd: root,
    env: { ...baseEnv(), PORT: '0', HUB_DEMO: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start in ${timeoutMs} ms:\n${logs.join('\n')}`)), timeoutMs);
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        logs.push(line);
        try {
          const entry = JSON.parse(line) as { msg?: string; port?: number };
          if (entry.msg === 'hub listening') {
            clearTimeout(timer);
            resolve(`http://127.0.0.1:${entry.port}`);
          }
        } catch {
          // not JSON: kept in logs, the test asserts JSON logs separately
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => logs.push(`[stderr] ${chunk.toString('utf8')}`));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code} before listening:\n${logs.join('\n')}`));
    });
  });
  return {
    baseUrl,
    child,
    logs,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}

/** Polls /readyz until 200 (the read model caught up); a signal, not a sleep of fixed length. */
export async function waitUntilReady(baseUrl: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const res = await fetch(`${baseUrl}/readyz`);
    if (res.status === 200) return;
    last = await res.text();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not ready after ${timeoutMs} ms: ${last}`);
}
