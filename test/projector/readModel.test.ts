import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agency } from '../../services/kernel/agency';
import type { EventBody } from '../../services/kernel/events.generated';
import type { ProjectedEvent } from '../../services/projector/domain/types';
import { openReadModel, type ReadModel } from '../../services/projector/readModel';
import { SCOPE_SQL } from '../../services/projector/scopeQuery';
import { bodies, uid } from './fixture';

let dir: string;
let model: ReadModel;
let nextPosition: bigint;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readmodel-'));
  model = openReadModel(path.join(dir, 'readmodel.sqlite'));
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
const ids = (events: ProjectedEvent[]) => events.map((e) => e.eventId);

describe('read model apply', () => {
  it('writes events and the checkpoint, and returns bodies as they were given', () => {
    const crash = event('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00', { deaths: 1 }), '2025-03-01T01:00:00.000Z');
    applyAll(crash);
    expect(model.checkpoint()).toBe(1n);
    expect(model.loadScope({ regionCode: '610902001', asOfMs: ms('2025-03-02T00:00:00Z') })).toEqual([crash]);
  });

  it('applies an event delivered twice only once', () => {
    const crash = event('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00.000Z');
    applyAll(crash);
    model.apply([crash], 1n);
    model.apply([{ ...crash, position: 7n }], 7n); // same event id at another position
    expect(model.eventCount()).toBe(1);
    expect(model.checkpoint()).toBe(7n);
  });

  it('writes nothing, not even the checkpoint, when any event of the batch fails', () => {
    const good = event('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00.000Z');
    const bad = { ...event('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), 'not a time') };
    expect(() => model.apply([good, bad], bad.position)).toThrow(/receivedAt/);
    expect(model.eventCount()).toBe(0);
    expect(model.checkpoint()).toBeNull();
  });

  it('refuses positions beyond 2^53 and leaves the model unchanged', () => {
    const crash = event('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00.000Z');
    expect(() => model.apply([{ ...crash, position: 2n ** 53n }], 2n ** 53n)).toThrow(RangeError);
    expect(model.eventCount()).toBe(0);
  });

  it('starts without a checkpoint and is empty again after reset', () => {
    expect(model.checkpoint()).toBeNull();
    applyAll(event('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00.000Z'));
    model.apply([], 5n, [{ position: 5n, eventId: uid('bad'), type: 'TrafficCrashReported', reason: 'bad_magic', detail: 'x', skippedAt: '2025-03-01T01:00:00.000Z' }]);
    expect(model.skippedEvents()).toHaveLength(1);
    model.reset();
    expect(model.checkpoint()).toBeNull();
    expect(model.eventCount()).toBe(0);
    expect(model.skippedEvents()).toEqual([]);
  });

  it('keeps the checkpoint across reopening the file', () => {
    applyAll(event('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00.000Z'));
    model.close();
    model = openReadModel(path.join(dir, 'readmodel.sqlite'));
    expect(model.checkpoint()).toBe(1n);
    expect(model.eventCount()).toBe(1);
  });
});

describe('read model loadScope', () => {
  const late = ms('2030-01-01T00:00:00Z');

  it('loads the events naming a community of the region and nothing from elsewhere', () => {
    const a = event('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00Z');
    const b = event('police', bodies.crash(uid('crash'), '610903001', '2025-03-01T08:00:00+08:00'), '2025-03-01T02:00:00Z');
    const c = event('police', bodies.crash(uid('crash'), '611001001', '2025-03-01T08:00:00+08:00'), '2025-03-01T03:00:00Z');
    applyAll(a, b, c);
    expect(ids(model.loadScope({ regionCode: '610902', asOfMs: late }))).toEqual(ids([a]));
    expect(ids(model.loadScope({ regionCode: '6109', asOfMs: late }))).toEqual(ids([a, b]));
    expect(ids(model.loadScope({ regionCode: '61', asOfMs: late }))).toEqual(ids([a, b, c]));
    expect(ids(model.loadScope({ regionCode: '', asOfMs: late }))).toEqual(ids([a, b, c]));
    expect(model.loadScope({ regionCode: '62', asOfMs: late })).toEqual([]);
  });

  it('loads only events received by asOf', () => {
    const id = uid('crash');
    const rev1 = event('police', bodies.crash(id, '610902001', '2025-03-01T08:00:00+08:00', { deaths: 0 }), '2025-03-01T01:00:00.000Z');
    const rev2 = event('police', bodies.crash(id, '610902001', '2025-03-01T08:00:00+08:00', { deaths: 1, revision: 2 }), '2025-03-05T01:00:00.000Z');
    applyAll(rev1, rev2);
    expect(ids(model.loadScope({ regionCode: '610902001', asOfMs: ms('2025-03-05T00:59:59.999Z') }))).toEqual(ids([rev1]));
    expect(ids(model.loadScope({ regionCode: '610902001', asOfMs: ms('2025-03-05T01:00:00.000Z') }))).toEqual(ids([rev1, rev2]));
    expect(model.loadScope({ regionCode: '610902001', asOfMs: ms('2025-03-01T00:00:00Z') })).toEqual([]);
  });

  it('loads every revision of a record that moved to another community, for both communities', () => {
    const id = uid('crash');
    const inA = event('police', bodies.crash(id, '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00Z');
    const inB = event('police', bodies.crash(id, '610902002', '2025-03-01T08:00:00+08:00', { revision: 2 }), '2025-03-02T01:00:00Z');
    applyAll(inA, inB);
    expect(ids(model.loadScope({ regionCode: '610902001', asOfMs: late }))).toEqual(ids([inA, inB]));
    expect(ids(model.loadScope({ regionCode: '610902002', asOfMs: late }))).toEqual(ids([inA, inB]));
    // Before the move, community B has not been named yet.
    expect(model.loadScope({ regionCode: '610902002', asOfMs: ms('2025-03-01T12:00:00Z') })).toEqual([]);
  });

  it('finds a reference received before its record once the record has arrived', () => {
    const hazardId = uid('hazard');
    const rectified = event('fire', bodies.rectified(uid('rect'), hazardId, '2025-03-10'), '2025-03-10T01:00:00Z');
    const hazard = event('fire', bodies.hazard(hazardId, '610902001', '2025-03-01T08:00:00+08:00', '2025-04-01'), '2025-03-11T01:00:00Z');
    applyAll(rectified, hazard);
    expect(model.loadScope({ regionCode: '610902001', asOfMs: ms('2025-03-10T12:00:00Z') })).toEqual([]);
    expect(ids(model.loadScope({ regionCode: '610902001', asOfMs: late }))).toEqual(ids([rectified, hazard]));
  });

  it('loads references of references: withdrawals of a rectification, to any depth', () => {
    const hazardId = uid('hazard');
    const rectId = uid('rect');
    const w1 = uid('wd');
    const w2 = uid('wd');
    const hazard = event('fire', bodies.hazard(hazardId, '610902001', '2025-03-01T08:00:00+08:00', '2025-04-01'), '2025-03-01T01:00:00Z');
    const rect = event('fire', bodies.rectified(rectId, hazardId, '2025-03-10'), '2025-03-10T01:00:00Z');
    const withdrawRect = event('fire', bodies.withdrawn(w1, rectId), '2025-03-11T01:00:00Z');
    const withdrawWithdrawal = event('fire', bodies.withdrawn(w2, w1), '2025-03-12T01:00:00Z');
    const unrelated = event('fire', bodies.withdrawn(uid('wd'), uid('other')), '2025-03-12T02:00:00Z');
    applyAll(hazard, rect, withdrawRect, withdrawWithdrawal, unrelated);
    expect(ids(model.loadScope({ regionCode: '610902', asOfMs: late }))).toEqual(ids([hazard, rect, withdrawRect, withdrawWithdrawal]));
  });

  it('does not follow a reference of another agency that uses the same record id', () => {
    const hazardId = uid('hazard');
    const hazard = event('fire', bodies.hazard(hazardId, '610902001', '2025-03-01T08:00:00+08:00', '2025-04-01'), '2025-03-01T01:00:00Z');
    const foreign = event('safety', bodies.rectified(uid('rect'), hazardId, '2025-03-10'), '2025-03-10T01:00:00Z');
    applyAll(hazard, foreign);
    expect(ids(model.loadScope({ regionCode: '610902001', asOfMs: late }))).toEqual(ids([hazard]));
  });

  it('loads every revision of a reference, including one that re-pointed it elsewhere', () => {
    const hazardId = uid('hazard');
    const rectId = uid('rect');
    const hazard = event('fire', bodies.hazard(hazardId, '610902001', '2025-03-01T08:00:00+08:00', '2025-04-01'), '2025-03-01T01:00:00Z');
    const rev1 = event('fire', bodies.rectified(rectId, hazardId, '2025-03-10'), '2025-03-10T01:00:00Z');
    const rev2 = event('fire', bodies.rectified(rectId, uid('elsewhere'), '2025-03-10', 2), '2025-03-11T01:00:00Z');
    applyAll(hazard, rev1, rev2);
    expect(ids(model.loadScope({ regionCode: '610902001', asOfMs: late }))).toEqual(ids([hazard, rev1, rev2]));
  });

  it('includes the control indicators of exactly the region, with their withdrawals', () => {
    const county = event('safety', bodies.indicator(uid('ci'), '610902', 2025, 5), '2025-01-02T01:00:00Z');
    const cityId = uid('ci');
    const city = event('safety', bodies.indicator(cityId, '6109', 2025, 20), '2025-01-02T02:00:00Z');
    const withdrawCity = event('safety', bodies.withdrawn(uid('wd'), cityId), '2025-01-03T01:00:00Z');
    applyAll(county, city, withdrawCity);
    expect(ids(model.loadScope({ regionCode: '610902', asOfMs: late }))).toEqual(ids([county]));
    expect(ids(model.loadScope({ regionCode: '6109', asOfMs: late }))).toEqual(ids([city, withdrawCity]));
    expect(ids(model.loadScope({ regionCode: '6109', asOfMs: ms('2025-01-02T12:00:00Z') }))).toEqual(ids([city]));
  });

  it('knows a community once an event received by asOf names it', () => {
    applyAll(event('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00Z'));
    expect(model.communityKnown('610902001', late)).toBe(true);
    expect(model.communityKnown('610902001', ms('2025-03-01T00:00:00Z'))).toBe(false);
    expect(model.communityKnown('610902002', late)).toBe(false);
  });

  it('answers the scope query from the indexes, without scanning the events table', () => {
    const db = new Database(path.join(dir, 'readmodel.sqlite'), { readonly: true });
    try {
      for (const [sql, params] of [[SCOPE_SQL, { lo: '6109', hi: '6109:', region: '6109', asOf: late }]] as const) {
        const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[];
        const details = plan.map((row) => row.detail);
        expect(details.filter((d) => /^SCAN e(vents)?\b/.test(d))).toEqual([]);
        expect(details.some((d) => /USING INDEX events_(community|region)/.test(d))).toBe(true);
      }
    } finally {
      db.close();
    }
  });
});
