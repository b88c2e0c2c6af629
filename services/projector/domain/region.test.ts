import { describe, expect, it } from 'vitest';
import { elapsedPct } from './deathControl';
import {
  communityDesignated,
  communityRegistered,
  controlIndicator,
  fireIncident,
  hazard,
  injuryCase,
  newLog,
  productionAccident,
  publicSecurityCase,
  recordWithdrawn,
  trafficCrash,
  transportAccident,
} from './testing/builders';
import { clockAt, summaryOf } from './testing/queries';

// AS_OF is 2025-06-15 in Shanghai: day 166 of 365, 45.5% of the year.
describe('regionSummary: communities and population', () => {
  it('counts communities registered or named in the region and sums registered populations', () => {
    const log = newLog();
    log.add('safety', communityRegistered('RP-1', { communityCode: '610902001', population: 40_000 }));
    log.add('safety', communityRegistered('RP-2', { communityCode: '610902002', population: 25_000 }));
    log.add('police', trafficCrash('RP-named', { communityCode: '610902003' }));
    log.add('safety', communityRegistered('RP-out', { communityCode: '610903001', population: 99_999 }));

    const summary = summaryOf(log.facts());

    expect(summary).toMatchObject({ region: { code: '610902' }, year: 2025, communities: 3, population: 65_000 });
  });

  it('covers the whole country with the empty region code', () => {
    const log = newLog();
    log.add('safety', communityRegistered('RC-1', { communityCode: '610902001', population: 10 }));
    log.add('safety', communityRegistered('RC-2', { communityCode: '110101001', population: 20 }));

    expect(summaryOf(log.facts(), { regionCode: '' })).toMatchObject({ region: { code: '' }, communities: 2, population: 30 });
  });
});

describe('regionSummary: casualties, hazards and injuries', () => {
  it('sums casualties over the region communities with year-on-year change', () => {
    const log = newLog();
    log.add('police', trafficCrash('RS-a', { communityCode: '610902001', deaths: 1 }));
    log.add('police', trafficCrash('RS-b', { communityCode: '610902002', deaths: 2 }));
    log.add('police', trafficCrash('RS-prev', { communityCode: '610902002', deaths: 2, occurredAt: '2024-02-01T10:00:00+08:00' }));
    log.add('police', trafficCrash('RS-out', { communityCode: '610903001', deaths: 50 }));

    const { roadTraffic } = summaryOf(log.facts()).casualties;

    expect(roadTraffic).toMatchObject({ incidents: 2, deaths: 3, previousYear: { incidents: 1, deaths: 2 }, deathsChangePct: 50 });
  });

  it('sums hazards and injury cases, with the rate over the registered population', () => {
    const log = newLog();
    log.add('safety', communityRegistered('RH-reg', { communityCode: '610902001', population: 200_000 }));
    log.add('safety', hazard('RH-1', { communityCode: '610902001', rectifyBy: '2025-01-01' }));
    log.add('fire', hazard('RH-2', { communityCode: '610902002', rectifyBy: '2025-12-01' }));
    log.add('health', injuryCase('RH-i1', { communityCode: '610902001' }));
    log.add('health', injuryCase('RH-i2', { communityCode: '610902002' }));
    log.add('health', injuryCase('RH-i3', { communityCode: '610902002' }));

    const summary = summaryOf(log.facts());

    expect(summary.hazards).toEqual({ identified: 2, rectified: 0, open: 2, overdue: 1, majorOpen: 0, rectificationRatePct: 0 });
    expect(summary.injurySurveillance).toEqual({ cases: 3, ratePer100k: 1.5 });
  });

  it('gives a null injury rate when no community of the region has a population', () => {
    const log = newLog();
    log.add('health', injuryCase('RN-i1'));

    expect(summaryOf(log.facts()).injurySurveillance).toEqual({ cases: 1, ratePer100k: null });
  });
});

