// Deterministic sample values of an Avro schema, valid at the Avro level only (not against the
// hub's constraints). Together they use every enum symbol and union branch, so encoding them
// with one schema and decoding with another exercises every symbol the writer can produce.
//
//   sampleValues(schema: AvroTypeSchema): unknown[]
import { SchemaError } from './errors';
import type { AvroField, AvroTypeSchema } from './schemaTypes';

type Named = Map<string, AvroTypeSchema>;

export function sampleValues(schema: AvroTypeSchema): unknown[] {
  const count = Math.max(1, widestChoice(schema, new Set()));
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) out.push(sample(schema, i, new Map(), ''));
  return out;
}

/** The largest number of enum symbols or union branches anywhere in the schema. */
function widestChoice(t: AvroTypeSchema, seen: Set<object>): number {
  if (typeof t === 'string') return 0;
  if (Array.isArray(t)) return Math.max(t.length, ...t.map((b) => widestChoice(b, seen)));
  if (seen.has(t)) return 0;
  seen.add(t);
  switch (t.type) {
    case 'enum':
      return (t as { symbols: string[] }).symbols.length;
    case 'array':
      return widestChoice((t as { items: AvroTypeSchema }).items, seen);
    case 'map':
      return widestChoice((t as { values: AvroTypeSchema }).values, seen);
    case 'record':
      return Math.max(0, ...(t as { fields: AvroField[] }).fields.map((f) => widestChoice(f.type, seen)));
    default:
      return 0;
  }
}

function sample(t: AvroTypeSchema, i: number, named: Named, namespace: string): unknown {
  if (Array.isArray(t)) return sample(t[i % t.length]!, i, named, namespace);
  if (typeof t === 'string') {
    const primitive = primitiveSample(t, i);
    if (primitive !== undefined) return primitive;
    const ref = named.get(t) ?? named.get(`${namespace}.${t}`);
    if (!ref) throw new SchemaError(`Unknown type ${t}.`);
    return sample(ref, i, named, namespace);
  }
  const node = t as { type: string; name?: string; namespace?: string };
  if (node.name) {
    const ns = node.name.includes('.') ? '' : (node.namespace ?? namespace);
    named.set(ns ? `${ns}.${node.name}` : node.name, t);
    named.set(node.name, t);
  }
  switch (node.type) {
    case 'enum': {
      const symbols = (t as { symbols: string[] }).symbols;
      return symbols[i % symbols.length];
    }
    case 'array':
      return [sample((t as { items: AvroTypeSchema }).items, i, named, namespace)];
    case 'map':
      return { key: sample((t as { values: AvroTypeSchema }).values, i, named, namespace) };
    case 'fixed':
      return Buffer.alloc((t as { size: number }).size, i);
    case 'record':
    case 'error': {
      const record: Record<string, unknown> = {};
      const ns = node.namespace ?? namespace;
      for (const f of (t as { fields: AvroField[] }).fields) record[f.name] = sample(f.type, i, named, ns);
      return record;
    }
    default:
      return sample(node.type, i, named, namespace);
  }
}

function primitiveSample(t: string, i: number): unknown {
  switch (t) {
    case 'null':
      return null;
    case 'boolean':
      return i % 2 === 0;
    case 'int':
    case 'long':
      return i + 1;
    case 'float':
    case 'double':
      return i + 0.5;
    case 'bytes':
      return Buffer.from([i & 0xff]);
    case 'string':
      return `s${i}`;
    default:
      return undefined;
  }
}
