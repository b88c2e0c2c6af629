import { describe, expect, it } from 'vitest';
import {
  fireIncident,
  newLog,
  productionAccident,
  publicSecurityCase,
  recordWithdrawn,
  trafficCrash,
  transportAccident,
} from './testing/builders';
import { overviewOf } from './testing/queries';

describe('casualties', () => {
  it('counts incidents, deaths and injuries of each category in the year', () => {
    const log = newLog();
    log.add('safety', productionAccident('C-prod', { deaths: 1, seriousInjuries: 1, injuries: 4 }));
    log.add('police', trafficCrash('C-road-1', { deaths: 2, injuries: 3 }));
    log.add('police', trafficCrash('C-road-2', { injuries: 1 }));
    log.add('fire', fireIncident('C-fire', { injuries: 2 }));
    log.add('transport', transportAccident('C-water', { deaths: 1 }));
    log.add('police', publicSecurityCase('C-ps', { deaths: 1, injuries: 5 }));

    const { casualties } = overviewOf(log.facts());

    expect(casualties.production).toMatchObject({ incidents: 1, deaths: 1, injuries: 4 });
    expect(casualties.roadTraffic).toMatchObject({ incidents: 2, deaths: 2, injuries: 4 });
    expect(casualties.fire).toMatchObject({ incidents: 1, deaths: 0, injuries: 2 });
    expect(casualties.waterwayRail).toMatchObject({ incidents: 1, deaths: 1, injuries: 0 });
    expect(casualties.publicSecurity).toMatchObject({ incidents: 1, deaths: 1, injuries: 5 });
  });

  it('sums allAccidents over the four accident categories, leaving public security out', () => {
    const log = newLog();
    log.add('safety', productionAccident('CA-prod', { deaths: 1, injuries: 1 }));
    log.add('police', trafficCrash('CA-road', { deaths: 1, injuries: 1 }));
    log.add('fire', fireIncident('CA-fire', { deaths: 1, injuries: 1 }));
    log.add('transport', transportAccident('CA-rail', { mode: 'RAIL', deaths: 1, injuries: 1 }));
    log.add('police', publicSecurityCase('CA-ps', { deaths: 7, injuries: 7 }));

    const { allAccidents } = overviewOf(log.facts()).casualties;

    expect(allAccidents).toMatchObject({ incidents: 4, deaths: 4, injuries: 4 });
  });

  it('compares with the previous year and gives the change in percent', () => {
    const log = newLog();
    log.add('police', trafficCrash('CY-2024a', { occurredAt: '2024-05-01T10:00:00+08:00', deaths: 2, injuries: 3 }));
    log.add('police', trafficCrash('CY-2025a', { deaths: 3, injuries: 1 }));

    const { roadTraffic } = overviewOf(log.facts()).casualties;

    expect(roadTraffic).toEqual({
      incidents: 1,
      deaths: 3,
      injuries: 1,
      previousYear: { incidents: 1, deaths: 2, injuries: 3 },
      deathsChangePct: 50,
      injuriesChangePct: -66.7,
    });
  });

  it('gives a null deathsChangePct when the previous year had no deaths', () => {
    const log = newLog();
    log.add('fire', fireIncident('CN-2024', { occurredAt: '2024-05-01T10:00:00+08:00', deaths: 0, injuries: 2 }));
    log.add('fire', fireIncident('CN-2025', { deaths: 1, injuries: 2 }));

    const { fire } = overviewOf(log.facts()).casualties;

    expect(fire.deathsChangePct).toBeNull();
    expect(fire.injuriesChangePct).toBe(0);
  });

  it('counts an accident at 2024-12-31T17:00:00Z in 2025 when the hub reckons in Asia/Shanghai', () => {
    const log = newLog();
    log.add('police', trafficCrash('CB-boundary', { occurredAt: '2024-12-31T17:00:00Z', deaths: 1 }));
    log.add('police', trafficCrash('CB-before', { occurredAt: '2024-12-31T15:59:59Z', deaths: 1 }));

    const { roadTraffic } = overviewOf(log.facts()).casualties;

    expect(roadTraffic.deaths).toBe(1);
    expect(roadTraffic.previousYear.deaths).toBe(1);
  });

  it('counts each record once with its current revision, ignoring stale ones', () => {
    const log = newLog();
    log.add('police', trafficCrash('CR-rec', { deaths: 1, injuries: 1 }));
    log.add('police', trafficCrash('CR-rec', { deaths: 2, injuries: 0, revision: 3 }));
    log.add('police', trafficCrash('CR-rec', { deaths: 5, injuries: 5, revision: 2 }));

    const { roadTraffic } = overviewOf(log.facts()).casualties;

    expect(roadTraffic).toMatchObject({ incidents: 1, deaths: 2, injuries: 0 });
  });

  it('moves a record to another year when a revision corrects occurredAt', () => {
    const log = newLog();
    log.add('police', trafficCrash('CM-rec', { deaths: 1 }));
    log.add('police', trafficCrash('CM-rec', { deaths: 1, occurredAt: '2024-11-01T10:00:00+08:00', revision: 2 }));

    const { roadTraffic } = overviewOf(log.facts()).casualties;

    expect(roadTraffic.incidents).toBe(0);
    expect(roadTraffic.previousYear.incidents).toBe(1);
  });

  it('does not count a withdrawn record', () => {
    const log = newLog();
    log.add('safety', productionAccident('CW-prod', { deaths: 1 }));
    log.add('safety', productionAccident('CW-prod-kept', { deaths: 1 }));
    log.add('safety', recordWithdrawn('CW-w', { withdrawnRecordId: 'CW-prod' }));

    expect(overviewOf(log.facts()).casualties.production.deaths).toBe(1);
  });

  it('counts only the queried community', () => {
    const log = newLog();
    log.add('police', trafficCrash('CC-here', { deaths: 1 }));
    log.add('police', trafficCrash('CC-there', { deaths: 1, communityCode: '610902099' }));

    expect(overviewOf(log.facts()).casualties.roadTraffic.deaths).toBe(1);
  });
});
