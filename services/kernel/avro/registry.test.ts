import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PoisonEventError } from '../errors';
import type { EventType } from '../events.generated';
import { EventEncodingError, SchemaError } from './errors';
import { loadSchemaRegistry, MAX_SAFE_LONG } from './registry';
import { sampleValues } from './samples';
import { historySnapshotPath } from './schemaFiles';
import type { AvroRecordSchema } from './schemaTypes';

const registry = loadSchemaRegistry();

const hubFields = { eventId: '1b4e28ba-2fa1-5d2d-883f-0016d3cca427', agency: 'police', receivedAt: '2025-03-01T00:31:02.120Z' };
const crash = {
  ...hubFields,
  type: 'TrafficCrashReported',
  sourceRecordId: 'JJ-2025-000123',
  revision: 2,
  communityCode: '610902001',
  occurredAt: '2025-03-01T08:30:00+08:00',
  deaths: 1,
  injuries: 3,
  vehicles: 2,
  commercialOperation: true,
  roadType: 'URBAN_ROAD',
  cause: 'SPEEDING',
};
const { type: _type, ...crashRecord } = crash;

function poisonReason(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof PoisonEventError) return error.reason;
    throw error;
  }
  throw new Error('expected a PoisonEventError');
}

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function schemaDirWith(current: AvroRecordSchema, history: AvroRecordSchema[], historyNames: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-registry-'));
  tempDirs.push(dir);
  fs.writeFileSync(path.join(dir, `${current.name}.avsc`), JSON.stringify(current));
  history.forEach((schema, i) => {
    const file = historySnapshotPath(dir, schema.name, historyNames[i]!);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(schema));
  });
  return dir;
}

const pointV1: AvroRecordSchema = {
  type: 'record',
  name: 'TrafficCrashReported',
  namespace: 'cn.safecommunity.events',
  fields: [
    { name: 'sourceRecordId', type: 'string' },
    { name: 'deaths', type: 'int' },
  ],
};

