/**
 * Every value of the enums that figures list "zeros included", in the contract's
 * order. Each list is declared as a Record over the generated union type, so the
 * compiler rejects a list that misses or invents a value when a schema changes.
 */
import type {
  AwarenessSurveyCompletedBody,
  CommunityDesignatedBody,
  ControlIndicatorIssuedBody,
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

/** A map with every key of an enum set to the same starting value. */
export function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  const counts = {} as Record<K, number>;
  for (const key of keys) counts[key] = 0;
  return counts;
}
