// zod model → JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) for the API description.
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * `io: 'input'` describes what a client sends (defaulted fields optional, the text of query
 * parameters before parsing); `'output'` what the hub answers. Each schema stands alone in the
 * document, so one needing `$defs` (a recursive model) is refused rather than left unresolvable.
 */
export function jsonSchemaOf(model: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const schema = z.toJSONSchema(model, { target: 'draft-2020-12', io, unrepresentable: 'throw' }) as JsonSchema;
  delete schema.$schema;
  if ('$defs' in schema) throw new Error('A model of the API description must not need $defs.');
  return schema;
}
