// Contract-shaped committee API answers for the dashboard's own browser test: a city
// (安康市, 6109) with six communities in one district (610902) and one in another county.
// Figures are realistic and consistent with the contract's definitions (sums, rates,
// percentages rounded to one decimal) as of 2024-10-01 in Asia/Shanghai.
import {
  ACTIVITY_KINDS,
  AGE_GROUPS,
  AWARENESS_ITEMS,
  INJURY_CAUSES,
  INJURY_INTENTS,
  INJURY_PLACES,
  SEXES,
  zeroes,
} from '../../services/projector/domain/enums.js';
import type {
  Casualties,
  CasualtyFigure,
  CommunityOverview,
  CommunityRow,
  DesignationRow,
  HazardRow,
  RegionSummary,
} from './contract.js';

export const FIXTURE_YEAR = 2024;
export const FIXTURE_AS_OF = '2024-10-01T02:00:00.000Z';

export const COMMUNITIES: CommunityRow[] = [
  { code: '610902001', name: '老城街道', type: 'URBAN_STREET', population: 52340, designation: { level: 'NATIONAL', status: 'DESIGNATED' } },
  { code: '610902002', name: '新城街道', type: 'URBAN_STREET', population: 61870, designation: { level: 'PROVINCIAL', status: 'DESIGNATED' } },
  { code: '610902003', name: '江北街道', type: 'URBAN_STREET', population: 74215, designation: { level: 'CITY', status: 'EXPIRED' } },
  { code: '610902101', name: '关庙镇', type: 'RURAL_TOWNSHIP', population: 28760, designation: { level: null, status: 'NONE' } },
  { code: '610902102', name: '五里镇', type: 'RURAL_TOWNSHIP', population: 35120, designation: { level: 'CITY', status: 'DESIGNATED' } },
  { code: '610902401', name: '安康高新技术产业开发区', type: 'INDUSTRIAL_PARK', population: 18430, designation: { level: null, status: 'NONE' } },
  { code: '610921100', name: '城关镇', type: 'RURAL_TOWNSHIP', population: 45210, designation: { level: 'CITY', status: 'DESIGNATED' } },
];

export const DESIGNATIONS: DesignationRow[] = [
  { communityCode: '610902001', name: '老城街道', level: 'NATIONAL', status: 'DESIGNATED', designatedOn: '2020-12-18', validUntil: '2025-03-20', reEvaluationDue: true },
  { communityCode: '610902002', name: '新城街道', level: 'PROVINCIAL', status: 'DESIGNATED', designatedOn: '2022-06-30', validUntil: '2027-06-29', reEvaluationDue: false },
  { communityCode: '610902003', name: '江北街道', level: 'CITY', status: 'EXPIRED', designatedOn: '2018-05-10', validUntil: '2023-05-09', reEvaluationDue: false },
  { communityCode: '610902102', name: '五里镇', level: 'CITY', status: 'DESIGNATED', designatedOn: '2023-04-18', validUntil: '2028-04-17', reEvaluationDue: false },
  { communityCode: '610921100', name: '城关镇', level: 'CITY', status: 'DESIGNATED', designatedOn: '2021-09-01', validUntil: '2026-08-31', reEvaluationDue: false },
];

function cat(
  now: [number, number, number],
  prev: [number, number, number],
  deathsChangePct: number | null,
  injuriesChangePct: number | null,
): CasualtyFigure {
  return {
    incidents: now[0],
    deaths: now[1],
    injuries: now[2],
    previousYear: { incidents: prev[0], deaths: prev[1], injuries: prev[2] },
    deathsChangePct,
    injuriesChangePct,
  };
}

const CITY_CASUALTIES: Casualties = {
  production: cat([4, 2, 5], [5, 3, 7], -33.3, -28.6),
  roadTraffic: cat([86, 10, 97], [92, 9, 110], 11.1, -11.8),
  fire: cat([23, 3, 4], [27, 0, 6], null, -33.3),
  waterwayRail: cat([2, 1, 0], [1, 1, 0], 0, null),
  publicSecurity: cat([312, 1, 58], [340, 2, 71], -50, -18.3),
  allAccidents: cat([115, 16, 106], [125, 13, 123], 23.1, -13.8),
};

/** The division list's names of the fixture's regions. */
const REGION_NAMES: Record<string, string> = { '61': '陕西省', '6109': '安康市', '610902': '汉滨区', '610921': '汉阴县' };

