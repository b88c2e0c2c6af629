// The schema registry: encodes events to Avro single-object encoding and decodes them back,
// reading events written with any released schema version (schemas/history) as the current one.
//
//   loadSchemaRegistry(dir?: string): SchemaRegistry          reads the .avsc files (start-up)
//   createSchemaRegistry(files: SchemaFiles): SchemaRegistry  from already-read files
//   SchemaRegistry.encode(type, event): Buffer        C3 01 | fingerprint (8 bytes, LE) | payload
//   SchemaRegistry.decode(bytes): DecodedEvent        throws PoisonEventError('bad_magic' |
//                                                     'unknown_fingerprint' | 'undecodable')
//   SchemaRegistry.fingerprintOf(type): string        hex, as in schemas/history file names
//   SchemaRegistry.avroSchemaOf(type): AvroRecordSchema
//   SchemaRegistry.types(): readonly EventType[]
//
// The events given to encode carry the hub-assigned fields (eventId, agency, receivedAt);
// other members (such as `type`) are ignored. Hot path: one allocation per encode.
import avro from 'avsc';
import { PoisonEventError } from '../errors';
import type { EventType } from '../events.generated';
import { schemaFingerprint } from './canonical';
import { fingerprintHex } from './crc64';
import { EventEncodingError, SchemaError } from './errors';
import { longGuardOf, type LongGuard } from './longGuard';
import { boundsCheckerFor, type BoundsChecker } from './payloadBounds';
import { readSchemaFiles, type SchemaFiles } from './schemaFiles';
import type { AvroRecordSchema } from './schemaTypes';

export { MAX_SAFE_LONG } from './longGuard';

export interface DecodedEvent {
  type: EventType;
  /**
   * The event as the current schema describes it (older writers resolved to it): an object whose
   * own enumerable properties are the fields, in schema order (its prototype is avsc's record
   * class, kept to spare a copy per event; spread it for a plain object).
   */
  event: Record<string, unknown>;
  /** Hex fingerprint of the schema the event was written with. */
  fingerprint: string;
}

export interface SchemaRegistry {
  encode(type: EventType, event: object): Buffer;
  decode(bytes: Uint8Array): DecodedEvent;
  fingerprintOf(type: EventType): string;
  avroSchemaOf(type: EventType): AvroRecordSchema;
  types(): readonly EventType[];
}

const MAGIC_0 = 0xc3;
const MAGIC_1 = 0x01;
const HEADER_SIZE = 10;

type Resolver = ReturnType<avro.Type['createResolver']>;

interface WriterEntry {
  type: EventType;
  fingerprint: string;
  hi: number;
  reader: avro.Type;
  /** Null when the writer is the current schema. */
  resolver: Resolver | null;
  bounds: BoundsChecker | null;
}

interface CurrentEntry {
  schema: AvroRecordSchema;
  avroType: avro.Type;
  fingerprint: string;
  header: Buffer;
  /** Null when the type has no long. */
  longGuard: LongGuard | null;
}

export function loadSchemaRegistry(dir?: string): SchemaRegistry {
  return createSchemaRegistry(readSchemaFiles(dir));
}

