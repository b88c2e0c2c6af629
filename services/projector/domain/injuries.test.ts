import { describe, expect, it } from 'vitest';
import { ageGroup } from './injuries';
import { communityRegistered, injuryCase, newLog, recordWithdrawn } from './testing/builders';
import { overviewOf } from './testing/queries';

describe('injurySurveillance', () => {
  it('lists every enum value of every breakdown, zeros included', () => {
    const { injurySurveillance } = overviewOf(newLog().facts());

    expect(Object.keys(injurySurveillance.byCause)).toEqual([
      'MOTOR_VEHICLE',
      'NON_MOTOR_VEHICLE',
      'FALL',
      'BLUNT_FORCE',
      'FIREARM',
      'CUT_PIERCE',
      'BURN',
      'SUFFOCATION',
      'DROWNING',
      'POISONING',
      'ANIMAL_BITE',
      'SEXUAL_ASSAULT',
      'OTHER',
      'UNKNOWN',
    ]);
    expect(Object.keys(injurySurveillance.byPlace)).toHaveLength(10);
    expect(injurySurveillance.byIntent).toEqual({ UNINTENTIONAL: 0, SELF_HARM: 0, ASSAULT: 0, UNKNOWN: 0 });
    expect(injurySurveillance.bySex).toEqual({ MALE: 0, FEMALE: 0, UNKNOWN: 0 });
    expect(injurySurveillance.byAgeGroup).toEqual({ CHILD_0_14: 0, YOUTH_15_24: 0, ADULT_25_64: 0, ELDERLY_65_PLUS: 0 });
    expect(Object.values(injurySurveillance.byPlace).every((n) => n === 0)).toBe(true);
  });

  it('counts cases of the year by cause, place, intent, sex and age group', () => {
    const log = newLog();
    log.add('health', injuryCase('I-1', { cause: 'FALL', place: 'HOME', intent: 'UNINTENTIONAL', sex: 'FEMALE', ageYears: 80 }));
    log.add('health', injuryCase('I-2', { cause: 'DROWNING', place: 'OTHER', intent: 'UNKNOWN', sex: 'MALE', ageYears: 6 }));
    log.add('health', injuryCase('I-3', { cause: 'FALL', place: 'HOME', intent: 'SELF_HARM', sex: 'FEMALE', ageYears: 20 }));
    log.add('health', injuryCase('I-old', { occurredAt: '2024-03-01T10:00:00+08:00' }));

    const surveillance = overviewOf(log.facts()).injurySurveillance;

    expect(surveillance.cases).toBe(3);
    expect(surveillance.byCause).toMatchObject({ FALL: 2, DROWNING: 1, BURN: 0 });
    expect(surveillance.byPlace).toMatchObject({ HOME: 2, OTHER: 1 });
    expect(surveillance.byIntent).toEqual({ UNINTENTIONAL: 1, SELF_HARM: 1, ASSAULT: 0, UNKNOWN: 1 });
    expect(surveillance.bySex).toEqual({ MALE: 1, FEMALE: 2, UNKNOWN: 0 });
    expect(surveillance.byAgeGroup).toEqual({ CHILD_0_14: 1, YOUTH_15_24: 1, ADULT_25_64: 0, ELDERLY_65_PLUS: 1 });
  });

  it('counts as deaths the cases with outcome DIED', () => {
    const log = newLog();
    log.add('health', injuryCase('ID-1', { outcome: 'DIED' }));
    log.add('health', injuryCase('ID-2', { outcome: 'ADMITTED' }));
    log.add('health', injuryCase('ID-2', { outcome: 'DIED', revision: 2 }));
    log.add('health', injuryCase('ID-3', { outcome: 'DISCHARGED' }));

    expect(overviewOf(log.facts()).injurySurveillance).toMatchObject({ cases: 3, deaths: 2 });
  });

  it('gives the rate per 100,000 of the registered population with one decimal', () => {
    const log = newLog();
    log.add('safety', communityRegistered('IR-reg', { population: 30_000 }));
    log.add('health', injuryCase('IR-1'));

    expect(overviewOf(log.facts()).injurySurveillance.ratePer100k).toBe(3.3);
  });

  it('gives a null rate without a population', () => {
    const log = newLog();
    log.add('health', injuryCase('IN-1'));

    expect(overviewOf(log.facts()).injurySurveillance.ratePer100k).toBeNull();
  });

  it('leaves out a withdrawn case', () => {
    const log = newLog();
    log.add('health', injuryCase('IW-1'));
    log.add('health', recordWithdrawn('IW-w', { withdrawnRecordId: 'IW-1' }));

    expect(overviewOf(log.facts()).injurySurveillance.cases).toBe(0);
  });
});

describe('ageGroup', () => {
  it('splits at 15, 25 and 65 years', () => {
    expect([0, 14, 15, 24, 25, 64, 65, 120].map(ageGroup)).toEqual([
      'CHILD_0_14',
      'CHILD_0_14',
      'YOUTH_15_24',
      'YOUTH_15_24',
      'ADULT_25_64',
      'ADULT_25_64',
      'ELDERLY_65_PLUS',
      'ELDERLY_65_PLUS',
    ]);
  });
});
