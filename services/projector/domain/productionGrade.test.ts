import { describe, expect, it } from 'vitest';
import { productionGrade } from './productionGrade';
import { newLog, productionAccident } from './testing/builders';
import { overviewOf } from './testing/queries';

const none = { deaths: 0, seriousInjuries: 0, directLossYuan: 0 };

describe('productionGrade', () => {
  it('grades by deaths at 3, 10 and 30', () => {
    expect(productionGrade({ ...none, deaths: 2 })).toBe('GENERAL');
    expect(productionGrade({ ...none, deaths: 3 })).toBe('LARGER');
    expect(productionGrade({ ...none, deaths: 10 })).toBe('SERIOUS');
    expect(productionGrade({ ...none, deaths: 30 })).toBe('ESPECIALLY_SERIOUS');
  });

  it('grades by serious injuries at 10, 50 and 100', () => {
    expect(productionGrade({ ...none, seriousInjuries: 9 })).toBe('GENERAL');
    expect(productionGrade({ ...none, seriousInjuries: 10 })).toBe('LARGER');
    expect(productionGrade({ ...none, seriousInjuries: 50 })).toBe('SERIOUS');
    expect(productionGrade({ ...none, seriousInjuries: 100 })).toBe('ESPECIALLY_SERIOUS');
  });

  it('grades by direct loss at 10, 50 and 100 million yuan', () => {
    expect(productionGrade({ ...none, directLossYuan: 9_999_999.99 })).toBe('GENERAL');
    expect(productionGrade({ ...none, directLossYuan: 10_000_000 })).toBe('LARGER');
    expect(productionGrade({ ...none, directLossYuan: 50_000_000 })).toBe('SERIOUS');
    expect(productionGrade({ ...none, directLossYuan: 100_000_000 })).toBe('ESPECIALLY_SERIOUS');
  });

  it('takes the most serious grade any measure reaches', () => {
    expect(productionGrade({ deaths: 3, seriousInjuries: 50, directLossYuan: 0 })).toBe('SERIOUS');
  });
});

describe('productionAccidentsByGrade', () => {
  it('lists every grade and grades each accident of the year from its latest revision', () => {
    const log = newLog();
    log.add('safety', productionAccident('G-a', { deaths: 1 }));
    log.add('safety', productionAccident('G-a', { deaths: 3, revision: 2 }));
    log.add('safety', productionAccident('G-b', { deaths: 0 }));
    log.add('safety', productionAccident('G-old', { deaths: 40, occurredAt: '2024-06-01T10:00:00+08:00' }));

    expect(overviewOf(log.facts()).productionAccidentsByGrade).toEqual({
      GENERAL: 1,
      LARGER: 1,
      SERIOUS: 0,
      ESPECIALLY_SERIOUS: 0,
    });
  });
});
