import { describe, expect, it } from 'vitest';
import { awarenessSurvey, newLog } from './testing/builders';
import { overviewOf } from './testing/queries';

describe('awareness', () => {
  it('lists every item with nulls when there was no survey', () => {
    const { awareness } = overviewOf(newLog().facts());

    expect(Object.keys(awareness)).toEqual([
      'EMERGENCY_NUMBERS',
      'FIRE_SAFETY',
      'TRAFFIC_RULES',
      'EARTHQUAKE_SAFETY',
      'ELECTRICITY_GAS_SAFETY',
      'DROWNING_PREVENTION',
      'OVERALL',
    ]);
    expect(awareness.OVERALL).toEqual({ ratePct: null, respondents: null, previousYearRatePct: null });
  });

  it('takes the latest survey of the year by occurredAt, not by arrival', () => {
    const log = newLog();
    log.add('safety', awarenessSurvey('AW-late', { occurredAt: '2025-05-01T10:00:00+08:00', respondents: 200, aware: 150 }));
    log.add('safety', awarenessSurvey('AW-early', { occurredAt: '2025-02-01T10:00:00+08:00', respondents: 100, aware: 10 }));

    expect(overviewOf(log.facts()).awareness.FIRE_SAFETY).toEqual({ ratePct: 75, respondents: 200, previousYearRatePct: null });
  });

  it('gives the previous year rate from the latest survey of the previous year', () => {
    const log = newLog();
    log.add('safety', awarenessSurvey('AP-now', { item: 'OVERALL', respondents: 3, aware: 2 }));
    log.add('safety', awarenessSurvey('AP-prev-1', { item: 'OVERALL', occurredAt: '2024-03-01T10:00:00+08:00', aware: 50 }));
    log.add('safety', awarenessSurvey('AP-prev-2', { item: 'OVERALL', occurredAt: '2024-11-01T10:00:00+08:00', aware: 61 }));
    log.add('safety', awarenessSurvey('AP-older', { item: 'OVERALL', occurredAt: '2023-11-01T10:00:00+08:00', aware: 99 }));

    expect(overviewOf(log.facts()).awareness.OVERALL).toEqual({ ratePct: 66.7, respondents: 3, previousYearRatePct: 61 });
  });

  it('keeps the previous year rate when this year has no survey', () => {
    const log = newLog();
    log.add('safety', awarenessSurvey('AO-prev', { item: 'TRAFFIC_RULES', occurredAt: '2024-03-01T10:00:00+08:00', aware: 45 }));

    expect(overviewOf(log.facts()).awareness.TRAFFIC_RULES).toEqual({ ratePct: null, respondents: null, previousYearRatePct: 45 });
  });
});
