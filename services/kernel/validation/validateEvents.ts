// The request-level validator of the agency gateway: one event object or {"events": [...]}
// with 1 to 1000 events, all or nothing. Every problem is reported as {index, path, message},
// `index` the event's position in the batch and `path` the dot-joined field.
//
// Each event is checked by its type's compiled validator (compiled.ts).
//
//   validateEventsWith(catalogue: EventCatalogue, input: unknown, ctx: { now: Date }): ValidationResult
import type { FieldError } from '../errors';
import type { EventBody } from '../events.generated';
import type { BodyValidator } from './compiled';
import { FUTURE_TOLERANCE_MS } from './rules';

export const MAX_BATCH_EVENTS = 1000;
/** A 1 MiB body can hold ~10^5 unknown fields; listing them all would amplify it tenfold. */
export const MAX_REPORTED_ERRORS = 1000;

export type ValidationResult =
  | { ok: true; events: EventBody[] }
  | { ok: false; errors: FieldError[]; /** Errors found beyond MAX_REPORTED_ERRORS, not listed. */ omittedErrors: number };

/** One body validator per event type, derived from its schema. */
export interface EventCatalogue {
  validators: ReadonlyMap<string, BodyValidator>;
}

export function validateEventsWith(catalogue: EventCatalogue, input: unknown, ctx: { now: Date }): ValidationResult {
  const errors: FieldError[] = [];
  const batch = eventsOf(input, errors);
  const events: EventBody[] = [];
  if (batch) {
    const futureLimitMs = ctx.now.getTime() + FUTURE_TOLERANCE_MS;
    let index = 0;
    const report = (path: string, message: string) => {
      errors.push({ index, path, message });
    };
    batch.forEach((raw, i) => {
      index = i;
      const before = errors.length;
      const parsed = validateEvent(catalogue, raw, futureLimitMs, report);
      if (errors.length === before && parsed) events.push(parsed);
    });
  }
  if (errors.length === 0) return { ok: true, events };
  return { ok: false, errors: errors.slice(0, MAX_REPORTED_ERRORS), omittedErrors: Math.max(0, errors.length - MAX_REPORTED_ERRORS) };
}

function eventsOf(input: unknown, errors: FieldError[]): unknown[] | null {
  const report = (path: string, message: string) => errors.push({ index: 0, path, message });
  if (!isPlainObject(input)) {
    report('', 'must be an event object or {"events": [...]}');
    return null;
  }
  if (!Object.hasOwn(input, 'events')) return [input];
  for (const key of Object.keys(input)) if (key !== 'events') report(key, 'is not allowed beside events');
  const list = input.events;
  if (!Array.isArray(list)) report('events', `must be an array of 1 to ${MAX_BATCH_EVENTS} events`);
  else if (list.length === 0) report('events', 'must hold at least 1 event');
  else if (list.length > MAX_BATCH_EVENTS) report('events', `must hold at most ${MAX_BATCH_EVENTS} events`);
  return errors.length === 0 ? (list as unknown[]) : null;
}

function validateEvent(
  catalogue: EventCatalogue,
  raw: unknown,
  futureLimitMs: number,
  report: (path: string, message: string) => void,
): EventBody | null {
  if (!isPlainObject(raw)) {
    report('', 'must be a JSON object');
    return null;
  }
  const type = raw.type;
  const validator = typeof type === 'string' ? catalogue.validators.get(type) : undefined;
  if (!validator) {
    report('type', type === undefined ? 'is required' : 'is not a known event type');
    return null;
  }
  return validator(raw, futureLimitMs, report);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
