// The exchange between bureaus in the API description: feeds, agreements and the access log.
// The response models come from the service that serves them (services/projector/feed).
import type { z } from 'zod';
import { jsonSchemaOf, type JsonSchema } from './jsonSchema';
import { problemResponses, ref, type Operation } from './operations';

export interface ExchangeApiModels {
  feed: z.ZodType;
  agreements: z.ZodType;
  accessLog: z.ZodType;
}

const SCHEMA_NAMES = { feed: 'FeedPage', agreements: 'AgreementList', accessLog: 'AccessLogPage' } as const;

export function exchangeSchemas(models: ExchangeApiModels): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(SCHEMA_NAMES).map(([key, name]) => [name, jsonSchemaOf(models[key as keyof ExchangeApiModels], 'output')]));
}

const agencyParam = {
  name: 'agency',
  in: 'path',
  required: true,
  description: 'The bureau; the token must be this bureau\'s.',
  schema: { type: 'string', enum: ['police', 'fire', 'health', 'transport', 'safety'] },
};
const limitParam = { name: 'limit', in: 'query', required: false, description: 'At most this many items (1-1000, default 100).', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } };
const BUREAU_ERRORS = { 400: 'An invalid parameter; `errors[0].path` names it.', 401: 'No or unknown token.', 403: 'A token of another bureau or role.', 404: 'Not an agency.' };

function op(id: string, tag: string, summary: string, description: string, parameters: unknown[], schema: string, errors: Record<number, string>): Operation {
  return {
    operationId: id,
    tags: [tag],
    summary,
    description,
    security: [{ bearer: [] }],
    parameters,
    responses: { '200': { description: 'OK.', content: { 'application/json': { schema: ref(schema) } } }, ...problemResponses(errors) },
  };
}

export function exchangePaths(): Record<string, Record<string, Operation>> {
  return {
    '/agencies/{agency}/v1/feed': {
      get: op(
        'readFeed',
        'exchange',
        "The records other bureaus share with this bureau, in the hub's log order.",
        'Only events under agreements in force today (hub time zone, both dates included, not revoked). Each counted revision once; ' +
          'withdrawals of shared records included. Every answer that carries events is first written to each provider\'s access log.',
        [
          agencyParam,
          { name: 'after', in: 'query', required: false, description: 'A cursor from an earlier answer (`next` or an event\'s `cursor`); from the start when absent.', schema: { type: 'string' } },
          limitParam,
          { name: 'wait', in: 'query', required: false, description: 'Seconds (0-30) to wait for shared events when there are none yet.', schema: { type: 'number', minimum: 0, maximum: 30, default: 0 } },
        ],
        SCHEMA_NAMES.feed,
        { ...BUREAU_ERRORS, 503: 'The read model could not catch up with the event log in time.' },
      ),
    },
    '/agencies/{agency}/v1/agreements': {
      get: op('listBureauAgreements', 'exchange', 'Agreements where this bureau is provider or consumer, with their status today.', 'Status: PENDING, ACTIVE, EXPIRED or REVOKED.', [agencyParam], SCHEMA_NAMES.agreements, { 401: BUREAU_ERRORS[401], 403: BUREAU_ERRORS[403], 404: BUREAU_ERRORS[404] }),
    },
    '/agencies/{agency}/v1/access-log': {
      get: op(
        'readAccessLog',
        'exchange',
        "The provider's access log: who read its records, when, under which agreements.",
        'Entries of a hash chain; recompute each hash to check it.',
        [agencyParam, { name: 'after', in: 'query', required: false, description: 'Entries with a higher seq (default 0).', schema: { type: 'integer', minimum: 0, default: 0 } }, limitParam],
        SCHEMA_NAMES.accessLog,
        BUREAU_ERRORS,
      ),
    },
    '/committee/v1/agreements': {
      get: op(
        'listRegionAgreements',
        'committee',
        "Agreements whose region lies inside the asked region or contains it.",
        'Who shares what with whom, with status today.',
        [{ name: 'region', in: 'query', required: false, description: "Region code (2, 4, 6 or 9 digits) within the token's region; default the token's region.", schema: { type: 'string' } }],
        SCHEMA_NAMES.agreements,
        { 400: 'An invalid parameter.', 401: 'No or unknown token.', 403: "Not a committee token, or a region outside the token's region." },
      ),
    },
  };
}
