// A fixture of our own covering every definition of docs/api/committee.md, with the expected figures
// worked out by hand (not by the code under test). Community A is registered and busy;
// community B is registered and quiet. Year under test: 2025.
import type { Agency } from '../../services/kernel/agency';

export const A = '610902120';
export const B = '610902121';
export const REGION = '610902';

type Step = { agency: Agency; events: Array<Record<string, unknown>> };

const crash = (id: string, at: string, deaths: number, injuries: number, revision = 1, community = A) => ({
  type: 'TrafficCrashReported', sourceRecordId: id, revision, communityCode: community, occurredAt: at,
  deaths, injuries, vehicles: 2, roadType: 'URBAN_ROAD', cause: 'SPEEDING',
});
const injury = (id: string, at: string, sex: string, ageYears: number, cause: string, place: string, intent: string, outcome: string) => ({
  type: 'InjuryCaseReported', sourceRecordId: id, communityCode: A, occurredAt: at, sex, ageYears, cause, place,
  activity: 'OTHER', intent, severity: 'MODERATE', outcome,
});
const hazard = (id: string, at: string, rectifyBy: string, level: 'GENERAL' | 'MAJOR', sector = 'ENTERPRISE') => ({
  type: 'HazardIdentified', sourceRecordId: id, communityCode: A, occurredAt: at, sector, level, rectifyBy,
  description: '消防通道堵塞，需限期清理',
});

