import { describe, expect, it } from 'vitest';
import { agreementStatus, inForce, regionsOverlap, shares } from './agreements';

const agreement = { validFrom: '2025-03-01', validUntil: '2025-03-31', revoked: false };

describe('agreement status on a day', () => {
  it('given the days around the validity window, when asked, then the boundaries are both included', () => {
    expect(agreementStatus(agreement, '2025-02-28')).toBe('PENDING');
    expect(agreementStatus(agreement, '2025-03-01')).toBe('ACTIVE');
    expect(agreementStatus(agreement, '2025-03-31')).toBe('ACTIVE');
    expect(agreementStatus(agreement, '2025-04-01')).toBe('EXPIRED');
  });

  it('given a revoked agreement, when asked on any day, then it is REVOKED and not in force', () => {
    for (const day of ['2025-02-28', '2025-03-15', '2025-04-01']) {
      expect(agreementStatus({ ...agreement, revoked: true }, day)).toBe('REVOKED');
      expect(inForce({ ...agreement, revoked: true }, day)).toBe(false);
    }
    expect(inForce(agreement, '2025-03-15')).toBe(true);
  });
});

describe('what an agreement shares', () => {
  const a = { types: ['TrafficCrashReported'], regionCode: '610902' };
  it('given records by type and community, when checked, then only listed types under the region are shared', () => {
    expect(shares(a, 'TrafficCrashReported', '610902001')).toBe(true);
    expect(shares(a, 'TrafficCrashReported', '610903001')).toBe(false);
    expect(shares(a, 'PublicSecurityCaseRecorded', '610902001')).toBe(false);
    expect(shares(a, 'TrafficCrashReported', null)).toBe(false);
  });

  it('given regions, when compared, then one containing the other overlaps', () => {
    expect(regionsOverlap('610902', '6109')).toBe(true);
    expect(regionsOverlap('61', '610902')).toBe(true);
    expect(regionsOverlap('610902', '')).toBe(true);
    expect(regionsOverlap('610903', '610902')).toBe(false);
  });
});
