// The feed follower (`npm run feed`) as a real child process against a real hub: JSON lines out,
// and a second run resumes from the saved cursor.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFollowerArgs } from '../../scripts/feed/args';
import { TEST_TOKENS, makeDataDir, startHubProcess, type HubProcess } from '../support/hubProcess';
import { client, crash, grant, uid } from './kit';

let hub: HubProcess;
const { dataDir, authFile } = makeDataDir('hub-follower-');
const api = client(() => hub.baseUrl);
const root = path.resolve(__dirname, '../..');

beforeAll(async () => {
  hub = await startHubProcess({ HUB_DATA_DIR: dataDir, HUB_AUTH_FILE: authFile });
}, 60_000);
afterAll(async () => {
  await hub?.stop('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function runFollower(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/feed/main.ts'), ...args], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('feed follower', () => {
  it('given its arguments, when parsed, then defaults apply and mistakes are refused', () => {
    expect(parseFollowerArgs(['--agency', 'health'], { HUB_TOKEN: 't' })).toEqual({
      agency: 'health', token: 't', url: 'http://127.0.0.1:8080', out: null, state: '.feed-health.cursor', limit: 1000, waitSeconds: 30, once: false,
    });
    expect(parseFollowerArgs(['--agency=fire', '--token=x', '--limit', '5', '--once', '--url', 'http://h:1/']).url).toBe('http://h:1');
    expect(() => parseFollowerArgs(['--agency', 'army', '--token', 'x'])).toThrow(/--agency/);
    expect(() => parseFollowerArgs(['--agency', 'health'])).toThrow(/--token/);
    expect(() => parseFollowerArgs(['--agency', 'health', '--token', 'x', '--limit', '0'])).toThrow(/--limit/);
    expect(() => parseFollowerArgs(['--agency', 'health', '--token', 'x', '--bogus'])).toThrow(/unknown argument/);
  });

  it('writes the shared events as JSON lines and resumes from its cursor', async () => {
    const first = [uid('JJ-F'), uid('JJ-F'), uid('JJ-F')];
    await api.post('police', [grant(uid('GX-F'), 'health', ['TrafficCrashReported']), ...first.map((id) => crash(id))]);
    const out = path.join(dataDir, 'health.jsonl');
    const state = path.join(dataDir, 'health.cursor');
    const args = ['--agency', 'health', '--token', TEST_TOKENS.health, '--url', hub.baseUrl, '--out', out, '--state', state, '--limit', '2', '--once'];
    const run1 = await runFollower(args);
    expect(run1.code, run1.stderr).toBe(0);
    const lines1 = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines1.map((e) => e.record.sourceRecordId)).toEqual(first);
    expect(fs.readFileSync(state, 'utf8').trim()).toBe(lines1[2].cursor);

    const second = uid('JJ-F');
    await api.post('police', [crash(second)]);
    const run2 = await runFollower(args);
    expect(run2.code, run2.stderr).toBe(0);
    const lines2 = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines2.map((e) => e.record.sourceRecordId)).toEqual([...first, second]);
  }, 60_000);
});