/** `today` + n days as YYYY-MM-DD (UTC arithmetic on dates is exact). */
export function addDays(today: string, n: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Posted in this order. `today` is the hub's local date when the test runs (2026 or later). */
export const buildSteps = (today: string): Step[] => [
  { agency: 'safety', events: [
    { type: 'CommunityRegistered', sourceRecordId: 'CR-A', communityCode: A, name: '测试街道', communityType: 'URBAN_STREET', population: 50000, registeredOn: '2023-03-01' },
    { type: 'CommunityRegistered', sourceRecordId: 'CR-B', communityCode: B, name: '测试镇', communityType: 'RURAL_TOWNSHIP', population: 40000, registeredOn: '2021-05-01' },
    // A reference received before its record: the rectification of HZ-S4 comes first.
    { type: 'HazardRectified', sourceRecordId: 'HR-S4', hazardRecordId: 'HZ-S4', rectifiedOn: '2025-05-20', verified: true },
  ] },
  { agency: 'police', events: [
    crash('TC-1', '2025-03-10T08:00:00+08:00', 1, 2),
    crash('TC-2', '2025-05-01T09:00:00+08:00', 0, 1),
    crash('TC-3', '2024-06-01T10:00:00+08:00', 1, 4),
    crash('TC-4', '2025-08-01T11:00:00+08:00', 5, 0),
    { type: 'PublicSecurityCaseRecorded', sourceRecordId: 'PS-1', communityCode: A, occurredAt: '2025-02-02T20:00:00+08:00', caseKind: 'CRIMINAL', offense: 'ASSAULT', deaths: 0, injuries: 1, placeType: 'STREET' },
    { type: 'SafetyActivityHeld', sourceRecordId: 'ACT-P1', communityCode: A, occurredAt: '2025-04-15T09:00:00+08:00', kind: 'TRAINING', domain: 'TRAFFIC', participants: 30 },
  ] },
  { agency: 'police', events: [
    crash('TC-1', '2025-03-10T08:00:00+08:00', 2, 3, 2), // re-report within 7 days: counts
    crash('TC-1', '2025-03-10T08:00:00+08:00', 1, 2, 1), // the same revision again: duplicate
    { type: 'RecordWithdrawn', sourceRecordId: 'W-1', withdrawnRecordId: 'TC-4', reason: '重复录入' },
  ] },
  { agency: 'fire', events: [
    { type: 'FireIncidentReported', sourceRecordId: 'FI-1', communityCode: A, occurredAt: '2025-01-01T00:30:00+08:00', deaths: 0, injuries: 1, directLossYuan: 10000, cause: 'ELECTRICAL', propertyType: 'RESIDENTIAL' },
    // 2024-12-31 23:30 local time is still 2024 (and 15:30Z).
    { type: 'FireIncidentReported', sourceRecordId: 'FI-2', communityCode: A, occurredAt: '2024-12-31T23:30:00+08:00', deaths: 1, injuries: 0, directLossYuan: 5000, cause: 'SMOKING', propertyType: 'RESIDENTIAL' },
    hazard('HZ-F1', '2025-04-01T10:00:00+08:00', '2025-05-01', 'GENERAL', 'FIRE'),
    { type: 'HazardRectified', sourceRecordId: 'HR-F1', hazardRecordId: 'HZ-F1', rectifiedOn: '2025-04-20', verified: true },
  ] },
  { agency: 'health', events: [
    injury('IN-1', '2025-01-15T10:00:00+08:00', 'MALE', 8, 'FALL', 'HOME', 'UNINTENTIONAL', 'DISCHARGED'),
    injury('IN-2', '2025-05-15T10:00:00+08:00', 'FEMALE', 70, 'MOTOR_VEHICLE', 'ROAD_STREET', 'UNINTENTIONAL', 'DIED'),
    injury('IN-3', '2025-09-15T10:00:00+08:00', 'MALE', 30, 'CUT_PIERCE', 'INDUSTRIAL_CONSTRUCTION', 'ASSAULT', 'ADMITTED'),
    { type: 'SafetyActivityHeld', sourceRecordId: 'ACT-H1', communityCode: A, occurredAt: '2025-06-01T09:00:00+08:00', kind: 'PUBLICITY', domain: 'HOME', participants: 100, materialsDistributed: 200 },
  ] },
  { agency: 'transport', events: [
    { type: 'TransportAccidentReported', sourceRecordId: 'TA-1', communityCode: B, occurredAt: '2025-07-07T07:00:00+08:00', mode: 'RAIL', deaths: 1, injuries: 0, directLossYuan: 0 },
  ] },
  { agency: 'safety', events: [
    { type: 'CommunityRegistered', sourceRecordId: 'CR-A', revision: 2, communityCode: A, name: '测试街道', communityType: 'URBAN_STREET', population: 60000, registeredOn: '2023-03-01' },
    { type: 'ProductionAccidentReported', sourceRecordId: 'PA-1', communityCode: A, occurredAt: '2025-06-01T10:00:00+08:00', industry: 'CONSTRUCTION', deaths: 3, seriousInjuries: 2, injuries: 5, directLossYuan: 1000000 },
    { type: 'ProductionAccidentReported', sourceRecordId: 'PA-2', communityCode: A, occurredAt: '2025-07-01T10:00:00+08:00', industry: 'MANUFACTURING', deaths: 0, seriousInjuries: 0, injuries: 1, directLossYuan: 2000 },
    { type: 'ProductionAccidentReported', sourceRecordId: 'PA-3', communityCode: A, occurredAt: '2023-07-01T10:00:00+08:00', industry: 'MANUFACTURING', deaths: 1, seriousInjuries: 0, injuries: 0, directLossYuan: 2000 },
    hazard('HZ-S1', '2025-02-01T10:00:00+08:00', '2025-03-01', 'MAJOR'),
    { type: 'HazardRectificationExtended', sourceRecordId: 'HX-S1', hazardRecordId: 'HZ-S1', rectifyBy: '2099-01-31' },
    hazard('HZ-S2', '2025-03-01T10:00:00+08:00', '2025-04-01', 'GENERAL'),
    hazard('HZ-S3', '2024-03-01T10:00:00+08:00', '2024-04-01', 'GENERAL'),
    { type: 'HazardRectified', sourceRecordId: 'HR-S3', hazardRecordId: 'HZ-S3', rectifiedOn: '2024-03-20', verified: true },
    hazard('HZ-S4', '2025-05-05T10:00:00+08:00', '2025-06-01', 'GENERAL'),
    { type: 'ControlIndicatorIssued', sourceRecordId: 'CI-2025-RT', regionCode: REGION, year: 2025, category: 'ROAD_TRAFFIC', cap: 1 },
    { type: 'ControlIndicatorIssued', sourceRecordId: 'CI-2025-FI', regionCode: REGION, year: 2025, category: 'FIRE', cap: 5 },
    { type: 'ControlIndicatorIssued', sourceRecordId: 'CI-2025-PR', regionCode: REGION, year: 2025, category: 'PRODUCTION', cap: 4 },
    { type: 'ControlIndicatorIssued', sourceRecordId: 'CI-2025-AL', regionCode: REGION, year: 2025, category: 'ALL_ACCIDENTS', cap: 10 },
    { type: 'PromotionProjectRegistered', sourceRecordId: 'PP-1', communityCode: A, name: '老年人防跌倒', domain: 'ELDERLY', targetGroups: ['ELDERLY'], startedOn: '2024-01-01', plannedEndOn: '2025-12-31' },
    { type: 'PromotionProjectRegistered', sourceRecordId: 'PP-2', communityCode: A, name: '儿童安全出行', domain: 'CHILDREN', targetGroups: ['CHILDREN'], startedOn: '2025-01-01', plannedEndOn: '2026-12-31' },
    { type: 'PromotionProjectRegistered', sourceRecordId: 'PP-3', communityCode: A, name: '交通安全宣传', domain: 'TRAFFIC', targetGroups: ['ELDERLY'], startedOn: '2024-01-01', plannedEndOn: '2024-12-31' },
    { type: 'PromotionProjectEvaluated', sourceRecordId: 'PE-1', projectRecordId: 'PP-1', evaluatedOn: '2025-10-01', status: 'COMPLETED', effectSummary: '跌倒发生率下降' },
    { type: 'PromotionProjectEvaluated', sourceRecordId: 'PE-2', projectRecordId: 'PP-2', evaluatedOn: '2025-10-01', status: 'ONGOING', effectSummary: '进展顺利' },
    { type: 'PromotionProjectEvaluated', sourceRecordId: 'PE-3', projectRecordId: 'PP-3', evaluatedOn: '2025-01-10', status: 'DISCONTINUED', effectSummary: '资金不足' },
    { type: 'SafetyActivityHeld', sourceRecordId: 'ACT-S1', communityCode: A, occurredAt: '2025-06-10T09:00:00+08:00', kind: 'PUBLICITY', domain: 'FIRE', participants: 50, materialsDistributed: 20 },
    { type: 'AwarenessSurveyCompleted', sourceRecordId: 'AS-24', communityCode: A, occurredAt: '2024-09-01T10:00:00+08:00', item: 'FIRE_SAFETY', respondents: 100, aware: 60 },
    { type: 'AwarenessSurveyCompleted', sourceRecordId: 'AS-25a', communityCode: A, occurredAt: '2025-03-01T10:00:00+08:00', item: 'FIRE_SAFETY', respondents: 200, aware: 150 },
    { type: 'AwarenessSurveyCompleted', sourceRecordId: 'AS-25b', communityCode: A, occurredAt: '2025-09-01T10:00:00+08:00', item: 'FIRE_SAFETY', respondents: 100, aware: 81 },
    { type: 'DesignationEvaluated', sourceRecordId: 'DE-A', communityCode: A, level: 'CITY', evaluatedOn: '2024-10-01', score: 85, maxScore: 100, zeroIndicators: 0, result: 'PASS' },
    // Valid until 100 days from today: DESIGNATED and due for re-evaluation (within 180 days).
    { type: 'CommunityDesignated', sourceRecordId: 'CD-A', communityCode: A, level: 'CITY', designatedOn: '2024-11-01', validUntil: addDays(today, 100) },
    { type: 'CommunityDesignated', sourceRecordId: 'CD-B', communityCode: B, level: 'PROVINCIAL', designatedOn: '2020-01-01', validUntil: '2023-01-01' },
  ] },
];

const zeros = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, 0]));
export const INJURY_CAUSES = ['MOTOR_VEHICLE', 'NON_MOTOR_VEHICLE', 'FALL', 'BLUNT_FORCE', 'FIREARM', 'CUT_PIERCE', 'BURN', 'SUFFOCATION', 'DROWNING', 'POISONING', 'ANIMAL_BITE', 'SEXUAL_ASSAULT', 'OTHER', 'UNKNOWN'];
export const INJURY_PLACES = ['HOME', 'PUBLIC_RESIDENTIAL', 'SCHOOL_PUBLIC', 'SPORTS', 'ROAD_STREET', 'TRADE_SERVICE', 'INDUSTRIAL_CONSTRUCTION', 'FARM', 'OTHER', 'UNKNOWN'];

