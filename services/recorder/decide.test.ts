import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../kernel/store/eventStore';
import { decide, type StreamSummary } from './decide';

let seq = 0;
function event(over: { record?: string; revision?: number; type?: NewEvent['type']; agency?: NewEvent['metadata']['agency']; id?: string } = {}): NewEvent {
  const record = over.record ?? `R-${++seq}`;
  const revision = over.revision ?? 1;
  const agency = over.agency ?? 'police';
  return {
    eventId: over.id ?? `${agency}/${record}/${revision}`,
    type: over.type ?? 'TrafficCrashReported',
    data: new Uint8Array([0xc3, 0x01]),
    metadata: { agency, tokenId: 't', receivedAt: '2025-01-01T00:00:00.000Z', sourceRecordId: record, revision, schemaFingerprint: '00' },
  };
}
const stream = (agency: string, record: string) => `record-${agency}-${record}`;
function known(type: string, ids: string[], highest: number): StreamSummary {
  return { type, eventIds: new Set(ids), lastRevision: BigInt(ids.length - 1), highestRevision: highest };
}

describe('recorder decision', () => {
  it('appends a new record to a new stream expecting no stream', () => {
    // given no stream, when a first revision arrives
    const e = event({ record: 'GA-1' });
    const d = decide(new Map(), [e]);
    // then it is recorded into its own stream
    expect(d.outcomes).toEqual(['recorded']);
    expect(d.appends).toEqual([{ stream: stream('police', 'GA-1'), expectedRevision: 'no_stream', events: [e] }]);
  });

  it('treats an event id already in the stream as a duplicate and appends nothing', () => {
    const e = event({ record: 'GA-2' });
    const d = decide(new Map([[stream('police', 'GA-2'), known('TrafficCrashReported', [e.eventId], 1)]]), [e]);
    expect(d.outcomes).toEqual(['duplicate']);
    expect(d.appends).toEqual([]);
  });

  it('records a lower revision as stale for the audit trail, expecting the exact stream revision', () => {
    const existing = known('TrafficCrashReported', ['police/GA-3/1', 'police/GA-3/3'], 3);
    const e = event({ record: 'GA-3', revision: 2 });
    const d = decide(new Map([[stream('police', 'GA-3'), existing]]), [e]);
    expect(d.outcomes).toEqual(['stale']);
    expect(d.appends[0]?.expectedRevision).toBe(1n);
  });

  it('flags a revision that changes the type of an existing record as a conflict', () => {
    const existing = known('TrafficCrashReported', ['police/GA-4/1'], 1);
    const e = event({ record: 'GA-4', revision: 2, type: 'PublicSecurityCaseRecorded' });
    const d = decide(new Map([[stream('police', 'GA-4'), existing]]), [e]);
    expect(d.outcomes).toEqual(['conflict']);
    expect(d.appends).toEqual([]);
  });

  it('flags the same revision re-sent under another type as a conflict, not a duplicate', () => {
    const existing = known('TrafficCrashReported', ['police/GA-7/1'], 1);
    const e = event({ record: 'GA-7', revision: 1, type: 'PublicSecurityCaseRecorded' });
    const d = decide(new Map([[stream('police', 'GA-7'), existing]]), [e]);
    expect(d.outcomes).toEqual(['conflict']);
  });

  it('counts the same event twice in one batch once', () => {
    const e = event({ record: 'GA-5' });
    const d = decide(new Map(), [e, { ...e }]);
    expect(d.outcomes).toEqual(['recorded', 'duplicate']);
    expect(d.appends[0]?.events).toHaveLength(1);
  });

  it('keeps records of different agencies with the same source record id apart', () => {
    const a = event({ record: 'X-1', agency: 'police' });
    const b = event({ record: 'X-1', agency: 'fire', type: 'FireIncidentReported' });
    const d = decide(new Map(), [a, b]);
    expect(d.outcomes).toEqual(['recorded', 'recorded']);
    expect(d.appends.map((x) => x.stream).sort()).toEqual([stream('fire', 'X-1'), stream('police', 'X-1')]);
  });

  it('gives the same decision when applied twice to the same input', () => {
    const events = [event({ record: 'GA-6' }), event({ record: 'GA-6', revision: 2 })];
    expect(decide(new Map(), events)).toEqual(decide(new Map(), events));
  });
});
