// Fault: the recorder+projector process is killed (SIGKILL, no goodbye) in the middle of a
// stream of ~3000 events arriving through the gateways, and restarted on the same data dir.
// Afterwards every figure is exact: nothing lost, nothing counted twice.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { testBrokers, testKafka } from '../kafka/support';
import { startHubProcess, waitUntilReady } from '../support/hubProcess';
import { metricSum, postEvents, recorderLag, startSplitHub, uniqueKafkaNames, waitUntil, type SplitHub } from './support';
import { buildStream } from './streams';
import { expectStreamFigures } from './streamFigures';

const brokers = testBrokers().join(',');
const kafka = testKafka();
const names = uniqueKafkaNames('crash');
const communities = ['610902124', '610902125', '610902128'];
let split: SplitHub | undefined;

afterAll(async () => {
  if (!split) return;
  await Promise.all([split.gateways.stop('SIGKILL'), split.recorder.stop('SIGKILL')]);
  for (const dir of [split.gatewaysDir, split.recorderDir]) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the recorder killed while it consumes', () => {
  it('restarts on the same data and ends with every figure exact: nothing lost, nothing counted twice', async () => {
    const stream = buildStream({ runId: randomUUID().slice(0, 6), communities, perCommunity: 250, batchSize: 100, reviseEvery: 25 });
    expect(stream.events).toBe(3030);
    split = await startSplitHub(brokers, names);
    const s = split;

    // Publish the stream (two requests in flight at a time) while watching the recorder. The
    // last 40% of the requests wait for the kill, so the stream surely goes on after it.
    let next = 0;
    let accepted = 0;
    let markKilled!: () => void;
    const killed = new Promise<void>((resolve) => (markKilled = resolve));
    const holdFrom = Math.floor(stream.batches.length * 0.6);
    const publishAll = async () => {
      while (next < stream.batches.length) {
        if (next >= holdFrom) await killed;
        const batch = stream.batches[next++]!;
        const res = await postEvents(s.gateways.baseUrl, batch.agency, batch.events);
        expect(res.status, res.text).toBe(202);
        accepted += batch.events.length;
      }
    };
    const publishing = Promise.all([publishAll(), publishAll()]);

    // Kill it once it has recorded a part of the stream, with more still to come.
    await waitUntil(
      'recorder under way',
      () => metricSum(s.recorder.baseUrl, 'hub_events_recorded_total'),
      (n) => n >= 400,
      { timeoutMs: 60_000, intervalMs: 25 },
    );
    const acceptedAtKill = accepted;
    await s.recorder.stop('SIGKILL');
    markKilled();
    await publishing;
    expect(acceptedAtKill).toBeLessThan(stream.events); // the stream went on after the kill
    expect(accepted).toBe(stream.events);

    // A duplicate re-send of a request accepted before the kill, while the recorder is down.
    const resent = stream.batches[0]!;
    expect((await postEvents(s.gateways.baseUrl, resent.agency, resent.events)).status).toBe(202);

    s.recorder = await startHubProcess(s.recorderEnv);
    // The signals: the recorder group committed up to the end of every bureau topic, then the
    // projector caught up with the store.
    await waitUntil('recorder group caught up', () => recorderLag(kafka, names), (lag) => lag === 0, { timeoutMs: 90_000, intervalMs: 500 });
    await waitUntilReady(s.recorder.baseUrl, 60_000);

    await expectStreamFigures(s.recorder.baseUrl, stream.expected, communities);

    // Per type: what the gateways accepted (less the re-sent request) is what the store holds, once.
    const perType = new Map<string, number>();
    for (const b of stream.batches) for (const e of b.events) perType.set(e.type as string, (perType.get(e.type as string) ?? 0) + 1);
    for (const [type, n] of perType) {
      const resentOfType = resent.events.filter((e) => e.type === type).length;
      expect(await metricSum(s.gateways.baseUrl, 'hub_events_accepted_total', { type }), type).toBe(n + resentOfType);
    }
    expect(await s.recorder.stop('SIGTERM')).toBe(0);
    const db = new Database(path.join(s.recorderDir, 'events.sqlite'), { readonly: true });
    try {
      const stored = db.prepare('SELECT type, COUNT(*) AS n, COUNT(DISTINCT event_id) AS ids FROM events GROUP BY type').all() as Array<{ type: string; n: number; ids: number }>;
      expect(Object.fromEntries(stored.map((r) => [r.type, r.n]))).toEqual(Object.fromEntries(perType));
      for (const r of stored) expect(r.ids, r.type).toBe(r.n);
    } finally {
      db.close();
    }
  }, 240_000);
});
