import { describe, expect, it } from 'vitest';
import {
  activityHeld,
  communityRegistered,
  fireIncident,
  newLog,
  productionAccident,
  recordWithdrawn,
  trafficCrash,
  transportAccident,
} from './testing/builders';
import { overviewOf } from './testing/queries';

describe('dataFreshness', () => {
  it('gives each agency its latest receipt for the community, null when it sent nothing', () => {
    const log = newLog();
    log.add('police', trafficCrash('DF-1'), '2025-01-01T00:00:00.000Z');
    log.add('police', trafficCrash('DF-2'), '2025-03-01T00:00:00.000Z');
    log.add('fire', fireIncident('DF-3'), '2025-02-01T00:00:00.000Z');
    log.add('health', activityHeld('DF-other', { communityCode: '610902099' }), '2025-02-01T00:00:00.000Z');

    expect(overviewOf(log.facts()).dataFreshness).toEqual({
      police: '2025-03-01T00:00:00.000Z',
      fire: '2025-02-01T00:00:00.000Z',
      health: null,
      transport: null,
      safety: null,
    });
  });

  it('counts a withdrawal as data received, but not the withdrawn record', () => {
    const log = newLog();
    log.add('safety', communityRegistered('DFW-reg'), '2024-01-01T00:00:00.000Z');
    log.add('transport', transportAccident('DFW-1'), '2025-01-01T00:00:00.000Z');
    log.add('transport', recordWithdrawn('DFW-w', { withdrawnRecordId: 'DFW-1' }), '2025-02-01T00:00:00.000Z');

    expect(overviewOf(log.facts()).dataFreshness.transport).toBe('2025-02-01T00:00:00.000Z');
  });

  it('ignores the records of another community and the withdrawals of them', () => {
    const log = newLog();
    log.add('safety', communityRegistered('DFN-reg'), '2024-01-01T00:00:00.000Z');
    log.add('police', trafficCrash('DFN-1', { communityCode: '610902098' }), '2025-01-01T00:00:00.000Z');
    log.add('police', recordWithdrawn('DFN-w', { withdrawnRecordId: 'DFN-1' }), '2025-02-01T00:00:00.000Z');

    expect(overviewOf(log.facts()).dataFreshness.police).toBeNull();
  });
});

describe('provisional records', () => {
  // AS_OF is 2025-06-15T04:00:00Z.
  it('counts road and fire accidents within 7 days of occurring and production accidents within 30', () => {
    const log = newLog();
    log.add('police', trafficCrash('PR-road-in', { occurredAt: '2025-06-08T04:00:01Z' }));
    log.add('police', trafficCrash('PR-road-out', { occurredAt: '2025-06-08T04:00:00Z' }));
    log.add('fire', fireIncident('PR-fire-in', { occurredAt: '2025-06-14T10:00:00+08:00' }));
    log.add('safety', productionAccident('PR-prod-in', { occurredAt: '2025-05-20T10:00:00+08:00' }));
    log.add('safety', productionAccident('PR-prod-out', { occurredAt: '2025-05-10T10:00:00+08:00' }));
    log.add('transport', transportAccident('PR-water', { occurredAt: '2025-06-14T10:00:00+08:00' }));

    expect(overviewOf(log.facts()).provisional).toEqual({ records: 3 });
  });

  it('counts only records of the queried year', () => {
    const log = newLog();
    log.add('police', trafficCrash('PRY-1', { occurredAt: '2024-12-31T20:00:00+08:00' }));

    const asOf = new Date('2025-01-02T00:00:00Z');

    expect(overviewOf(log.facts(), { asOf, year: 2024 }).provisional.records).toBe(1);
    expect(overviewOf(log.facts(), { asOf, year: 2025 }).provisional.records).toBe(0);
  });
});
