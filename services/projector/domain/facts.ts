/**
 * Folds a query's events into Facts: one state per record, the withdrawn set, and
 * per community the counted records and resolved references (hazard extensions and
 * rectifications, project evaluations). References are resolved here, at query
 * time, so one that arrived before its record applies as soon as the record exists.
 * Every index is built once per call: O(events).
 */
import type { Agency } from '../../kernel/agency';
import type { EventType } from '../../kernel/events.generated';
import { instantMs } from '../../kernel/time';
import { evolveRecord, recordKey } from './record';
import type {
  CommunityEventType,
  CommunityFacts,
  Facts,
  HazardFacts,
  ProjectFacts,
  ProjectedEvent,
  RecordOf,
  RecordState,
} from './types';
import { resolveWithdrawn } from './withdrawal';

export { evolveRecord, recordKey } from './record';

/** The record types that name a community (a communityCode field). */
export const COMMUNITY_EVENT_TYPES: Record<CommunityEventType, true> = {
  AwarenessSurveyCompleted: true,
  CommunityDesignated: true,
  CommunityRegistered: true,
  DesignationEvaluated: true,
  DesignationRevoked: true,
  FireIncidentReported: true,
  HazardIdentified: true,
  InjuryCaseReported: true,
  ProductionAccidentReported: true,
  PromotionProjectRegistered: true,
  PublicSecurityCaseRecorded: true,
  SafetyActivityHeld: true,
  TrafficCrashReported: true,
  TransportAccidentReported: true,
};

function namesCommunity(record: RecordState): record is RecordOf<CommunityEventType> {
  return Object.hasOwn(COMMUNITY_EVENT_TYPES, record.type);
}

function isOfType<T extends EventType>(record: RecordState | undefined, type: T): record is RecordOf<T> {
  return record !== undefined && record.type === type;
}

export type MutableRecordsByType = { [T in CommunityEventType]: RecordOf<T>[] };

interface CommunityBuilder {
  code: string;
  records: MutableRecordsByType;
  hazards: HazardFacts[];
  projects: ProjectFacts[];
  latestReceivedAtByAgency: Partial<Record<Agency, string>>;
}

export function emptyRecordsByType(): MutableRecordsByType {
  const byType = {} as Record<CommunityEventType, RecordState[]>;
  for (const type of Object.keys(COMMUNITY_EVENT_TYPES) as CommunityEventType[]) byType[type] = [];
  return byType as MutableRecordsByType;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export function projectFacts(events: Iterable<ProjectedEvent>): Facts {
  return factsFromRecords(foldRecords(new Map(), events));
}

/**
 * Folds events into a map of record states with evolveRecord. The map belongs to the caller
 * (a query's own map, or the committee API's live cache, which folds each newly projected
 * page into it); the states in it are immutable.
 */
export function foldRecords(records: Map<string, RecordState>, events: Iterable<ProjectedEvent>): Map<string, RecordState> {
  for (const event of events) {
    const key = recordKey(event.agency, event.body.sourceRecordId);
    records.set(key, evolveRecord(records.get(key), event));
  }
  return records;
}

/** Derives the query-time indexes (withdrawals, references, communities) from folded records. */
export function factsFromRecords(records: ReadonlyMap<string, RecordState>): Facts {
  const withdrawn = resolveWithdrawn(records.values());
  const counted = [...records.values()].filter((record) => !withdrawn.has(record.key));

  // References of live records, indexed once by the key of the record they point to.
  const extensionsByHazard = groupBy(
    counted.filter((r): r is RecordOf<'HazardRectificationExtended'> => r.type === 'HazardRectificationExtended'),
    (r) => recordKey(r.agency, r.current.hazardRecordId),
  );
  const rectificationsByHazard = groupBy(
    counted.filter((r): r is RecordOf<'HazardRectified'> => r.type === 'HazardRectified'),
    (r) => recordKey(r.agency, r.current.hazardRecordId),
  );
  const evaluationsByProject = groupBy(
    counted.filter((r): r is RecordOf<'PromotionProjectEvaluated'> => r.type === 'PromotionProjectEvaluated'),
    (r) => recordKey(r.agency, r.current.projectRecordId),
  );

  const communities = new Map<string, CommunityBuilder>();
  const communityFor = (code: string): CommunityBuilder => {
    let community = communities.get(code);
    if (!community) {
      community = { code, records: emptyRecordsByType(), hazards: [], projects: [], latestReceivedAtByAgency: {} };
      communities.set(code, community);
    }
    return community;
  };

  const controlIndicators: RecordOf<'ControlIndicatorIssued'>[] = [];
  for (const record of counted) {
    if (isOfType(record, 'ControlIndicatorIssued')) controlIndicators.push(record);
    if (!namesCommunity(record)) continue;
    const community = communityFor(record.current.communityCode);
    (community.records[record.type] as RecordState[]).push(record);
    if (isOfType(record, 'HazardIdentified')) {
      community.hazards.push({
        hazard: record,
        extensions: extensionsByHazard.get(record.key) ?? [],
        rectifications: rectificationsByHazard.get(record.key) ?? [],
      });
    } else if (isOfType(record, 'PromotionProjectRegistered')) {
      community.projects.push({ project: record, evaluations: evaluationsByProject.get(record.key) ?? [] });
    }
  }

  // Freshness: every live record, references included, counts for its community.
  const latestMs = new Map<CommunityBuilder, Partial<Record<Agency, number>>>();
  for (const record of counted) {
    const code = attributedCommunity(record, records);
    const community = code === undefined ? undefined : communities.get(code);
    if (!community) continue;
    let byAgency = latestMs.get(community);
    if (!byAgency) latestMs.set(community, (byAgency = {}));
    const ms = instantMs(record.latestReceivedAt);
    const known = byAgency[record.agency];
    if (known === undefined || ms > known) {
      byAgency[record.agency] = ms;
      community.latestReceivedAtByAgency[record.agency] = record.latestReceivedAt;
    }
  }

  return { records, withdrawn, communities: communities as ReadonlyMap<string, CommunityFacts>, controlIndicators };
}

/**
 * The community a record belongs to: the one its current body names, or for a
 * reference (extension, rectification, evaluation, withdrawal) its target's.
 * ControlIndicatorIssued belongs to a region, not a community.
 */
export function attributedCommunity(record: RecordState, records: ReadonlyMap<string, RecordState>): string | undefined {
  if (namesCommunity(record)) return record.current.communityCode;
  let current: RecordState | undefined = record;
  const visited = new Set<string>(); // withdrawals may loop
  while (current && !visited.has(current.key)) {
    visited.add(current.key);
    if (namesCommunity(current)) return current.current.communityCode;
    const body = current.current;
    switch (body.type) {
      case 'HazardRectificationExtended':
      case 'HazardRectified': {
        const hazard = records.get(recordKey(current.agency, body.hazardRecordId));
        return isOfType(hazard, 'HazardIdentified') ? hazard.current.communityCode : undefined;
      }
      case 'PromotionProjectEvaluated': {
        const project = records.get(recordKey(current.agency, body.projectRecordId));
        return isOfType(project, 'PromotionProjectRegistered') ? project.current.communityCode : undefined;
      }
      case 'RecordWithdrawn':
        current = records.get(recordKey(current.agency, body.withdrawnRecordId));
        break;
      default:
        return undefined;
    }
  }
  return undefined;
}
