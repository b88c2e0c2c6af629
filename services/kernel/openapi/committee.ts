// The committee API (docs/api/committee.md) in the API description. The models come from the service
// that serves it (services/projector/committee: its parameter parsers and response models),
// handed over by the composition root; the kernel only lays out the paths.
import type { z } from 'zod';
import { jsonSchemaOf, type JsonSchema } from './jsonSchema';
import { problemResponses, ref, type Operation } from './operations';

export const COMMITTEE_BASE = '/committee/v1';

type ParamModel = z.ZodObject;

export interface CommitteeApiModels {
  params: { community: ParamModel; region: ParamModel };
  queries: { communities: ParamModel; overview: ParamModel; summary: ParamModel; hazards: ParamModel; designations: ParamModel };
  responses: { communities: z.ZodType; overview: z.ZodType; summary: z.ZodType; hazards: z.ZodType; designations: z.ZodType };
}

const PARAM_DESCRIPTIONS: Record<string, string> = {
  code: 'The 9-digit community code.',
  regionCode: 'A region code of 2, 4, 6 or 9 digits; it must lie within the token\'s region.',
  region: 'Region prefix (2, 4, 6 or 9 digits, or empty for the whole country); default the token\'s region.',
  year: 'Calendar year of the figures (default: the current year in the hub\'s time zone).',
  asOf: 'ISO 8601 date-time with an offset: only events the hub had received by then count (default: now).',
  format: 'csv for text/csv (like Accept: text/csv), xlsx for an Excel workbook of the same rows (like Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet), json for JSON.',
  status: 'open (overdue included), overdue, rectified or all.',
};

const SCHEMA_NAMES = {
  communities: 'CommunityList',
  overview: 'CommunityOverview',
  summary: 'RegionSummary',
  hazards: 'HazardList',
  designations: 'DesignationList',
} as const;

export function committeeSchemas(models: CommitteeApiModels): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {};
  for (const [key, name] of Object.entries(SCHEMA_NAMES)) {
    schemas[name] = jsonSchemaOf(models.responses[key as keyof typeof SCHEMA_NAMES], 'output');
  }
  return schemas;
}

/** OpenAPI parameters from a zod object of path or query parameters (as the client writes them). */
function parametersOf(model: ParamModel, place: 'path' | 'query'): Record<string, unknown>[] {
  const schema = jsonSchemaOf(model, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: place,
    required: place === 'path' || (schema.required ?? []).includes(name),
    ...(PARAM_DESCRIPTIONS[name] ? { description: PARAM_DESCRIPTIONS[name] } : {}),
    schema: property,
  }));
}

const ACCESS_ERRORS = {
  400: 'An invalid parameter; `errors[0].path` names it.',
  401: 'No or unknown token.',
  403: "Not a committee token, or a community or region outside the token's region.",
};

function operation(spec: {
  id: string;
  summary: string;
  description?: string;
  params: Record<string, unknown>[];
  schema: string;
  csv?: boolean;
  notFound?: string;
}): Operation {
  const content: Record<string, unknown> = { 'application/json': { schema: ref(spec.schema) } };
  if (spec.csv) {
    content['text/csv'] = {
      schema: { type: 'string', description: 'RFC 4180 CSV with a UTF-8 BOM and a header row; nested fields as dotted columns; text cells starting with = + - @ get a leading apostrophe.' },
    };
    content['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] = {
      schema: { type: 'string', format: 'binary', description: 'An Excel workbook of the same rows as the CSV; every text a text cell, no formulas.' },
    };
  }
  return {
    operationId: spec.id,
    tags: ['committee'],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    security: [{ bearer: [] }],
    parameters: spec.params,
    responses: {
      '200': { description: 'The figures.', content },
      ...problemResponses({ ...ACCESS_ERRORS, ...(spec.notFound ? { 404: spec.notFound } : {}) }),
    },
  };
}

export function committeePaths(models: CommitteeApiModels): Record<string, Record<string, Operation>> {
  const { params, queries } = models;
  return {
    [`${COMMITTEE_BASE}/communities`]: {
      get: operation({
        id: 'listCommunities',
        summary: 'Communities of a region, registered or named by any event, sorted by code.',
        params: parametersOf(queries.communities, 'query'),
        schema: SCHEMA_NAMES.communities,
        csv: true,
      }),
    },
    [`${COMMITTEE_BASE}/communities/{code}/overview`]: {
      get: operation({
        id: 'communityOverview',
        summary: "One community's figures for a year.",
        params: [...parametersOf(params.community, 'path'), ...parametersOf(queries.overview, 'query')],
        schema: SCHEMA_NAMES.overview,
        notFound: 'No event received by asOf names the community.',
      }),
    },
    [`${COMMITTEE_BASE}/regions/{regionCode}/summary`]: {
      get: operation({
        id: 'regionSummary',
        summary: 'The roll-up of every community in a region.',
        params: [...parametersOf(params.region, 'path'), ...parametersOf(queries.summary, 'query')],
        schema: SCHEMA_NAMES.summary,
      }),
    },
    [`${COMMITTEE_BASE}/hazards`]: {
      get: operation({
        id: 'listHazards',
        summary: 'Hazards of a region, every year, by status.',
        params: parametersOf(queries.hazards, 'query'),
        schema: SCHEMA_NAMES.hazards,
        csv: true,
      }),
    },
    [`${COMMITTEE_BASE}/designations`]: {
      get: operation({
        id: 'listDesignations',
        summary: 'The designation of every community of a region.',
        params: parametersOf(queries.designations, 'query'),
        schema: SCHEMA_NAMES.designations,
        csv: true,
      }),
    },
  };
}
