import { describe, expect, it } from 'vitest';
import {
  activityHeld,
  communityRegistered,
  fireIncident,
  newLog,
  productionAccident,
  publicSecurityCase,
  trafficCrash,
} from './testing/builders';
import { overviewOf } from './testing/queries';

describe('zeroDeathYears', () => {
  it('counts back to the year after the last death', () => {
    const log = newLog();
    log.add('safety', communityRegistered('Z-reg', { registeredOn: '2018-03-01' }));
    log.add('police', trafficCrash('Z-crash', { occurredAt: '2022-07-01T10:00:00+08:00', deaths: 1 }));

    expect(overviewOf(log.facts()).zeroDeathYears.roadTraffic).toBe(3); // 2023, 2024, 2025
  });

  it('counts back no further than the year of registeredOn', () => {
    const log = newLog();
    log.add('safety', communityRegistered('Z-reg2', { registeredOn: '2020-09-01' }));
    log.add('police', trafficCrash('Z-before-reg', { occurredAt: '2019-07-01T10:00:00+08:00', deaths: 1 }));

    expect(overviewOf(log.facts()).zeroDeathYears).toEqual({
      production: 6,
      roadTraffic: 6,
      fire: 6,
      waterwayRail: 6,
      publicSecurity: 6,
    });
  });

  it('is 0 when the year itself had a death', () => {
    const log = newLog();
    log.add('safety', communityRegistered('Z-reg3', { registeredOn: '2015-01-01' }));
    log.add('fire', fireIncident('Z-fire', { deaths: 1 }));

    expect(overviewOf(log.facts()).zeroDeathYears.fire).toBe(0);
  });

  it('ignores records without deaths and deaths after the year', () => {
    const log = newLog();
    log.add('safety', communityRegistered('Z-reg4', { registeredOn: '2020-01-01' }));
    log.add('safety', productionAccident('Z-injury-only', { occurredAt: '2023-01-01T10:00:00+08:00', injuries: 3 }));
    log.add('safety', productionAccident('Z-later', { occurredAt: '2025-02-01T10:00:00+08:00', deaths: 1 }));

    expect(overviewOf(log.facts(), { year: 2024 }).zeroDeathYears.production).toBe(5);
  });

  it('without a registration, starts at the year of the earliest event naming the community', () => {
    const log = newLog();
    log.add('health', activityHeld('Z-act', { occurredAt: '2022-04-01T10:00:00+08:00' }));
    log.add('police', publicSecurityCase('Z-ps', { occurredAt: '2024-04-01T10:00:00+08:00' }));

    expect(overviewOf(log.facts()).zeroDeathYears.publicSecurity).toBe(4); // 2022-2025
  });

  it('takes a registration over an earlier event', () => {
    const log = newLog();
    log.add('health', activityHeld('Z-act2', { occurredAt: '2019-04-01T10:00:00+08:00' }));
    log.add('safety', communityRegistered('Z-reg5', { registeredOn: '2024-01-01' }));

    expect(overviewOf(log.facts()).zeroDeathYears.roadTraffic).toBe(2);
  });

  it('is 0 for a year before the community existed and for an unknown community', () => {
    const log = newLog();
    log.add('safety', communityRegistered('Z-reg6', { registeredOn: '2024-01-01' }));

    expect(overviewOf(log.facts(), { year: 2023 }).zeroDeathYears.roadTraffic).toBe(0);
    expect(overviewOf(log.facts(), { communityCode: '610902777' }).zeroDeathYears.roadTraffic).toBe(0);
  });

  it('reckons the year of a death in the hub time zone', () => {
    const log = newLog();
    log.add('safety', communityRegistered('Z-reg7', { registeredOn: '2020-01-01' }));
    log.add('police', trafficCrash('Z-newyear', { occurredAt: '2024-12-31T17:00:00Z', deaths: 1 }));

    expect(overviewOf(log.facts()).zeroDeathYears.roadTraffic).toBe(0);
    expect(overviewOf(log.facts(), { year: 2024 }).zeroDeathYears.roadTraffic).toBe(5);
  });
});
