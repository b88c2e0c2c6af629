import { describe, expect, it } from 'vitest';
import { designationRows } from './designation';
import {
  communityDesignated,
  communityRegistered,
  designationEvaluated,
  designationRevoked,
  newLog,
  recordWithdrawn,
} from './testing/builders';
import { AS_OF, overviewOf, TIME_ZONE } from './testing/queries';

// AS_OF is 2025-06-15 in Shanghai.
describe('designation', () => {
  it('is NONE without a designation', () => {
    expect(overviewOf(newLog().facts()).designation).toEqual({
      level: null,
      status: 'NONE',
      designatedOn: null,
      validUntil: null,
      reEvaluationDue: false,
      lastEvaluation: null,
    });
  });

  it('is DESIGNATED while validUntil is not before the asOf date', () => {
    const log = newLog();
    log.add('safety', communityDesignated('D-1', { level: 'PROVINCIAL', designatedOn: '2020-06-15', validUntil: '2025-06-15' }));

    expect(overviewOf(log.facts()).designation).toMatchObject({
      level: 'PROVINCIAL',
      status: 'DESIGNATED',
      designatedOn: '2020-06-15',
      validUntil: '2025-06-15',
      reEvaluationDue: true,
    });
  });

  it('is EXPIRED once validUntil is before the asOf date, and no longer due for re-evaluation', () => {
    const log = newLog();
    log.add('safety', communityDesignated('D-exp', { designatedOn: '2020-06-14', validUntil: '2025-06-14' }));

    expect(overviewOf(log.facts()).designation).toMatchObject({ status: 'EXPIRED', reEvaluationDue: false });
  });

  it('is due for re-evaluation when validUntil is at most 180 days after the asOf date', () => {
    const log = newLog();
    log.add('safety', communityDesignated('D-180', { designatedOn: '2021-01-01', validUntil: '2025-12-12' }));
    const due = overviewOf(log.facts()).designation.reEvaluationDue;
    const log2 = newLog();
    log2.add('safety', communityDesignated('D-181', { designatedOn: '2021-01-01', validUntil: '2025-12-13' }));

    expect(due).toBe(true); // 180 days after 2025-06-15
    expect(overviewOf(log2.facts()).designation.reEvaluationDue).toBe(false);
  });

  it('is REVOKED when a revocation is the latest decision, showing what was revoked', () => {
    const log = newLog();
    log.add('safety', communityDesignated('DR-d', { level: 'CITY', designatedOn: '2024-12-01', validUntil: '2029-12-01' }));
    log.add('safety', designationRevoked('DR-r', { level: 'CITY', revokedOn: '2025-05-01' }));

    expect(overviewOf(log.facts()).designation).toMatchObject({
      level: 'CITY',
      status: 'REVOKED',
      designatedOn: '2024-12-01',
      validUntil: '2029-12-01',
      reEvaluationDue: false,
    });
  });

  it('orders decisions by their own dates, not by arrival', () => {
    const log = newLog();
    log.add('safety', designationRevoked('DO-r', { revokedOn: '2023-01-01' }), '2025-01-01T00:00:00.000Z');
    log.add('safety', communityDesignated('DO-d', { designatedOn: '2024-12-01', validUntil: '2029-12-01' }), '2024-12-02T00:00:00.000Z');

    expect(overviewOf(log.facts()).designation.status).toBe('DESIGNATED');
  });

  it('breaks a tie between decisions of the same date by the later receipt', () => {
    const log = newLog();
    log.add('safety', designationRevoked('DT-r', { revokedOn: '2024-12-01' }), '2025-01-02T00:00:00.000Z');
    log.add('safety', communityDesignated('DT-d', { designatedOn: '2024-12-01' }), '2025-01-01T00:00:00.000Z');

    expect(overviewOf(log.facts()).designation.status).toBe('REVOKED');
  });

  it('counts a designation again when its revocation is withdrawn', () => {
    const log = newLog();
    log.add('safety', communityDesignated('DW-d'));
    log.add('safety', designationRevoked('DW-r'));
    log.add('safety', recordWithdrawn('DW-w', { withdrawnRecordId: 'DW-r' }));

    expect(overviewOf(log.facts()).designation.status).toBe('DESIGNATED');
  });

  it('gives the latest evaluation by evaluatedOn', () => {
    const log = newLog();
    log.add('safety', designationEvaluated('DE-2', { evaluatedOn: '2025-04-01', level: 'NATIONAL', score: 70, result: 'RECTIFY', zeroIndicators: 2 }));
    log.add('safety', designationEvaluated('DE-1', { evaluatedOn: '2024-04-01', score: 95 }));

    expect(overviewOf(log.facts()).designation.lastEvaluation).toEqual({
      level: 'NATIONAL',
      evaluatedOn: '2025-04-01',
      score: 70,
      maxScore: 100,
      zeroIndicators: 2,
      result: 'RECTIFY',
    });
  });
});

describe('designationRows', () => {
  it('lists the region communities with a designation decision, sorted by code', () => {
    const log = newLog();
    log.add('safety', communityRegistered('DL-reg', { communityCode: '610902002', name: 'East Street' }));
    log.add('safety', communityDesignated('DL-2', { communityCode: '610902002', validUntil: '2025-09-01' }));
    log.add('safety', communityDesignated('DL-1', { communityCode: '610902001', validUntil: '2025-01-01' }));
    log.add('safety', communityRegistered('DL-none', { communityCode: '610902003' }));
    log.add('safety', communityDesignated('DL-out', { communityCode: '610903001' }));

    expect(designationRows(log.facts(), { regionCode: '610902', asOf: AS_OF, timeZone: TIME_ZONE })).toEqual([
      {
        communityCode: '610902001',
        name: null,
        level: 'CITY',
        status: 'EXPIRED',
        designatedOn: '2024-12-01',
        validUntil: '2025-01-01',
        reEvaluationDue: false,
      },
      {
        communityCode: '610902002',
        name: 'East Street',
        level: 'CITY',
        status: 'DESIGNATED',
        designatedOn: '2024-12-01',
        validUntil: '2025-09-01',
        reEvaluationDue: true,
      },
    ]);
  });
});
