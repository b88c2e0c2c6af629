// Every committee list as CSV and as an xlsx workbook, over real HTTP: Chinese names survive
// (CSV with a UTF-8 BOM; the workbook read back with read-excel-file), the rows are the JSON
// list's rows, and nothing in either file is a live formula.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { readSheet } from 'read-excel-file/node';
import { body, bodies, openFixture, uid, type Fixture } from '../projector/fixture';
import { startCommitteeServer, TOKENS, type CommitteeServer } from './server';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FORMULA_NAME = '=HYPERLINK("http://attacker.example","点我")';
const FORMULA_DESCRIPTION = '-2+3 安全出口堵塞，消防通道被占用';

let f: Fixture;
let api: CommitteeServer;

beforeAll(async () => {
  f = openFixture();
  await f.append('safety', bodies.registered('610902001', { name: FORMULA_NAME, population: 61_800, registeredOn: '2019-03-01' }), '2024-01-02T01:00:00.000Z');
  await f.append('safety', bodies.registered('610902003', { name: '江北街道安全社区', population: 96_300, registeredOn: '2019-03-01' }), '2024-01-02T01:00:00.000Z');
  await f.append('safety', bodies.designated(uid('desig'), '610902001', '2022-01-01', '2025-10-01'), '2022-01-02T03:00:00.000Z');
  await f.append('safety', bodies.designated(uid('desig'), '610902003', '2023-01-01', '2027-01-01'), '2023-01-02T03:00:00.000Z');
  await f.append('safety', body('HazardIdentified', uid('hazard'), {
    communityCode: '610902002', occurredAt: '2025-02-01T10:00:00+08:00', sector: 'FIRE', level: 'MAJOR', rectifyBy: '2025-03-01', description: FORMULA_DESCRIPTION,
  }), '2025-02-01T03:00:00.000Z');
  await f.append('fire', bodies.hazard(uid('hazard'), '610902001', '2025-02-10T10:00:00+08:00', '2025-09-01'), '2025-02-10T03:00:00.000Z');
  await f.projector.catchUp();
  api = await startCommitteeServer(f);
});
afterAll(async () => {
  await api.close();
  await f.close();
});

const LISTS = ['/communities?region=610902', '/hazards?region=610902&status=all', '/designations?region=610902'] as const;

async function jsonRows(path: string): Promise<Record<string, unknown>[]> {
  const body = (await (await api.get(path, TOKENS.national)).json()) as Record<string, Record<string, unknown>[]>;
  return Object.values(body)[0]!;
}

/** The JSON row's values in the order of the header, as the exports should show them. */
function expectedCells(row: Record<string, unknown>, header: string[]): Array<string | number | null> {
  return header.map((column) => {
    const value = column.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | null)?.[key], row);
    if (value === null || value === undefined) return null;
    if (typeof value === 'number') return value;
    const text = String(value);
    return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  });
}

describe('list exports', () => {
  it.each(LISTS)('sends %s as CSV with a UTF-8 BOM, Chinese intact and formulas neutralised', async (path) => {
    const rows = await jsonRows(path);
    expect(rows.length).toBeGreaterThan(0);
    const res = await api.get(`${path}&format=csv`, TOKENS.national);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(rows.length + 1);
    // No line holds a field that starts a formula (quoted fields start with a quote).
    for (const line of lines.slice(1)) expect(line).not.toMatch(/(^|,)"?[=+\-@]/);
    expect(text).toMatch(/汉滨|街道|安全/);
  });

  it.each(LISTS)('sends %s as an xlsx workbook of the same rows, text as text and no formula', async (path) => {
    const rows = await jsonRows(path);
    const res = await api.get(`${path}&format=xlsx`, TOKENS.national);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    const buffer = Buffer.from(await res.arrayBuffer());
    const sheet = await readSheet(buffer);
    const header = sheet[0] as string[];
    expect(sheet.slice(1)).toEqual(rows.map((row) => expectedCells(row, header)));
    const files = unzipSync(new Uint8Array(buffer));
    const sheetXml = Object.entries(files).filter(([name]) => name.startsWith('xl/worksheets/')).map(([, data]) => strFromU8(data)).join('');
    expect(sheetXml).toContain('<sheetData');
    expect(sheetXml).not.toMatch(/<f[\s>]/);
  });

  it('names communities in Chinese in both files: the registered name, else the township', async () => {
    const csv = new TextDecoder().decode(await (await api.get('/communities?region=610902&format=csv', TOKENS.national)).arrayBuffer());
    expect(csv).toContain('610902002,新城街道,');
    expect(csv).toContain('610902003,江北街道安全社区,');
    const sheet = await readSheet(Buffer.from(await (await api.get('/hazards?region=610902&status=all&format=xlsx', TOKENS.national)).arrayBuffer()));
    const header = sheet[0] as string[];
    const byCommunity = new Map(sheet.slice(1).map((row) => [row[header.indexOf('communityCode')], row]));
    expect(byCommunity.get('610902002')![header.indexOf('communityName')]).toBe('新城街道');
    expect(byCommunity.get('610902002')![header.indexOf('description')]).toBe(`'${FORMULA_DESCRIPTION}`);
    expect(byCommunity.get('610902001')![header.indexOf('communityName')]).toBe(`'${FORMULA_NAME}`);
  });

  it('answers the xlsx media type in Accept with a workbook', async () => {
    const res = await api.get('/designations?region=610902', TOKENS.national, { accept: XLSX });
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="designations-610902.xlsx"');
  });

  it('refuses an unknown format naming the parameter', async () => {
    const res = await api.get('/hazards?format=pdf', TOKENS.national);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ path: string }> }).errors[0]!.path).toBe('format');
  });
});
