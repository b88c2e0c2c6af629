import { afterEach, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../services/kernel/errors';
import { createProjector } from '../../services/projector/projector';
import { openReadModel } from '../../services/projector/readModel';
import { bodies, openFixture, uid, type Fixture } from './fixture';

const fixtures: Fixture[] = [];
function fixture(options?: Parameters<typeof openFixture>[0]): Fixture {
  const f = openFixture(options);
  fixtures.push(f);
  return f;
}

afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()));
});

const LATE = Date.parse('2030-01-01T00:00:00Z');

async function gauge(g: { get(): Promise<{ values: { value: number }[] }> }): Promise<number | undefined> {
  return (await g.get()).values[0]?.value;
}

describe('projector catch-up', () => {
  it('applies every event of the log with its decoded body and hub fields', async () => {
    const f = fixture();
    const crash = bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00', { deaths: 1, injuries: 2 });
    const hazard = bodies.hazard(uid('hazard'), '610902001', '2025-03-02T09:00:00+08:00', '2025-04-01', 'MAJOR');
    const p1 = await f.append('police', crash, '2025-03-01T01:00:00.000Z');
    const p2 = await f.append('fire', hazard, '2025-03-02T01:30:00.000Z');

    const result = await f.projector.catchUp();

    expect(result).toEqual({ applied: 2, position: p2 });
    const at = await f.readModel.queries.pointAt(LATE);
    const community = (await f.readModel.queries.communityFacts('610902001', 2025, at))!;
    expect(community.records.TrafficCrashReported.map((r) => [r.current, r.currentPosition, r.currentReceivedAt])).toEqual([
      [crash, p1, '2025-03-01T01:00:00.000Z'],
    ]);
    expect(community.hazards.map((h) => [h.hazard.current, h.hazard.currentPosition, h.hazard.agency])).toEqual([[hazard, p2, 'fire']]);
    expect(await f.projector.isCaughtUp()).toBe(true);
  });

  it('reads the log in pages and ends at its head', async () => {
    const f = fixture({ batchSize: 2 });
    let last = 0n;
    for (let i = 0; i < 5; i++) {
      last = await f.append('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00.000Z');
    }
    expect(await f.projector.catchUp()).toEqual({ applied: 5, position: last });
    expect(f.readModel.recordCount()).toBe(5);
    expect(await f.projector.catchUp()).toEqual({ applied: 0, position: last });
  });

  it('continues from its checkpoint after a restart without applying anything twice', async () => {
    const f = fixture();
    await f.append('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00.000Z');
    await f.projector.catchUp();
    const p2 = await f.append('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T02:00:00.000Z');
    f.readModel.close();

    const reopened = openReadModel(f.readModelFile, { timeZone: 'Asia/Shanghai' });
    try {
      const restarted = createProjector({ store: f.store, registry: f.registry, readModel: reopened, metrics: f.metrics, logger: f.logger, now: () => f.clock.now });
      expect(await restarted.catchUp()).toEqual({ applied: 1, position: p2 });
      expect(reopened.recordCount()).toBe(2);
    } finally {
      reopened.close();
    }
  });

  it('reports not caught up while the store holds unapplied events, and caught up on an empty store', async () => {
    const f = fixture();
    expect(await f.projector.isCaughtUp()).toBe(true);
    await f.append('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00.000Z');
    expect(await f.projector.isCaughtUp()).toBe(false);
    await f.projector.catchUp();
    expect(await f.projector.isCaughtUp()).toBe(true);
  });
});

