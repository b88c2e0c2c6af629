import { describe, expect, it } from 'vitest';
import { evolveRecord } from './facts';
import { fireIncident, newLog, trafficCrash } from './testing/builders';
import type { ProjectedEvent, RecordState } from './types';

function fold(events: readonly ProjectedEvent[]): RecordState | undefined {
  return events.reduce<RecordState | undefined>((state, event) => evolveRecord(state, event), undefined);
}

describe('evolveRecord', () => {
  it('starts a record from its first event', () => {
    const log = newLog();
    const event = log.add('police', trafficCrash('REC-first', { deaths: 1 }), '2025-03-10T03:00:00.000Z');

    const state = evolveRecord(undefined, event);

    expect(state).toMatchObject({
      key: 'police/REC-first',
      agency: 'police',
      sourceRecordId: 'REC-first',
      type: 'TrafficCrashReported',
      revision: 1,
      currentEventId: event.eventId,
      eventIds: [event.eventId],
      firstReceivedAt: '2025-03-10T03:00:00.000Z',
      latestReceivedAt: '2025-03-10T03:00:00.000Z',
    });
    expect(state.current).toBe(event.body);
  });

  it('applied twice gives the same result', () => {
    const log = newLog();
    const first = log.add('police', trafficCrash('REC-twice', { deaths: 1 }), '2025-03-10T03:00:00.000Z');
    const second = log.add('police', trafficCrash('REC-twice', { deaths: 2, revision: 2 }), '2025-03-11T03:00:00.000Z');
    const once = evolveRecord(evolveRecord(undefined, first), second);

    const twice = evolveRecord(once, second);

    expect(twice).toEqual(once);
    expect(evolveRecord(evolveRecord(undefined, first), first)).toEqual(evolveRecord(undefined, first));
  });

  it('never mutates the state it is given', () => {
    const log = newLog();
    const first = log.add('police', trafficCrash('REC-immutable'), '2025-03-10T03:00:00.000Z');
    const second = log.add('police', trafficCrash('REC-immutable', { revision: 2, deaths: 3 }), '2025-03-12T03:00:00.000Z');
    const state = evolveRecord(undefined, first);
    const snapshot = structuredClone(state);

    const next = evolveRecord(state, second);

    expect(state).toEqual(snapshot);
    expect(next).not.toBe(state);
  });

  it('makes the highest revision current', () => {
    const log = newLog();
    log.add('police', trafficCrash('REC-higher', { deaths: 0 }), '2025-03-10T03:00:00.000Z');
    log.add('police', trafficCrash('REC-higher', { revision: 2, deaths: 1 }), '2025-03-12T03:00:00.000Z');

    const state = fold(log.events);

    expect(state?.revision).toBe(2);
    expect(state?.current).toMatchObject({ deaths: 1 });
    expect(state?.currentReceivedAt).toBe('2025-03-12T03:00:00.000Z');
  });

  it('ignores a stale revision for the current body but keeps its receipt as data received', () => {
    const log = newLog();
    const current = log.add('fire', fireIncident('REC-stale', { revision: 3, deaths: 2 }), '2025-03-10T03:00:00.000Z');
    const stale = log.add('fire', fireIncident('REC-stale', { revision: 2, deaths: 9 }), '2025-03-15T03:00:00.000Z');

    const state = fold(log.events);

    expect(state?.revision).toBe(3);
    expect(state?.current).toBe(current.body);
    expect(state?.latestReceivedAt).toBe('2025-03-15T03:00:00.000Z');
    expect(state?.eventIds).toEqual([stale.eventId, current.eventId].sort());
    expect(state?.firstReceivedAt).toBe('2025-03-10T03:00:00.000Z');
  });

  it('gives the same state whatever order the revisions arrive in', () => {
    const log = newLog();
    const revisions = [1, 2, 3].map((revision) =>
      log.add('police', trafficCrash('REC-order', { revision, deaths: revision }), `2025-03-1${revision}T03:00:00.000Z`),
    );
    const [r1, r2, r3] = revisions as [ProjectedEvent, ProjectedEvent, ProjectedEvent];

    const inOrder = fold([r1, r2, r3]);

    for (const shuffled of [
      [r3, r1, r2],
      [r2, r3, r1],
      [r3, r2, r1],
    ]) {
      expect(fold(shuffled)).toEqual(inOrder);
    }
    expect(inOrder?.current).toMatchObject({ deaths: 3 });
  });

  it('counts a duplicate eventId once and changes nothing', () => {
    const log = newLog();
    const original = log.add('police', trafficCrash('REC-dup', { deaths: 1 }), '2025-03-10T03:00:00.000Z');
    const state = evolveRecord(undefined, original);

    const again = evolveRecord(state, { ...original, position: 99n, receivedAt: '2025-04-01T00:00:00.000Z' });

    expect(again).toBe(state);
  });

  it('ignores an event of a different type for an existing record', () => {
    const log = newLog();
    const crash = log.add('police', trafficCrash('REC-type'), '2025-03-10T03:00:00.000Z');
    const state = evolveRecord(undefined, crash);
    const other = log.add('police', { ...fireIncident('REC-type'), revision: 2 }, '2025-03-11T03:00:00.000Z');

    expect(evolveRecord(state, other)).toBe(state);
  });

  it('refuses an event of another record', () => {
    const log = newLog();
    const state = evolveRecord(undefined, log.add('police', trafficCrash('REC-a')));
    const other = log.add('police', trafficCrash('REC-b'));

    expect(() => evolveRecord(state, other)).toThrow(/REC-b/);
  });
});
