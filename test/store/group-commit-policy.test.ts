// The group committer's policy, given a commit that the test holds open: which requests go
// together, in what order, and how big a group gets.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createGroupCommitter, type CommitGroup } from '../../services/kernel/store/groupCommit';
import type { NewEvent, StreamAppend } from '../../services/kernel/store/eventStore';

function request(events: number, stream = `record-police-${randomUUID()}`): StreamAppend[] {
  const list: NewEvent[] = Array.from({ length: events }, () => ({
    eventId: randomUUID(),
    type: 'TrafficCrashReported',
    data: new Uint8Array([0xc3, 0x01]),
    metadata: { agency: 'police', tokenId: 't', receivedAt: '2025-01-01T00:00:00.000Z', sourceRecordId: 'R', revision: 1, schemaFingerprint: '00' },
  }));
  return [{ stream, expectedRevision: 'any', events: list }];
}

/** A commit that records each group (as the sizes of its requests) and finishes when told to. */
function heldCommits() {
  const groups: StreamAppend[][][] = [];
  const releases: Array<() => void> = [];
  const commit: CommitGroup = (requests) => {
    groups.push(requests);
    return new Promise((resolve) => {
      releases.push(() => resolve(requests.map((appends) => ({ ok: true as const, outcomes: appends.map((a) => ({ stream: a.stream, nextExpectedRevision: 0n })) }))));
    });
  };
  const sizes = () => groups.map((g) => g.map((r) => r.reduce((n, a) => n + a.events.length, 0)));
  /** Lets the running commit finish and waits until the next one has started (or all are done). */
  const release = async () => {
    const started = groups.length;
    releases.shift()!();
    for (let i = 0; i < 20 && groups.length === started; i += 1) await Promise.resolve();
  };
  return { commit, sizes, release };
}

describe('group commit policy', () => {
  it('commits small requests that arrive behind big batches in a group of their own, ahead of the batches', async () => {
    // given a commit running and two 1000-event batches queued behind it
    const held = heldCommits();
    const committer = createGroupCommitter(held.commit, { maxEventsPerGroup: 2000, smallRequestEvents: 50 });
    const answered: string[] = [];
    const send = (name: string, events: number) => committer.append(request(events)).then(() => answered.push(name));
    const all = [send('first', 1000), send('big A', 1000), send('big B', 1000)];
    // when two single-event requests arrive after them
    all.push(send('probe 1', 1), send('probe 2', 1));
    await held.release();
    // then the next group holds just the two probes, and the batches follow together
    expect(held.sizes()).toEqual([[1000], [1, 1]]);
    await held.release();
    expect(held.sizes()).toEqual([[1000], [1, 1], [1000, 1000]]);
    await held.release();
    await Promise.all(all);
    expect(answered).toEqual(['first', 'probe 1', 'probe 2', 'big A', 'big B']);
  });

  it('keeps a small request behind a queued batch that writes one of its streams', async () => {
    // given a running commit, then a batch and a small request to one of the batch's streams
    const held = heldCommits();
    const committer = createGroupCommitter(held.commit, { maxEventsPerGroup: 1000, smallRequestEvents: 50 });
    const shared = `record-police-${randomUUID()}`;
    const batch = [...request(999), ...request(1, shared)];
    const answered: string[] = [];
    const all = [
      committer.append(request(1000)).then(() => answered.push('first')),
      committer.append(batch).then(() => answered.push('batch')),
      committer.append(request(1, shared)).then(() => answered.push('same stream')),
      committer.append(request(1)).then(() => answered.push('other stream')),
    ];
    await held.release();
    // then only the request to another stream goes ahead; the one sharing a stream waits its turn
    expect(held.sizes()).toEqual([[1000], [1]]);
    await held.release();
    await held.release();
    await held.release();
    await Promise.all(all);
    expect(answered).toEqual(['first', 'other stream', 'batch', 'same stream']);
  });

  it('caps a group at maxEventsPerGroup, and a bigger request goes alone', async () => {
    const held = heldCommits();
    const committer = createGroupCommitter(held.commit, { maxEventsPerGroup: 2000, smallRequestEvents: 50 });
    const all = [1000, 3000, 800, 800, 800, 500].map((n) => committer.append(request(n)));
    for (let i = 0; i < 4; i += 1) await held.release();
    await Promise.all(all);
    expect(held.sizes()).toEqual([[1000], [3000], [800, 800], [800, 500]]);
  });

  it('takes everything waiting in arrival order when no request is small', async () => {
    const held = heldCommits();
    const committer = createGroupCommitter(held.commit, { maxEventsPerGroup: 20_000, smallRequestEvents: 50 });
    const all = [100, 200, 300, 400].map((n) => committer.append(request(n)));
    await held.release();
    await held.release();
    await Promise.all(all);
    expect(held.sizes()).toEqual([[100], [200, 300, 400]]);
  });
});
