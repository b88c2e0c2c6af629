// Query and path parameters of the committee API, validated with zod at the edge. Any invalid
// parameter is a 400 problem naming it (BadRequestError's `errors[0].path`).
import { z } from 'zod';
import { BadRequestError } from '../../kernel/errors';
import type { HazardStatusFilter } from '../domain/types';
import { parseDate } from '../../kernel/time';
import type { Divisions } from '../../kernel/divisions';

const REGION_CODE = /^(\d{2}|\d{4}|\d{6}|\d{9})$/;
const ASOF_MIN = Date.UTC(2000, 0, 1);
const ASOF_MAX = Date.UTC(2101, 0, 1);
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** ISO 8601 date-time with an offset (Z or ±hh:mm), seconds and fraction optional. */
function isInstant(value: string): boolean {
  const m = INSTANT.exec(value);
  if (!m) return false;
  try {
    parseDate(m[1]!);
  } catch {
    return false;
  }
  const [hh, mm, ss, , oh, om] = [m[2], m[3], m[4] ?? '0', m[5], m[6] ?? '0', m[7] ?? '0'].map(Number) as number[];
  return hh! < 24 && mm! < 60 && ss! < 60 && oh! < 24 && om! < 60 && !Number.isNaN(Date.parse(value));
}

const asOf = z
  .string()
  .refine(isInstant, 'an ISO 8601 date-time with an offset, e.g. 2025-06-30T18:00:00+08:00')
  .transform((v) => new Date(v))
  // Years outside the hub's calendar (e.g. 9999) would only make figures nobody asked for.
  .refine((d) => d.getTime() >= ASOF_MIN && d.getTime() < ASOF_MAX, 'an instant in the years 2000 to 2100');

const year = z
  .string()
  .regex(/^\d{1,4}$/, 'an integer year')
  .transform(Number)
  .pipe(z.number().int().min(2000, 'a year from 2000 to 2100').max(2100, 'a year from 2000 to 2100'));

const region = z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9})?$/, '"" or a region code of 2, 4, 6 or 9 digits');

const format = z.enum(['json', 'csv', 'xlsx'], 'json, csv or xlsx');

const STATUSES = ['open', 'overdue', 'rectified', 'all'] as const satisfies readonly HazardStatusFilter[];

export const overviewQuery = z.object({ year: year.optional(), asOf: asOf.optional() });
export const summaryQuery = overviewQuery;
export const listQuery = z.object({ region: region.optional(), asOf: asOf.optional(), format: format.optional() });
export const hazardsQuery = listQuery.extend({
  status: z.enum(STATUSES, 'one of open, overdue, rectified, all').default('open'),
});

export const communityCodeParam = z.object({ code: z.string().regex(/^\d{9}$/, 'a 9-digit community code') });
export const regionCodeParam = z.object({ regionCode: z.string().regex(REGION_CODE, 'a region code of 2, 4, 6 or 9 digits') });

/** Parses with the schema or throws a BadRequestError naming the first invalid parameter. */
export function parseParams<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const param = issue.path.map(String).join('.');
  const message = issue.code === 'invalid_type' ? 'must be given once, as text' : issue.message;
  throw new BadRequestError(`Parameter ${param}: ${message}.`, param);
}

/** A community or region code (the whole country "" aside) must be in the division list. */
export function assertKnownDivision(divisions: Pick<Divisions, 'has'>, code: string, param: string): void {
  if (code !== '' && !divisions.has(code)) {
    throw new BadRequestError(`Parameter ${param}: ${code} is not in the national division list nor in HUB_EXTRA_DIVISIONS.`, param);
  }
}
