// `npm run import` as a bureau runs it: the real entry point in a child process against a
// real hub, its exit status and what it prints.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TOKENS } from '../support/hubProcess';
import { startTestHub, type TestHub } from '../support/inProcessHub';
import { appendedSince, CRASH_HEADER, crashRows, markStore, tempDir, uid, uniqueCounty, writeCsv } from './support';

const root = path.resolve(__dirname, '../..');

let t: TestHub;
let dir: string;
beforeAll(async () => {
  t = await startTestHub();
  dir = tempDir();
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/import/main.ts'), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run import', () => {
  it('imports a file with the token from a file, printing progress lines on a non-terminal stderr', async () => {
    const file = writeCsv(dir, 'crashes.csv', [CRASH_HEADER, ...crashRows(`JJ-${uid()}`, uniqueCounty(), 30)]);
    const tokenFile = path.join(dir, 'police.token');
    fs.writeFileSync(tokenFile, `${TEST_TOKENS.police}\n`);
    const mark = await markStore(t);
    const run = await runCli(['--agency', 'police', '--file', file, '--url', t.baseUrl, '--token-file', tokenFile, '--batch', '10']);
    expect(run.stderr).toContain('police TrafficCrashReported [');
    expect(run.stderr).toContain('30/30 rows (100.0%)');
    expect(run.stderr).not.toContain('\r');
    expect(run.stdout).toBe(`Imported 30 TrafficCrashReported rows from ${file} in 3 request(s): all 30 new.\n`);
    expect(run.code).toBe(0);
    expect(await appendedSince(t, mark)).toBe(30);
  });

  it('tells rows already imported apart from new ones when a file is imported again with a row added', async () => {
    const own = fs.mkdtempSync(path.join(dir, 'again-'));
    const rows = crashRows(`JJ-${uid()}`, uniqueCounty(), 7);
    const args = (file: string) => ['--agency', 'police', '--file', file, '--url', t.baseUrl];
    const first = writeCsv(own, 'crashes.csv', [CRASH_HEADER, ...rows.slice(0, 6)]);
    expect((await runCli(args(first), { HUB_TOKEN: TEST_TOKENS.police })).stdout).toBe(`Imported 6 TrafficCrashReported rows from ${first} in 1 request(s): all 6 new.\n`);
    const mark = await markStore(t);
    const again = await runCli(args(first), { HUB_TOKEN: TEST_TOKENS.police });
    expect(again.stdout).toBe(
      `Imported 6 TrafficCrashReported rows from ${first} in 1 request(s): 0 new, 6 already imported before (same eventId; the hub keeps each record once).\n`,
    );
    expect(await appendedSince(t, mark)).toBe(0);
    const bigger = writeCsv(own, 'crashes-v2.csv', [CRASH_HEADER, ...rows]);
    const third = await runCli(args(bigger), { HUB_TOKEN: TEST_TOKENS.police });
    expect(third.stdout).toBe(
      `Imported 7 TrafficCrashReported rows from ${bigger} in 1 request(s): 1 new, 6 already imported before (same eventId; the hub keeps each record once).\n`,
    );
    expect(third.code).toBe(0);
    expect(await appendedSince(t, mark)).toBe(1);
  });

  it('exits 1 listing each bad row as "line N, field: message", having sent nothing', async () => {
    const rows = crashRows(`JJ-${uid()}`, uniqueCounty(), 8);
    rows[5] = rows[5]!.replace(/,0,(\d),2,/, ',-1,$1,2,');
    const file = writeCsv(dir, 'bad.csv', [CRASH_HEADER, ...rows]);
    const mark = await markStore(t);
    const run = await runCli(['--agency', 'police', '--file', file, '--url', t.baseUrl], { HUB_TOKEN: TEST_TOKENS.police });
    expect(run.stderr).toBe('line 7, deaths: must be >= 0\n1 problem(s) in the file; nothing was sent.\n');
    expect(run.code).toBe(1);
    expect(await appendedSince(t, mark)).toBe(0);
  });

  it('exits 2 with the usage when no token is given, and 0 for --check without one', async () => {
    const file = writeCsv(dir, 'check.csv', [CRASH_HEADER, ...crashRows(`JJ-${uid()}`, uniqueCounty(), 2)]);
    const noToken = await runCli(['--agency', 'police', '--file', file, '--url', t.baseUrl]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/^No token: pass --token-file <path> or set HUB_TOKEN[\s\S]*Usage: npm run import/);
    const check = await runCli(['--agency', 'police', '--file', file, '--check']);
    expect(check.stdout).toBe(`${file}: 2 TrafficCrashReported rows, all valid; nothing was sent (--check).\n`);
    expect(check.code).toBe(0);
  });

  it('exits 3 saying how to resume when the hub cannot be reached', async () => {
    const file = writeCsv(dir, 'down.csv', [CRASH_HEADER, ...crashRows(`JJ-${uid()}`, uniqueCounty(), 2)]);
    const run = await runCli(['--agency', 'police', '--file', file, '--url', await closedPortUrl(), '--retries', '0'], { HUB_TOKEN: TEST_TOKENS.police });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/did not take the batch after 1 attempts \(last: ECONNREFUSED\)[\s\S]*Run the same command again to resume/);
  });
});

/** A local port that was just free: connecting to it is refused at once. */
async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
