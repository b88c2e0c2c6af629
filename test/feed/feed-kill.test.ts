// kill -9 of the hub while a consumer is reading its feed: afterwards every event the consumer
// received is covered by an entry of the provider's access log (written before each answer left).
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDataDir, startHubProcess, waitUntilReady, type HubProcess } from '../support/hubProcess';
import { client, covered, crash, expectValidChain, grant, readUntilGone, uid } from './kit';

let hub: HubProcess;
const { dataDir, authFile } = makeDataDir('hub-feed-kill-');
const env = { HUB_DATA_DIR: dataDir, HUB_AUTH_FILE: authFile, HUB_TIMEZONE: 'Asia/Shanghai' };
const api = client(() => hub.baseUrl);

afterAll(async () => {
  await hub?.stop('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('access log under kill -9', () => {
  it('covers every event a consumer received before the hub was killed', async () => {
    hub = await startHubProcess(env);
    await api.post('police', [grant(uid('GX-K'), 'health', ['TrafficCrashReported'])]);
    for (let batch = 0; batch < 4; batch += 1) {
      await api.post('police', Array.from({ length: 500 }, () => crash(uid('JJ-K'))));
    }
    await waitUntilReady(hub.baseUrl);

    const { received, pages, done: consumer } = readUntilGone(api, 'health', 20);
    // Kill once answers are flowing, while the consumer keeps asking.
    while (pages() < 15) await new Promise((r) => setImmediate(r));
    await hub.stop('SIGKILL');
    await consumer;
    expect(received.length).toBeGreaterThanOrEqual(15 * 20);
    expect(received.length).toBeLessThan(2000);

    hub = await startHubProcess(env);
    await waitUntilReady(hub.baseUrl);
    const entries = await api.accessLog('police');
    expectValidChain(entries);
    const uncovered = received.filter((e) => !covered(entries, 'health', e.cursor));
    expect(uncovered).toEqual([]);
    expect(entries.reduce((n, e) => n + e.events, 0)).toBeGreaterThanOrEqual(received.length);
  }, 120_000);
});
