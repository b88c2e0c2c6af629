// zod models of the committee API's responses (docs/api/committee.md): the API description
// (GET /openapi.json) is generated from them. They are strict (no key beyond the contract's)
// and the compiler checks each against the domain type the figure functions return, so the
// description cannot drift from what the router sends.
//
//   committeeApiModels: CommitteeApiModels   params, queries and responses, for buildOpenApiDocument
import { z } from 'zod';
import { AGENCIES } from '../../kernel/agency';
import type { CommunityRegisteredBody, DesignationEvaluatedBody, HazardIdentifiedBody } from '../../kernel/events.generated';
import type { CommitteeApiModels } from '../../kernel/openapi';
import {
  ACTIVITY_KINDS,
  AWARENESS_ITEMS,
  CONTROL_CATEGORIES,
  DESIGNATION_LEVELS,
  INJURY_CAUSES,
  INJURY_INTENTS,
  INJURY_PLACES,
  PROJECT_DOMAINS,
  SEXES,
  TARGET_GROUPS,
} from '../domain/enums';
import type {
  AgeGroup,
  CasualtyCategory,
  CommunityOverview,
  CommunityRow,
  DeathControlStatus,
  DesignationRow,
  DesignationStatus,
  HazardRow,
  HazardStatus,
  ProductionGrade,
  ReadinessIndicatorId,
  RegionSummary,
} from '../domain/types';
import { communityCodeParam, hazardsQuery, listQuery, overviewQuery, regionCodeParam, summaryQuery } from './params';

/** Every value of a union, listed once (the compiler refuses a missing or unknown one). */
function valuesOf<K extends string>(record: Record<K, true>): [K, ...K[]] {
  return Object.keys(record) as [K, ...K[]];
}

/** An object with exactly the given keys, each holding `value` ("every enum value, zeros included"). */
function everyKey<K extends string, V extends z.ZodType>(keys: readonly K[], value: V) {
  return z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, V>);
}

const COMMUNITY_TYPES = valuesOf<CommunityRegisteredBody['communityType']>({ URBAN_STREET: true, RURAL_TOWNSHIP: true, INDUSTRIAL_PARK: true, ENTERPRISE: true });
const HAZARD_SECTORS = valuesOf<HazardIdentifiedBody['sector']>({
  ENTERPRISE: true, FIRE: true, ROAD: true, WATERWAY: true, CONSTRUCTION: true, HAZARDOUS_CHEMICALS: true, PUBLIC_PLACE: true, OTHER: true,
});
const HAZARD_LEVELS = valuesOf<HazardIdentifiedBody['level']>({ GENERAL: true, MAJOR: true });
const EVALUATION_RESULTS = valuesOf<DesignationEvaluatedBody['result']>({ PASS: true, RECTIFY: true, FAIL: true });
const DESIGNATION_STATUSES = valuesOf<DesignationStatus>({ NONE: true, DESIGNATED: true, EXPIRED: true, REVOKED: true });
const HAZARD_STATUSES = valuesOf<HazardStatus>({ OPEN: true, OVERDUE: true, RECTIFIED: true });
const DEATH_CONTROL_STATUSES = valuesOf<DeathControlStatus>({ OVER_CAP: true, OVER_SCHEDULE: true, WITHIN_SCHEDULE: true });
const PRODUCTION_GRADES = valuesOf<ProductionGrade>({ GENERAL: true, LARGER: true, SERIOUS: true, ESPECIALLY_SERIOUS: true });
const AGE_GROUPS = valuesOf<AgeGroup>({ CHILD_0_14: true, YOUTH_15_24: true, ADULT_25_64: true, ELDERLY_65_PLUS: true });
const CASUALTY_CATEGORIES = valuesOf<CasualtyCategory>({ production: true, roadTraffic: true, fire: true, waterwayRail: true, publicSecurity: true });
const READINESS_IDS = valuesOf<ReadinessIndicatorId>({
  GOVERNANCE: true, SURVEILLANCE: true, COMPREHENSIVE: true, VULNERABLE_GROUPS: true, EVALUATION: true, NETWORKING: true,
});

const count = z.int().min(0);
/** Percent with one decimal; null where the contract says so (nothing to divide by). */
const pct = z.number().nullable();
const date = z.iso.date();
const instant = z.iso.datetime();
const communityCode = z.string().regex(/^\d{9}$/);
const communityType = z.enum(COMMUNITY_TYPES);
const designationLevel = z.enum(DESIGNATION_LEVELS);
const designationStatus = z.enum(DESIGNATION_STATUSES);

const casualtyCounts = z.strictObject({ incidents: count, deaths: count, injuries: count });
const casualtyFigure = casualtyCounts.extend({ previousYear: casualtyCounts, deathsChangePct: pct, injuriesChangePct: pct }).strict();
const casualties = everyKey([...CASUALTY_CATEGORIES, 'allAccidents'] as const, casualtyFigure);

const hazardSummary = z.strictObject({
  identified: count,
  rectified: count,
  open: count,
  overdue: count,
  majorOpen: count,
  rectificationRatePct: pct,
});

