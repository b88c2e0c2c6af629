// Refuses longs the hub does not store. avsc 5.7 handles longs as JS numbers, exact only up to
// 2^53; the hub keeps them within ±2^52 (docs/architecture.md) and says so by field name.
//
//   longGuardOf(schema: AvroRecordSchema): LongGuard | null   null when the schema has no long
//   LongGuard(event) → the dot-joined path of the first long beyond ±2^52, or null
import type { AvroRecordSchema, AvroTypeSchema } from './schemaTypes';

export const MAX_SAFE_LONG = 2 ** 52;

export type LongGuard = (event: object) => string | null;

/** Builds a check of every long in the schema (top level or in arrays), or null if none. */
export function longGuardOf(schema: AvroRecordSchema): LongGuard | null {
  const checks: Array<(event: Record<string, unknown>) => string | null> = [];
  for (const field of schema.fields) {
    const check = valueGuard(field.type);
    if (!check) continue;
    checks.push((event) => {
      const sub = check(event[field.name]);
      return sub === null ? null : joinPath(field.name, sub);
    });
  }
  if (checks.length === 0) return null;
  return (event) => {
    for (const check of checks) {
      const path = check(event as Record<string, unknown>);
      if (path !== null) return path;
    }
    return null;
  };
}

function valueGuard(t: AvroTypeSchema): ((value: unknown) => string | null) | null {
  if (Array.isArray(t)) {
    const branches = t.map(valueGuard).filter((g) => g !== null);
    if (branches.length === 0) return null;
    return (v) => {
      for (const g of branches) {
        const path = g(v);
        if (path !== null) return path;
      }
      return null;
    };
  }
  const type = typeof t === 'string' ? t : t.type;
  if (type === 'long') return (v) => (typeof v === 'number' && Math.abs(v) > MAX_SAFE_LONG ? '' : null);
  if (type === 'array') {
    const item = valueGuard((t as { items: AvroTypeSchema }).items);
    if (!item) return null;
    return (v) => {
      if (!Array.isArray(v)) return null;
      for (let i = 0; i < v.length; i++) {
        const sub = item(v[i]);
        if (sub !== null) return joinPath(String(i), sub);
      }
      return null;
    };
  }
  return null;
}

function joinPath(head: string, tail: string): string {
  return tail ? `${head}.${tail}` : head;
}
