/**
 * Inputs and outputs of the hub's figure logic. The shapes of the outputs are the
 * committee API's (docs/api/committee.md); the runtime serialises them as they are.
 */
import type { Agency } from '../../kernel/agency';
import type {
  BodyOf,
  CommunityRegisteredBody,
  DesignationEvaluatedBody,
  EventBody,
  EventType,
  HazardIdentifiedBody,
} from '../../kernel/events.generated';
import type {
  ActivityKind,
  AwarenessItem,
  ControlCategory,
  DesignationLevel,
  InjuryCause,
  InjuryIntent,
  InjuryPlace,
  ProjectDomain,
  Sex,
  TargetGroup,
} from './enums';

// ---------------------------------------------------------------- inputs

/** One recorded event as loaded from the read model, in log order. */
export interface ProjectedEvent {
  position: bigint; // global log position
  eventId: string;
  agency: Agency;
  receivedAt: string; // ISO 8601 UTC, assigned by the hub
  /** When the event entered the log (ISO 8601 UTC); the asOf of a query compares with it. */
  recordedAt?: string;
  body: EventBody;
}

/** Folded state of one bureau record (`agency/sourceRecordId`) over its revisions. */
export interface RecordState {
  readonly key: string;
  readonly agency: Agency;
  readonly sourceRecordId: string;
  /** The type of the record's first event; events of another type are ignored. */
  readonly type: EventType;
  /** Highest revision received; its body is the record's current state. */
  readonly revision: number;
  readonly current: EventBody;
  readonly currentEventId: string;
  readonly currentReceivedAt: string;
  readonly currentPosition: bigint;
  /** Every distinct eventId folded in, sorted (so arrival order does not show). */
  readonly eventIds: readonly string[];
  /** Over every revision, stale ones included: they are data received too. */
  readonly firstReceivedAt: string;
  readonly latestReceivedAt: string;
}

/** A record whose current body is known to be of type T. */
export type RecordOf<T extends EventType> = RecordState & { readonly type: T; readonly current: BodyOf<T> };

/** Types whose events name a community directly (a `communityCode` field). */
export type CommunityEventType = Extract<EventBody, { communityCode: string }>['type'];

export type CommunityRecordsByType = { readonly [T in CommunityEventType]: readonly RecordOf<T>[] };

export interface HazardFacts {
  readonly hazard: RecordOf<'HazardIdentified'>;
  /** Counted (current, not withdrawn) references of the hazard's agency. */
  readonly extensions: readonly RecordOf<'HazardRectificationExtended'>[];
  readonly rectifications: readonly RecordOf<'HazardRectified'>[];
}

export interface ProjectFacts {
  readonly project: RecordOf<'PromotionProjectRegistered'>;
  readonly evaluations: readonly RecordOf<'PromotionProjectEvaluated'>[];
}

/** Everything counted for one community: records naming it and references to them. */
export interface CommunityFacts {
  readonly code: string;
  readonly records: CommunityRecordsByType;
  readonly hazards: readonly HazardFacts[];
  readonly projects: readonly ProjectFacts[];
  /** Latest receivedAt of each agency's counted records attributed to the community. */
  readonly latestReceivedAtByAgency: Readonly<Partial<Record<Agency, string>>>;
  /**
   * The community's first year when the read model computed it (it loads only the records a
   * query needs); without it firstYear() derives it from the records.
   */
  readonly firstYearHint?: number;
}

/** The folded, reference-resolved view of a set of events. */
export interface Facts {
  readonly records: ReadonlyMap<string, RecordState>;
  /** Keys of withdrawn records (possibly of records not received yet). */
  readonly withdrawn: ReadonlySet<string>;
  /** Communities registered or named by a counted record, by code. */
  readonly communities: ReadonlyMap<string, CommunityFacts>;
  readonly controlIndicators: readonly RecordOf<'ControlIndicatorIssued'>[];
}

// ---------------------------------------------------------------- query parameters

export interface ReadinessThresholds {
  /** Bureaus (of 5) that must have published for the community in the window. */
  governanceAgencies: number;
  governanceWindowMonths: number;
  /** Months (of 12) with injury cases; pro rata in the current year. */
  surveillanceMonths: number;
  /** Domains (of 12) the projects must cover. */
  comprehensiveDomains: number;
  /** Share of projects that must have an evaluation. */
  evaluatedProjectsShare: number;
}

export interface AtInstant {
  asOf: Date;
  /** IANA zone in which years, "today" and deadlines are reckoned. */
  timeZone: string;
}

export interface CommunityOverviewParams extends AtInstant {
  communityCode: string;
  year: number;
  readiness: ReadinessThresholds;
}

export interface RegionSummaryParams extends AtInstant {
  /** 2, 4, 6 or 9 digits; "" is the whole country. */
  regionCode: string;
  year: number;
}

export type HazardStatusFilter = 'open' | 'overdue' | 'rectified' | 'all';

export interface HazardRowsParams extends AtInstant {
  regionCode: string;
  status: HazardStatusFilter;
}

export interface RegionListParams extends AtInstant {
  regionCode: string;
}

// ---------------------------------------------------------------- outputs

export interface CasualtyCounts {
  incidents: number;
  deaths: number;
  injuries: number;
}

export interface CasualtyFigure extends CasualtyCounts {
  previousYear: CasualtyCounts;
  deathsChangePct: number | null;
  injuriesChangePct: number | null;
}