export const CITY_SUMMARY: RegionSummary = {
  region: { code: '6109', name: '安康市' },
  year: FIXTURE_YEAR,
  asOf: FIXTURE_AS_OF,
  communities: 7,
  population: 315945,
  casualties: CITY_CASUALTIES,
  deathControl: [
    { category: 'ALL_ACCIDENTS', cap: 20, deaths: 16, usedPct: 80, elapsedPct: 75.1, status: 'OVER_SCHEDULE' },
    { category: 'PRODUCTION', cap: 5, deaths: 2, usedPct: 40, elapsedPct: 75.1, status: 'WITHIN_SCHEDULE' },
    { category: 'ROAD_TRAFFIC', cap: 12, deaths: 10, usedPct: 83.3, elapsedPct: 75.1, status: 'OVER_SCHEDULE' },
    { category: 'FIRE', cap: 2, deaths: 3, usedPct: 150, elapsedPct: 75.1, status: 'OVER_CAP' },
  ],
  designations: { CITY: 2, PROVINCIAL: 1, NATIONAL: 1, INTERNATIONAL: 0, dueForReEvaluation: 1, expired: 1 },
  zeroProductionDeaths3YearsPct: 57.1,
  hazards: { identified: 214, rectified: 171, open: 43, overdue: 12, majorOpen: 3, rectificationRatePct: 79.9 },
  injurySurveillance: { cases: 2318, ratePer100k: 733.7 },
};

export const DISTRICT_SUMMARY: RegionSummary = {
  ...CITY_SUMMARY,
  region: { code: '610902', name: '汉滨区' },
  communities: 6,
  population: 270735,
  deathControl: [{ category: 'ROAD_TRAFFIC', cap: 9, deaths: 8, usedPct: 88.9, elapsedPct: 75.1, status: 'OVER_SCHEDULE' }],
  designations: { CITY: 1, PROVINCIAL: 1, NATIONAL: 1, INTERNATIONAL: 0, dueForReEvaluation: 1, expired: 1 },
  zeroProductionDeaths3YearsPct: 66.7,
  injurySurveillance: { cases: 2011, ratePer100k: 742.8 },
};

