// Small builders for OpenAPI operation objects.
import type { JsonSchema } from './jsonSchema';

export type Operation = Record<string, unknown>;

export function ref(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

/** Error responses, each a problem+json body; 503 with Retry-After, 401 with WWW-Authenticate. */
export function problemResponses(descriptions: Partial<Record<number, string>>): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, description] of Object.entries(descriptions)) {
    const headers =
      status === '503'
        ? { 'Retry-After': { description: 'Seconds to wait before retrying.', required: true, schema: { type: 'integer', minimum: 0 } } }
        : status === '401'
          ? { 'WWW-Authenticate': { description: 'Bearer', schema: { type: 'string' } } }
          : undefined;
    responses[status] = {
      description,
      ...(headers ? { headers } : {}),
      content: { 'application/problem+json': { schema: ref('Problem') } },
    };
  }
  return responses;
}
