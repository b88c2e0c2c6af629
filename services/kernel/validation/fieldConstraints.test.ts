import { describe, expect, it } from 'vitest';
import { loadEventValidation } from './eventValidation';
import { NOW, VALID_EVENTS } from '../../../test/kits/validEvents';

const validation = loadEventValidation();

/** Errors of one event changed by `patch`; [] when it is accepted. */
function errorsWith(type: keyof typeof VALID_EVENTS, patch: Record<string, unknown>) {
  const result = validation.validateEvents({ ...VALID_EVENTS[type], ...patch }, { now: NOW });
  return result.ok ? [] : result.errors.map(({ path, message }) => ({ path, message }));
}

describe('formats', () => {
  it.each(['2025-03-01T08:30:00+08:00', '2025-03-01T00:30:00Z', '2025-02-28T19:30:00.5-05:00'])('accepts the date-time %s', (occurredAt) => {
    expect(errorsWith('TrafficCrashReported', { occurredAt })).toEqual([]);
  });

  it('rejects a date-time given as a number', () => {
    expect(errorsWith('TrafficCrashReported', { occurredAt: 1740789000000 })).toEqual([{ path: 'occurredAt', message: 'must be a string' }]);
  });

  it.each(['2025-03-01T08:30:00', '2025-03-01 08:30:00+08:00', '2025-02-30T08:30:00+08:00', '2025-03-01'])(
    'rejects the date-time %s',
    (occurredAt) => {
      expect(errorsWith('TrafficCrashReported', { occurredAt })).toEqual([{ path: 'occurredAt', message: expect.stringContaining('ISO 8601') }]);
    },
  );

  it.each(['2025-03-31', '2024-02-29'])('accepts the date %s', (rectifyBy) => {
    expect(errorsWith('HazardIdentified', { rectifyBy })).toEqual([]);
  });

  it.each(['2025-02-29', '2025-04-31', '2025/03/31', '2025-3-31', '2025-03-31T00:00:00Z'])('rejects the date %s', (rectifyBy) => {
    expect(errorsWith('HazardIdentified', { rectifyBy })).toEqual([{ path: 'rectifyBy', message: 'must be a date YYYY-MM-DD' }]);
  });

  it.each(['61090200', '6109020011', '61090200a', 610902001])('rejects the community code %s', (communityCode) => {
    expect(errorsWith('FireIncidentReported', { communityCode })).toEqual([{ path: 'communityCode', message: expect.stringMatching(/community code|string/) }]);
  });

  it.each(['61', '6109', '610902', '610902001'])('accepts the region code %s', (regionCode) => {
    expect(errorsWith('ControlIndicatorIssued', { regionCode })).toEqual([]);
  });

  it.each(['6', '610', '61090', '6109020', '61090200', '6109020011', ''])('rejects the region code "%s"', (regionCode) => {
    expect(errorsWith('ControlIndicatorIssued', { regionCode })).toEqual([{ path: 'regionCode', message: expect.stringContaining('region code') }]);
  });

  it.each(['A', 'a.b_c:d-9', 'x'.repeat(64)])('accepts the record id %s', (sourceRecordId) => {
    expect(errorsWith('RecordWithdrawn', { sourceRecordId, withdrawnRecordId: sourceRecordId })).toEqual([]);
  });

  it.each(['', 'x'.repeat(65), 'JJ 1', 'JJ/1', '记录1'])('rejects the record id "%s" in sourceRecordId and references', (id) => {
    expect(errorsWith('RecordWithdrawn', { sourceRecordId: id, withdrawnRecordId: id })).toEqual([
      { path: 'sourceRecordId', message: expect.stringContaining('1 to 64 characters') },
      { path: 'withdrawnRecordId', message: expect.stringContaining('1 to 64 characters') },
    ]);
  });
});

