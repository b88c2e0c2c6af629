// The hub as an operator runs it: `npm start` passes signals on, a busy port fails before
// anything is opened, fresh tokens reach the terminal but never the log stream, slow clients
// are cut off, and demo data stays out of real data directories. Real processes throughout.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_MARKER } from '../../services/hub/demoGuard';
import { makeDataDir, startHubProcess, type HubProcess } from '../support/hubProcess';

const root = path.resolve(__dirname, '../..');
const dirs: string[] = [];
const children: ChildProcess[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** The runner's environment without the hub's settings (the Kafka setup exports KAFKA_BROKERS). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['KAFKA_BROKERS', 'ESDB_URL', 'DATABASE_URL', 'HUB_SERVICES', 'HUB_AUTH_FILE', 'HUB_DATA_DIR', 'HUB_DEMO', 'PORT']) delete env[name];
  return { ...env, LOG_LEVEL: 'info', ...extra };
}

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: () => string;
  exit: Promise<number | null>;
  /** Resolves with the port of the first "hub listening" line. */
  listening: Promise<number>;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Run {
  const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const stdout: string[] = [];
  let stderr = '';
  let buffer = '';
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        stdout.push(line);
        try {
          const entry = JSON.parse(line) as { msg?: string; port?: number };
          if (entry.msg === 'hub listening') resolve(entry.port!);
        } catch {
          // asserted separately: every stdout line is JSON
        }
      }
    });
    void exit.then((code) => reject(new Error(`exited with ${code} before listening:\n${stdout.join('\n')}\n${stderr}`)));
  });
  listening.catch(() => undefined);
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return { child, stdout, stderr: () => stderr, exit, listening };
}

function hubMain(env: NodeJS.ProcessEnv): Run {
  return run(process.execPath, ['--import', 'tsx', 'services/hub/main.ts'], env);
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('prints fresh tokens once on stderr, never on the JSON log stream, and stops on SIGTERM with exit 0', async () => {
    const dataDir = tempDir('hub-npm-start-');
    const started = run('npm', ['start', '--silent'], cleanEnv({ PORT: '0', HUB_DATA_DIR: dataDir, HUB_DEMO: '0' }));
    const port = await started.listening;

    const tokens = [...started.stderr().matchAll(/^ {2}(\S+)\s+(\S+)$/gm)].map((m) => ({ id: m[1]!, token: m[2]! }));
    expect(tokens.map((t) => t.id)).toContain('committee-national');
    const national = tokens.find((t) => t.id === 'committee-national')!.token;
    const res = await fetch(`http://127.0.0.1:${port}/committee/v1/communities`, { headers: { authorization: `Bearer ${national}` } });
    expect(res.status).toBe(200);

    for (const line of started.stdout) {
      expect(() => JSON.parse(line) as unknown, line).not.toThrow();
      for (const { token } of tokens) expect(line).not.toContain(token);
    }

    started.child.kill('SIGTERM');
    expect(await started.exit).toBe(0);
    expect(started.stdout.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 60_000);
});

describe('a busy port', () => {
  let first: HubProcess | undefined;
  afterAll(async () => {
    await first?.stop('SIGKILL');
  });

  it('is one clear log line and exit code 1, before any store or auth file is opened', async () => {
    const firstDir = makeDataDir('hub-port-owner-');
    dirs.push(firstDir.dataDir);
    first = await startHubProcess({ HUB_DATA_DIR: firstDir.dataDir, HUB_AUTH_FILE: firstDir.authFile });
    const port = new URL(first.baseUrl).port;

    const secondDir = path.join(tempDir('hub-port-second-'), 'data');
    const second = hubMain(cleanEnv({ PORT: port, HUB_DATA_DIR: secondDir, HUB_DEMO: '0' }));
    expect(await second.exit).toBe(1);
    expect(second.stdout).toHaveLength(1);
    const entry = JSON.parse(second.stdout[0]!) as { level: string; msg: string; port: number };
    expect(entry).toMatchObject({ level: 'error', port: Number(port) });
    expect(entry.msg).toContain(`port ${port} is already in use`);
    expect(fs.existsSync(secondDir)).toBe(false);
  }, 60_000);
});

describe('slow clients', () => {
  it('are cut off when their headers do not arrive within HUB_HTTP_HEADERS_TIMEOUT_MS', async () => {
    const { dataDir, authFile } = makeDataDir('hub-timeouts-');
    dirs.push(dataDir);
    const hub = await startHubProcess({ HUB_DATA_DIR: dataDir, HUB_AUTH_FILE: authFile, HUB_HTTP_HEADERS_TIMEOUT_MS: '1000', HUB_HTTP_REQUEST_TIMEOUT_MS: '2000' });
    try {
      const url = new URL(hub.baseUrl);
      const socket = net.connect({ host: url.hostname, port: Number(url.port) });
      let answer = '';
      socket.on('data', (d: Buffer) => (answer += d.toString('utf8')));
      const started = Date.now();
      // Headers started but never finished: the slowloris pattern.
      socket.write('GET /healthz HTTP/1.1\r\nHost: hub\r\n');
      await new Promise<void>((resolve) => socket.once('close', () => resolve()));
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await hub.stop();
    }
  }, 60_000);
});

describe('demo and real data', () => {
  it('puts the demo district of npm start into ./data-demo unless HUB_DATA_DIR says otherwise', async () => {
    const { parseConfig } = await import('../../services/kernel/config');
    expect(parseConfig({ HUB_DEMO: '1' }).HUB_DATA_DIR).toBe('./data-demo');
    expect(parseConfig({ HUB_DEMO: '0' }).HUB_DATA_DIR).toBe('./data');
    expect(parseConfig({}).HUB_DATA_DIR).toBe('./data');
  });

  it('a hub started for real refuses a directory that holds the demo district', async () => {
    const dataDir = tempDir('hub-demo-marked-');
    fs.writeFileSync(path.join(dataDir, DEMO_MARKER), 'demo');
    const hub = hubMain(cleanEnv({ PORT: '0', HUB_DATA_DIR: dataDir, HUB_DEMO: '0' }));
    expect(await hub.exit).toBe(1);
    expect(hub.stdout.join('\n')).toContain('holds the invented demo district');
    expect(fs.existsSync(path.join(dataDir, 'events.sqlite'))).toBe(false);
  }, 60_000);

  it('the demo refuses a directory that already holds real records', async () => {
    const { dataDir, authFile } = makeDataDir('hub-demo-real-');
    dirs.push(dataDir);
    const real = await startHubProcess({ HUB_DATA_DIR: dataDir, HUB_AUTH_FILE: authFile });
    const res = await fetch(`${real.baseUrl}/agencies/safety/v1/events`, {
      method: 'POST',
      headers: { authorization: 'Bearer tok-safety-e2e', 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'CommunityRegistered', sourceRecordId: 'REAL-1', communityCode: '610902001', name: '真实街道', communityType: 'URBAN_STREET', population: 1000, registeredOn: '2025-01-01' }),
    });
    expect(res.status).toBe(202);
    expect(await real.stop('SIGTERM')).toBe(0);

    const demo = hubMain(cleanEnv({ PORT: '0', HUB_DATA_DIR: dataDir, HUB_AUTH_FILE: authFile, HUB_DEMO: '1' }));
    expect(await demo.exit).toBe(1);
    expect(demo.stdout.join('\n')).toContain('already holds records that are not the demo');
    expect(fs.existsSync(path.join(dataDir, DEMO_MARKER))).toBe(false);
  }, 60_000);
});
