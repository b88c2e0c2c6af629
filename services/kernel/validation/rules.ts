// Rules of the contract beyond single fields, checked on an event's raw fields. A rule only
// speaks when its fields are well-formed; otherwise the field's own error says what is wrong.
//
//   ruleErrors(type, event, notInFutureFields, now): Array<{ path, message }>
import { agreementRuleErrors } from './agreementRules';
import { instantOf, isCalendarDate } from './formats';

/** How far ahead of the hub's clock an occurrence may lie (bureau clocks drift). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

interface PairRule {
  type: string;
  /** The field reported when the rule fails. */
  field: string;
  other: string;
  kind: 'number' | 'date';
  holds: (value: number | string, other: number | string) => boolean;
  message: string;
}

const PAIR_RULES: readonly PairRule[] = [
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

export interface RuleError {
  path: string;
  message: string;
}

export function ruleErrors(type: string, event: Record<string, unknown>, notInFutureFields: readonly string[], now: Date): RuleError[] {
  const errors: RuleError[] = [];
  for (const field of notInFutureFields) {
    const value = event[field];
    const instant = typeof value === 'string' ? instantOf(value) : null;
    if (instant !== null && instant > now.getTime() + FUTURE_TOLERANCE_MS) {
      errors.push({ path: field, message: 'must not be more than 5 minutes in the future' });
    }
  }
  for (const rule of PAIR_RULES) {
    if (rule.type !== type) continue;
    const value = event[rule.field];
    const other = event[rule.other];
    if (wellFormed(value, rule.kind) && wellFormed(other, rule.kind) && !rule.holds(value, other)) {
      errors.push({ path: rule.field, message: rule.message });
    }
  }
  errors.push(...agreementRuleErrors(type, event));
  return errors;
}

/** YYYY-MM-DD dates compare correctly as strings. */
function wellFormed(value: unknown, kind: PairRule['kind']): value is number | string {
  return kind === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === 'string' && isCalendarDate(value);
}
