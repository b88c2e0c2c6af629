// The exchange between bureaus end to end: the hub as a real process (embedded mode, SQLite
// files), bureaus granting, publishing, revoking and reading over HTTP; then the hub restarted
// and its read model rebuilt, and the consumer's cursors still valid.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparePlaces, decodeCursor } from '../../services/projector/feed/cursor';
import { TEST_TOKENS, makeDataDir, startHubProcess, waitUntilReady, type HubProcess } from '../support/hubProcess';
import { client, covered, crash, dayOffset, expectValidChain, grant, hazard, keyOf, policeCase, revoke, uid } from './kit';

let hub: HubProcess;
const { dataDir, authFile } = makeDataDir('hub-feed-');
const env = { HUB_DATA_DIR: dataDir, HUB_AUTH_FILE: authFile, HUB_TIMEZONE: 'Asia/Shanghai' };
const api = client(() => hub.baseUrl);
const root = path.resolve(__dirname, '../..');

beforeAll(async () => {
  hub = await startHubProcess(env);
}, 60_000);

afterAll(async () => {
  await hub?.stop('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// police -> health: crashes under 610902 (scenarios below rely on this pair only).
const G1 = uid('GX-PH');
const C_IN = uid('JJ-in');
const C_OUT = uid('JJ-out');
const P_CASE = uid('XA');
let cursorAfterFirstPage = '';
let firstPageKeys: string[] = [];

describe('exchange between bureaus, embedded hub process', () => {
  it('shares nothing by default: records but no agreement give an empty list', async () => {
    await api.post('police', [crash(C_IN), crash(C_OUT, '610921100'), policeCase(P_CASE)]);
    const page = await api.feed('health');
    expect(page.status).toBe(200);
    expect(page.events).toEqual([]);
    expect(typeof page.next).toBe('string');
  });

  it('refuses a grant of a type the provider may not publish, or to itself', async () => {
    const bad = await api.postRaw('police', [grant(uid('GX'), 'police', ['FireIncidentReported'])]);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['consumer', 'types.0']);
    const dates = await api.postRaw('police', [grant(uid('GX'), 'health', ['TrafficCrashReported'], { validFrom: '2025-05-01', validUntil: '2025-05-01' })]);
    expect(dates.status).toBe(400);
    expect(dates.body.errors[0].path).toBe('validUntil');
  });

  it('delivers the granted type under the region, past records included, and logs it for the provider', async () => {
    await api.post('police', [grant(G1, 'health', ['TrafficCrashReported', 'PublicSecurityCaseRecorded'])]);
    const page = await api.feed('health');
    expect(page.status).toBe(200);
    expect(page.events.map(keyOf)).toEqual([`${C_IN}#1`, `${P_CASE}#1`]);
    expect(page.events[0]).toMatchObject({ agreementId: G1, agency: 'police', type: 'TrafficCrashReported', record: { communityCode: '610902001', revision: 1 } });
    // A short page: next is the end of what the hub considered, at or after the last event.
    expect(comparePlaces(decodeCursor(page.next)!, decodeCursor(page.events[1]!.cursor)!)).toBeGreaterThanOrEqual(0);
    firstPageKeys = page.events.map(keyOf);
    cursorAfterFirstPage = page.next;

    const entries = await api.accessLog('police');
    expectValidChain(entries);
    expect(entries.at(-1)).toMatchObject({ provider: 'police', consumer: 'health', tokenId: 'health-e2e', agreementIds: [G1], events: 2, firstCursor: page.events[0]!.cursor, lastCursor: page.next });
  });

  it('narrows at once when the grant is revised, and delivers each counted revision once', async () => {
    await api.post('police', [{ ...grant(G1, 'health', ['TrafficCrashReported']), revision: 2 }]);
    const C2 = uid('JJ');
    await api.post('police', [policeCase(uid('XA')), crash(C2), { ...crash(C2), revision: 3 }]);
    await api.post('police', [{ ...crash(C2), revision: 2 }, { ...crash(C2), revision: 3 }]);
    const page = await api.feed('health', { after: cursorAfterFirstPage });
    expect(page.events.map(keyOf)).toEqual([`${C2}#1`, `${C2}#3`]);
    const all = await api.feed('health');
    expect(all.events.map((e) => e.type)).not.toContain('PublicSecurityCaseRecorded');
  });

  it('pages with limit and next, and refuses malformed parameters with a 400 naming them', async () => {
    const one = await api.feed('health', { limit: 1 });
    expect(one.events).toHaveLength(1);
    const two = await api.feed('health', { limit: 1, after: one.next });
    expect(two.events).toHaveLength(1);
    expect(two.events[0]!.cursor > '' && two.events[0]!.cursor !== one.events[0]!.cursor).toBe(true);
    for (const [query, param] of [[{ after: 'not-a-cursor' }, 'after'], [{ limit: 0 }, 'limit'], [{ limit: 1001 }, 'limit'], [{ wait: 31 }, 'wait']] as const) {
      const res = await api.feed('health', query as Record<string, string | number>);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body.errors[0].path).toBe(param);
    }
  });

  it('answers another bureau\'s token with 403 and no token with 401', async () => {
    expect((await api.feed('health', {}, 'police')).status).toBe(403);
    expect((await api.get('/agencies/health/v1/feed', 'nope')).status).toBe(401);
    expect((await api.get('/agencies/police/v1/access-log', TEST_TOKENS.health)).status).toBe(403);
    expect((await api.get('/agencies/health/v1/feed', TEST_TOKENS.committeeNational)).status).toBe(403);
  });

  it('shares nothing under an agreement that ended yesterday or starts tomorrow, and lists their status', async () => {
    const ended = uid('GX-PF');
    const pending = uid('GX-PT');
    await api.post('police', [
      grant(ended, 'fire', ['TrafficCrashReported'], { validFrom: dayOffset(-60), validUntil: dayOffset(-1) }),
      grant(pending, 'transport', ['TrafficCrashReported'], { validFrom: dayOffset(1), validUntil: dayOffset(30) }),
      crash(uid('JJ')),
    ]);
    expect((await api.feed('fire')).events).toEqual([]);
    expect((await api.feed('transport')).events).toEqual([]);
    const listed = await api.get('/agencies/police/v1/agreements', TEST_TOKENS.police);
    const status = Object.fromEntries(listed.body.agreements.map((a: { agreementId: string; status: string }) => [a.agreementId, a.status]));
    expect(status).toMatchObject({ [G1]: 'ACTIVE', [ended]: 'EXPIRED', [pending]: 'PENDING' });
    const forFire = await api.get('/agencies/fire/v1/agreements', TEST_TOKENS.fire);
    expect(forFire.body.agreements.map((a: { agreementId: string }) => a.agreementId)).toEqual([ended]);
    expect(forFire.body.agreements[0]).toEqual({
      agreementId: ended, provider: 'police', consumer: 'fire', types: ['TrafficCrashReported'], regionCode: '610902',
      purpose: 'exchange test', validFrom: dayOffset(-60), validUntil: dayOffset(-1), status: 'EXPIRED',
    });
  });

  it('lists agreements for committees by region: inside or containing the token\'s region, other regions refused', async () => {
    const district = await api.get('/committee/v1/agreements', TEST_TOKENS.committeeDistrict);
    expect(district.status).toBe(200);
    expect(district.body.agreements.map((a: { agreementId: string }) => a.agreementId)).toContain(G1);
    const other = await api.get('/committee/v1/agreements', TEST_TOKENS.committeeOther);
    expect(other.body.agreements).toEqual([]);
    expect((await api.get('/committee/v1/agreements?region=6109', TEST_TOKENS.committeeDistrict)).status).toBe(403);
    expect((await api.get('/committee/v1/agreements?region=61x', TEST_TOKENS.committeeNational)).status).toBe(400);
  });

  it('wakes a waiting long poll as soon as a shared event is projected', async () => {
    const grantId = uid('GX-TS');
    await api.post('transport', [grant(grantId, 'safety', ['HazardIdentified'])]);
    const start = await api.feed('safety');
    const waiting = api.feed('safety', { after: start.next, wait: 25 });
    const H = uid('YH');
    const started = Date.now();
    await api.post('transport', [hazard(H)]);
    const page = await waiting;
    expect(page.events.map(keyOf)).toEqual([`${H}#1`]);
    expect(Date.now() - started).toBeLessThan(20_000); // woken, not timed out
  });

  it('stops delivery at once on revocation, also for a long poll already waiting', async () => {
    const grantId = uid('GX-SF');
    await api.post('safety', [grant(grantId, 'fire', ['HazardIdentified'])]);
    const before = await api.feed('fire', {});
    const waiting = api.feed('fire', { after: before.next, wait: 3 });
    // The hazard and the revocation land in one page: the waiting poll is woken by it and must
    // not hand the hazard out.
    await api.post('safety', [hazard(uid('YH')), revoke(uid('GX-SF-R'), grantId)]);
    const woken = await waiting;
    expect(woken.status).toBe(200);
    expect(woken.events).toEqual([]);
    expect((await api.feed('fire')).events.filter((e) => e.agreementId === grantId)).toEqual([]);
    const listed = await api.get('/agencies/fire/v1/agreements', TEST_TOKENS.fire);
    expect(listed.body.agreements.find((a: { agreementId: string }) => a.agreementId === grantId).status).toBe('REVOKED');
  });

  it('keeps every provider\'s access-log chain intact and counts served events in the metrics', async () => {
    for (const provider of ['police', 'transport'] as const) {
      const entries = await api.accessLog(provider);
      expect(entries.length).toBeGreaterThan(0);
      expectValidChain(entries);
    }
    expect(await api.accessLog('safety')).toEqual([]);
    const metrics = await (await fetch(`${hub.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/hub_feed_events_served_total\{provider="police",consumer="health"\} [1-9]/);
    expect(metrics).toMatch(/hub_feed_requests_total\{consumer="health",status_code="200"\} [1-9]/);
    expect(metrics).toMatch(/hub_feed_requests_total\{consumer="health",status_code="400"\} [1-9]/);
  });

  it('keeps cursors valid after a restart and after a read-model rebuild', async () => {
    const expected = (await api.feed('health', { after: cursorAfterFirstPage, limit: 1000 })).events.map(keyOf);
    // The grant was narrowed: the case record of the first page is no longer shared.
    expect((await api.feed('health', { limit: 2 })).events.map(keyOf)[0]).toBe(firstPageKeys[0]);
    const logBefore = await api.accessLog('police');

    await hub.stop('SIGTERM');
    hub = await startHubProcess(env);
    await waitUntilReady(hub.baseUrl);
    expect((await api.feed('health', { after: cursorAfterFirstPage, limit: 1000 })).events.map(keyOf)).toEqual(expected);

    await hub.stop('SIGTERM');
    await new Promise<void>((resolve, reject) => {
      const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
      delete childEnv.KAFKA_BROKERS;
      delete childEnv.ESDB_URL;
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/rebuild.ts')], { cwd: root, env: childEnv });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`rebuild exited with ${code}: ${stderr}`))));
    });
    hub = await startHubProcess(env);
    await waitUntilReady(hub.baseUrl);
    expect((await api.feed('health', { after: cursorAfterFirstPage, limit: 1000 })).events.map(keyOf)).toEqual(expected);
    // The access log is not part of the read model: the rebuild kept every entry.
    const logAfter = await api.accessLog('police');
    expect(logAfter.slice(0, logBefore.length)).toEqual(logBefore);
    expectValidChain(logAfter);
    for (const e of (await api.feed('health', { limit: 1000 })).events) expect(covered(logAfter, 'health', e.cursor)).toBe(true);
  }, 120_000);
});
