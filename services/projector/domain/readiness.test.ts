import { describe, expect, it } from 'vitest';
import type { Agency } from '../../kernel/agency';
import { DEFAULT_READINESS } from './readiness';
import {
  activityHeld,
  awarenessSurvey,
  hazard,
  hazardRectified,
  injuryCase,
  newLog,
  projectEvaluated,
  projectRegistered,
  type TestLog,
} from './testing/builders';
import { overviewOf } from './testing/queries';
import type { CommunityOverview, ReadinessIndicatorId } from './types';

// AS_OF is 2025-06-15T04:00:00Z (noon in Shanghai).
function indicator(overview: CommunityOverview, id: ReadinessIndicatorId) {
  const found = overview.readiness.indicators.find((i) => i.id === id);
  if (!found) throw new Error(`no indicator ${id}`);
  return found;
}

function injuriesInMonths(log: TestLog, year: number, months: readonly number[]): void {
  for (const month of months) {
    const mm = String(month).padStart(2, '0');
    log.add('health', injuryCase(`RS-${year}-${mm}`, { occurredAt: `${year}-${mm}-10T10:00:00+08:00` }));
  }
}

describe('readiness', () => {
  it('lists the six indicators in order, NETWORKING not derivable', () => {
    const { readiness } = overviewOf(newLog().facts());

    expect(readiness.indicators.map((i) => i.id)).toEqual([
      'GOVERNANCE',
      'SURVEILLANCE',
      'COMPREHENSIVE',
      'VULNERABLE_GROUPS',
      'EVALUATION',
      'NETWORKING',
    ]);
    expect(readiness.total).toBe(6);
    expect(readiness.indicators[5]).toMatchObject({ met: null, evidence: expect.stringMatching(/not derivable/i) });
  });

  it('GOVERNANCE is met when 4 bureaus published for the community in the 12 months before asOf', () => {
    const log = newLog();
    const publishers: Agency[] = ['police', 'fire', 'health', 'safety'];
    publishers.forEach((agency, i) => log.add(agency, activityHeld(`RG-${i}`), '2024-07-01T00:00:00.000Z'));

    const governance = indicator(overviewOf(log.facts()), 'GOVERNANCE');

    expect(governance.met).toBe(true);
    expect(governance.evidence).toContain('4 of 5');
  });

  it('GOVERNANCE is not met when a bureau last published more than 12 months before asOf', () => {
    const log = newLog();
    log.add('police', activityHeld('RGO-police'), '2025-01-01T00:00:00.000Z');
    log.add('fire', activityHeld('RGO-fire'), '2025-01-01T00:00:00.000Z');
    log.add('health', activityHeld('RGO-health'), '2025-01-01T00:00:00.000Z');
    log.add('safety', activityHeld('RGO-safety'), '2024-06-15T03:59:59.000Z');

    const governance = indicator(overviewOf(log.facts()), 'GOVERNANCE');

    expect(governance.met).toBe(false);
    expect(governance.evidence).toContain('3 of 5');
  });

  it('GOVERNANCE counts references to the community records as publishing for it', () => {
    const log = newLog();
    log.add('police', activityHeld('RGR-police'), '2025-01-01T00:00:00.000Z');
    log.add('health', activityHeld('RGR-health'), '2025-01-01T00:00:00.000Z');
    log.add('safety', activityHeld('RGR-safety'), '2025-01-01T00:00:00.000Z');
    log.add('fire', hazard('RGR-hazard'), '2023-01-01T00:00:00.000Z');
    log.add('fire', hazardRectified('RGR-rect', { hazardRecordId: 'RGR-hazard' }), '2025-05-01T00:00:00.000Z');

    expect(indicator(overviewOf(log.facts()), 'GOVERNANCE').met).toBe(true);
  });

  it('SURVEILLANCE for a past year needs injury cases in 10 of its 12 months', () => {
    const log = newLog();
    injuriesInMonths(log, 2024, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const log9 = newLog();
    injuriesInMonths(log9, 2024, [1, 2, 3, 4, 5, 6, 7, 8, 9]);

    const met = indicator(overviewOf(log.facts(), { year: 2024 }), 'SURVEILLANCE');
    const notMet = indicator(overviewOf(log9.facts(), { year: 2024 }), 'SURVEILLANCE');

    expect(met.met).toBe(true);
    expect(met.evidence).toContain('10 of 12 months');
    expect(notMet.met).toBe(false);
  });

  it('SURVEILLANCE in the current year needs 10/12 of the months elapsed, rounded down', () => {
    // June 15: 6 months begun, 10/12 x 6 = 5.
    const log = newLog();
    injuriesInMonths(log, 2025, [1, 2, 3, 4, 5]);
    const log4 = newLog();
    injuriesInMonths(log4, 2025, [1, 2, 3, 4]);
    log4.add('health', injuryCase('RS-2025-04b', { occurredAt: '2025-04-20T10:00:00+08:00' }));

    const met = indicator(overviewOf(log.facts()), 'SURVEILLANCE');
    const notMet = indicator(overviewOf(log4.facts()), 'SURVEILLANCE');

    expect(met).toMatchObject({ met: true, evidence: expect.stringContaining('required 5') });
    expect(notMet.met).toBe(false);
  });

  it('COMPREHENSIVE needs projects covering 8 of the 12 domains', () => {
    const domains = ['TRAFFIC', 'FIRE', 'WORKPLACE', 'HOME', 'ELDERLY', 'CHILDREN', 'SCHOOL', 'WATER'] as const;
    const log = newLog();
    domains.forEach((domain, i) => log.add('safety', projectRegistered(`RC-${i}`, { domain })));
    const log7 = newLog();
    domains.slice(0, 7).forEach((domain, i) => log7.add('safety', projectRegistered(`RC7-${i}`, { domain })));

    expect(indicator(overviewOf(log.facts()), 'COMPREHENSIVE')).toMatchObject({
      met: true,
      evidence: expect.stringContaining('8 of 12'),
    });
    expect(indicator(overviewOf(log7.facts()), 'COMPREHENSIVE').met).toBe(false);
  });

  it('VULNERABLE_GROUPS needs active or completed projects targeting ELDERLY and CHILDREN', () => {
    const log = newLog();
    log.add('safety', projectRegistered('RV-elderly', { targetGroups: ['ELDERLY'] }));
    log.add('safety', projectRegistered('RV-children', { targetGroups: ['CHILDREN'] }));
    log.add('safety', projectEvaluated('RV-children-e', { projectRecordId: 'RV-children', status: 'COMPLETED' }));

    expect(indicator(overviewOf(log.facts()), 'VULNERABLE_GROUPS').met).toBe(true);
  });

  it('VULNERABLE_GROUPS does not count a discontinued project', () => {
    const log = newLog();
    log.add('safety', projectRegistered('RVD-elderly', { targetGroups: ['ELDERLY'] }));
    log.add('safety', projectRegistered('RVD-children', { targetGroups: ['CHILDREN'] }));
    log.add('safety', projectEvaluated('RVD-children-e', { projectRecordId: 'RVD-children', status: 'DISCONTINUED' }));

    const vulnerable = indicator(overviewOf(log.facts()), 'VULNERABLE_GROUPS');

    expect(vulnerable.met).toBe(false);
    expect(vulnerable.evidence).toContain('CHILDREN no');
  });

  it('EVALUATION needs a survey in the year and at least half of the projects evaluated', () => {
    const log = newLog();
    log.add('safety', awarenessSurvey('RE-survey'));
    log.add('safety', projectRegistered('RE-p1'));
    log.add('safety', projectRegistered('RE-p2'));
    log.add('safety', projectEvaluated('RE-p1-e', { projectRecordId: 'RE-p1' }));

    expect(indicator(overviewOf(log.facts()), 'EVALUATION')).toMatchObject({
      met: true,
      evidence: expect.stringContaining('1 of 2 projects evaluated'),
    });
  });

  it('EVALUATION is not met without a survey in the year', () => {
    const log = newLog();
    log.add('safety', awarenessSurvey('REN-survey', { occurredAt: '2024-10-01T10:00:00+08:00' }));
    log.add('safety', projectRegistered('REN-p1'));
    log.add('safety', projectEvaluated('REN-p1-e', { projectRecordId: 'REN-p1' }));

    expect(indicator(overviewOf(log.facts()), 'EVALUATION').met).toBe(false);
  });

  it('EVALUATION is not met when fewer than half of the projects, or no project, were evaluated', () => {
    const log = newLog();
    log.add('safety', awarenessSurvey('REL-survey'));
    for (const id of ['REL-p1', 'REL-p2', 'REL-p3']) log.add('safety', projectRegistered(id));
    log.add('safety', projectEvaluated('REL-p1-e', { projectRecordId: 'REL-p1' }));
    const noProjects = newLog();
    noProjects.add('safety', awarenessSurvey('RE0-survey'));

    expect(indicator(overviewOf(log.facts()), 'EVALUATION').met).toBe(false);
    expect(indicator(overviewOf(noProjects.facts()), 'EVALUATION').met).toBe(false);
  });

  it('counts the indicators met and honours configured thresholds', () => {
    const log = newLog();
    log.add('safety', projectRegistered('RT-p', { domain: 'FIRE', targetGroups: ['ELDERLY', 'CHILDREN'] }));
    log.add('safety', projectEvaluated('RT-p-e', { projectRecordId: 'RT-p' }));
    log.add('safety', awarenessSurvey('RT-s'));

    const strict = overviewOf(log.facts()).readiness;
    const lenient = overviewOf(log.facts(), {
      readiness: { ...DEFAULT_READINESS, governanceAgencies: 1, comprehensiveDomains: 1 },
    }).readiness;

    // SURVEILLANCE fails (0 of 5 months), so strict = VULNERABLE_GROUPS + EVALUATION.
    expect(strict.met).toBe(2);
    expect(lenient.met).toBe(4);
  });
});
