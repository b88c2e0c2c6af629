import { describe, expect, it } from 'vitest';
import { PUBLISHERS, type SharingAgreementGrantedBody } from '../events.generated';
import { loadEventValidation } from './eventValidation';
import { agreementAuthorityErrors, agreementRuleErrors } from './agreementRules';
import { NOW, VALID_EVENTS } from '../../../test/kits/validEvents';

const grant = (over: Partial<SharingAgreementGrantedBody> = {}): SharingAgreementGrantedBody => ({
  ...(VALID_EVENTS.SharingAgreementGranted as unknown as SharingAgreementGrantedBody),
  ...over,
});
const publishersOf = (type: keyof typeof PUBLISHERS) => PUBLISHERS[type];

describe('sharing agreement rules', () => {
  it('given validUntil equal to validFrom, when checked, then validUntil is named', () => {
    expect(agreementRuleErrors('SharingAgreementGranted', { validFrom: '2025-03-01', validUntil: '2025-03-01' })).toEqual([
      { path: 'validUntil', message: 'must be after validFrom' },
    ]);
    expect(agreementRuleErrors('SharingAgreementGranted', { validFrom: '2025-03-01', validUntil: '2025-03-02' })).toEqual([]);
  });

  it('given a grant with an empty types list or a bad region, when validated, then the fields are named', () => {
    const validation = loadEventValidation();
    const result = validation.validateEvents({ ...grant(), types: [], regionCode: '61090' }, { now: NOW });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path).sort()).toEqual(['regionCode', 'types']);
  });

  it('given a purpose with a mobile number, when validated, then purpose is refused', () => {
    const result = loadEventValidation().validateEvents({ ...grant(), purpose: '联系 13912345678' }, { now: NOW });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual(['purpose']);
  });

  it('given the police sharing a fire type with itself, when authorised, then consumer and the type are named', () => {
    const errors = agreementAuthorityErrors('police', [grant({ consumer: 'police', types: ['TrafficCrashReported', 'FireIncidentReported'] })], publishersOf);
    expect(errors).toEqual([
      { index: 0, path: 'consumer', message: 'must be an agency other than the provider' },
      { index: 0, path: 'types.1', message: 'is not a type the police bureau may publish' },
    ]);
  });

  it('given the police sharing crashes with health, when authorised, then nothing is wrong', () => {
    expect(agreementAuthorityErrors('police', [grant()], publishersOf)).toEqual([]);
  });
});
