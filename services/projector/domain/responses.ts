// zod models of the committee API's responses (docs/api/committee.md): the one declaration of
// their shapes. The figure functions' output types are derived from them (types.ts), the API
// description (GET /openapi.json) is generated from them (committee/schemas.ts), and the
// dashboard's tests read the same shapes. Strict: no key beyond the contract's. Pure zod, no I/O.
//
//   communityOverviewResponse, regionSummaryResponse                 one community, one region
//   communityListResponse, hazardListResponse, designationListResponse   the lists
//   and their parts (casualties, hazardSummary, hazardRow, ...)
import { z } from 'zod';
import { AGENCIES } from '../../kernel/agency';
import {
  ACTIVITY_KINDS,
  AGE_GROUPS,
  AWARENESS_ITEMS,
  CASUALTY_CATEGORIES,
  COMMUNITY_TYPES,
  CONTROL_CATEGORIES,
  DEATH_CONTROL_STATUSES,
  DESIGNATION_LEVELS,
  DESIGNATION_STATUSES,
  EVALUATION_RESULTS,
  HAZARD_LEVELS,
  HAZARD_SECTORS,
  HAZARD_STATUSES,
  INJURY_CAUSES,
  INJURY_INTENTS,
  INJURY_PLACES,
  PRODUCTION_GRADES,
  PROJECT_DOMAINS,
  READINESS_INDICATOR_IDS,
  SEXES,
  TARGET_GROUPS,
} from './enums';

/** An object with exactly the given keys, each holding `value` ("every enum value, zeros included"). */
function everyKey<K extends string, V extends z.ZodType>(keys: readonly K[], value: V) {
  return z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, V>);
}

const count = z.int().min(0);
/** Percent with one decimal; null where the contract says so (nothing to divide by). */
const pct = z.number().nullable();
const date = z.iso.date();
const instant = z.iso.datetime();
const communityCode = z.string().regex(/^\d{9}$/);
const communityType = z.enum(COMMUNITY_TYPES);
const designationLevel = z.enum(DESIGNATION_LEVELS);
const designationStatus = z.enum(DESIGNATION_STATUSES);
/** The registered name; the committee API falls back to the division list's name (null when in neither). */
const communityName = z.string().nullable();

// ---------------------------------------------------------------- shared by overview and summary

export const casualtyCounts = z.strictObject({ incidents: count, deaths: count, injuries: count });
export const casualtyFigure = casualtyCounts.extend({ previousYear: casualtyCounts, deathsChangePct: pct, injuriesChangePct: pct }).strict();
export const casualties = everyKey([...CASUALTY_CATEGORIES, 'allAccidents'] as const, casualtyFigure);

export const hazardSummary = z.strictObject({
  identified: count,
  rectified: count,
  open: count,
  overdue: count,
  majorOpen: count,
  rectificationRatePct: pct,
});

// ---------------------------------------------------------------- community overview

export const communityInfo = z.strictObject({ code: communityCode, name: communityName, type: communityType.nullable(), population: count.nullable() });
export const productionAccidentsByGrade = everyKey(PRODUCTION_GRADES, count);
export const zeroDeathYears = everyKey(CASUALTY_CATEGORIES, count);

export const injurySurveillance = z.strictObject({
  cases: count,
  deaths: count,
  ratePer100k: z.number().nullable(),
  byCause: everyKey(INJURY_CAUSES, count),
  byPlace: everyKey(INJURY_PLACES, count),
  byIntent: everyKey(INJURY_INTENTS, count),
  bySex: everyKey(SEXES, count),
  byAgeGroup: everyKey(AGE_GROUPS, count),
});

export const promotionProjects = z.strictObject({
  total: count,
  active: count,
  completed: count,
  domainsCovered: z.array(z.enum(PROJECT_DOMAINS)),
  vulnerableGroupsCovered: z.array(z.enum(TARGET_GROUPS)),
});

export const activityFigure = z.strictObject({ count, participants: count, materials: count });
export const activities = everyKey(ACTIVITY_KINDS, activityFigure);

