// Reading and converting bureau CSV files (no hub needed): encodings, headings, cell types,
// and errors that point at the line and field to fix.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEventValidation } from '../../services/kernel/validation';
import { convertRows, fieldOfHeading, HEADER_ALIASES, parseCsvFile, type ConversionResult } from '../../scripts/import';
import { normaliseHeading } from '../../scripts/import/headerAliases';
import { CRASH_HEADER, tempDir, uid, writeCsv } from './support';

const validation = loadEventValidation();
const now = new Date();
const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function convert(lines: string[], options: { agency?: 'police' | 'fire' | 'safety' | 'health'; type?: string; bom?: boolean; eol?: string } = {}): ConversionResult {
  const file = writeCsv(dir, `${uid()}.csv`, lines, options);
  return convertRows(parseCsvFile(file), { validation, agency: options.agency ?? 'police', type: options.type, now });
}

function events(result: ConversionResult): Array<Record<string, unknown>> {
  if (!result.ok) throw new Error(`expected a valid file, got ${JSON.stringify(result.errors)}`);
  return result.rows.map((r) => r.event);
}

describe('reading a CSV file', () => {
  it('reads UTF-8 with a BOM and CRLF line ends, with Chinese headings', () => {
    const result = convert(
      [
        '事件类型,记录编号,版本,社区代码,发生时间,死亡人数,受伤人数,直接经济损失（元）,起火原因,起火场所类型',
        'FireIncidentReported,XF-1,2,610902001,2025-03-01T08:00:00+08:00,0,1,"12,500.5",ELECTRICAL,RESIDENTIAL',
      ],
      { agency: 'fire', bom: true, eol: '\r\n' },
    );
    expect(events(result)).toEqual([
      {
        type: 'FireIncidentReported', sourceRecordId: 'XF-1', revision: 2, communityCode: '610902001', occurredAt: '2025-03-01T08:00:00+08:00',
        deaths: 0, injuries: 1, directLossYuan: 12500.5, cause: 'ELECTRICAL', propertyType: 'RESIDENTIAL',
      },
    ]);
  });

  it('keeps the line each row starts on, across blank lines and quoted cells with line breaks', () => {
    const result = convert(
      [
        'type,sourceRecordId,communityCode,occurredAt,sector,level,rectifyBy,description',
        'HazardIdentified,YH-1,610902001,2025-03-01T08:00:00+08:00,FIRE,GENERAL,2025-04-01,"第一行\r\n第二行"',
        '',
        'HazardIdentified,YH-2,610902001,2025-03-01T08:00:00+08:00,FIRE,GENERAL,2025-04-01,"甲\n乙\n丙"',
        'HazardIdentified,YH-3,610902001,2025-03-01T08:00:00+08:00,FIRE,URGENT,2025-04-01,正常',
      ],
      { agency: 'fire', eol: '\r\n' },
    );
    expect(result).toEqual({ ok: false, errors: [{ line: 8, field: 'level', message: 'must be one of GENERAL, MAJOR' }] });
  });

  it('reads GB18030 when asked, and says how to fix a file that is not UTF-8', () => {
    const text = '记录编号,社区代码,名称,社区类型,人口,登记日期\nSQ-1,610902001,老城街道,URBAN_STREET,61800,2019-05-10\n';
    const file = path.join(dir, `${uid()}.csv`);
    fs.writeFileSync(file, Buffer.from(new Uint8Array(gb18030(text))));
    expect(() => parseCsvFile(file)).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ line: 1, message: expect.stringMatching(/not UTF-8.*CSV UTF-8.*--encoding gb18030/) })] }));
    const result = convertRows(parseCsvFile(file, { encoding: 'gb18030' }), { validation, agency: 'safety', type: 'CommunityRegistered', now });
    expect(events(result)[0]).toMatchObject({ name: '老城街道', population: 61800 });
  });
});

