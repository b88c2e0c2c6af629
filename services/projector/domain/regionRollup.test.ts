import { describe, expect, it } from 'vitest';
import { emptyCountsByCategory } from './casualties';
import { regionSummaryFromRollups, sumYearCounters, type CommunityRollup, type YearCounters } from './regionRollup';
import { communityRegistered, newLog } from './testing/builders';
import { clockAt } from './testing/queries';

function yearCounters(productionDeaths: number, cases = 0): YearCounters {
  const counts = emptyCountsByCategory();
  counts.production = { incidents: productionDeaths > 0 ? 1 : 0, deaths: productionDeaths, injuries: 0 };
  return { counts, cases, named: 1 };
}

/** A community's rollup with its registration (dated registeredOn) as its profile. */
function registered(code: string, registeredOn: string, productionDeathsInWindow = 0): CommunityRollup {
  const log = newLog();
  log.add('safety', communityRegistered(`RR-${code}`, { communityCode: code, registeredOn, population: 1000 }));
  return { code, firstNamedYear: undefined, productionDeathsInWindow, profile: log.facts().communities.get(code) };
}

function summaryOf(communities: CommunityRollup[], current = sumYearCounters([]), previous = sumYearCounters([])) {
  const zeroHazards = { identified: 0, rectified: 0, open: 0, overdue: 0, majorOpen: 0, rectificationRatePct: null };
  return regionSummaryFromRollups({ regionCode: '610902', year: 2025, clock: clockAt(), communities, current, previous, hazards: zeroHazards, indicators: [] });
}

describe('regionSummaryFromRollups: zero production deaths over three years', () => {
  it('counts a community registered at the window start with no production death in it', () => {
    const summary = summaryOf([registered('610902001', '2023-01-01'), registered('610902002', '2024-06-01')]);

    expect(summary.zeroProductionDeaths3YearsPct).toBe(50);
  });

  it('does not count a community with a production death anywhere in the window', () => {
    const summary = summaryOf([registered('610902001', '2020-01-01', 1), registered('610902002', '2020-01-01')]);

    expect(summary.zeroProductionDeaths3YearsPct).toBe(50);
  });

  it('dates an unregistered community by the first year a counted record names it', () => {
    const named = (code: string, firstNamedYear: number): CommunityRollup => ({ code, firstNamedYear, productionDeathsInWindow: 0, profile: undefined });

    const summary = summaryOf([named('610902001', 2023), named('610902002', 2024), named('610902003', 2021)]);

    expect(summary.zeroProductionDeaths3YearsPct).toBe(66.7);
  });
});

describe('regionSummaryFromRollups: region sums', () => {
  it('takes casualties and injury cases from the region sums of the year and the year before', () => {
    const summary = summaryOf([registered('610902001', '2020-01-01')], sumYearCounters([yearCounters(2, 5), yearCounters(1, 1)]), yearCounters(6));

    expect(summary.casualties.production).toMatchObject({ incidents: 2, deaths: 3 });
    expect(summary.injurySurveillance.cases).toBe(6);
    expect(summary.population).toBe(1000);
  });
});