export const LAOCHENG_OVERVIEW: CommunityOverview = {
  community: { code: '610902001', name: '老城街道', type: 'URBAN_STREET', population: 52340 },
  year: FIXTURE_YEAR,
  asOf: FIXTURE_AS_OF,
  casualties: {
    production: cat([1, 0, 2], [2, 1, 3], -100, -33.3),
    roadTraffic: cat([18, 2, 21], [21, 3, 25], -33.3, -16),
    fire: cat([6, 1, 1], [5, 0, 2], null, -50),
    waterwayRail: cat([0, 0, 0], [0, 0, 0], null, null),
    publicSecurity: cat([64, 0, 12], [71, 1, 15], -100, -20),
    allAccidents: cat([25, 3, 24], [28, 4, 30], -25, -20),
  },
  productionAccidentsByGrade: { GENERAL: 1, LARGER: 0, SERIOUS: 0, ESPECIALLY_SERIOUS: 0 },
  zeroDeathYears: { production: 1, roadTraffic: 0, fire: 0, waterwayRail: 6, publicSecurity: 1 },
  injurySurveillance: {
    cases: 412,
    deaths: 3,
    ratePer100k: 787.2,
    byCause: {
      MOTOR_VEHICLE: 58, NON_MOTOR_VEHICLE: 71, FALL: 132, BLUNT_FORCE: 39, FIREARM: 0, CUT_PIERCE: 44, BURN: 17,
      SUFFOCATION: 2, DROWNING: 3, POISONING: 9, ANIMAL_BITE: 27, SEXUAL_ASSAULT: 0, OTHER: 8, UNKNOWN: 2,
    },
    byPlace: {
      HOME: 143, PUBLIC_RESIDENTIAL: 31, SCHOOL_PUBLIC: 22, SPORTS: 14, ROAD_STREET: 141, TRADE_SERVICE: 26,
      INDUSTRIAL_CONSTRUCTION: 24, FARM: 3, OTHER: 6, UNKNOWN: 2,
    },
    byIntent: { UNINTENTIONAL: 389, SELF_HARM: 6, ASSAULT: 15, UNKNOWN: 2 },
    bySex: { MALE: 231, FEMALE: 180, UNKNOWN: 1 },
    byAgeGroup: { CHILD_0_14: 61, YOUTH_15_24: 47, ADULT_25_64: 201, ELDERLY_65_PLUS: 103 },
  },
  hazards: { identified: 37, rectified: 29, open: 8, overdue: 3, majorOpen: 1, rectificationRatePct: 78.4 },
  promotionProjects: {
    total: 11,
    active: 7,
    completed: 3,
    domainsCovered: ['TRAFFIC', 'FIRE', 'HOME', 'ELDERLY', 'CHILDREN', 'SCHOOL', 'PUBLIC_PLACE', 'PUBLIC_SECURITY', 'DISASTER_ENVIRONMENT'],
    vulnerableGroupsCovered: ['ELDERLY', 'CHILDREN', 'STUDENTS', 'MIGRANT_WORKERS'],
  },
  activities: {
    PUBLICITY: { count: 24, participants: 5310, materials: 8600 },
    TRAINING: { count: 11, participants: 684, materials: 920 },
    DRILL: { count: 6, participants: 1450, materials: 0 },
    HEALTH_SERVICE: { count: 9, participants: 1120, materials: 1500 },
  },
  awareness: {
    EMERGENCY_NUMBERS: { ratePct: 92.4, respondents: 500, previousYearRatePct: 89 },
    FIRE_SAFETY: { ratePct: 85.6, respondents: 500, previousYearRatePct: 81.2 },
    TRAFFIC_RULES: { ratePct: 88.2, respondents: 500, previousYearRatePct: 88.8 },
    EARTHQUAKE_SAFETY: { ratePct: null, respondents: null, previousYearRatePct: 74.6 },
    ELECTRICITY_GAS_SAFETY: { ratePct: null, respondents: null, previousYearRatePct: null },
    DROWNING_PREVENTION: { ratePct: 79.5, respondents: 400, previousYearRatePct: null },
    OVERALL: { ratePct: 86.1, respondents: 500, previousYearRatePct: 83.4 },
  },
  designation: {
    level: 'NATIONAL',
    status: 'DESIGNATED',
    designatedOn: '2020-12-18',
    validUntil: '2025-03-20',
    reEvaluationDue: true,
    lastEvaluation: { level: 'NATIONAL', evaluatedOn: '2020-11-06', score: 912, maxScore: 1000, zeroIndicators: 0, result: 'PASS' },
  },
  readiness: {
    indicators: [
      { id: 'GOVERNANCE', met: true, evidence: '5 of 5 bureaus published events in the 12 months before asOf (threshold 4)' },
      { id: 'SURVEILLANCE', met: true, evidence: 'injury cases in 9 of 9 elapsed months (threshold 7)' },
      { id: 'COMPREHENSIVE', met: true, evidence: 'projects cover 9 of 12 domains (threshold 8)' },
      { id: 'VULNERABLE_GROUPS', met: true, evidence: 'active or completed projects target ELDERLY and CHILDREN' },
      { id: 'EVALUATION', met: false, evidence: '5 awareness surveys this year; 4 of 11 projects evaluated (needs 6)' },
      { id: 'NETWORKING', met: null, evidence: 'not derivable from exchanged data' },
    ],
    met: 4,
    total: 6,
  },
  dataFreshness: {
    police: '2024-09-30T23:41:12.000Z',
    fire: '2024-09-29T06:10:00.000Z',
    health: '2024-09-30T22:05:33.000Z',
    transport: null,
    safety: '2024-09-27T01:20:00.000Z',
  },
  provisional: { records: 2 },
};

export const OVERDUE_HAZARDS: HazardRow[] = [
  { agency: 'safety', hazardRecordId: 'AJ-2024-0381', communityCode: '610902001', communityName: '老城街道', sector: 'ENTERPRISE', level: 'GENERAL', description: '仓库消防通道堆放杂物', identifiedOn: '2024-06-12', rectifyBy: '2024-07-12', rectifiedOn: null, status: 'OVERDUE', overdueDays: 81 },
  { agency: 'fire', hazardRecordId: 'XF-2024-1175', communityCode: '610902001', communityName: '老城街道', sector: 'FIRE', level: 'MAJOR', description: '商住楼自动喷水灭火系统停用', identifiedOn: '2024-08-03', rectifyBy: '2024-09-03', rectifiedOn: null, status: 'OVERDUE', overdueDays: 28 },
  { agency: 'transport', hazardRecordId: 'JT-2024-0042', communityCode: '610902001', communityName: '老城街道', sector: 'ROAD', level: 'GENERAL', description: '学校门前路段缺少减速标志', identifiedOn: '2024-08-20', rectifyBy: '2024-09-20', rectifiedOn: null, status: 'OVERDUE', overdueDays: 11 },
  { agency: 'safety', hazardRecordId: 'AJ-2023-0917', communityCode: '610902001', communityName: '老城街道', sector: 'CONSTRUCTION', level: 'GENERAL', description: '工地临边防护缺失', identifiedOn: '2023-11-02', rectifyBy: '2024-01-31', rectifiedOn: null, status: 'OVERDUE', overdueDays: 244 },
];

