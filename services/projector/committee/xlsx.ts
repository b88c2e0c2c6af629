// The committee lists as an Excel workbook (write-excel-file): one sheet, the same header and
// rows as the CSV. Every text is written as a text cell and numbers as numbers, so nothing in
// the workbook is a formula; texts that a person could turn into a live formula by editing the
// cell get the same leading apostrophe as in the CSV.
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import { neutraliseFormula, tableOf } from './csv';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function toXlsx(rows: readonly unknown[], columns: readonly string[], sheet: string): Promise<Buffer> {
  const table = tableOf(rows, columns);
  const data: SheetData = [
    table.header.map((value) => ({ value, type: String, fontWeight: 'bold' as const })),
    ...table.rows.map((row) =>
      row.map((value) => {
        if (value === null) return null;
        if (typeof value === 'number') return { value, type: Number };
        return { value: typeof value === 'string' ? neutraliseFormula(value) : String(value), type: String };
      }),
    ),
  ];
  return writeXlsxFile(data, { sheet }).toBuffer();
}