describe('converting cells to typed values', () => {
  it('converts integers, booleans (true/false/是/否/1/0) and leaves empty cells out so defaults apply', () => {
    const result = convert([
      CRASH_HEADER,
      'TrafficCrashReported,JJ-1,610902001,2025-03-01T08:00:00+08:00,0,2,3,是,URBAN_ROAD,OTHER',
      'TrafficCrashReported,JJ-2,610902001,2025-03-01T08:00:00+08:00,1,0,1,否,URBAN_ROAD,OTHER',
      'TrafficCrashReported,JJ-3,610902001,2025-03-01T08:00:00+08:00,0,0,2,1,URBAN_ROAD,OTHER',
      'TrafficCrashReported,JJ-4,610902001,2025-03-01T08:00:00+08:00,0,0,2,FALSE,URBAN_ROAD,OTHER',
      'TrafficCrashReported,JJ-5,610902001,2025-03-01T08:00:00+08:00,0,0,2,,URBAN_ROAD,OTHER',
    ]);
    const list = events(result);
    expect(list.map((e) => e.commercialOperation)).toEqual([true, false, true, false, undefined]);
    expect(list[4]).not.toHaveProperty('commercialOperation');
    expect(list[0]).toMatchObject({ deaths: 0, injuries: 2, vehicles: 3 });
    expect(list[0]).not.toHaveProperty('revision');
  });

  it('splits lists on ";" or "、" and converts Excel-style dates', () => {
    const result = convert(
      [
        'type,sourceRecordId,communityCode,name,domain,targetGroups,startedOn,plannedEndOn',
        'PromotionProjectRegistered,XM-1,610902001,防跌倒,ELDERLY,ELDERLY、DISABLED,2025/1/5,2025年12月31日',
        'PromotionProjectRegistered,XM-2,610902001,安全上学路,TRAFFIC, CHILDREN ; STUDENTS ;,2025-2-1,2025-12-31',
      ],
      { agency: 'safety' },
    );
    expect(events(result).map((e) => [e.targetGroups, e.startedOn, e.plannedEndOn])).toEqual([
      [['ELDERLY', 'DISABLED'], '2025-01-05', '2025-12-31'],
      [['CHILDREN', 'STUDENTS'], '2025-02-01', '2025-12-31'],
    ]);
  });

  it('gives date-times written without an offset the default +08:00 and keeps a written one', () => {
    const result = convert([
      CRASH_HEADER,
      'TrafficCrashReported,JJ-1,610902001,2025/3/1 8:05,0,0,2,,URBAN_ROAD,OTHER',
      'TrafficCrashReported,JJ-2,610902001,2025-03-01 08:05:30,0,0,2,,URBAN_ROAD,OTHER',
      'TrafficCrashReported,JJ-3,610902001,2025-03-01 08:05:30Z,0,0,2,,URBAN_ROAD,OTHER',
    ]);
    expect(events(result).map((e) => e.occurredAt)).toEqual(['2025-03-01T08:05:00+08:00', '2025-03-01T08:05:30+08:00', '2025-03-01T08:05:30Z']);
  });
});

