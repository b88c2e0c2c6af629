/**
 * Test-only builders: event bodies with plausible defaults, and a log that assigns
 * positions and hub-style eventIds (agency/sourceRecordId/revision, as the hub's
 * UUID v5 is derived). Each test makes its own log, so nothing is shared.
 */
import type { Agency } from '../../../kernel/agency';
import type { BodyOf, EventBody, EventType } from '../../../kernel/events.generated';
import { projectFacts } from '../facts';
import type { Facts, ProjectedEvent } from '../types';

export const COMMUNITY = '610902001';
export const DEFAULT_RECEIVED_AT = '2025-06-01T00:00:00.000Z';

type Overrides<T extends EventType> = Partial<Omit<BodyOf<T>, 'type' | 'sourceRecordId'>>;

function body<T extends EventType>(type: T, defaults: Omit<BodyOf<T>, 'type' | 'sourceRecordId' | 'revision'>) {
  return (sourceRecordId: string, overrides: Overrides<T> = {}): BodyOf<T> =>
    ({ type, sourceRecordId, revision: 1, ...defaults, ...overrides }) as BodyOf<T>;
}

export const trafficCrash = body('TrafficCrashReported', {
  communityCode: COMMUNITY,
  occurredAt: '2025-03-10T10:00:00+08:00',
  deaths: 0,
  injuries: 0,
  vehicles: 1,
  commercialOperation: false,
  roadType: 'URBAN_ROAD',
  cause: 'SPEEDING',
});

export const publicSecurityCase = body('PublicSecurityCaseRecorded', {
  communityCode: COMMUNITY,
  occurredAt: '2025-03-10T10:00:00+08:00',
  caseKind: 'CRIMINAL',
  offense: 'THEFT',
  deaths: 0,
  injuries: 0,
  placeType: 'STREET',
});

export const fireIncident = body('FireIncidentReported', {
  communityCode: COMMUNITY,
  occurredAt: '2025-03-10T10:00:00+08:00',
  deaths: 0,
  injuries: 0,
  directLossYuan: 0,
  cause: 'ELECTRICAL',
  propertyType: 'RESIDENTIAL',
});

export const injuryCase = body('InjuryCaseReported', {
  communityCode: COMMUNITY,
  occurredAt: '2025-03-10T10:00:00+08:00',
  sex: 'MALE',
  ageYears: 40,
  cause: 'FALL',
  place: 'HOME',
  activity: 'HOUSEWORK',
  intent: 'UNINTENTIONAL',
  severity: 'MILD',
  outcome: 'DISCHARGED',
});

export const transportAccident = body('TransportAccidentReported', {
  communityCode: COMMUNITY,
  occurredAt: '2025-03-10T10:00:00+08:00',
  mode: 'WATERWAY',
  deaths: 0,
  injuries: 0,
  directLossYuan: 0,
});

export const productionAccident = body('ProductionAccidentReported', {
  communityCode: COMMUNITY,
  occurredAt: '2025-03-10T10:00:00+08:00',
  industry: 'CONSTRUCTION',
  deaths: 0,
  seriousInjuries: 0,
  injuries: 0,
  directLossYuan: 0,
});

export const hazard = body('HazardIdentified', {
  communityCode: COMMUNITY,
  occurredAt: '2025-03-10T10:00:00+08:00',
  sector: 'ENTERPRISE',
  level: 'GENERAL',
  rectifyBy: '2025-04-10',
  description: 'blocked fire exit',
});

export const hazardExtended = body('HazardRectificationExtended', { hazardRecordId: 'H-unset', rectifyBy: '2025-12-31' });

export const hazardRectified = body('HazardRectified', { hazardRecordId: 'H-unset', rectifiedOn: '2025-04-01', verified: true });

export const controlIndicator = body('ControlIndicatorIssued', {
  regionCode: '610902',
  year: 2025,
  category: 'ALL_ACCIDENTS',
  cap: 10,
});

export const communityRegistered = body('CommunityRegistered', {
  communityCode: COMMUNITY,
  name: 'Test Street',
  communityType: 'URBAN_STREET',
  population: 50_000,
  registeredOn: '2020-01-15',
});

export const projectRegistered = body('PromotionProjectRegistered', {
  communityCode: COMMUNITY,
  name: 'Falls prevention for the elderly',
  domain: 'ELDERLY',
  targetGroups: ['ELDERLY'],
  startedOn: '2025-01-01',
  plannedEndOn: '2025-12-31',
});

export const projectEvaluated = body('PromotionProjectEvaluated', {
  projectRecordId: 'P-unset',
  evaluatedOn: '2025-06-01',
  status: 'ONGOING',
  effectSummary: 'on track',
});

export const activityHeld = body('SafetyActivityHeld', {
  communityCode: COMMUNITY,
  occurredAt: '2025-03-10T10:00:00+08:00',
  kind: 'PUBLICITY',
  domain: 'FIRE',
  participants: 0,
  materialsDistributed: 0,
});

export const awarenessSurvey = body('AwarenessSurveyCompleted', {
  communityCode: COMMUNITY,
  occurredAt: '2025-03-10T10:00:00+08:00',
  item: 'FIRE_SAFETY',
  respondents: 100,
  aware: 80,
});

export const designationEvaluated = body('DesignationEvaluated', {
  communityCode: COMMUNITY,
  level: 'CITY',
  evaluatedOn: '2024-11-01',
  score: 90,
  maxScore: 100,
  zeroIndicators: 0,
  result: 'PASS',
});

export const communityDesignated = body('CommunityDesignated', {
  communityCode: COMMUNITY,
  level: 'CITY',
  designatedOn: '2024-12-01',
  validUntil: '2029-12-01',
});

export const designationRevoked = body('DesignationRevoked', {
  communityCode: COMMUNITY,
  level: 'CITY',
  revokedOn: '2025-05-01',
  reason: 'serious accident',
});

export const recordWithdrawn = body('RecordWithdrawn', { withdrawnRecordId: 'X-unset', reason: 'entered in error' });

export interface TestLog {
  readonly events: ProjectedEvent[];
  /** Appends an event as the hub would record it; returns it. */
  add(agency: Agency, body: EventBody, receivedAt?: string): ProjectedEvent;
  facts(): Facts;
}

export function newLog(defaultReceivedAt = DEFAULT_RECEIVED_AT): TestLog {
  const events: ProjectedEvent[] = [];
  return {
    events,
    add(agency, eventBody, receivedAt = defaultReceivedAt) {
      const event: ProjectedEvent = {
        position: BigInt(events.length + 1),
        eventId: `${agency}/${eventBody.sourceRecordId}/${eventBody.revision}`,
        agency,
        receivedAt,
        body: eventBody,
      };
      events.push(event);
      return event;
    },
    facts: () => projectFacts(events),
  };
}
