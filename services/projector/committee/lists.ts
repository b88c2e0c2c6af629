// Sends a committee list as JSON ({"<name>": rows}) or, when asked for, as CSV or an xlsx workbook.
import type { Request, Response } from 'express';
import { toCsv, UTF8_BOM } from './csv';
import { toXlsx, XLSX_MEDIA_TYPE } from './xlsx';

/** Header of each list's CSV, so that an empty list still has one (docs/api/committee.md field order). */
export const LIST_COLUMNS = {
  communities: ['code', 'name', 'type', 'population', 'designation.level', 'designation.status'],
  hazards: [
    'agency',
    'hazardRecordId',
    'communityCode',
    'communityName',
    'sector',
    'level',
    'description',
    'identifiedOn',
    'rectifyBy',
    'rectifiedOn',
    'status',
    'overdueDays',
  ],
  designations: ['communityCode', 'name', 'level', 'status', 'designatedOn', 'validUntil', 'reEvaluationDue'],
} as const;

export type ListName = keyof typeof LIST_COLUMNS;
export type ListFormat = 'json' | 'csv' | 'xlsx';

/** ?format wins; otherwise the media type the Accept header prefers (JSON when it has no preference). */
export function listFormat(req: Request, format: ListFormat | undefined): ListFormat {
  if (format) return format;
  const preferred = req.accepts(['application/json', 'text/csv', XLSX_MEDIA_TYPE]);
  return preferred === 'text/csv' ? 'csv' : preferred === XLSX_MEDIA_TYPE ? 'xlsx' : 'json';
}

/** JSON ({"<name>": rows}), CSV with a UTF-8 BOM, or an xlsx workbook of the same rows. */
export async function sendList(
  req: Request,
  res: Response,
  list: { name: ListName; rows: readonly unknown[]; format: ListFormat | undefined; filename: string },
): Promise<void> {
  res.vary('Accept');
  const format = listFormat(req, list.format);
  if (format === 'json') {
    res.json({ [list.name]: list.rows });
    return;
  }
  if (format === 'csv') {
    res
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `inline; filename="${list.filename}.csv"`)
      .send(UTF8_BOM + toCsv(list.rows, LIST_COLUMNS[list.name]));
    return;
  }
  const workbook = await toXlsx(list.rows, LIST_COLUMNS[list.name], list.name);
  res.type(XLSX_MEDIA_TYPE).setHeader('Content-Disposition', `attachment; filename="${list.filename}.xlsx"`).send(workbook);
}
