// Avro Parsing Canonical Form: the normalised text of a schema whose fingerprint identifies
// it in single-object encoding. Docs, defaults, aliases and our custom attributes (constraints,
// publishers) are stripped, so changing them never changes a fingerprint.
//
//   parsingCanonicalForm(schema: unknown): string   schema = parsed JSON of an .avsc file
//   schemaFingerprint(schema: unknown): bigint      CRC-64-AVRO of the canonical form
//
// Transformations of the specification: PRIMITIVES ({"type":"int"} → "int"), FULLNAMES
// (names and references made full, namespace dropped), STRIP (only type, name, fields,
// symbols, items, values, size kept), ORDER (in that order, name first), STRINGS (no
// escapes beyond JSON's mandatory ones), INTEGERS (size as a plain integer), WHITESPACE (none).
import { crc64AvroOfText } from './crc64';
import { SchemaError } from './errors';

const PRIMITIVES: ReadonlySet<string> = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

export function parsingCanonicalForm(schema: unknown): string {
  return canonical(schema, '', new Set());
}

export function schemaFingerprint(schema: unknown): bigint {
  return crc64AvroOfText(parsingCanonicalForm(schema));
}

/** `defined` holds the full names already written: later uses are written as the name only. */
function canonical(schema: unknown, namespace: string, defined: Set<string>): string {
  if (typeof schema === 'string') {
    return JSON.stringify(PRIMITIVES.has(schema) ? schema : fullName(schema, namespace));
  }
  if (Array.isArray(schema)) {
    return `[${schema.map((branch) => canonical(branch, namespace, defined)).join(',')}]`;
  }
  if (schema === null || typeof schema !== 'object') {
    throw new SchemaError(`Not an Avro schema: ${JSON.stringify(schema)}`);
  }
  const node = schema as Record<string, unknown>;
  const type = node.type;
  if (typeof type !== 'string') return canonical(type, namespace, defined);
  if (PRIMITIVES.has(type)) return JSON.stringify(type);
  switch (type) {
    case 'array':
      return `{"type":"array","items":${canonical(node.items, namespace, defined)}}`;
    case 'map':
      return `{"type":"map","values":${canonical(node.values, namespace, defined)}}`;
    case 'record':
    case 'error':
    case 'enum':
    case 'fixed':
      return canonicalNamed(node, type, namespace, defined);
    default:
      // {"type": "some.Name"} is a reference to a named type.
      return JSON.stringify(fullName(type, namespace));
  }
}

function canonicalNamed(node: Record<string, unknown>, type: string, enclosing: string, defined: Set<string>): string {
  const name = node.name;
  if (typeof name !== 'string' || name === '') throw new SchemaError(`A ${type} needs a name.`);
  const ownNamespace = typeof node.namespace === 'string' ? node.namespace : enclosing;
  const full = fullName(name, ownNamespace);
  if (defined.has(full)) return JSON.stringify(full);
  defined.add(full);
  // Nested definitions inherit the namespace of the full name.
  const namespace = full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : '';
  const head = `{"name":${JSON.stringify(full)},"type":${JSON.stringify(type)}`;
  if (type === 'enum') {
    if (!Array.isArray(node.symbols)) throw new SchemaError(`Enum ${full} needs symbols.`);
    return `${head},"symbols":[${node.symbols.map((s) => JSON.stringify(String(s))).join(',')}]}`;
  }
  if (type === 'fixed') {
    const size = Number(node.size);
    if (!Number.isInteger(size) || size < 0) throw new SchemaError(`Fixed ${full} needs an integer size.`);
    return `${head},"size":${size}}`;
  }
  if (!Array.isArray(node.fields)) throw new SchemaError(`Record ${full} needs fields.`);
  const fields = node.fields.map((field: unknown) => {
    const f = field as Record<string, unknown>;
    if (typeof f?.name !== 'string') throw new SchemaError(`A field of ${full} has no name.`);
    return `{"name":${JSON.stringify(f.name)},"type":${canonical(f.type, namespace, defined)}}`;
  });
  return `${head},"fields":[${fields.join(',')}]}`;
}

function fullName(name: string, namespace: string): string {
  return name.includes('.') || namespace === '' ? name : `${namespace}.${name}`;
}