/** Expected community overview figures for A, year 2025, asOf = the time of the query (2026 or later). */
export const expectedOverviewA = {
  community: { code: A, name: '测试街道', type: 'URBAN_STREET', population: 60000 },
  year: 2025,
  casualties: {
    production: { incidents: 2, deaths: 3, injuries: 6, previousYear: { incidents: 0, deaths: 0, injuries: 0 }, deathsChangePct: null, injuriesChangePct: null },
    roadTraffic: { incidents: 2, deaths: 2, injuries: 4, previousYear: { incidents: 1, deaths: 1, injuries: 4 }, deathsChangePct: 100, injuriesChangePct: 0 },
    fire: { incidents: 1, deaths: 0, injuries: 1, previousYear: { incidents: 1, deaths: 1, injuries: 0 }, deathsChangePct: -100, injuriesChangePct: null },
    waterwayRail: { incidents: 0, deaths: 0, injuries: 0, previousYear: { incidents: 0, deaths: 0, injuries: 0 }, deathsChangePct: null, injuriesChangePct: null },
    publicSecurity: { incidents: 1, deaths: 0, injuries: 1, previousYear: { incidents: 0, deaths: 0, injuries: 0 }, deathsChangePct: null, injuriesChangePct: null },
    allAccidents: { incidents: 5, deaths: 5, injuries: 11, previousYear: { incidents: 2, deaths: 2, injuries: 4 }, deathsChangePct: 150, injuriesChangePct: 175 },
  },
  productionAccidentsByGrade: { GENERAL: 1, LARGER: 1, SERIOUS: 0, ESPECIALLY_SERIOUS: 0 },
  zeroDeathYears: { production: 0, roadTraffic: 0, fire: 1, waterwayRail: 3, publicSecurity: 3 },
  injurySurveillance: {
    cases: 3, deaths: 1, ratePer100k: 5,
    byCause: { ...zeros(INJURY_CAUSES), FALL: 1, MOTOR_VEHICLE: 1, CUT_PIERCE: 1 },
    byPlace: { ...zeros(INJURY_PLACES), HOME: 1, ROAD_STREET: 1, INDUSTRIAL_CONSTRUCTION: 1 },
    byIntent: { UNINTENTIONAL: 2, SELF_HARM: 0, ASSAULT: 1, UNKNOWN: 0 },
    bySex: { MALE: 2, FEMALE: 1, UNKNOWN: 0 },
    byAgeGroup: { CHILD_0_14: 1, YOUTH_15_24: 0, ADULT_25_64: 1, ELDERLY_65_PLUS: 1 },
  },
  hazards: { identified: 4, rectified: 2, open: 2, overdue: 1, majorOpen: 1, rectificationRatePct: 50 },
  promotionProjects: { total: 3, active: 1, completed: 1, domainsCovered: ['CHILDREN', 'ELDERLY', 'TRAFFIC'], vulnerableGroupsCovered: ['CHILDREN', 'ELDERLY'] },
  activities: {
    PUBLICITY: { count: 2, participants: 150, materials: 220 },
    TRAINING: { count: 1, participants: 30, materials: 0 },
    DRILL: { count: 0, participants: 0, materials: 0 },
    HEALTH_SERVICE: { count: 0, participants: 0, materials: 0 },
  },
  awarenessFireSafety: { ratePct: 81, respondents: 100, previousYearRatePct: 60 },
  designation: { level: 'CITY', status: 'DESIGNATED', designatedOn: '2024-11-01', reEvaluationDue: true },
  readiness: { GOVERNANCE: true, SURVEILLANCE: false, COMPREHENSIVE: false, VULNERABLE_GROUPS: true, EVALUATION: true, NETWORKING: null, met: 3, total: 6 },
  provisionalRecords: 0,
};
