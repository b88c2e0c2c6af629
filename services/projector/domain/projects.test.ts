import { describe, expect, it } from 'vitest';
import { newLog, projectEvaluated, projectRegistered, recordWithdrawn } from './testing/builders';
import { overviewOf } from './testing/queries';

describe('promotionProjects', () => {
  it('counts projects of any year; without an evaluation a project is active', () => {
    const log = newLog();
    log.add('safety', projectRegistered('PP-new', { startedOn: '2025-02-01' }));
    log.add('safety', projectRegistered('PP-old', { startedOn: '2019-02-01', plannedEndOn: '2020-01-01' }));

    expect(overviewOf(log.facts()).promotionProjects).toMatchObject({ total: 2, active: 2, completed: 0 });
  });

  it('takes each project status from its latest evaluation by evaluatedOn, whatever the arrival order', () => {
    const log = newLog();
    log.add('safety', projectRegistered('PE-a'));
    log.add('safety', projectEvaluated('PE-a-2', { projectRecordId: 'PE-a', evaluatedOn: '2025-05-01', status: 'COMPLETED' }));
    log.add('safety', projectEvaluated('PE-a-1', { projectRecordId: 'PE-a', evaluatedOn: '2025-03-01', status: 'ONGOING' }));
    log.add('safety', projectRegistered('PE-b'));
    log.add('safety', projectEvaluated('PE-b-1', { projectRecordId: 'PE-b', status: 'DISCONTINUED' }));
    log.add('safety', projectRegistered('PE-c'));
    log.add('safety', projectEvaluated('PE-c-1', { projectRecordId: 'PE-c', status: 'ONGOING' }));

    expect(overviewOf(log.facts()).promotionProjects).toMatchObject({ total: 3, active: 1, completed: 1 });
  });

  it('breaks a tie on evaluatedOn by the later receipt', () => {
    const log = newLog();
    log.add('safety', projectRegistered('PT-a'));
    log.add('safety', projectEvaluated('PT-a-2', { projectRecordId: 'PT-a', status: 'COMPLETED' }), '2025-06-02T00:00:00.000Z');
    log.add('safety', projectEvaluated('PT-a-1', { projectRecordId: 'PT-a', status: 'ONGOING' }), '2025-06-01T00:00:00.000Z');

    expect(overviewOf(log.facts()).promotionProjects.completed).toBe(1);
  });

  it('lists the domains and vulnerable groups covered, sorted, leaving the general public out', () => {
    const log = newLog();
    log.add('safety', projectRegistered('PC-1', { domain: 'TRAFFIC', targetGroups: ['STUDENTS', 'GENERAL'] }));
    log.add('safety', projectRegistered('PC-2', { domain: 'ELDERLY', targetGroups: ['ELDERLY'] }));
    log.add('safety', projectRegistered('PC-3', { domain: 'TRAFFIC', targetGroups: ['CHILDREN', 'ELDERLY'] }));

    const projects = overviewOf(log.facts()).promotionProjects;

    expect(projects.domainsCovered).toEqual(['ELDERLY', 'TRAFFIC']);
    expect(projects.vulnerableGroupsCovered).toEqual(['CHILDREN', 'ELDERLY', 'STUDENTS']);
  });

  it('counts discontinued projects towards coverage', () => {
    const log = newLog();
    log.add('safety', projectRegistered('PD-1', { domain: 'WATER', targetGroups: ['CHILDREN'] }));
    log.add('safety', projectEvaluated('PD-1-e', { projectRecordId: 'PD-1', status: 'DISCONTINUED' }));

    const projects = overviewOf(log.facts()).promotionProjects;

    expect(projects).toMatchObject({ total: 1, active: 0, domainsCovered: ['WATER'], vulnerableGroupsCovered: ['CHILDREN'] });
  });

  it('leaves out a withdrawn project and a withdrawn evaluation', () => {
    const log = newLog();
    log.add('safety', projectRegistered('PW-gone', { domain: 'FIRE' }));
    log.add('safety', recordWithdrawn('PW-gone-w', { withdrawnRecordId: 'PW-gone' }));
    log.add('safety', projectRegistered('PW-kept', { domain: 'HOME' }));
    log.add('safety', projectEvaluated('PW-kept-e', { projectRecordId: 'PW-kept', status: 'COMPLETED' }));
    log.add('safety', recordWithdrawn('PW-kept-e-w', { withdrawnRecordId: 'PW-kept-e' }));

    expect(overviewOf(log.facts()).promotionProjects).toMatchObject({
      total: 1,
      active: 1,
      completed: 0,
      domainsCovered: ['HOME'],
    });
  });
});
