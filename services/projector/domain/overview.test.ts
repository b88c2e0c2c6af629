import { describe, expect, it } from 'vitest';
import { communityRegistered, newLog, trafficCrash } from './testing/builders';
import { overviewOf } from './testing/queries';

describe('communityOverview', () => {
  it('has exactly the documented shape of the community overview', () => {
    const overview = overviewOf(newLog().facts());

    expect(Object.keys(overview)).toEqual([
      'community',
      'year',
      'asOf',
      'casualties',
      'productionAccidentsByGrade',
      'zeroDeathYears',
      'injurySurveillance',
      'hazards',
      'promotionProjects',
      'activities',
      'awareness',
      'designation',
      'readiness',
      'dataFreshness',
      'provisional',
    ]);
    expect(Object.keys(overview.casualties)).toEqual([
      'production',
      'roadTraffic',
      'fire',
      'waterwayRail',
      'publicSecurity',
      'allAccidents',
    ]);
    expect(Object.keys(overview.casualties.fire)).toEqual([
      'incidents',
      'deaths',
      'injuries',
      'previousYear',
      'deathsChangePct',
      'injuriesChangePct',
    ]);
    expect(Object.keys(overview.zeroDeathYears)).toEqual(['production', 'roadTraffic', 'fire', 'waterwayRail', 'publicSecurity']);
    expect(Object.keys(overview.injurySurveillance)).toEqual([
      'cases',
      'deaths',
      'ratePer100k',
      'byCause',
      'byPlace',
      'byIntent',
      'bySex',
      'byAgeGroup',
    ]);
    expect(Object.keys(overview.promotionProjects)).toEqual([
      'total',
      'active',
      'completed',
      'domainsCovered',
      'vulnerableGroupsCovered',
    ]);
    expect(Object.keys(overview.designation)).toEqual([
      'level',
      'status',
      'designatedOn',
      'validUntil',
      'reEvaluationDue',
      'lastEvaluation',
    ]);
    expect(Object.keys(overview.dataFreshness)).toEqual(['police', 'fire', 'health', 'transport', 'safety']);
    expect(JSON.parse(JSON.stringify(overview))).toEqual(overview); // plain JSON, nothing lost
  });

  it('echoes the year and the asOf instant in ISO form', () => {
    const overview = overviewOf(newLog().facts(), { year: 2024, asOf: new Date('2025-01-02T03:04:05+08:00') });

    expect(overview.year).toBe(2024);
    expect(overview.asOf).toBe('2025-01-01T19:04:05.000Z');
  });

  it('gives nulls for a community that is named but not registered', () => {
    const log = newLog();
    log.add('police', trafficCrash('OV-named'));

    expect(overviewOf(log.facts()).community).toEqual({ code: '610902001', name: null, type: null, population: null });
  });

  it('takes the community from the latest revision of its registration', () => {
    const log = newLog();
    log.add('safety', communityRegistered('OV-reg', { name: 'Old Name', population: 1000 }));
    log.add('safety', communityRegistered('OV-reg', { name: 'New Name', population: 2000, communityType: 'RURAL_TOWNSHIP', revision: 2 }));

    expect(overviewOf(log.facts()).community).toEqual({
      code: '610902001',
      name: 'New Name',
      type: 'RURAL_TOWNSHIP',
      population: 2000,
    });
  });

  it('takes the community from the latest-received registration when several records register it', () => {
    const log = newLog();
    log.add('safety', communityRegistered('OV-reg-b', { name: 'Second' }), '2025-02-01T00:00:00.000Z');
    log.add('safety', communityRegistered('OV-reg-a', { name: 'First' }), '2025-01-01T00:00:00.000Z');

    expect(overviewOf(log.facts()).community.name).toBe('Second');
  });

  it('answers for a community the hub has never heard of, with zeros and nulls', () => {
    const overview = overviewOf(newLog().facts(), { communityCode: '610902555' });

    expect(overview.community).toEqual({ code: '610902555', name: null, type: null, population: null });
    expect(overview.casualties.allAccidents).toMatchObject({ incidents: 0, deathsChangePct: null });
    expect(overview.designation.status).toBe('NONE');
    expect(overview.provisional.records).toBe(0);
  });
});