describe('numbers', () => {
  it.each([1.5, '1', null, true])('rejects a count of %s', (deaths) => {
    expect(errorsWith('TrafficCrashReported', { deaths })).toEqual([{ path: 'deaths', message: 'must be an integer' }]);
  });

  it('rejects a negative count', () => {
    expect(errorsWith('FireIncidentReported', { injuries: -1 })).toEqual([{ path: 'injuries', message: 'must be >= 0' }]);
  });

  it('rejects an int beyond the Avro int range', () => {
    expect(errorsWith('FireIncidentReported', { injuries: 2 ** 31 })).toEqual([{ path: 'injuries', message: 'must be <= 2147483647' }]);
  });

  it('accepts a long of 2^52 and rejects 2^52 + 1', () => {
    expect(errorsWith('CommunityRegistered', { population: 2 ** 52 })).toEqual([]);
    expect(errorsWith('CommunityRegistered', { population: 2 ** 52 + 1 })).toEqual([{ path: 'population', message: `must be <= ${2 ** 52}` }]);
  });

  it('applies a custom minimum', () => {
    expect(errorsWith('TrafficCrashReported', { vehicles: 0 })).toEqual([{ path: 'vehicles', message: 'must be >= 1' }]);
    expect(errorsWith('CommunityRegistered', { population: 0 })).toEqual([{ path: 'population', message: 'must be >= 1' }]);
    expect(errorsWith('TrafficCrashReported', { revision: 0 })).toEqual([{ path: 'revision', message: 'must be >= 1' }]);
  });

  it('applies a custom maximum', () => {
    expect(errorsWith('InjuryCaseReported', { ageYears: 120 })).toEqual([]);
    expect(errorsWith('InjuryCaseReported', { ageYears: 121 })).toEqual([{ path: 'ageYears', message: 'must be <= 120' }]);
    expect(errorsWith('ControlIndicatorIssued', { year: 1999 })).toEqual([{ path: 'year', message: 'must be >= 2000' }]);
  });

  it('applies an exclusive minimum to a double', () => {
    expect(errorsWith('DesignationEvaluated', { maxScore: 0, score: 0 })).toEqual([{ path: 'maxScore', message: 'must be > 0' }]);
    expect(errorsWith('DesignationEvaluated', { maxScore: 0.5, score: 0.25 })).toEqual([]);
  });

  it('accepts money with decimals and rejects negative or non-numeric money', () => {
    expect(errorsWith('FireIncidentReported', { directLossYuan: 0.01 })).toEqual([]);
    expect(errorsWith('FireIncidentReported', { directLossYuan: -0.01 })).toEqual([{ path: 'directLossYuan', message: 'must be >= 0' }]);
    expect(errorsWith('FireIncidentReported', { directLossYuan: '100' })).toEqual([{ path: 'directLossYuan', message: 'must be a number' }]);
  });
});

describe('strings, enums, booleans and arrays', () => {
  it('rejects an empty free text', () => {
    expect(errorsWith('DesignationRevoked', { reason: '' })).toEqual([{ path: 'reason', message: 'must not be empty' }]);
  });

  it('counts maxLength in characters, Chinese included', () => {
    expect(errorsWith('CommunityRegistered', { name: '街'.repeat(100) })).toEqual([]);
    expect(errorsWith('CommunityRegistered', { name: '街'.repeat(101) })).toEqual([{ path: 'name', message: 'must be at most 100 characters' }]);
    expect(errorsWith('HazardIdentified', { description: 'x'.repeat(501) })).toEqual([{ path: 'description', message: 'must be at most 500 characters' }]);
  });

  it('rejects an enum value outside the symbols, lower case included', () => {
    expect(errorsWith('InjuryCaseReported', { sex: 'male' })).toEqual([{ path: 'sex', message: 'must be one of MALE, FEMALE, UNKNOWN' }]);
  });

  it('rejects a boolean given as a string', () => {
    expect(errorsWith('HazardRectified', { verified: 'true' })).toEqual([{ path: 'verified', message: 'must be true or false' }]);
  });

  it('rejects an empty targetGroups and a non-array', () => {
    expect(errorsWith('PromotionProjectRegistered', { targetGroups: [] })).toEqual([{ path: 'targetGroups', message: 'must have at least 1 item' }]);
    expect(errorsWith('PromotionProjectRegistered', { targetGroups: 'ELDERLY' })).toEqual([{ path: 'targetGroups', message: 'must be an array' }]);
  });

  it('names the array element that is wrong', () => {
    expect(errorsWith('PromotionProjectRegistered', { targetGroups: ['ELDERLY', 'CHILDREN', 'TEENS'] })).toEqual([
      { path: 'targetGroups.2', message: expect.stringContaining('must be one of') },
    ]);
  });
});
