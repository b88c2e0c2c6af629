import { describe, expect, it } from 'vitest';
import { readSchemaFiles } from '../avro/schemaFiles';
import type { EventType } from '../events.generated';
import { loadEventValidation } from './eventValidation';
import { PERSONAL_DATA_MESSAGE } from './models';
import { NOW, VALID_EVENTS } from '../../../test/kits/validEvents';

const validation = loadEventValidation();
const schemas = readSchemaFiles().current;

function errorsWith(type: EventType, patch: Record<string, unknown>, now = NOW) {
  const result = validation.validateEvents({ ...VALID_EVENTS[type], ...patch }, { now });
  return result.ok ? [] : result.errors.map(({ path, message }) => ({ path, message }));
}

describe('personal data in free text', () => {
  const freeTextFields = schemas.flatMap((s) => s.fields.filter((f) => f.freeText).map((f) => [s.name as EventType, f.name] as const));

  it('covers the free-text fields of the contract', () => {
    expect(freeTextFields.map(([t, f]) => `${t}.${f}`).sort()).toEqual([
      'CommunityRegistered.name',
      'DesignationRevoked.reason',
      'HazardIdentified.description',
      'PromotionProjectEvaluated.effectSummary',
      'PromotionProjectRegistered.name',
      'RecordWithdrawn.reason',
    ]);
  });

  describe.each(freeTextFields)('%s.%s', (type, field) => {
    it.each([
      ['a resident ID number', '当事人110105194912310021'],
      ['a resident ID ending in X', '11010519491231002X'],
      ['a mobile number', '请联系13812345678'],
    ])('is rejected when it holds %s, naming the field but not the value', (_what, text) => {
      // given a valid event whose free text carries personal data
      const result = validation.validateEvents({ ...VALID_EVENTS[type], [field]: text }, { now: NOW });
      // then it is rejected at that field
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors).toEqual([{ index: 0, path: field, message: PERSONAL_DATA_MESSAGE }]);
      // and the value appears nowhere in the answer
      expect(JSON.stringify(result)).not.toContain(text);
    });
  });

  it('leaves text with ordinary numbers alone', () => {
    expect(errorsWith('HazardIdentified', { description: '3号楼 2 单元, 整改期限 30 天, 电话 029-88888888' })).toEqual([]);
  });
});

describe('notInFuture', () => {
  const typesWithOccurredAt = schemas.filter((s) => s.fields.some((f) => f.notInFuture)).map((s) => s.name as EventType);
  const now = new Date('2025-03-01T00:00:00Z');

  it.each(typesWithOccurredAt)('accepts a %s at most 5 minutes after now', (type) => {
    expect(errorsWith(type, { occurredAt: '2025-03-01T08:05:00+08:00' }, now)).toEqual([]);
  });

  it.each(typesWithOccurredAt)('rejects a %s more than 5 minutes after now', (type) => {
    expect(errorsWith(type, { occurredAt: '2025-03-01T08:05:01+08:00' }, now)).toEqual([
      { path: 'occurredAt', message: 'must not be more than 5 minutes in the future' },
    ]);
  });

  it('compares instants, not local clock readings', () => {
    // given 07:00 at UTC-05:00, i.e. 12:00 UTC, against now 11:00 UTC
    expect(errorsWith('TrafficCrashReported', { occurredAt: '2025-03-01T07:00:00-05:00' }, new Date('2025-03-01T11:00:00Z'))).toHaveLength(1);
  });

  it('applies to every event with occurredAt', () => {
    expect([...typesWithOccurredAt].sort()).toEqual([
      'AwarenessSurveyCompleted',
      'FireIncidentReported',
      'HazardIdentified',
      'InjuryCaseReported',
      'ProductionAccidentReported',
      'PublicSecurityCaseRecorded',
      'SafetyActivityHeld',
      'TrafficCrashReported',
      'TransportAccidentReported',
    ]);
  });
});

describe('rules across fields', () => {
  it('accepts aware equal to respondents and rejects more', () => {
    expect(errorsWith('AwarenessSurveyCompleted', { respondents: 10, aware: 10 })).toEqual([]);
    expect(errorsWith('AwarenessSurveyCompleted', { respondents: 10, aware: 11 })).toEqual([{ path: 'aware', message: 'must not exceed respondents' }]);
  });

  it('accepts score equal to maxScore and rejects more', () => {
    expect(errorsWith('DesignationEvaluated', { score: 100, maxScore: 100 })).toEqual([]);
    expect(errorsWith('DesignationEvaluated', { score: 100.5, maxScore: 100 })).toEqual([{ path: 'score', message: 'must not exceed maxScore' }]);
  });

  it('accepts seriousInjuries equal to injuries and rejects more', () => {
    expect(errorsWith('ProductionAccidentReported', { seriousInjuries: 5, injuries: 5 })).toEqual([]);
    expect(errorsWith('ProductionAccidentReported', { seriousInjuries: 6, injuries: 5 })).toEqual([
      { path: 'seriousInjuries', message: expect.stringContaining('must not exceed injuries') },
    ]);
  });

  it('requires validUntil after designatedOn', () => {
    expect(errorsWith('CommunityDesignated', { designatedOn: '2024-12-01', validUntil: '2024-12-02' })).toEqual([]);
    expect(errorsWith('CommunityDesignated', { designatedOn: '2024-12-01', validUntil: '2024-12-01' })).toEqual([
      { path: 'validUntil', message: 'must be after designatedOn' },
    ]);
    expect(errorsWith('CommunityDesignated', { designatedOn: '2024-12-01', validUntil: '2019-12-01' })).toHaveLength(1);
  });

  it('allows plannedEndOn on startedOn but not before it', () => {
    expect(errorsWith('PromotionProjectRegistered', { startedOn: '2025-01-01', plannedEndOn: '2025-01-01' })).toEqual([]);
    expect(errorsWith('PromotionProjectRegistered', { startedOn: '2025-01-01', plannedEndOn: '2024-12-31' })).toEqual([
      { path: 'plannedEndOn', message: 'must not be before startedOn' },
    ]);
  });

  it('stays silent when a field of the rule is itself wrong, leaving that to the field error', () => {
    expect(errorsWith('AwarenessSurveyCompleted', { respondents: 'many', aware: 11 })).toEqual([{ path: 'respondents', message: 'must be an integer' }]);
    expect(errorsWith('CommunityDesignated', { designatedOn: '2024-13-01', validUntil: '2024-12-01' })).toEqual([
      { path: 'designatedOn', message: 'must be a date YYYY-MM-DD' },
    ]);
  });

  it('reports field errors and rule errors of one event together', () => {
    expect(errorsWith('AwarenessSurveyCompleted', { communityCode: '1', respondents: 3, aware: 4 })).toEqual([
      { path: 'communityCode', message: expect.any(String) },
      { path: 'aware', message: 'must not exceed respondents' },
    ]);
  });
});