describe('regionSummary: deathControl', () => {
  it('gives one entry per indicator issued for exactly this region code and year, in category order', () => {
    const log = newLog();
    log.add('safety', controlIndicator('DC-fire', { category: 'FIRE', cap: 4 }));
    log.add('safety', controlIndicator('DC-all', { category: 'ALL_ACCIDENTS', cap: 20 }));
    log.add('safety', controlIndicator('DC-city', { regionCode: '6109', cap: 1 }));
    log.add('safety', controlIndicator('DC-2024', { year: 2024, cap: 1 }));

    expect(summaryOf(log.facts()).deathControl.map((e) => [e.category, e.cap])).toEqual([
      ['ALL_ACCIDENTS', 20],
      ['FIRE', 4],
    ]);
  });

  it('counts ALL_ACCIDENTS as production + road + fire + waterway/rail deaths, without public security', () => {
    const log = newLog();
    log.add('safety', controlIndicator('DA-all', { category: 'ALL_ACCIDENTS', cap: 100 }));
    log.add('safety', productionAccident('DA-p', { deaths: 1 }));
    log.add('police', trafficCrash('DA-r', { deaths: 2, communityCode: '610902002' }));
    log.add('fire', fireIncident('DA-f', { deaths: 3 }));
    log.add('transport', transportAccident('DA-w', { deaths: 4 }));
    log.add('police', publicSecurityCase('DA-ps', { deaths: 5 }));

    expect(summaryOf(log.facts()).deathControl[0]).toEqual({
      category: 'ALL_ACCIDENTS',
      cap: 100,
      deaths: 10,
      usedPct: 10,
      elapsedPct: 45.5,
      status: 'WITHIN_SCHEDULE',
    });
  });

  it('is OVER_SCHEDULE when the cap used runs ahead of the year elapsed, OVER_CAP when deaths exceed the cap', () => {
    const log = newLog();
    log.add('safety', controlIndicator('DS-road', { category: 'ROAD_TRAFFIC', cap: 4 }));
    log.add('safety', controlIndicator('DS-prod', { category: 'PRODUCTION', cap: 1 }));
    log.add('police', trafficCrash('DS-r', { deaths: 2 })); // 50% > 45.5%
    log.add('safety', productionAccident('DS-p', { deaths: 2 }));

    const entries = summaryOf(log.facts()).deathControl;

    expect(entries.find((e) => e.category === 'ROAD_TRAFFIC')).toMatchObject({ usedPct: 50, status: 'OVER_SCHEDULE' });
    expect(entries.find((e) => e.category === 'PRODUCTION')).toMatchObject({ usedPct: 200, status: 'OVER_CAP' });
  });

  it('is within schedule when deaths equal the cap at the end of a past year', () => {
    const log = newLog();
    log.add('safety', controlIndicator('DP-road', { category: 'ROAD_TRAFFIC', cap: 2, year: 2024 }));
    log.add('police', trafficCrash('DP-r', { deaths: 2, occurredAt: '2024-08-01T10:00:00+08:00' }));

    expect(summaryOf(log.facts(), { year: 2024 }).deathControl[0]).toMatchObject({
      deaths: 2,
      usedPct: 100,
      elapsedPct: 100,
      status: 'WITHIN_SCHEDULE',
    });
  });

  it('gives a null usedPct for a zero cap', () => {
    const log = newLog();
    log.add('safety', controlIndicator('DZ-fire', { category: 'FIRE', cap: 0 }));
    const withDeath = newLog();
    withDeath.add('safety', controlIndicator('DZ2-fire', { category: 'FIRE', cap: 0 }));
    withDeath.add('fire', fireIncident('DZ2-f', { deaths: 1 }));

    expect(summaryOf(log.facts()).deathControl[0]).toMatchObject({ usedPct: null, status: 'WITHIN_SCHEDULE' });
    expect(summaryOf(withDeath.facts()).deathControl[0]).toMatchObject({ usedPct: null, status: 'OVER_CAP' });
  });

  it('uses the latest revision of an indicator and drops a withdrawn one', () => {
    const log = newLog();
    log.add('safety', controlIndicator('DL-road', { category: 'ROAD_TRAFFIC', cap: 4 }));
    log.add('safety', controlIndicator('DL-road', { category: 'ROAD_TRAFFIC', cap: 8, revision: 2 }));
    log.add('safety', controlIndicator('DL-fire', { category: 'FIRE', cap: 8 }));
    log.add('safety', recordWithdrawn('DL-fire-w', { withdrawnRecordId: 'DL-fire' }));

    expect(summaryOf(log.facts()).deathControl.map((e) => [e.category, e.cap])).toEqual([['ROAD_TRAFFIC', 8]]);
  });
});

describe('elapsedPct', () => {
  it('counts January 1 as one day elapsed', () => {
    expect(elapsedPct(2025, clockAt('2024-12-31T16:00:00Z'))).toBe(0.3); // 1/365
  });

  it('is the day of the year of the asOf date over the days in the year', () => {
    expect(elapsedPct(2025, clockAt())).toBe(45.5); // 166/365
    expect(elapsedPct(2024, clockAt('2024-12-31T12:00:00Z'))).toBe(100); // 366/366
  });

  it('is 100 for a past year and 0 for a future year', () => {
    expect(elapsedPct(2024, clockAt())).toBe(100);
    expect(elapsedPct(2026, clockAt())).toBe(0);
  });
});

describe('regionSummary: designations and zero-death share', () => {
  it('counts currently designated communities per level, due for re-evaluation and expired', () => {
    const log = newLog();
    log.add('safety', communityDesignated('RD-1', { communityCode: '610902001', level: 'CITY', validUntil: '2029-01-01' }));
    log.add('safety', communityDesignated('RD-2', { communityCode: '610902002', level: 'NATIONAL', validUntil: '2025-08-01' }));
    log.add('safety', communityDesignated('RD-3', { communityCode: '610902003', level: 'CITY', validUntil: '2025-01-01' }));
    log.add('safety', communityDesignated('RD-4', { communityCode: '610902004', level: 'PROVINCIAL', validUntil: '2029-01-01' }));

    expect(summaryOf(log.facts()).designations).toEqual({
      CITY: 1,
      PROVINCIAL: 1,
      NATIONAL: 1,
      INTERNATIONAL: 0,
      dueForReEvaluation: 1,
      expired: 1,
    });
  });

  it('gives the share of communities with at least 3 production-death-free years', () => {
    const log = newLog();
    log.add('safety', communityRegistered('RZ-1', { communityCode: '610902001', registeredOn: '2020-01-01' }));
    log.add('safety', communityRegistered('RZ-2', { communityCode: '610902002', registeredOn: '2024-01-01' }));
    log.add('safety', communityRegistered('RZ-3', { communityCode: '610902003', registeredOn: '2020-01-01' }));
    log.add('safety', productionAccident('RZ-3-p', { communityCode: '610902003', deaths: 1, occurredAt: '2024-01-10T10:00:00+08:00' }));

    expect(summaryOf(log.facts()).zeroProductionDeaths3YearsPct).toBe(33.3);
  });

  it('gives a null zero-death share for a region without communities', () => {
    expect(summaryOf(newLog().facts()).zeroProductionDeaths3YearsPct).toBeNull();
  });
});