export const awarenessFigure = z.strictObject({ ratePct: pct, respondents: count.nullable(), previousYearRatePct: pct });
export const awareness = everyKey(AWARENESS_ITEMS, awarenessFigure);

export const lastEvaluation = z.strictObject({
  level: designationLevel,
  evaluatedOn: date,
  score: z.number(),
  maxScore: z.number(),
  zeroIndicators: count,
  result: z.enum(EVALUATION_RESULTS),
});

export const designationFigure = z.strictObject({
  level: designationLevel.nullable(),
  status: designationStatus,
  designatedOn: date.nullable(),
  validUntil: date.nullable(),
  reEvaluationDue: z.boolean(),
  lastEvaluation: lastEvaluation.nullable(),
});

/** `met` is null when the indicator cannot be derived from exchanged data. */
export const readinessIndicator = z.strictObject({ id: z.enum(READINESS_INDICATOR_IDS), met: z.boolean().nullable(), evidence: z.string() });
export const readiness = z.strictObject({ indicators: z.array(readinessIndicator), met: count, total: count });

export const dataFreshness = everyKey(AGENCIES, instant.nullable());

export const communityOverviewResponse = z
  .strictObject({
    community: communityInfo,
    year: z.int(),
    asOf: instant,
    casualties,
    productionAccidentsByGrade,
    zeroDeathYears,
    injurySurveillance,
    hazards: hazardSummary,
    promotionProjects,
    activities,
    awareness,
    designation: designationFigure,
    readiness,
    dataFreshness,
    provisional: z.strictObject({ records: count }),
  })
  .meta({ title: 'CommunityOverview', description: 'The figures of one community for a year, as known at asOf.' });

// ---------------------------------------------------------------- region summary

export const deathControlEntry = z.strictObject({
  category: z.enum(CONTROL_CATEGORIES),
  cap: count,
  deaths: count,
  usedPct: pct,
  elapsedPct: z.number(),
  status: z.enum(DEATH_CONTROL_STATUSES),
});

export const designationCounts = everyKey(DESIGNATION_LEVELS, count).extend({ dueForReEvaluation: count, expired: count }).strict();

export const regionSummaryResponse = z
  .strictObject({
    // name: filled by the committee API from the division list (null from the figures and when unknown)
    region: z.strictObject({ code: z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9})$/), name: z.string().nullable() }),
    year: z.int(),
    asOf: instant,
    communities: count,
    population: count,
    casualties,
    deathControl: z.array(deathControlEntry),
    designations: designationCounts,
    zeroProductionDeaths3YearsPct: pct,
    hazards: hazardSummary,
    injurySurveillance: z.strictObject({ cases: count, ratePer100k: z.number().nullable() }),
  })
  .meta({ title: 'RegionSummary', description: 'The roll-up of every community in a region.' });

// ---------------------------------------------------------------- lists

export const communityRow = z.strictObject({
  code: communityCode,
  name: communityName,
  type: communityType.nullable(),
  population: count.nullable(),
  designation: z.strictObject({ level: designationLevel.nullable(), status: designationStatus }),
});

export const hazardRow = z.strictObject({
  agency: z.enum(AGENCIES),
  hazardRecordId: z.string(),
  communityCode,
  communityName,
  sector: z.enum(HAZARD_SECTORS),
  level: z.enum(HAZARD_LEVELS),
  description: z.string(),
  identifiedOn: date,
  rectifyBy: date,
  rectifiedOn: date.nullable(),
  status: z.enum(HAZARD_STATUSES),
  overdueDays: count,
});

export const designationRow = z.strictObject({
  communityCode,
  name: communityName,
  level: designationLevel.nullable(),
  status: designationStatus,
  designatedOn: date.nullable(),
  validUntil: date.nullable(),
  reEvaluationDue: z.boolean(),
});

export const communityListResponse = z.strictObject({ communities: z.array(communityRow) }).meta({ title: 'CommunityList' });
export const hazardListResponse = z.strictObject({ hazards: z.array(hazardRow) }).meta({ title: 'HazardList' });
export const designationListResponse = z.strictObject({ designations: z.array(designationRow) }).meta({ title: 'DesignationList' });
