// Rebalances: a second recorder process joins the recorder group in the middle of a stream of
// ~1500 events arriving through the gateways, takes over some partitions, then leaves gracefully
// (SIGTERM) while the stream goes on. Both recorders append into one event store (the same
// SQLite file: same data dir), so what the store ends up holding is the whole group's work.
// Afterwards the store holds every accepted event id exactly once and every figure is exact.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { testBrokers, testKafka } from '../kafka/support';
import { startHubProcess, waitUntilReady, type HubProcess } from '../support/hubProcess';
import { metricSum, postEvents, recorderLag, startSplitHub, uniqueKafkaNames, waitUntil, type SplitHub } from './support';
import { buildStream } from './streams';
import { expectStreamFigures } from './streamFigures';

const brokers = testBrokers().join(',');
const kafka = testKafka();
const names = uniqueKafkaNames('rebalance');
const communities = ['610902130', '610902132', '610902112'];
let split: SplitHub | undefined;
let second: HubProcess | undefined;

afterAll(async () => {
  await second?.stop('SIGKILL');
  if (!split) return;
  await Promise.all([split.gateways.stop('SIGKILL'), split.recorder.stop('SIGKILL')]);
  for (const dir of [split.gatewaysDir, split.recorderDir]) fs.rmSync(dir, { recursive: true, force: true });
});

/** A gate the publishers wait at until the test opens it. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('a second recorder joining and leaving the group while events flow', () => {
  it('loses and duplicates nothing: the shared store holds every accepted event id exactly once and the figures are exact', async () => {
    const stream = buildStream({ runId: randomUUID().slice(0, 6), communities, perCommunity: 125, batchSize: 50, reviseEvery: 25 });
    expect(stream.events).toBe(1515);
    split = await startSplitHub(brokers, names);
    const s = split;
    // The second recorder: recorder only, the same data dir (one event store), group and prefix.
    const secondEnv = { ...s.recorderEnv, HUB_SERVICES: 'recorder' };

    // Publish the stream, two requests in flight at a time. Publishing holds at two gates: one
    // a third of the way (opened once the second recorder is a ready member of the group), one
    // at two thirds (opened once it has left the group). The second recorder is started, and
    // later stopped, while requests are being published; each gate ensures more comes after.
    const batches = stream.batches;
    const joinedGate = gate();
    const leftGate = gate();
    const joinAt = Math.floor(batches.length / 3);
    const leaveAt = Math.floor((2 * batches.length) / 3);
    const acceptedIds = new Set<string>();
    let next = 0;
    let accepted = 0;
    const publishAll = async () => {
      while (next < batches.length) {
        if (next >= joinAt) await joinedGate.opened;
        if (next >= leaveAt) await leftGate.opened;
        const batch = batches[next++]!;
        const res = await postEvents(s.gateways.baseUrl, batch.agency, batch.events);
        expect(res.status, res.text).toBe(202);
        for (const e of res.body().events as Array<{ eventId: string }>) acceptedIds.add(e.eventId);
        accepted += batch.events.length;
      }
    };
    const publishing = Promise.all([publishAll(), publishAll()]);

    // Join: once recorder A is under way, start recorder B while requests are published.
    await waitUntil('first recorder under way', () => metricSum(s.recorder.baseUrl, 'hub_events_recorded_total'), (n) => n >= 100, {
      timeoutMs: 60_000,
      intervalMs: 25,
    });
    const acceptedAtJoin = accepted;
    second = await startHubProcess(secondEnv);
    const b = second;
    await waitUntilReady(b.baseUrl, 60_000); // a member of the group
    // A duplicate re-send of an accepted request, while the group is two members.
    const resent = batches[0]!;
    expect((await postEvents(s.gateways.baseUrl, resent.agency, resent.events)).status).toBe(202);
    joinedGate.open();
    // B got partitions from the rebalance and appended a share of the stream to the shared store.
    await waitUntil('second recorder recorded', () => metricSum(b.baseUrl, 'hub_events_recorded_total'), (n) => n >= 50, {
      timeoutMs: 60_000,
      intervalMs: 50,
    });

    // Leave: B stops gracefully (leaves the group) while requests are published.
    const acceptedAtLeave = accepted;
    expect(await b.stop('SIGTERM')).toBe(0);
    second = undefined;
    leftGate.open();
    await publishing;
    expect(acceptedAtJoin).toBeLessThan(acceptedAtLeave); // the stream went on across the join
    expect(acceptedAtLeave).toBeLessThan(stream.events); // and across the leave
    expect(accepted).toBe(stream.events);
    expect(acceptedIds.size).toBe(stream.events);

    // The signals: the group committed up to the end of every bureau topic (A alone now), then
    // the projector caught up with the store (B's appends included: it follows the store).
    await waitUntil('recorder group caught up', () => recorderLag(kafka, names), (lag) => lag === 0, { timeoutMs: 90_000, intervalMs: 500 });
    await waitUntilReady(s.recorder.baseUrl, 60_000);

    await expectStreamFigures(s.recorder.baseUrl, stream.expected, communities);

    // The shared store holds exactly the accepted event ids, each once.
    expect(await s.recorder.stop('SIGTERM')).toBe(0);
    const db = new Database(path.join(s.recorderDir, 'events.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('SELECT event_id FROM events').pluck().all() as string[];
      expect(rows.length).toBe(stream.events);
      expect(new Set(rows).size).toBe(rows.length);
      expect([...rows].sort()).toEqual([...acceptedIds].sort());
    } finally {
      db.close();
    }
  }, 180_000);
});
