// Rules of the contract beyond single fields, checked on an event's raw fields. A rule only
// speaks when its fields are well-formed (a finite number; a real YYYY-MM-DD day); otherwise
// the field's own error says what is wrong. compiled.ts turns them into code, after the field
// checks and in this order: notInFuture fields (schema order), PAIR_RULES, then the agreement
// rule (agreementRules.ts).
//
//   FUTURE_TOLERANCE_MS, NOT_IN_FUTURE_MESSAGE, PAIR_RULES

/** How far ahead of the hub's clock an occurrence may lie (bureau clocks drift). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
export const NOT_IN_FUTURE_MESSAGE = 'must not be more than 5 minutes in the future';

export interface PairRule {
  type: string;
  /** The field reported when the rule fails. */
  field: string;
  other: string;
  kind: 'number' | 'date';
  holds: (value: number | string, other: number | string) => boolean;
  message: string;
}

export const PAIR_RULES: readonly PairRule[] = [
  { type: 'AwarenessSurveyCompleted', field: 'aware', other: 'respondents', kind: 'number', holds: (a, r) => a <= r, message: 'must not exceed respondents' },
  { type: 'DesignationEvaluated', field: 'score', other: 'maxScore', kind: 'number', holds: (s, m) => s <= m, message: 'must not exceed maxScore' },
  {
    type: 'ProductionAccidentReported',
    field: 'seriousInjuries',
    other: 'injuries',
    kind: 'number',
    holds: (serious, all) => serious <= all,
    message: 'must not exceed injuries (all injured, serious included)',
  },
  { type: 'CommunityDesignated', field: 'validUntil', other: 'designatedOn', kind: 'date', holds: (until, on) => until > on, message: 'must be after designatedOn' },
  {
    type: 'PromotionProjectRegistered',
    field: 'plannedEndOn',
    other: 'startedOn',
    kind: 'date',
    holds: (end, start) => end >= start,
    message: 'must not be before startedOn',
  },
];
