/**
 * Every value of the enums the figures use, in the contract's order: the figures list them
 * "zeros included" and the response models (responses.ts) enumerate them. An enum an event
 * carries is declared as a Record over the generated union type, so the compiler rejects a
 * list that misses or invents a value when a schema changes.
 */
import type {
  AwarenessSurveyCompletedBody,
  CommunityDesignatedBody,
  CommunityRegisteredBody,
  ControlIndicatorIssuedBody,
  DesignationEvaluatedBody,
  HazardIdentifiedBody,
  InjuryCaseReportedBody,
  PromotionProjectRegisteredBody,
  SafetyActivityHeldBody,
} from '../../kernel/events.generated';

export type InjuryCause = InjuryCaseReportedBody['cause'];
export type InjuryPlace = InjuryCaseReportedBody['place'];
export type InjuryIntent = InjuryCaseReportedBody['intent'];
export type Sex = InjuryCaseReportedBody['sex'];
export type ActivityKind = SafetyActivityHeldBody['kind'];
export type ProjectDomain = PromotionProjectRegisteredBody['domain'];
export type TargetGroup = PromotionProjectRegisteredBody['targetGroups'][number];
export type AwarenessItem = AwarenessSurveyCompletedBody['item'];
export type DesignationLevel = CommunityDesignatedBody['level'];
export type ControlCategory = ControlIndicatorIssuedBody['category'];
export type CommunityType = CommunityRegisteredBody['communityType'];
export type HazardSector = HazardIdentifiedBody['sector'];
export type HazardLevel = HazardIdentifiedBody['level'];
export type EvaluationResult = DesignationEvaluatedBody['result'];

function keysOf<K extends string>(record: Record<K, true>): readonly K[] {
  return Object.freeze(Object.keys(record) as K[]);
}

export const INJURY_CAUSES = keysOf<InjuryCause>({
  MOTOR_VEHICLE: true,
  NON_MOTOR_VEHICLE: true,
  FALL: true,
  BLUNT_FORCE: true,
  FIREARM: true,
  CUT_PIERCE: true,
  BURN: true,
  SUFFOCATION: true,
  DROWNING: true,
  POISONING: true,
  ANIMAL_BITE: true,
  SEXUAL_ASSAULT: true,
  OTHER: true,
  UNKNOWN: true,
});

export const INJURY_PLACES = keysOf<InjuryPlace>({
  HOME: true,
  PUBLIC_RESIDENTIAL: true,
  SCHOOL_PUBLIC: true,
  SPORTS: true,
  ROAD_STREET: true,
  TRADE_SERVICE: true,
  INDUSTRIAL_CONSTRUCTION: true,
  FARM: true,
  OTHER: true,
  UNKNOWN: true,
});

export const INJURY_INTENTS = keysOf<InjuryIntent>({
  UNINTENTIONAL: true,
  SELF_HARM: true,
  ASSAULT: true,
  UNKNOWN: true,
});

export const SEXES = keysOf<Sex>({ MALE: true, FEMALE: true, UNKNOWN: true });

export const ACTIVITY_KINDS = keysOf<ActivityKind>({
  PUBLICITY: true,
  TRAINING: true,
  DRILL: true,
  HEALTH_SERVICE: true,
});

export const PROJECT_DOMAINS = keysOf<ProjectDomain>({
  TRAFFIC: true,
  FIRE: true,
  WORKPLACE: true,
  HOME: true,
  ELDERLY: true,
  CHILDREN: true,
  SCHOOL: true,
  PUBLIC_PLACE: true,
  SPORTS: true,
  WATER: true,
  PUBLIC_SECURITY: true,
  DISASTER_ENVIRONMENT: true,
});

export const TARGET_GROUPS = keysOf<TargetGroup>({
  ELDERLY: true,
  CHILDREN: true,
  STUDENTS: true,
  DISABLED: true,
  WORKERS: true,
  MIGRANT_WORKERS: true,
  GENERAL: true,
});

export const AWARENESS_ITEMS = keysOf<AwarenessItem>({
  EMERGENCY_NUMBERS: true,
  FIRE_SAFETY: true,
  TRAFFIC_RULES: true,
  EARTHQUAKE_SAFETY: true,
  ELECTRICITY_GAS_SAFETY: true,
  DROWNING_PREVENTION: true,
  OVERALL: true,
});

export const DESIGNATION_LEVELS = keysOf<DesignationLevel>({
  CITY: true,
  PROVINCIAL: true,
  NATIONAL: true,
  INTERNATIONAL: true,
});

export const CONTROL_CATEGORIES = keysOf<ControlCategory>({
  ALL_ACCIDENTS: true,
  PRODUCTION: true,
  ROAD_TRAFFIC: true,
  FIRE: true,
});

export const COMMUNITY_TYPES = keysOf<CommunityType>({ URBAN_STREET: true, RURAL_TOWNSHIP: true, INDUSTRIAL_PARK: true, ENTERPRISE: true });

export const HAZARD_SECTORS = keysOf<HazardSector>({
  ENTERPRISE: true,
  FIRE: true,
  ROAD: true,
  WATERWAY: true,
  CONSTRUCTION: true,
  HAZARDOUS_CHEMICALS: true,
  PUBLIC_PLACE: true,
  OTHER: true,
});

export const HAZARD_LEVELS = keysOf<HazardLevel>({ GENERAL: true, MAJOR: true });

export const EVALUATION_RESULTS = keysOf<EvaluationResult>({ PASS: true, RECTIFY: true, FAIL: true });

// ---- enums of the figures alone (no event carries them): the list is the definition.

export const CASUALTY_CATEGORIES = ['production', 'roadTraffic', 'fire', 'waterwayRail', 'publicSecurity'] as const;
export type CasualtyCategory = (typeof CASUALTY_CATEGORIES)[number];

export const PRODUCTION_GRADES = ['GENERAL', 'LARGER', 'SERIOUS', 'ESPECIALLY_SERIOUS'] as const;
export type ProductionGrade = (typeof PRODUCTION_GRADES)[number];

export const AGE_GROUPS = ['CHILD_0_14', 'YOUTH_15_24', 'ADULT_25_64', 'ELDERLY_65_PLUS'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const DESIGNATION_STATUSES = ['NONE', 'DESIGNATED', 'EXPIRED', 'REVOKED'] as const;
export type DesignationStatus = (typeof DESIGNATION_STATUSES)[number];

export const HAZARD_STATUSES = ['OPEN', 'OVERDUE', 'RECTIFIED'] as const;
export type HazardStatus = (typeof HAZARD_STATUSES)[number];

export const DEATH_CONTROL_STATUSES = ['OVER_CAP', 'OVER_SCHEDULE', 'WITHIN_SCHEDULE'] as const;
export type DeathControlStatus = (typeof DEATH_CONTROL_STATUSES)[number];

export const READINESS_INDICATOR_IDS = ['GOVERNANCE', 'SURVEILLANCE', 'COMPREHENSIVE', 'VULNERABLE_GROUPS', 'EVALUATION', 'NETWORKING'] as const;
export type ReadinessIndicatorId = (typeof READINESS_INDICATOR_IDS)[number];

/** A map with every key of an enum set to the same starting value. */
export function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  const counts = {} as Record<K, number>;
  for (const key of keys) counts[key] = 0;
  return counts;
}
