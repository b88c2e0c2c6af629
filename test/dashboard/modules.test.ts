// The dashboard's browser modules that need no DOM, loaded as they are served.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const PUBLIC = fileURLToPath(new URL('../../services/projector/dashboard/public/', import.meta.url));
const load = (file: string) => import(pathToFileURL(path.join(PUBLIC, file)).href);

function sources(dir = PUBLIC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.js') ? [path.join(dir, e.name)] : [],
  );
}

describe('dashboard translations', () => {
  it('has a Chinese and an English text for every interface string and enum label', async () => {
    const { STRINGS } = await load('strings.js');
    const { LABELS } = await load('labels.js');
    const pairs: [string, unknown][] = [
      ...Object.entries(STRINGS as Record<string, unknown>),
      ...Object.entries(LABELS as Record<string, Record<string, unknown>>).flatMap(([kind, m]) =>
        Object.entries(m).map(([k, v]): [string, unknown] => [`${kind}.${k}`, v]),
      ),
    ];
    // [zh, en] or [zh, en, English singular for n = 1].
    const incomplete = pairs.filter(([, v]) => !Array.isArray(v) || v.length < 2 || v.length > 3 || v.some((s) => typeof s !== 'string' || s === ''));
    expect(incomplete).toEqual([]);
    const englishWithChinese = pairs.filter(([, v]) => /[\u3400-\u9fff]/.test(String((v as string[])[1])) && !(v as string[])[1]?.startsWith('中文'));
    expect(englishWithChinese.map(([k]) => k)).toEqual([]);
  });

  it('defines every string key the views ask for', async () => {
    const { STRINGS } = await load('strings.js');
    const used = new Set(sources().flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bt\('([A-Za-z0-9]+)'/g)].map((m) => m[1])));
    const flashKeys = ['sessionExpired', 'signedOut'];
    expect([...used, ...flashKeys].filter((k) => !(k as string in STRINGS))).toEqual([]);
  });

  it('labels every enum value of the contract', async () => {
    const { LABELS } = await load('labels.js');
    const expected: Record<string, string[]> = {
      category: ['production', 'roadTraffic', 'fire', 'waterwayRail', 'publicSecurity', 'allAccidents'],
      controlCategory: ['ALL_ACCIDENTS', 'PRODUCTION', 'ROAD_TRAFFIC', 'FIRE'],
      controlStatus: ['OVER_CAP', 'OVER_SCHEDULE', 'WITHIN_SCHEDULE'],
      injuryCause: ['MOTOR_VEHICLE', 'NON_MOTOR_VEHICLE', 'FALL', 'BLUNT_FORCE', 'FIREARM', 'CUT_PIERCE', 'BURN', 'SUFFOCATION', 'DROWNING', 'POISONING', 'ANIMAL_BITE', 'SEXUAL_ASSAULT', 'OTHER', 'UNKNOWN'],
      injuryPlace: ['HOME', 'PUBLIC_RESIDENTIAL', 'SCHOOL_PUBLIC', 'SPORTS', 'ROAD_STREET', 'TRADE_SERVICE', 'INDUSTRIAL_CONSTRUCTION', 'FARM', 'OTHER', 'UNKNOWN'],
      injuryIntent: ['UNINTENTIONAL', 'SELF_HARM', 'ASSAULT', 'UNKNOWN'],
      sex: ['MALE', 'FEMALE', 'UNKNOWN'],
      ageGroup: ['CHILD_0_14', 'YOUTH_15_24', 'ADULT_25_64', 'ELDERLY_65_PLUS'],
      domain: ['TRAFFIC', 'FIRE', 'WORKPLACE', 'HOME', 'ELDERLY', 'CHILDREN', 'SCHOOL', 'PUBLIC_PLACE', 'SPORTS', 'WATER', 'PUBLIC_SECURITY', 'DISASTER_ENVIRONMENT'],
      targetGroup: ['ELDERLY', 'CHILDREN', 'STUDENTS', 'DISABLED', 'WORKERS', 'MIGRANT_WORKERS', 'GENERAL'],
      activityKind: ['PUBLICITY', 'TRAINING', 'DRILL', 'HEALTH_SERVICE'],
      awarenessItem: ['EMERGENCY_NUMBERS', 'FIRE_SAFETY', 'TRAFFIC_RULES', 'EARTHQUAKE_SAFETY', 'ELECTRICITY_GAS_SAFETY', 'DROWNING_PREVENTION', 'OVERALL'],
      designationLevel: ['CITY', 'PROVINCIAL', 'NATIONAL', 'INTERNATIONAL'],
      designationStatus: ['NONE', 'DESIGNATED', 'EXPIRED', 'REVOKED'],
      evaluationResult: ['PASS', 'RECTIFY', 'FAIL'],
      readiness: ['GOVERNANCE', 'SURVEILLANCE', 'COMPREHENSIVE', 'VULNERABLE_GROUPS', 'EVALUATION', 'NETWORKING'],
      communityType: ['URBAN_STREET', 'RURAL_TOWNSHIP', 'INDUSTRIAL_PARK', 'ENTERPRISE'],
      agency: ['police', 'fire', 'health', 'transport', 'safety'],
      grade: ['GENERAL', 'LARGER', 'SERIOUS', 'ESPECIALLY_SERIOUS'],
      hazardSector: ['ENTERPRISE', 'FIRE', 'ROAD', 'WATERWAY', 'CONSTRUCTION', 'HAZARDOUS_CHEMICALS', 'PUBLIC_PLACE', 'OTHER'],
      hazardLevel: ['GENERAL', 'MAJOR'],
    };
    for (const [kind, values] of Object.entries(expected)) expect(Object.keys(LABELS[kind] ?? {}).sort(), kind).toEqual([...values].sort());
  });

  it('falls back to Chinese, remembers English, and fills parameters', async () => {
    const { createI18n } = await load('i18n.js');
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const zh = createI18n(storage);
    expect(zh.lang).toBe('zh');
    expect(zh.t('regionTitle', { code: '6109' })).toBe('区域 6109');
    expect(zh.label('controlStatus', 'OVER_CAP')).toBe('超出控制指标');
    zh.setLang('en');
    const en = createI18n(storage);
    expect(en.lang).toBe('en');
    expect(en.t('noDataForYear', { year: 2021 })).toBe('No data for 2021.');
    expect(en.label('category', 'roadTraffic')).toBe('Road traffic');
    expect(en.label('injuryCause', 'SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });
});

describe('dashboard formatting and routes', () => {
  it('shows percentages with one decimal and a % sign, and a dash for null', async () => {
    const f = await load('format.js');
    expect([f.pct(12.5), f.pct(0), f.pct(150), f.pct(null), f.pct(undefined)]).toEqual(['12.5%', '0.0%', '150.0%', '—', '—']);
    expect([f.changePct(23.1), f.changePct(-100), f.changePct(0), f.changePct(null)]).toEqual(['+23.1%', '-100.0%', '0.0%', '—']);
    expect([f.num(0), f.num(315945), f.num(null)]).toEqual(['0', '315945', '—']);
    expect([f.pointChange(92.4, 89), f.pointChange(88.2, 88.8), f.pointChange(79.5, null)]).toEqual(['+3.4', '-0.6', '—']);
  });

  it('parses the two hash routes with their year', async () => {
    const r = await load('router.js');
    expect(r.parseHash('#/regions/6109?year=2024')).toEqual({ name: 'region', code: '6109', year: 2024 });
    expect(r.parseHash('#/communities/610902001')).toEqual({ name: 'community', code: '610902001', year: null });
    expect(r.parseHash('#/communities/6109')).toEqual({ name: 'unknown' });
    expect(r.parseHash('#/regions/61090')).toEqual({ name: 'unknown' });
    expect(r.parseHash('')).toEqual({ name: 'home' });
    expect(r.regionHref('610902', 2023)).toBe('#/regions/610902?year=2023');
    expect(r.parentRegions('610902001')).toEqual(['61', '6109', '610902']);
  });

  it('opens the region all of a token’s communities share, cut to a region length', async () => {
    const { defaultRegion } = await load('router.js');
    expect(defaultRegion(['610902001', '610902002', '610921100'])).toBe('6109');
    expect(defaultRegion(['610902001', '610902101'])).toBe('610902');
    expect(defaultRegion(['610902001'])).toBe('610902001');
    expect(defaultRegion(['610902001', '110105001'])).toBe('');
    expect(defaultRegion([])).toBe('');
  });
});

describe('dashboard English wording', () => {
  it('uses the singular for one indicator and one accident record, the plural otherwise', async () => {
    const { createI18n } = await load('i18n.js');
    const i18n = createI18n(null);
    i18n.setLang('en');
    expect(i18n.t('zeroIndicators', { n: '1' })).toBe('1 indicator scored zero');
    expect(i18n.t('zeroIndicators', { n: '2' })).toBe('2 indicators scored zero');
    expect(i18n.t('provisionalNote', { n: 1 })).toMatch(/^1 accident record is still within its re-report window/);
    expect(i18n.t('provisionalNote', { n: 3 })).toMatch(/^3 accident records are still within their re-report window/);
    i18n.setLang('zh');
    expect(i18n.t('zeroIndicators', { n: '1' })).toBe('1 项指标得零分');
  });

  it('reads a death count ahead of the time schedule as bad news', async () => {
    const { LABELS } = await load('labels.js');
    const { STRINGS } = await load('strings.js');
    expect(LABELS.controlStatus.OVER_SCHEDULE[1]).toMatch(/^Behind schedule/);
    expect(STRINGS.deathControlNote[1]).toMatch(/bad news/);
    expect(STRINGS.deathControlNote[0]).toMatch(/警惕/);
  });
});
