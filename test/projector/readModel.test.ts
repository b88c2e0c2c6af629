import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agency } from '../../services/kernel/agency';
import type { EventBody } from '../../services/kernel/events.generated';
import type { ProjectedEvent } from '../../services/projector/domain/types';
import { openReadModel, type ReadModel } from '../../services/projector/readModel';
import { bodies, uid } from './fixture';

let dir: string;
let model: ReadModel;
let nextPosition: bigint;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readmodel-'));
  model = openReadModel(path.join(dir, 'readmodel.sqlite'), { timeZone: 'Asia/Shanghai' });
  nextPosition = 1n;
});

afterEach(() => {
  model.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function event(agency: Agency, body: EventBody, receivedAt: string): ProjectedEvent {
  return { position: nextPosition++, eventId: uid('event'), agency, receivedAt, body };
}

/** Applies the events in order with the last position as checkpoint. */
function applyAll(...events: ProjectedEvent[]): void {
  model.apply(events, events[events.length - 1]!.position);
}

const ms = (iso: string) => Date.parse(iso);

describe('read model apply', () => {
  it('writes events and the checkpoint, and returns bodies as they were given', async () => {
    const crash = event('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00', { deaths: 1 }), '2025-03-01T01:00:00.000Z');
    applyAll(crash);
    expect(model.checkpoint()).toBe(1n);
    const at = await model.queries.pointAt(ms('2025-03-02T00:00:00Z'));
    const community = (await model.queries.communityFacts('610902001', 2025, at))!;
    expect(community.records.TrafficCrashReported.map((r) => [r.current, r.currentEventId])).toEqual([[crash.body, crash.eventId]]);
  });

  it('applies an event delivered twice only once', () => {
    const crash = event('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00.000Z');
    applyAll(crash);
    model.apply([crash], 1n);
    model.apply([{ ...crash, position: 7n }], 7n); // same event id at another position
    expect(model.recordCount()).toBe(1);
    expect(model.checkpoint()).toBe(7n);
  });

  it('writes nothing, not even the checkpoint, when any event of the batch fails', () => {
    const good = event('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00.000Z');
    const bad = { ...event('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), 'not a time') };
    expect(() => model.apply([good, bad], bad.position)).toThrow(/receivedAt/);
    expect(model.recordCount()).toBe(0);
    expect(model.checkpoint()).toBeNull();
  });

  it('refuses positions beyond 2^53 and leaves the model unchanged', () => {
    const crash = event('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00.000Z');
    expect(() => model.apply([{ ...crash, position: 2n ** 53n }], 2n ** 53n)).toThrow(RangeError);
    expect(model.recordCount()).toBe(0);
  });

  it('starts without a checkpoint and is empty again after reset', () => {
    expect(model.checkpoint()).toBeNull();
    applyAll(event('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00.000Z'));
    model.apply([], 5n, [{ position: 5n, eventId: uid('bad'), type: 'TrafficCrashReported', reason: 'bad_magic', detail: 'x', skippedAt: '2025-03-01T01:00:00.000Z' }]);
    expect(model.skippedEvents()).toHaveLength(1);
    model.reset();
    expect(model.checkpoint()).toBeNull();
    expect(model.recordCount()).toBe(0);
    expect(model.skippedEvents()).toEqual([]);
  });

  it('keeps the checkpoint across reopening the file', () => {
    applyAll(event('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00.000Z'));
    model.close();
    model = openReadModel(path.join(dir, 'readmodel.sqlite'), { timeZone: 'Asia/Shanghai' });
    expect(model.checkpoint()).toBe(1n);
    expect(model.recordCount()).toBe(1);
  });
});

