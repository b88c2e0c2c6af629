// The interpreted validator the gateway used before the compiled ones (services/kernel/
// validation/compiled.ts), kept as the reference they must agree with: each event is parsed by
// its zod model (models.ts, strict object) and then walked through the rules' table. The batch
// handling (validateEventsWith) is the hub's own; only the per-event check differs.
//
//   loadReferenceValidation(dir?): { validateEvents(input, ctx): ValidationResult }
import type { core } from 'zod';
import { readSchemaFiles } from '../../services/kernel/avro/schemaFiles';
import type { AvroRecordSchema } from '../../services/kernel/avro/schemaTypes';
import type { EventBody } from '../../services/kernel/events.generated';
import type { BodyValidator } from '../../services/kernel/validation/compiled';
import { agreementRuleErrors } from '../../services/kernel/validation/agreementRules';
import { instantOf, isCalendarDate } from '../../services/kernel/validation/formats';
import { bodyModelOf, type BodyModel } from '../../services/kernel/validation/models';
import { NOT_IN_FUTURE_MESSAGE, PAIR_RULES, type PairRule } from '../../services/kernel/validation/rules';
import { validateEventsWith, type ValidationResult } from '../../services/kernel/validation/validateEvents';

export interface ReferenceValidation {
  validateEvents(input: unknown, ctx: { now: Date }): ValidationResult;
}

export function loadReferenceValidation(dir?: string): ReferenceValidation {
  return createReferenceValidation(readSchemaFiles(dir).current);
}

export function createReferenceValidation(schemas: readonly AvroRecordSchema[]): ReferenceValidation {
  const hubAssignedFields = new Set(schemas.flatMap((s) => s.fields.filter((f) => f.hubAssigned).map((f) => f.name)));
  const validators = new Map<string, BodyValidator>(
    schemas.map((schema) => [
      schema.name,
      referenceValidator(
        schema.name,
        bodyModelOf(schema),
        schema.fields.filter((f) => f.notInFuture).map((f) => f.name),
        hubAssignedFields,
      ),
    ]),
  );
  return { validateEvents: (input, ctx) => validateEventsWith({ validators }, input, ctx) };
}

function referenceValidator(type: string, model: BodyModel, notInFutureFields: readonly string[], hubAssignedFields: ReadonlySet<string>): BodyValidator {
  return (raw, futureLimitMs, report) => {
    const result = model.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) reportIssue(issue, type, hubAssignedFields, report);
    }
    for (const e of ruleErrors(type, raw, notInFutureFields, futureLimitMs)) report(e.path, e.message);
    return result.success ? (result.data as unknown as EventBody) : null;
  };
}

function reportIssue(issue: core.$ZodIssue, type: string, hubAssignedFields: ReadonlySet<string>, report: (path: string, message: string) => void) {
  const path = issue.path.map(String).join('.');
  if (issue.code !== 'unrecognized_keys') {
    report(path, issue.message);
    return;
  }
  // One error per unknown field, at the field, so a bureau sees exactly what to remove.
  for (const key of issue.keys) {
    const keyPath = path ? `${path}.${key}` : key;
    report(keyPath, hubAssignedFields.has(key) ? 'is assigned by the hub and must not be sent' : `is not a field of ${type}`);
  }
}

function ruleErrors(type: string, event: Record<string, unknown>, notInFutureFields: readonly string[], futureLimitMs: number) {
  const errors: Array<{ path: string; message: string }> = [];
  for (const field of notInFutureFields) {
    const value = event[field];
    const instant = typeof value === 'string' ? instantOf(value) : null;
    if (instant !== null && instant > futureLimitMs) errors.push({ path: field, message: NOT_IN_FUTURE_MESSAGE });
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