describe('reporting errors by line and field', () => {
  it('reports every bad row with its line and field, with the gateway validator\'s messages', () => {
    const result = convert([
      CRASH_HEADER,
      'TrafficCrashReported,JJ-1,610902001,2025-03-01T08:00:00+08:00,0,1,2,,URBAN_ROAD,OTHER',
      'TrafficCrashReported,JJ-2,610902001,2025-03-01T08:00:00+08:00,-1,1,2,,URBAN_ROAD,OTHER',
      'TrafficCrashReported,JJ-3,61090200,2025-03-01T08:00:00+08:00,0,两人,2,也许,URBAN_ROAD,OTHER',
      'TrafficCrashReported,JJ-4,610902001,,0,1,2,,URBAN_ROAD,OTHER',
      'TrafficCrashReported,JJ-5,610902001,2999-01-01T00:00:00+08:00,0,1,2,,URBAN_ROAD,OTHER,extra',
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { line: 3, field: 'deaths', message: 'must be >= 0' },
      { line: 4, field: 'communityCode', message: expect.stringContaining('9') },
      { line: 4, field: 'injuries', message: 'must be an integer' },
      { line: 4, field: 'commercialOperation', message: 'must be true or false' },
      { line: 5, field: 'occurredAt', message: 'is required' },
      { line: 6, field: '', message: 'has 11 cells, the header has 10' },
      { line: 6, field: 'occurredAt', message: 'must not be more than 5 minutes in the future' },
    ]);
  });

  it('refuses headings that name no field, the same field twice, and a missing required column, at the header line', () => {
    const result = convert([
      'type,记录编号,sourceRecordId,communityCode,occurredAt,deaths,injuries,roadType,cause,weather',
      'TrafficCrashReported,JJ-1,JJ-1,610902001,2025-03-01T08:00:00+08:00,0,1,URBAN_ROAD,OTHER,雨',
    ]);
    expect(result).toEqual({
      ok: false,
      errors: [
        { line: 1, field: 'sourceRecordId', message: 'names sourceRecordId, like column 2 ("记录编号")' },
        { line: 1, field: 'weather', message: expect.stringMatching(/^is not a field of TrafficCrashReported/) },
        { line: 1, field: 'vehicles', message: 'is required: the file has no column for it' },
      ],
    });
  });

  it('takes the type from --type or the type column, one type per file, one the bureau may publish', () => {
    const row = '610902001,2025-03-01T08:00:00+08:00,0,1,2,,URBAN_ROAD,OTHER';
    const header = 'sourceRecordId,communityCode,occurredAt,deaths,injuries,vehicles,commercialOperation,roadType,cause';
    expect(events(convert([header, `JJ-1,${row}`], { type: 'TrafficCrashReported' }))).toHaveLength(1);
    expect(convert([header, `JJ-1,${row}`])).toEqual({ ok: false, errors: [{ line: 1, field: 'type', message: 'no event type: pass --type or add a type column' }] });
    expect(convert([`type,${header}`, `TrafficCrashReported,JJ-1,${row}`, `FireIncidentReported,JJ-2,${row}`])).toEqual({
      ok: false,
      errors: [{ line: 3, field: 'type', message: 'is FireIncidentReported, but this file holds TrafficCrashReported (one event type per file)' }],
    });
    expect(convert([header, `JJ-1,${row}`], { type: 'TrafficCrashReported', agency: 'fire' })).toEqual({
      ok: false,
      errors: [{ line: 1, field: 'type', message: 'the fire bureau may not publish TrafficCrashReported (published by police)' }],
    });
    expect(convert([header, `JJ-1,${row}`], { type: 'CarCrash' })).toMatchObject({ ok: false, errors: [{ line: 1, field: 'type', message: expect.stringMatching(/^CarCrash is not a known event type/) }] });
  });

  it('refuses the same record and revision twice in one file (the hub would keep only the first)', () => {
    const result = convert([
      CRASH_HEADER + ',revision',
      'TrafficCrashReported,JJ-1,610902001,2025-03-01T08:00:00+08:00,0,1,2,,URBAN_ROAD,OTHER,',
      'TrafficCrashReported,JJ-1,610902001,2025-03-01T08:00:00+08:00,0,2,2,,URBAN_ROAD,OTHER,2',
      'TrafficCrashReported,JJ-1,610902001,2025-03-01T08:00:00+08:00,0,3,2,,URBAN_ROAD,OTHER,1',
    ]);
    expect(result).toEqual({ ok: false, errors: [{ line: 4, field: 'sourceRecordId', message: 'record JJ-1 revision 1 is already on line 2' }] });
  });
});

describe('Chinese headings', () => {
  it('has an alias for every field of every event type, and no alias names two fields', () => {
    const owner = new Map<string, string>();
    for (const type of Object.keys(validation.bodyModels)) {
      const fields = Object.keys((validation.jsonSchemaOf(type as never) as { properties: object }).properties);
      for (const field of fields) {
        expect(HEADER_ALIASES[field]?.length ?? 0, `alias of ${field}`).toBeGreaterThan(0);
        for (const alias of HEADER_ALIASES[field]!) expect(fieldOfHeading(alias, fields) ?? field, `${alias} in ${type}`).toBe(field);
      }
    }
    for (const [field, aliases] of Object.entries(HEADER_ALIASES)) {
      for (const alias of aliases) {
        const key = normaliseHeading(alias);
        expect(owner.get(key) ?? field, `${alias} names ${owner.get(key)} and ${field}`).toBe(field);
        owner.set(key, field);
      }
    }
  });
});

/** GB18030 bytes of a text, through Node's ICU (no encoder ships in TextEncoder). */
function gb18030(text: string): Uint8Array {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  // Every character of the text is a CJK ideograph or ASCII: find its two bytes by decoding.
  for (const ch of new Set(text)) {
    if (ch.charCodeAt(0) < 0x80) continue;
    search: for (let hi = 0x81; hi <= 0xfe; hi++) {
      for (let lo = 0x40; lo <= 0xfe; lo++) {
        if (decoder.decode(new Uint8Array([hi, lo])) === ch) {
          table.set(ch, [hi, lo]);
          break search;
        }
      }
    }
  }
  return new Uint8Array([...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch)!)));
}