export function createSchemaRegistry(files: SchemaFiles): SchemaRegistry {
  const current = new Map<string, CurrentEntry>();
  // Writers by the low 32 bits of their fingerprint; the high half tells apart the rare collisions.
  const writers = new Map<number, WriterEntry[]>();

  const addWriter = (type: EventType, fp: bigint, entry: Omit<WriterEntry, 'type' | 'fingerprint' | 'hi'>) => {
    const lo = Number(fp & 0xffffffffn);
    const list = writers.get(lo) ?? [];
    list.push({ type, fingerprint: fingerprintHex(fp), hi: Number(fp >> 32n), ...entry });
    writers.set(lo, list);
  };

  for (const schema of files.current) {
    const type = schema.name as EventType;
    const avroType = parseSchema(schema, type);
    const fp = schemaFingerprint(schema);
    const header = Buffer.alloc(HEADER_SIZE);
    header[0] = MAGIC_0;
    header[1] = MAGIC_1;
    header.writeBigUInt64LE(fp, 2);
    current.set(type, { schema, avroType, fingerprint: fingerprintHex(fp), header, longGuard: longGuardOf(schema) });
    addWriter(type, fp, { reader: avroType, resolver: null, bounds: boundsCheckerFor(schema) });
  }

  const seen = new Set([...current.values()].map((c) => c.fingerprint));
  for (const { type, file, schema } of files.history) {
    const reader = current.get(type);
    if (!reader) throw new SchemaError(`${file} is a snapshot of ${type}, which has no current schema.`);
    const fp = schemaFingerprint(schema);
    if (seen.has(fingerprintHex(fp))) continue; // the current version, or a duplicate snapshot
    seen.add(fingerprintHex(fp));
    let resolver: Resolver;
    try {
      resolver = reader.avroType.createResolver(parseSchema(schema, file));
    } catch (cause) {
      throw new SchemaError(`The current ${type} schema cannot read data written with ${file}: ${(cause as Error).message}`);
    }
    addWriter(type as EventType, fp, { reader: reader.avroType, resolver, bounds: boundsCheckerFor(schema) });
  }

  const typeList = Object.freeze([...current.keys()] as EventType[]);
  // Encoding scratch space, reused across calls; grows when an event does not fit.
  let scratch = Buffer.allocUnsafe(4096);

  const currentOf = (type: EventType): CurrentEntry => {
    const entry = current.get(type);
    if (!entry) throw new EventEncodingError(type, 'type', `Unknown event type ${type}.`);
    return entry;
  };

  return {
    types: () => typeList,
    fingerprintOf: (type) => currentOf(type).fingerprint,
    avroSchemaOf: (type) => currentOf(type).schema,

    encode(type, event) {
      const entry = currentOf(type);
      const tooLarge = entry.longGuard?.(event);
      if (tooLarge) {
        throw new EventEncodingError(type, tooLarge, `${type}.${tooLarge} is beyond ±2^52, which the hub cannot store exactly.`);
      }
      let end: number;
      try {
        end = entry.avroType.encode(event, scratch, HEADER_SIZE);
        while (end < 0) {
          scratch = Buffer.allocUnsafe(Math.max(scratch.length * 2, scratch.length - end + HEADER_SIZE));
          end = entry.avroType.encode(event, scratch, HEADER_SIZE);
        }
      } catch {
        throw encodingError(type, entry.avroType, event);
      }
      const out = Buffer.allocUnsafe(end);
      entry.header.copy(out, 0);
      scratch.copy(out, HEADER_SIZE, HEADER_SIZE, end);
      return out;
    },

    decode(bytes) {
      if (bytes.length < HEADER_SIZE || bytes[0] !== MAGIC_0 || bytes[1] !== MAGIC_1) {
        throw new PoisonEventError('bad_magic', 'Not Avro single-object encoding (expected C3 01 and an 8-byte fingerprint).');
      }
      const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
      const lo = buf.readUInt32LE(2);
      const hi = buf.readUInt32LE(6);
      const writer = writerWith(writers.get(lo), hi);
      if (!writer) {
        const fp = fingerprintHex((BigInt(hi) << 32n) | BigInt(lo));
        throw new PoisonEventError('unknown_fingerprint', `No known schema has fingerprint ${fp}.`);
      }
      if (writer.bounds && writer.bounds(buf, HEADER_SIZE) !== buf.length) throw undecodable(writer, 'corrupt or truncated');
      let decoded: { value: unknown; offset: number };
      try {
        decoded = writer.resolver ? writer.reader.decode(buf, HEADER_SIZE, writer.resolver) : writer.reader.decode(buf, HEADER_SIZE);
      } catch (cause) {
        throw undecodable(writer, (cause as Error).message);
      }
      if (decoded.offset === -1) throw undecodable(writer, 'truncated');
      if (decoded.offset !== buf.length) throw undecodable(writer, 'trailing bytes');
      return { type: writer.type, event: decoded.value as Record<string, unknown>, fingerprint: writer.fingerprint };
    },
  };
}

function writerWith(candidates: WriterEntry[] | undefined, hi: number): WriterEntry | undefined {
  if (!candidates) return undefined;
  for (const w of candidates) if (w.hi === hi) return w;
  return undefined;
}

function parseSchema(schema: AvroRecordSchema, label: string): avro.Type {
  try {
    // Decoded records without per-record methods (clone, toBuffer...): just their fields.
    return avro.Type.forSchema(schema as avro.Schema, { omitRecordMethods: true });
  } catch (cause) {
    throw new SchemaError(`${label}: not a valid Avro schema: ${(cause as Error).message}`);
  }
}

function undecodable(writer: WriterEntry, why: string): PoisonEventError {
  return new PoisonEventError('undecodable', `Cannot decode a ${writer.type} event (schema ${writer.fingerprint}): ${why}.`);
}

/** Names the first field that does not fit, never its value (it may be personal data). */
function encodingError(type: string, avroType: avro.Type, event: object): EventEncodingError {
  let path = '';
  avroType.isValid(event, {
    errorHook: (p: string[]) => {
      if (!path) path = p.join('.');
    },
  });
  return new EventEncodingError(type, path, `Cannot encode ${type}: ${path || 'the event'} does not fit the schema.`);
}
