// Public API of the API description (OpenAPI 3.1), generated from the hub's zod models.
export { buildOpenApiDocument, type OpenApiDocument, type OpenApiOptions } from './document';
export { createOpenApiRouter } from './router';
export { COMMITTEE_BASE, type CommitteeApiModels } from './committee';
export { type ExchangeApiModels } from './exchange';
export { acceptedModel, eventTypesModel } from './gateway';
export { problemModel, fieldErrorModel } from './problem';
export { jsonSchemaOf, type JsonSchema } from './jsonSchema';
