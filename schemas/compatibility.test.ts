import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaFingerprint } from '../services/kernel/avro/canonical';
import { compatibilityProblems } from '../services/kernel/avro/compatibility';
import { fingerprintHex } from '../services/kernel/avro/crc64';
import { historySnapshotPath, readSchemaFiles } from '../services/kernel/avro/schemaFiles';
import type { AvroRecordSchema } from '../services/kernel/avro/schemaTypes';

// Every released schema version is kept in schemas/history/<Type>/<fingerprint>.avsc, and the
// current schema must read data written with each of them: events in the store are never
// rewritten, so a schema change that cannot read them would lose history.
const schemasDir = import.meta.dirname;
const files = readSchemaFiles(schemasDir);

describe('schema history', () => {
  it.each(files.current.map((s) => [s.name, s] as const))('holds a snapshot of the current %s schema', (name, schema) => {
    const snapshot = historySnapshotPath(schemasDir, name, fingerprintHex(schemaFingerprint(schema)));
    const hint = `Snapshot the changed schema: mkdir -p ${path.dirname(snapshot)} && cp ${path.join(schemasDir, `${name}.avsc`)} ${snapshot}`;
    expect(fs.existsSync(snapshot), hint).toBe(true);
  });

  it.each(files.history.map((h) => [path.relative(schemasDir, h.file), h] as const))('names %s by its fingerprint', (_file, h) => {
    expect(path.basename(h.file, '.avsc')).toBe(fingerprintHex(schemaFingerprint(h.schema)));
  });
});

describe('schema evolution', () => {
  it.each(files.current.map((s) => [s.name, s] as const))('lets the current %s read every historical version', (name, schema) => {
    const writers = files.history.filter((h) => h.type === name).map((h) => ({ label: path.relative(schemasDir, h.file), schema: h.schema }));
    expect(writers.length).toBeGreaterThan(0);
    expect(compatibilityProblems(schema, writers)).toEqual([]);
  });
});

describe('the compatibility check', () => {
  // Given copies of a real schema, changed the way a careless edit would change them.
  const original = files.current.find((s) => s.name === 'TrafficCrashReported')!;
  const withField = (field: AvroRecordSchema['fields'][number]): AvroRecordSchema => ({ ...original, fields: [...original.fields, field] });
  const check = (reader: AvroRecordSchema) => compatibilityProblems(reader, [{ label: 'v1', schema: original }]);

  it('accepts a field added with a default', () => {
    expect(check(withField({ name: 'hitAndRun', type: 'boolean', default: false }))).toEqual([]);
  });

  it('detects a field added without a default', () => {
    const problems = check(withField({ name: 'hitAndRun', type: 'boolean' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ writer: 'v1' });
  });

  it('detects an enum symbol removed that old data may hold', () => {
    const reader: AvroRecordSchema = {
      ...original,
      fields: original.fields.map((f) =>
        f.name === 'roadType' ? { ...f, type: { type: 'enum' as const, name: 'RoadType', symbols: ['URBAN_ROAD', 'HIGHWAY', 'OTHER'] } } : f,
      ),
    };
    expect(check(reader)).toHaveLength(1);
  });

  it('detects a field whose type changed incompatibly', () => {
    const reader: AvroRecordSchema = { ...original, fields: original.fields.map((f) => (f.name === 'deaths' ? { ...f, type: 'string' } : f)) };
    expect(check(reader)).toHaveLength(1);
  });

  it('accepts a promotion of int to long and a removed field', () => {
    const reader: AvroRecordSchema = {
      ...original,
      fields: original.fields.filter((f) => f.name !== 'vehicles').map((f) => (f.name === 'deaths' ? { ...f, type: 'long' } : f)),
    };
    expect(check(reader)).toEqual([]);
  });
});
