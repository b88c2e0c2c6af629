// The OpenAPI 3.1 description of the hub's HTTP APIs, generated at start-up from the zod models
// the code validates with, so it cannot drift from them.
//
//   buildOpenApiDocument({ validation, agencies?, committee? }): OpenApiDocument
import { AGENCIES, type Agency } from '../agency';
import type { EventValidation } from '../validation';
import { committeePaths, committeeSchemas, type CommitteeApiModels } from './committee';
import { gatewayPaths, gatewaySchemas } from './gateway';
import { jsonSchemaOf } from './jsonSchema';
import { problemModel } from './problem';

export type OpenApiDocument = Record<string, unknown> & { openapi: '3.1.0'; paths: Record<string, Record<string, unknown>> };

export interface OpenApiOptions {
  validation: EventValidation;
  /** The agencies whose gateways the process serves (default all); none leaves the gateway API out. */
  agencies?: readonly Agency[];
  /** The committee API's models, when the process serves it. */
  committee?: CommitteeApiModels;
  version?: string;
}

export function buildOpenApiDocument(options: OpenApiOptions): OpenApiDocument {
  const agencies = options.agencies ?? AGENCIES;
  const gateway = agencies.length > 0;
  const tags = [
    ...(gateway ? [{ name: 'gateway', description: 'Bureaus publish events.' }] : []),
    ...(options.committee ? [{ name: 'committee', description: 'Committee offices read the figures.' }] : []),
  ];
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Safe Community Exchange Hub',
      version: options.version ?? '1',
      description:
        "Bureaus' data exchange for the Safe Community programme (安全社区): the agency gateway API and the committee API. " +
        'Every error is application/problem+json (RFC 9457).',
    },
    tags,
    paths: {
      ...(gateway ? gatewayPaths(options.validation, agencies) : {}),
      ...(options.committee ? committeePaths(options.committee) : {}),
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A bureau, committee or operator token.' } },
      schemas: {
        Problem: jsonSchemaOf(problemModel, 'output'),
        ...(gateway ? gatewaySchemas(options.validation) : {}),
        ...(options.committee ? committeeSchemas(options.committee) : {}),
      },
    },
  };
}
