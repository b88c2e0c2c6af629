// Schema evolution check: can the current (reader) schema of a type read every event written
// with an older (writer) schema? Builds an avsc resolver and round-trips sample events that use
// every enum symbol the writer knows, so both schema-level and data-level breaks show up.
//
//   compatibilityProblems(reader: AvroRecordSchema, writers: readonly WriterSchema[]): CompatibilityProblem[]
import avro from 'avsc';
import { sampleValues } from './samples';
import type { AvroRecordSchema } from './schemaTypes';

export interface WriterSchema {
  /** How to name this writer in a problem, e.g. the snapshot's file. */
  label: string;
  schema: AvroRecordSchema;
}

export interface CompatibilityProblem {
  writer: string;
  message: string;
}

export function compatibilityProblems(reader: AvroRecordSchema, writers: readonly WriterSchema[]): CompatibilityProblem[] {
  const readerType = avro.Type.forSchema(reader as avro.Schema);
  const problems: CompatibilityProblem[] = [];
  for (const { label, schema } of writers) {
    const problem = firstProblem(readerType, schema);
    if (problem) problems.push({ writer: label, message: problem });
  }
  return problems;
}

function firstProblem(readerType: avro.Type, writer: AvroRecordSchema): string | null {
  const writerType = avro.Type.forSchema(writer as avro.Schema);
  let resolver: ReturnType<avro.Type['createResolver']>;
  try {
    resolver = readerType.createResolver(writerType);
  } catch (cause) {
    return `the current schema cannot resolve this writer schema: ${(cause as Error).message}`;
  }
  for (const value of sampleValues(writer)) {
    try {
      const decoded: unknown = readerType.fromBuffer(writerType.toBuffer(value), resolver);
      if (!readerType.isValid(decoded)) return 'data written with this schema decodes to an invalid current event';
    } catch (cause) {
      return `data written with this schema cannot be read: ${(cause as Error).message}`;
    }
  }
  return null;
}
