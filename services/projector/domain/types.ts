/**
 * Inputs and outputs of the hub's figure logic. The outputs are the committee API's shapes
 * (docs/api/committee.md), derived from its response models; the runtime serialises them as they are.
 */
import type { Agency } from '../../kernel/agency';
import type { z } from 'zod';
import type { BodyOf, EventBody, EventType } from '../../kernel/events.generated';
import type * as api from './responses';

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
// The committee API's shapes, derived from its response models (responses.ts): declared once.

export type { AgeGroup, CasualtyCategory, DeathControlStatus, DesignationStatus, HazardStatus, ProductionGrade, ReadinessIndicatorId } from './enums';

export type CasualtyCounts = z.output<typeof api.casualtyCounts>;
export type CasualtyFigure = z.output<typeof api.casualtyFigure>;
export type Casualties = z.output<typeof api.casualties>;
export type HazardSummary = z.output<typeof api.hazardSummary>;

export type CommunityInfo = z.output<typeof api.communityInfo>;
export type ProductionAccidentsByGrade = z.output<typeof api.productionAccidentsByGrade>;
export type ZeroDeathYears = z.output<typeof api.zeroDeathYears>;
export type InjurySurveillance = z.output<typeof api.injurySurveillance>;
export type PromotionProjects = z.output<typeof api.promotionProjects>;
export type ActivityFigure = z.output<typeof api.activityFigure>;
export type Activities = z.output<typeof api.activities>;
export type AwarenessFigure = z.output<typeof api.awarenessFigure>;
export type Awareness = z.output<typeof api.awareness>;
export type LastEvaluation = z.output<typeof api.lastEvaluation>;
export type DesignationFigure = z.output<typeof api.designationFigure>;
export type ReadinessIndicator = z.output<typeof api.readinessIndicator>;
export type Readiness = z.output<typeof api.readiness>;
export type DataFreshness = z.output<typeof api.dataFreshness>;
export type CommunityOverview = z.output<typeof api.communityOverviewResponse>;

export type DeathControlEntry = z.output<typeof api.deathControlEntry>;
export type DesignationCounts = z.output<typeof api.designationCounts>;
/** `region.name` is filled by the committee API from the division list (null here and when unknown). */
export type RegionSummary = z.output<typeof api.regionSummaryResponse>;

/** `communityName` is the registered name; the committee API falls back to the division list's name. */
export type HazardRow = z.output<typeof api.hazardRow>;
export type DesignationRow = z.output<typeof api.designationRow>;
export type CommunityRow = z.output<typeof api.communityRow>;