describe('projector lag for readiness', () => {
  it('counts the events the read model is behind, up to the limit asked', async () => {
    const f = fixture();
    expect(await f.projector.pendingEvents(10)).toBe(0);
    for (let i = 0; i < 3; i++) {
      await f.append('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), `2025-03-01T0${i}:00:00.000Z`);
    }
    expect(await f.projector.pendingEvents(10)).toBe(3);
    expect(await f.projector.pendingEvents(2)).toBe(2);
    await f.projector.catchUp();
    expect(await f.projector.pendingEvents(10)).toBe(0);
  });
});

describe('projector and undecodable events', () => {
  it('skips an event it cannot decode, records why, logs it, and applies the events after it', async () => {
    const f = fixture();
    await f.append('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00.000Z');
    const bad = await f.appendRaw('police', 'TrafficCrashReported', Buffer.from('not avro at all'), '2025-03-01T02:00:00.000Z');
    const truncated = f.registry.encode('TrafficCrashReported', {
      ...bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'),
      eventId: uid('id'),
      agency: 'police',
      receivedAt: '2025-03-01T02:30:00.000Z',
    }).subarray(0, 20);
    const cut = await f.appendRaw('police', 'TrafficCrashReported', truncated, '2025-03-01T02:30:00.000Z');
    const after = await f.append('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T03:00:00.000Z');

    const result = await f.projector.catchUp();

    expect(result).toEqual({ applied: 2, position: after });
    expect(f.readModel.skippedEvents().map((s) => [s.position, s.reason])).toEqual([
      [bad, 'bad_magic'],
      [cut, 'undecodable'],
    ]);
    const logged = f.logLines.filter((l) => l.level === 'error' && l.msg === 'event skipped: it cannot be projected');
    expect(logged.map((l) => l.position)).toEqual([bad.toString(), cut.toString()]);
    expect(await f.projector.isCaughtUp()).toBe(true);
  });

  it('skips an event whose bytes are of another type than the store says', async () => {
    const f = fixture();
    const data = f.registry.encode('TrafficCrashReported', {
      ...bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'),
      eventId: uid('id'),
      agency: 'police',
      receivedAt: '2025-03-01T02:30:00.000Z',
    });
    const position = await f.appendRaw('police', 'FireIncidentReported', data, '2025-03-01T02:30:00.000Z');
    expect(await f.projector.catchUp()).toEqual({ applied: 0, position });
    expect(f.readModel.skippedEvents().map((s) => s.reason)).toEqual(['type_mismatch']);
  });
});

describe('projector loop', () => {
  it('wakes on notify without waiting for the poll interval', async () => {
    const f = fixture();
    let signal: (position: bigint) => void = () => {};
    const applied = new Promise<bigint>((resolve) => (signal = resolve));
    // The read model, with a signal when a page with events is applied.
    const readModel = { ...f.readModel, apply: (...args: Parameters<typeof f.readModel.apply>) => {
      f.readModel.apply(...args);
      if (args[0].length > 0) signal(args[1]);
    } };
    const projector = createProjector({ store: f.store, registry: f.registry, readModel, metrics: f.metrics, logger: f.logger, now: () => f.clock.now, pollIntervalMs: 3_600_000 });
    projector.start();
    try {
      await projector.catchUp(); // queued behind the loop's first pass: the loop is now going to sleep
      const position = await f.append('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00.000Z');
      projector.notify();
      expect(await applied).toBe(position);
    } finally {
      await projector.stop();
    }
  });

  it('resolves waitFor once the read model holds the position', async () => {
    const f = fixture({ pollIntervalMs: 3_600_000 });
    f.projector.start();
    const position = await f.append('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00.000Z');
    await f.projector.waitFor(position, 5000);
    expect(f.readModel.checkpoint()).toBe(position);
  });

  it('catches up on its own for waitFor when the loop is not running', async () => {
    const f = fixture();
    const position = await f.append('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-03-01T01:00:00.000Z');
    await f.projector.waitFor(position, 5000);
    expect(f.readModel.recordCount()).toBe(1);
  });

  it('rejects waitFor with UnavailableError when the position is not reached in time', async () => {
    const f = fixture();
    await expect(f.projector.waitFor(99n, 50)).rejects.toBeInstanceOf(UnavailableError);
  });

  it('stops its loop and rejects pending waiters', async () => {
    const f = fixture({ pollIntervalMs: 60_000 });
    f.projector.start();
    const pending = f.projector.waitFor(1000n, 60_000);
    await f.projector.stop();
    await expect(pending).rejects.toBeInstanceOf(UnavailableError);
  });
});

describe('projection lag metrics', () => {
  it('counts unapplied events and the age of the oldest, and drops to 0 when caught up', async () => {
    const f = fixture();
    await f.append('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-06-15T03:00:00.000Z');
    await f.projector.catchUp();
    expect(await gauge(f.metrics.projectionLagEvents)).toBe(0);
    expect(await gauge(f.metrics.projectionLagSeconds)).toBe(0);

    await f.append('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-06-15T03:58:30.000Z');
    await f.append('police', bodies.crash(uid('crash'), '610902001', '2025-03-01T08:00:00+08:00'), '2025-06-15T03:59:00.000Z');
    await f.projector.refreshLag(); // clock: 04:00:00
    expect(await gauge(f.metrics.projectionLagEvents)).toBe(2);
    expect(await gauge(f.metrics.projectionLagSeconds)).toBe(90);

    await f.projector.catchUp();
    expect(await gauge(f.metrics.projectionLagEvents)).toBe(0);
    expect(await gauge(f.metrics.projectionLagSeconds)).toBe(0);
  });
});