export const communityOverviewResponse = z
  .strictObject({
    community: z.strictObject({ code: communityCode, name: z.string().nullable(), type: communityType.nullable(), population: count.nullable() }),
    year: z.int(),
    asOf: instant,
    casualties,
    productionAccidentsByGrade: everyKey(PRODUCTION_GRADES, count),
    zeroDeathYears: everyKey(CASUALTY_CATEGORIES, count),
    injurySurveillance: z.strictObject({
      cases: count,
      deaths: count,
      ratePer100k: z.number().nullable(),
      byCause: everyKey(INJURY_CAUSES, count),
      byPlace: everyKey(INJURY_PLACES, count),
      byIntent: everyKey(INJURY_INTENTS, count),
      bySex: everyKey(SEXES, count),
      byAgeGroup: everyKey(AGE_GROUPS, count),
    }),
    hazards: hazardSummary,
    promotionProjects: z.strictObject({
      total: count,
      active: count,
      completed: count,
      domainsCovered: z.array(z.enum(PROJECT_DOMAINS)),
      vulnerableGroupsCovered: z.array(z.enum(TARGET_GROUPS)),
    }),
    activities: everyKey(ACTIVITY_KINDS, z.strictObject({ count, participants: count, materials: count })),
    awareness: everyKey(AWARENESS_ITEMS, z.strictObject({ ratePct: pct, respondents: count.nullable(), previousYearRatePct: pct })),
    designation: z.strictObject({
      level: designationLevel.nullable(),
      status: designationStatus,
      designatedOn: date.nullable(),
      validUntil: date.nullable(),
      reEvaluationDue: z.boolean(),
      lastEvaluation: z
        .strictObject({
          level: designationLevel,
          evaluatedOn: date,
          score: z.number(),
          maxScore: z.number(),
          zeroIndicators: count,
          result: z.enum(EVALUATION_RESULTS),
        })
        .nullable(),
    }),
    readiness: z.strictObject({
      indicators: z.array(z.strictObject({ id: z.enum(READINESS_IDS), met: z.boolean().nullable(), evidence: z.string() })),
      met: count,
      total: count,
    }),
    dataFreshness: everyKey(AGENCIES, instant.nullable()),
    provisional: z.strictObject({ records: count }),
  })
  .meta({ title: 'CommunityOverview', description: 'The figures of one community for a year, as known at asOf.' });

export const regionSummaryResponse = z
  .strictObject({
    region: z.strictObject({ code: z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9})$/), name: z.string().nullable() }),
    year: z.int(),
    asOf: instant,
    communities: count,
    population: count,
    casualties,
    deathControl: z.array(
      z.strictObject({
        category: z.enum(CONTROL_CATEGORIES),
        cap: count,
        deaths: count,
        usedPct: pct,
        elapsedPct: z.number(),
        status: z.enum(DEATH_CONTROL_STATUSES),
      }),
    ),
    designations: everyKey(DESIGNATION_LEVELS, count).extend({ dueForReEvaluation: count, expired: count }).strict(),
    zeroProductionDeaths3YearsPct: pct,
    hazards: hazardSummary,
    injurySurveillance: z.strictObject({ cases: count, ratePer100k: z.number().nullable() }),
  })
  .meta({ title: 'RegionSummary', description: 'The roll-up of every community in a region.' });

const communityRow = z.strictObject({
  code: communityCode,
  name: z.string().nullable(),
  type: communityType.nullable(),
  population: count.nullable(),
  designation: z.strictObject({ level: designationLevel.nullable(), status: designationStatus }),
});

const hazardRow = z.strictObject({
  agency: z.enum(AGENCIES),
  hazardRecordId: z.string(),
  communityCode,
  communityName: z.string().nullable(),
  sector: z.enum(HAZARD_SECTORS),
  level: z.enum(HAZARD_LEVELS),
  description: z.string(),
  identifiedOn: date,
  rectifyBy: date,
  rectifiedOn: date.nullable(),
  status: z.enum(HAZARD_STATUSES),
  overdueDays: count,
});

const designationRow = z.strictObject({
  communityCode,
  name: z.string().nullable(),
  level: designationLevel.nullable(),
  status: designationStatus,
  designatedOn: date.nullable(),
  validUntil: date.nullable(),
  reEvaluationDue: z.boolean(),
});

export const communityListResponse = z.strictObject({ communities: z.array(communityRow) }).meta({ title: 'CommunityList' });
export const hazardListResponse = z.strictObject({ hazards: z.array(hazardRow) }).meta({ title: 'HazardList' });
export const designationListResponse = z.strictObject({ designations: z.array(designationRow) }).meta({ title: 'DesignationList' });

export const committeeApiModels: CommitteeApiModels = {
  params: { community: communityCodeParam, region: regionCodeParam },
  queries: { communities: listQuery, overview: overviewQuery, summary: summaryQuery, hazards: hazardsQuery, designations: listQuery },
  responses: {
    communities: communityListResponse,
    overview: communityOverviewResponse,
    summary: regionSummaryResponse,
    hazards: hazardListResponse,
    designations: designationListResponse,
  },
};

// ------------------------------------------------ compile-time agreement with the domain types
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ResponseModelsMatchDomain = [
  Assert<Same<z.output<typeof communityOverviewResponse>, CommunityOverview>>,
  Assert<Same<z.output<typeof regionSummaryResponse>, RegionSummary>>,
  Assert<Same<z.output<typeof communityRow>, CommunityRow>>,
  Assert<Same<z.output<typeof hazardRow>, HazardRow>>,
  Assert<Same<z.output<typeof designationRow>, DesignationRow>>,
];
