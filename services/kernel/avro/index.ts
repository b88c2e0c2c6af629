// Public API of the Avro codec; see registry.ts for the single-object encoding.
export { createSchemaRegistry, loadSchemaRegistry, MAX_SAFE_LONG, type DecodedEvent, type SchemaRegistry } from './registry';
export { defaultSchemasDir, historySnapshotPath, readSchemaFiles, type HistoricalSchema, type SchemaFiles } from './schemaFiles';
export { parsingCanonicalForm, schemaFingerprint } from './canonical';
export { CRC64_AVRO_EMPTY, crc64Avro, crc64AvroOfText, fingerprintHex } from './crc64';
export { compatibilityProblems, type CompatibilityProblem, type WriterSchema } from './compatibility';
export { EventEncodingError, SchemaError } from './errors';
export type { AvroField, AvroRecordSchema, AvroTypeSchema, FieldFormat } from './schemaTypes';
