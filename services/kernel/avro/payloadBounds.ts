// A bounds check of Avro binary data, run before avsc decodes data of a schema with arrays or
// maps. avsc trusts block counts: a corrupt count of 2^40 would make it loop and allocate until
// the process dies. This walks the bytes without building values and rejects counts that cannot fit.
//
//   boundsCheckerFor(schema: AvroTypeSchema): BoundsChecker | null
//     null when the schema has no array or map (avsc's own checks suffice);
//     otherwise checker(bytes, pos) returns the end of the value, or -1 when it cannot be valid.
import { SchemaError } from './errors';
import type { AvroField, AvroTypeSchema } from './schemaTypes';

export type BoundsChecker = (bytes: Uint8Array, pos: number) => number;

/** Items of zero bytes (null, empty records) cannot be bounded by size; cap their count. */
const MAX_ZERO_SIZE_ITEMS = 1_000_000;

export function boundsCheckerFor(schema: AvroTypeSchema): BoundsChecker | null {
  const named = new Map<string, { skip: BoundsChecker; minSize: number }>();
  let hasBlocks = false;

  function compile(t: AvroTypeSchema, namespace: string): { skip: BoundsChecker; minSize: number } {
    if (Array.isArray(t)) {
      const branches = t.map((b) => compile(b, namespace));
      return {
        minSize: 1,
        skip: (bytes, pos) => {
          const index = readVarint(bytes, pos);
          if (index === null || index.value < 0 || index.value >= branches.length) return -1;
          return branches[index.value]!.skip(bytes, index.end);
        },
      };
    }
    const type = typeof t === 'string' ? t : t.type;
    if (typeof type !== 'string') return compile(type as AvroTypeSchema, namespace);
    switch (type) {
      case 'null':
        return { minSize: 0, skip: (_b, pos) => pos };
      case 'boolean':
        return { minSize: 1, skip: (b, pos) => (pos < b.length ? pos + 1 : -1) };
      case 'int':
      case 'long':
        return { minSize: 1, skip: (b, pos) => readVarint(b, pos)?.end ?? -1 };
      case 'float':
        return fixedSize(4);
      case 'double':
        return fixedSize(8);
      case 'string':
      case 'bytes':
        return {
          minSize: 1,
          skip: (b, pos) => {
            const len = readVarint(b, pos);
            return len && len.value >= 0 && len.end + len.value <= b.length ? len.end + len.value : -1;
          },
        };
    }
    if (typeof t === 'string') {
      const ref = named.get(t.includes('.') || !namespace ? t : `${namespace}.${t}`) ?? named.get(t);
      if (!ref) throw new SchemaError(`Unknown type ${t}.`);
      return { minSize: 0, skip: (b, pos) => ref.skip(b, pos) };
    }
    const node = t as { name?: string; namespace?: string; symbols?: string[]; size?: number };
    const fullName = node.name && !node.name.includes('.') && (node.namespace ?? namespace) ? `${node.namespace ?? namespace}.${node.name}` : node.name;
    const ownNamespace = fullName?.includes('.') ? fullName.slice(0, fullName.lastIndexOf('.')) : '';
    switch (type) {
      case 'enum': {
        const count = node.symbols?.length ?? 0;
        const compiled = {
          minSize: 1,
          skip: (b: Uint8Array, pos: number) => {
            const index = readVarint(b, pos);
            return index && index.value >= 0 && index.value < count ? index.end : -1;
          },
        };
        if (fullName) named.set(fullName, compiled);
        return compiled;
      }
      case 'fixed': {
        const compiled = fixedSize(Number(node.size));
        if (fullName) named.set(fullName, compiled);
        return compiled;
      }
      case 'array':
        hasBlocks = true;
        return blocks([compile((t as { items: AvroTypeSchema }).items, namespace)]);
      case 'map':
        hasBlocks = true;
        return blocks([compile('string', namespace), compile((t as { values: AvroTypeSchema }).values, namespace)]);
      case 'record':
      case 'error': {
        const fields: BoundsChecker[] = [];
        const compiled = {
          minSize: 0,
          skip: (b: Uint8Array, pos: number) => {
            let at = pos;
            for (const skip of fields) {
              at = skip(b, at);
              if (at < 0) return -1;
            }
            return at;
          },
        };
        if (fullName) named.set(fullName, compiled); // before the fields: records may recurse
        for (const f of (t as { fields: AvroField[] }).fields) fields.push(compile(f.type, ownNamespace).skip);
        return compiled;
      }
      default:
        return compile(type, namespace);
    }
  }

  const root = compile(schema, '');
  return hasBlocks ? root.skip : null;
}

function fixedSize(size: number) {
  return { minSize: size, skip: (b: Uint8Array, pos: number) => (pos + size <= b.length ? pos + size : -1) };
}

/** Avro blocks: count, items..., 0. A negative count is followed by the block's byte size. */
function blocks(parts: { skip: BoundsChecker; minSize: number }[]) {
  const minItemSize = parts.reduce((sum, p) => sum + p.minSize, 0);
  return {
    minSize: 1,
    skip: (b: Uint8Array, pos: number) => {
      let at = pos;
      for (;;) {
        const header = readVarint(b, at);
        if (!header) return -1;
        at = header.end;
        let count = header.value;
        if (count === 0) return at;
        if (count < 0) {
          count = -count;
          const size = readVarint(b, at);
          if (!size) return -1;
          at = size.end;
        }
        const limit = minItemSize > 0 ? (b.length - at) / minItemSize : MAX_ZERO_SIZE_ITEMS;
        if (count > limit) return -1;
        for (let i = 0; i < count; i++) {
          for (const part of parts) {
            at = part.skip(b, at);
            if (at < 0) return -1;
          }
        }
      }
    },
  };
}

/** A zig-zag varint of at most 10 bytes; null when truncated or too long. */
function readVarint(b: Uint8Array, pos: number): { value: number; end: number } | null {
  let raw = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    const at = pos + i;
    if (at >= b.length) return null;
    const byte = b[at]!;
    raw += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return { value: raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2, end: at + 1 };
  }
  return null;
}