const ZERO: CasualtyFigure = cat([0, 0, 0], [0, 0, 0], null, null);

function everyKey<K extends string, V>(keys: readonly K[], value: () => V): Record<K, V> {
  return Object.fromEntries(keys.map((k) => [k, value()])) as Record<K, V>;
}

/** A community's overview for a year in which nothing was reported. */
export function emptyOverview(c: CommunityRow, year: number): CommunityOverview {
  return {
    community: { code: c.code, name: c.name, type: c.type, population: c.population },
    year,
    asOf: FIXTURE_AS_OF,
    casualties: { production: ZERO, roadTraffic: ZERO, fire: ZERO, waterwayRail: ZERO, publicSecurity: ZERO, allAccidents: ZERO },
    productionAccidentsByGrade: { GENERAL: 0, LARGER: 0, SERIOUS: 0, ESPECIALLY_SERIOUS: 0 },
    zeroDeathYears: { production: 0, roadTraffic: 0, fire: 0, waterwayRail: 0, publicSecurity: 0 },
    injurySurveillance: {
      cases: 0,
      deaths: 0,
      ratePer100k: c.population ? 0 : null,
      byCause: zeroes(INJURY_CAUSES),
      byPlace: zeroes(INJURY_PLACES),
      byIntent: zeroes(INJURY_INTENTS),
      bySex: zeroes(SEXES),
      byAgeGroup: zeroes(AGE_GROUPS),
    },
    hazards: { identified: 0, rectified: 0, open: 0, overdue: 0, majorOpen: 0, rectificationRatePct: null },
    promotionProjects: { total: 0, active: 0, completed: 0, domainsCovered: [], vulnerableGroupsCovered: [] },
    activities: everyKey(ACTIVITY_KINDS, () => ({ count: 0, participants: 0, materials: 0 })),
    awareness: everyKey(AWARENESS_ITEMS, () => ({ ratePct: null, respondents: null, previousYearRatePct: null })),
    designation: { level: null, status: 'NONE', designatedOn: null, validUntil: null, reEvaluationDue: false, lastEvaluation: null },
    readiness: {
      indicators: [
        { id: 'GOVERNANCE', met: false, evidence: '0 of 5 bureaus published events in the 12 months before asOf (threshold 4)' },
        { id: 'SURVEILLANCE', met: false, evidence: 'injury cases in 0 of 12 months (threshold 10)' },
        { id: 'COMPREHENSIVE', met: false, evidence: 'projects cover 0 of 12 domains (threshold 8)' },
        { id: 'VULNERABLE_GROUPS', met: false, evidence: 'no active or completed project targets ELDERLY and CHILDREN' },
        { id: 'EVALUATION', met: false, evidence: 'no awareness survey this year' },
        { id: 'NETWORKING', met: null, evidence: 'not derivable from exchanged data' },
      ],
      met: 0,
      total: 6,
    },
    dataFreshness: { police: null, fire: null, health: null, transport: null, safety: null },
    provisional: { records: 0 },
  };
}

/** A region's summary for a year in which nothing was reported. */
export function emptySummary(code: string, year: number): RegionSummary {
  const inRegion = COMMUNITIES.filter((c) => c.code.startsWith(code));
  return {
    region: { code, name: REGION_NAMES[code] ?? null },
    year,
    asOf: FIXTURE_AS_OF,
    communities: inRegion.length,
    population: inRegion.reduce((sum, c) => sum + (c.population ?? 0), 0),
    casualties: { production: ZERO, roadTraffic: ZERO, fire: ZERO, waterwayRail: ZERO, publicSecurity: ZERO, allAccidents: ZERO },
    deathControl: [],
    designations: { CITY: 0, PROVINCIAL: 0, NATIONAL: 0, INTERNATIONAL: 0, dueForReEvaluation: 0, expired: 0 },
    zeroProductionDeaths3YearsPct: 0,
    hazards: { identified: 0, rectified: 0, open: 0, overdue: 0, majorOpen: 0, rectificationRatePct: null },
    injurySurveillance: { cases: 0, ratePer100k: 0 },
  };
}
