// The production build: the same command the image's build stage runs (`npm run build`, i.e.
// scripts/build.mjs) compiles the hub to plain JavaScript, and that output starts with node
// alone (no tsx, no TypeScript sources), serves the API, the dashboard and the schemas it reads
// at run time, and stops on SIGTERM.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TOKENS, makeDataDir } from '../support/hubProcess';

const root = path.resolve(__dirname, '../..');
// Inside the repository (under the ignored .tmp/) so that node finds node_modules, as in the image.
const out = path.join(root, '.tmp', `build-test-${process.pid}-${Date.now()}`);
const { dataDir, authFile } = makeDataDir('hub-built-');
let child: ChildProcess;
let baseUrl = '';
const stdout: string[] = [];
let exited: Promise<number | null>;

beforeAll(async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(pkg.scripts.build).toBe('node scripts/build.mjs');
  execFileSync(process.execPath, ['scripts/build.mjs', '--out', path.relative(root, out)], { cwd: root, stdio: 'pipe', timeout: 240_000 });

  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: os.homedir(), PORT: '0', HUB_DEMO: '0', HUB_DATA_DIR: dataDir, HUB_AUTH_FILE: authFile, NODE_ENV: 'production' };
  child = spawn(process.execPath, [path.join(out, 'services/hub/main.js')], { cwd: out, env, stdio: ['ignore', 'pipe', 'pipe'] });
  exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  baseUrl = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        stdout.push(line);
        const entry = JSON.parse(line) as { msg: string; port?: number };
        if (entry.msg === 'hub listening') resolve(`http://127.0.0.1:${entry.port}`);
      }
    });
    void exited.then((code) => reject(new Error(`the built hub exited with ${code}:\n${stdout.join('\n')}`)));
  });
}, 300_000);

afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the compiled hub (what the image runs)', () => {
  it('contains JavaScript and the runtime files only: no TypeScript, no tests, no test kits', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else files.push(path.relative(out, path.join(dir, e.name)));
      }
    };
    walk(out);
    expect(files).toContain('services/hub/main.js');
    expect(files).toContain('scripts/rebuild.js');
    expect(files).toContain('scripts/import/main.js');
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(files.filter((f) => /\.test\.|testkit|testdata/.test(f))).toEqual([]);
  });

  it('answers /healthz, and /readyz once the read model is there', async () => {
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    const deadline = Date.now() + 30_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await fetch(`${baseUrl}/readyz`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  });

  it('reads the Avro schemas and serves the dashboard from the build output', async () => {
    const types = await fetch(`${baseUrl}/agencies/police/v1/event-types`, { headers: { authorization: `Bearer ${TEST_TOKENS.police}` } });
    expect(types.status).toBe(200);
    expect(JSON.stringify(await types.json())).toContain('TrafficCrashReported');
    const page = await fetch(`${baseUrl}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('安全社区数据交换平台');
    const chart = /src="(dashboard\/vendor\/chart\.umd\.js[^"]*)"/.exec(html)?.[1];
    for (const asset of ['dashboard/app.js', 'dashboard/styles.css', chart!]) expect((await fetch(`${baseUrl}/${asset}`)).status, asset).toBe(200);
  });

  it('accepts an event and counts it', async () => {
    const res = await fetch(`${baseUrl}/agencies/safety/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKENS.safety}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'CommunityRegistered', sourceRecordId: 'BUILD-1', communityCode: '610902001', name: '构建街道', communityType: 'URBAN_STREET', population: 1000, registeredOn: '2025-01-01' }),
    });
    expect(res.status).toBe(202);
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/hub_events_accepted_total\{agency="safety",type="CommunityRegistered"\} 1/);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
