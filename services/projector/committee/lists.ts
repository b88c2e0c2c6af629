// Sends a committee list as JSON ({"<name>": rows}) or, when asked for, as CSV.
import type { Request, Response } from 'express';
import { toCsv } from './csv';

/** Header of each list's CSV, so that an empty list still has one (docs/api/committee.md field order). */
export const LIST_COLUMNS = {
  communities: ['code', 'name', 'type', 'population', 'designation.level', 'designation.status'],
  hazards: [
    'agency',
    'hazardRecordId',
    'communityCode',
    'sector',
    'level',
    'identifiedOn',
    'rectifyBy',
    'rectifiedOn',
    'status',
    'overdueDays',
  ],
  designations: ['communityCode', 'name', 'level', 'status', 'designatedOn', 'validUntil', 'reEvaluationDue'],
} as const;

export type ListName = keyof typeof LIST_COLUMNS;

/** CSV with ?format=csv, or when Accept prefers text/csv to JSON; ?format=json forces JSON. */
export function wantsCsv(req: Request, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

export function sendList(
  req: Request,
  res: Response,
  list: { name: ListName; rows: readonly unknown[]; format: 'json' | 'csv' | undefined; filename: string },
): void {
  res.vary('Accept');
  if (!wantsCsv(req, list.format)) {
    res.json({ [list.name]: list.rows });
    return;
  }
  res
    .type('text/csv; charset=utf-8')
    .setHeader('Content-Disposition', `inline; filename="${list.filename}.csv"`)
    .send(toCsv(list.rows, LIST_COLUMNS[list.name]));
}