describe('Chinese labels of enum values', () => {
  it('converts the labels bureaus export (电气故障, 住宅, 跌倒, 家中, 老年人、儿童) to the contract values', () => {
    const fire = convert(
      [
        '记录编号,社区代码,发生时间,死亡人数,受伤人数,直接经济损失（元）,起火原因,起火场所类型',
        'XF-ZH-1,610902001,2025-03-01T08:00:00+08:00,0,1,3000,电气故障,住宅',
        'XF-ZH-2,610902001,2025-03-02T08:00:00+08:00,0,0,0,用火不慎,人员密集场所',
      ],
      { agency: 'fire', type: 'FireIncidentReported' },
    );
    expect(events(fire).map((e) => [e.cause, e.propertyType])).toEqual([['ELECTRICAL', 'RESIDENTIAL'], ['CARELESS_USE_OF_FIRE', 'CROWDED_PLACE']]);
    const injury = convert(
      [
        'sourceRecordId,communityCode,occurredAt,sex,ageYears,cause,place,activity,intent,severity,outcome',
        'WJ-ZH-1,610902001,2025-02-01T09:00:00+08:00,女,78,跌倒,家中,家务,非故意,中度,住院',
      ],
      { agency: 'health', type: 'InjuryCaseReported' },
    );
    expect(events(injury)[0]).toMatchObject({ sex: 'FEMALE', cause: 'FALL', place: 'HOME', activity: 'HOUSEWORK', intent: 'UNINTENTIONAL', severity: 'MODERATE', outcome: 'ADMITTED' });
    const project = convert(
      ['sourceRecordId,communityCode,name,domain,targetGroups,startedOn,plannedEndOn', 'XM-ZH-1,610902001,老年人防跌倒,老年人安全,老年人、儿童,2025-01-01,2025-12-31'],
      { agency: 'safety', type: 'PromotionProjectRegistered' },
    );
    expect(events(project)[0]).toMatchObject({ domain: 'ELDERLY', targetGroups: ['ELDERLY', 'CHILDREN'] });
  });

  it('takes a label only where the field accepts its value, and names the field of an unknown label', () => {
    // 住宅 is RESIDENTIAL for a fire's property type but HOME for a case's place type.
    const police = convert(
      ['sourceRecordId,communityCode,occurredAt,caseKind,offense,deaths,injuries,placeType', 'GA-ZH-1,610902001,2025-02-01T09:00:00+08:00,刑事,盗窃,0,0,住宅'],
      { agency: 'police', type: 'PublicSecurityCaseRecorded' },
    );
    expect(events(police)[0]).toMatchObject({ caseKind: 'CRIMINAL', offense: 'THEFT', placeType: 'HOME' });
    const unknown = convert(
      ['记录编号,社区代码,发生时间,死亡人数,受伤人数,直接经济损失（元）,起火原因,起火场所类型', 'XF-ZH-3,610902001,2025-03-01T08:00:00+08:00,0,1,3000,雷击,住宅'],
      { agency: 'fire', type: 'FireIncidentReported' },
    );
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.errors.map((e) => [e.line, e.field])).toEqual([[2, 'cause']]);
  });

  it('maps every label to a value of the enum it is listed under', async () => {
    const { ENUM_LABELS } = await import('../../scripts/import/enumLabels');
    const { readSchemaFiles } = await import('../../services/kernel/avro/schemaFiles');
    const symbols = new Map<string, string[]>();
    const collect = (type: unknown): void => {
      if (Array.isArray(type)) type.forEach(collect);
      else if (type && typeof type === 'object') {
        const t = type as { type?: string; name?: string; symbols?: string[]; items?: unknown };
        if (t.type === 'enum' && t.name && t.symbols) symbols.set(t.name, t.symbols);
        if (t.items) collect(t.items);
      }
    };
    for (const schema of readSchemaFiles().current) for (const field of schema.fields) collect(field.type);
    for (const [name, table] of Object.entries(ENUM_LABELS)) {
      expect(symbols.has(name), name).toBe(true);
      for (const value of Object.values(table)) expect(symbols.get(name), `${name}: ${value}`).toContain(value);
    }
  });
});
