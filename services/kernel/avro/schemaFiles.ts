// Reads the schema files: the current schema of each event type (schemas/<Type>.avsc) and the
// snapshots of every released version (schemas/history/<Type>/<hexFingerprint>.avsc).
//
//   defaultSchemasDir(): string
//   readSchemaFiles(dir?: string): SchemaFiles
//   historySnapshotPath(dir: string, type: string, fingerprintHex: string): string
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SchemaError } from './errors';
import type { AvroRecordSchema } from './schemaTypes';

export interface HistoricalSchema {
  /** The event type (record name) the snapshot belongs to: its folder's name. */
  type: string;
  /** Path of the snapshot file. */
  file: string;
  schema: AvroRecordSchema;
}

export interface SchemaFiles {
  /** One per event type, sorted by name. */
  current: AvroRecordSchema[];
  /** Every snapshot, sorted by type then file name. */
  history: HistoricalSchema[];
}

export function defaultSchemasDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../schemas');
}

export function historySnapshotPath(dir: string, type: string, fingerprintHex: string): string {
  return path.join(dir, 'history', type, `${fingerprintHex}.avsc`);
}

export function readSchemaFiles(dir: string = defaultSchemasDir()): SchemaFiles {
  const current = avscFilesIn(dir).map((file) => {
    const schema = readRecordSchema(file);
    if (`${schema.name}.avsc` !== path.basename(file)) {
      throw new SchemaError(`${file} defines ${schema.name}; the file must be named after its record.`);
    }
    return schema;
  });
  const historyDir = path.join(dir, 'history');
  const history: HistoricalSchema[] = [];
  if (fs.existsSync(historyDir)) {
    const typeDirs = fs.readdirSync(historyDir, { withFileTypes: true }).filter((d) => d.isDirectory());
    for (const typeDir of typeDirs.map((d) => d.name).sort()) {
      for (const file of avscFilesIn(path.join(historyDir, typeDir))) {
        const schema = readRecordSchema(file);
        if (schema.name !== typeDir) throw new SchemaError(`${file} defines ${schema.name}, not ${typeDir}.`);
        history.push({ type: typeDir, file, schema });
      }
    }
  }
  return { current, history };
}

function avscFilesIn(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.avsc'))
    .sort()
    .map((f) => path.join(dir, f));
}

function readRecordSchema(file: string): AvroRecordSchema {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new SchemaError(`${file} is not valid JSON: ${(cause as Error).message}`);
  }
  const schema = parsed as Partial<AvroRecordSchema> | null;
  if (!schema || schema.type !== 'record' || typeof schema.name !== 'string' || !Array.isArray(schema.fields)) {
    throw new SchemaError(`${file} must hold one Avro record schema.`);
  }
  return schema as AvroRecordSchema;
}