describe('schema registry', () => {
  it('lists the 21 event types bureaus publish, the two sharing-agreement types included', () => {
    expect(registry.types()).toHaveLength(21);
    expect(registry.types()).toContain('TrafficCrashReported');
    expect(registry.types()).toContain('SharingAgreementGranted');
    expect(registry.types()).toContain('SharingAgreementRevoked');
  });

  it('writes the single-object header: C3 01 then the fingerprint little-endian', () => {
    // given a traffic crash
    // when it is encoded
    const bytes = registry.encode('TrafficCrashReported', crash);
    // then it starts with the magic and the current schema's fingerprint
    expect([...bytes.subarray(0, 2)]).toEqual([0xc3, 0x01]);
    expect(bytes.readBigUInt64LE(2).toString(16).padStart(16, '0')).toBe(registry.fingerprintOf('TrafficCrashReported'));
  });

  it('round-trips an event, leaving out members that are not fields (such as type)', () => {
    const decoded = registry.decode(registry.encode('TrafficCrashReported', crash));
    expect(decoded.type).toBe('TrafficCrashReported');
    expect(decoded.fingerprint).toBe(registry.fingerprintOf('TrafficCrashReported'));
    expect({ ...decoded.event }).toEqual(crashRecord);
  });

  it('round-trips samples of every type using every enum symbol', () => {
    for (const type of registry.types()) {
      for (const sample of sampleValues(registry.avroSchemaOf(type))) {
        const decoded = registry.decode(registry.encode(type, sample as object));
        expect(decoded.type).toBe(type);
        expect({ ...decoded.event }).toEqual(sample);
      }
    }
  });

  it('fills a field left out by its Avro default', () => {
    const { commercialOperation: _c, ...withoutFlag } = crash;
    expect(registry.decode(registry.encode('TrafficCrashReported', withoutFlag)).event.commercialOperation).toBe(false);
  });

  it('decodes from a Uint8Array view into a larger buffer', () => {
    const bytes = registry.encode('TrafficCrashReported', crash);
    const larger = new Uint8Array(bytes.length + 7);
    larger.set(bytes, 3);
    const view = new Uint8Array(larger.buffer, 3, bytes.length);
    expect({ ...registry.decode(view).event }).toEqual(crashRecord);
  });

  it('encodes an event larger than its scratch buffer', () => {
    const reason = 'x'.repeat(20_000);
    const event = { ...hubFields, sourceRecordId: 'W-1', revision: 1, withdrawnRecordId: 'JJ-1', reason };
    expect(registry.decode(registry.encode('RecordWithdrawn', event)).event.reason).toBe(reason);
  });

  it('gives fingerprints as named in schemas/history', () => {
    for (const type of registry.types()) {
      const file = historySnapshotPath(path.resolve(import.meta.dirname, '../../../schemas'), type, registry.fingerprintOf(type));
      expect(fs.existsSync(file), file).toBe(true);
    }
  });

  it('returns the Avro schema of a type with its custom attributes', () => {
    const schema = registry.avroSchemaOf('CommunityRegistered');
    expect(schema.publishers).toEqual(['safety']);
    expect(schema.fields.find((f) => f.name === 'population')).toMatchObject({ type: 'long', minimum: 1 });
  });

  describe('the long guard', () => {
    const community = {
      ...hubFields,
      agency: 'safety',
      sourceRecordId: 'C-1',
      revision: 1,
      communityCode: '610902001',
      name: '高新街道',
      communityType: 'URBAN_STREET',
      registeredOn: '2024-01-01',
    };

    it('accepts a long of exactly 2^52', () => {
      const bytes = registry.encode('CommunityRegistered', { ...community, population: MAX_SAFE_LONG });
      expect(registry.decode(bytes).event.population).toBe(MAX_SAFE_LONG);
    });

    it.each([MAX_SAFE_LONG + 1, -MAX_SAFE_LONG - 1, 2 ** 60])('refuses the long %d naming the field', (population) => {
      expect(() => registry.encode('CommunityRegistered', { ...community, population })).toThrow(
        expect.objectContaining({ path: 'population', message: expect.stringContaining('±2^52') }),
      );
      expect(() => registry.encode('CommunityRegistered', { ...community, population })).toThrow(EventEncodingError);
    });
  });

  it('refuses an event that does not fit, naming the field but not the value', () => {
    const secret = '11010519491231002X';
    let error: unknown;
    try {
      registry.encode('TrafficCrashReported', { ...crash, deaths: secret });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EventEncodingError);
    expect((error as EventEncodingError).path).toBe('deaths');
    expect((error as Error).message).not.toContain(secret);
  });

  it('refuses to encode an unknown type', () => {
    expect(() => registry.encode('NoSuchEvent' as EventType, crash)).toThrow(EventEncodingError);
  });

  describe('poison input', () => {
    const good = registry.encode('TrafficCrashReported', crash);

    it('rejects bytes without the magic as bad_magic', () => {
      expect(poisonReason(() => registry.decode(Buffer.from('{"type":"TrafficCrashReported"}')))).toBe('bad_magic');
      expect(poisonReason(() => registry.decode(Uint8Array.of(0xc3, 0x01, 1, 2)))).toBe('bad_magic');
      expect(poisonReason(() => registry.decode(new Uint8Array(0)))).toBe('bad_magic');
    });

    it('rejects an unknown fingerprint as unknown_fingerprint', () => {
      const bytes = Buffer.from(good);
      bytes[5] = bytes[5]! ^ 0xff;
      expect(poisonReason(() => registry.decode(bytes))).toBe('unknown_fingerprint');
    });

    it('rejects truncated data as undecodable', () => {
      expect(poisonReason(() => registry.decode(good.subarray(0, good.length - 1)))).toBe('undecodable');
      expect(poisonReason(() => registry.decode(good.subarray(0, 10)))).toBe('undecodable');
    });

    it('rejects trailing bytes as undecodable', () => {
      expect(poisonReason(() => registry.decode(Buffer.concat([good, Buffer.of(0)])))).toBe('undecodable');
    });

    it('rejects an enum index out of range as undecodable', () => {
      const bytes = Buffer.from(good);
      bytes[bytes.length - 1] = 0x7e; // cause: index 63
      expect(poisonReason(() => registry.decode(bytes))).toBe('undecodable');
    });

    it('rejects an array block count larger than the data instead of allocating it', () => {
      // given a project whose targetGroups block claims 2^40 items
      const project = {
        ...hubFields,
        agency: 'safety',
        sourceRecordId: 'P-1',
        revision: 1,
        communityCode: '610902001',
        name: 'x',
        domain: 'TRAFFIC',
        targetGroups: ['ELDERLY'],
        startedOn: '2025-01-01',
        plannedEndOn: '2025-12-31',
      };
      const bytes = registry.encode('PromotionProjectRegistered', project);
      const countAt = bytes.indexOf(Buffer.of(0x02, 0x00, 0x00, 0x14)); // count 1, ELDERLY, end, length of startedOn
      expect(countAt).toBeGreaterThan(10);
      const hugeCount = Buffer.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x40); // zig-zag varint of 2^40
      const corrupt = Buffer.concat([bytes.subarray(0, countAt), hugeCount, bytes.subarray(countAt + 1)]);
      // then decoding stops at once as undecodable
      expect(poisonReason(() => registry.decode(corrupt))).toBe('undecodable');
    });
  });

  describe('older writer schemas', () => {
    it('decodes data written with a history snapshot as the current schema, filling new fields by default', () => {
      // given a current schema that added a field with a default since version 1
      const v2: AvroRecordSchema = { ...pointV1, fields: [...pointV1.fields, { name: 'injuries', type: 'int', default: 0 }] };
      const v1Registry = loadSchemaRegistry(schemaDirWith(pointV1, [], []));
      const v1Fingerprint = v1Registry.fingerprintOf('TrafficCrashReported');
      const v2Registry = loadSchemaRegistry(schemaDirWith(v2, [pointV1], [v1Fingerprint]));
      // when an event written with version 1 is decoded by the current registry
      const decoded = v2Registry.decode(v1Registry.encode('TrafficCrashReported', { sourceRecordId: 'A-1', deaths: 2 }));
      // then it reads as version 2, with the writer's fingerprint
      expect({ ...decoded.event }).toEqual({ sourceRecordId: 'A-1', deaths: 2, injuries: 0 });
      expect(decoded.fingerprint).toBe(v1Fingerprint);
      expect(v2Registry.fingerprintOf('TrafficCrashReported')).not.toBe(v1Fingerprint);
    });

    it('refuses to load when a snapshot cannot be read by the current schema', () => {
      const v2: AvroRecordSchema = { ...pointV1, fields: [...pointV1.fields, { name: 'injuries', type: 'int' }] };
      expect(() => loadSchemaRegistry(schemaDirWith(v2, [pointV1], ['0000000000000001']))).toThrow(SchemaError);
    });

    it('refuses to load a snapshot of a type without a current schema', () => {
      const other: AvroRecordSchema = { ...pointV1, name: 'FireIncidentReported' };
      expect(() => loadSchemaRegistry(schemaDirWith(pointV1, [other], ['0000000000000002']))).toThrow(SchemaError);
    });
  });
});