export type CasualtyCategory = 'production' | 'roadTraffic' | 'fire' | 'waterwayRail' | 'publicSecurity';

export type Casualties = Record<CasualtyCategory | 'allAccidents', CasualtyFigure>;

export type ProductionGrade = 'GENERAL' | 'LARGER' | 'SERIOUS' | 'ESPECIALLY_SERIOUS';

export type ProductionAccidentsByGrade = Record<ProductionGrade, number>;

export type ZeroDeathYears = Record<CasualtyCategory, number>;

export type AgeGroup = 'CHILD_0_14' | 'YOUTH_15_24' | 'ADULT_25_64' | 'ELDERLY_65_PLUS';

export interface InjurySurveillance {
  cases: number;
  deaths: number;
  ratePer100k: number | null;
  byCause: Record<InjuryCause, number>;
  byPlace: Record<InjuryPlace, number>;
  byIntent: Record<InjuryIntent, number>;
  bySex: Record<Sex, number>;
  byAgeGroup: Record<AgeGroup, number>;
}

export interface HazardSummary {
  identified: number;
  rectified: number;
  open: number;
  overdue: number;
  majorOpen: number;
  rectificationRatePct: number | null;
}

export interface PromotionProjects {
  total: number;
  active: number;
  completed: number;
  domainsCovered: ProjectDomain[];
  vulnerableGroupsCovered: TargetGroup[];
}

export interface ActivityFigure {
  count: number;
  participants: number;
  materials: number;
}

export type Activities = Record<ActivityKind, ActivityFigure>;

export interface AwarenessFigure {
  ratePct: number | null;
  respondents: number | null;
  previousYearRatePct: number | null;
}

export type Awareness = Record<AwarenessItem, AwarenessFigure>;

export type DesignationStatus = 'NONE' | 'DESIGNATED' | 'EXPIRED' | 'REVOKED';

export interface LastEvaluation {
  level: DesignationLevel;
  evaluatedOn: string;
  score: number;
  maxScore: number;
  zeroIndicators: number;
  result: DesignationEvaluatedBody['result'];
}

export interface DesignationFigure {
  level: DesignationLevel | null;
  status: DesignationStatus;
  designatedOn: string | null;
  validUntil: string | null;
  reEvaluationDue: boolean;
  lastEvaluation: LastEvaluation | null;
}

export type ReadinessIndicatorId =
  | 'GOVERNANCE'
  | 'SURVEILLANCE'
  | 'COMPREHENSIVE'
  | 'VULNERABLE_GROUPS'
  | 'EVALUATION'
  | 'NETWORKING';

export interface ReadinessIndicator {
  id: ReadinessIndicatorId;
  /** null when the indicator cannot be derived from exchanged data. */
  met: boolean | null;
  evidence: string;
}

export interface Readiness {
  indicators: ReadinessIndicator[];
  met: number;
  total: number;
}

export type DataFreshness = Record<Agency, string | null>;

export interface CommunityInfo {
  code: string;
  name: string | null;
  type: CommunityRegisteredBody['communityType'] | null;
  population: number | null;
}

export interface CommunityOverview {
  community: CommunityInfo;
  year: number;
  asOf: string;
  casualties: Casualties;
  productionAccidentsByGrade: ProductionAccidentsByGrade;
  zeroDeathYears: ZeroDeathYears;
  injurySurveillance: InjurySurveillance;
  hazards: HazardSummary;
  promotionProjects: PromotionProjects;
  activities: Activities;
  awareness: Awareness;
  designation: DesignationFigure;
  readiness: Readiness;
  dataFreshness: DataFreshness;
  provisional: { records: number };
}

export type DeathControlStatus = 'OVER_CAP' | 'OVER_SCHEDULE' | 'WITHIN_SCHEDULE';

export interface DeathControlEntry {
  category: ControlCategory;
  cap: number;
  deaths: number;
  usedPct: number | null;
  elapsedPct: number;
  status: DeathControlStatus;
}

export type DesignationCounts = Record<DesignationLevel, number> & {
  dueForReEvaluation: number;
  expired: number;
};

export interface RegionSummary {
  /** `name` is filled by the committee API from the division list (null here and when unknown). */
  region: { code: string; name: string | null };
  year: number;
  asOf: string;
  communities: number;
  population: number;
  casualties: Casualties;
  deathControl: DeathControlEntry[];
  designations: DesignationCounts;
  zeroProductionDeaths3YearsPct: number | null;
  hazards: HazardSummary;
  injurySurveillance: { cases: number; ratePer100k: number | null };
}

export type HazardStatus = 'OPEN' | 'OVERDUE' | 'RECTIFIED';

export interface HazardRow {
  agency: Agency;
  hazardRecordId: string;
  communityCode: string;
  /** The registered name; the committee API falls back to the division list's name. */
  communityName: string | null;
  sector: HazardIdentifiedBody['sector'];
  level: HazardIdentifiedBody['level'];
  description: string;
  identifiedOn: string;
  rectifyBy: string;
  rectifiedOn: string | null;
  status: HazardStatus;
  overdueDays: number;
}

export interface DesignationRow {
  communityCode: string;
  name: string | null;
  level: DesignationLevel | null;
  status: DesignationStatus;
  designatedOn: string | null;
  validUntil: string | null;
  reEvaluationDue: boolean;
}

export interface CommunityRow {
  code: string;
  name: string | null;
  type: CommunityRegisteredBody['communityType'] | null;
  population: number | null;
  designation: { level: DesignationLevel | null; status: DesignationStatus };
}
