// One valid body per event type, as a bureau would send it, for tests. `now` is after every
// occurredAt here.
import type { EventType } from '../../services/kernel/events.generated';

export const NOW = new Date('2025-03-01T04:00:00Z');

export const VALID_EVENTS: Record<EventType, Record<string, unknown>> = {
  TrafficCrashReported: {
    type: 'TrafficCrashReported', sourceRecordId: 'JJ-2025-000123', revision: 1, communityCode: '610902001',
    occurredAt: '2025-03-01T08:30:00+08:00', deaths: 1, injuries: 3, vehicles: 2, commercialOperation: true,
    roadType: 'URBAN_ROAD', cause: 'SPEEDING',
  },
  PublicSecurityCaseRecorded: {
    type: 'PublicSecurityCaseRecorded', sourceRecordId: 'GA.2025:77', communityCode: '610902001',
    occurredAt: '2025-02-28T23:10:00+08:00', caseKind: 'CRIMINAL', offense: 'THEFT', deaths: 0, injuries: 0, placeType: 'STREET',
  },
  FireIncidentReported: {
    type: 'FireIncidentReported', sourceRecordId: 'XF-9', communityCode: '610902002', occurredAt: '2025-02-20T14:00:00+08:00',
    deaths: 0, injuries: 1, directLossYuan: 12500.5, cause: 'ELECTRICAL', propertyType: 'RESIDENTIAL',
  },
  InjuryCaseReported: {
    type: 'InjuryCaseReported', sourceRecordId: 'WJ-1', communityCode: '610902001', occurredAt: '2025-02-01T09:00:00+08:00',
    sex: 'FEMALE', ageYears: 78, cause: 'FALL', place: 'HOME', activity: 'HOUSEWORK', intent: 'UNINTENTIONAL',
    severity: 'MODERATE', outcome: 'ADMITTED',
  },
  TransportAccidentReported: {
    type: 'TransportAccidentReported', sourceRecordId: 'JT-3', communityCode: '610902003', occurredAt: '2025-01-15T06:45:00+08:00',
    mode: 'WATERWAY', deaths: 2, injuries: 0, directLossYuan: 300000,
  },
  ProductionAccidentReported: {
    type: 'ProductionAccidentReported', sourceRecordId: 'AJ-12', communityCode: '610902001', occurredAt: '2025-02-10T10:00:00+08:00',
    industry: 'CONSTRUCTION', deaths: 1, seriousInjuries: 2, injuries: 5, directLossYuan: 1200000,
  },
  HazardIdentified: {
    type: 'HazardIdentified', sourceRecordId: 'YH-5', communityCode: '610902001', occurredAt: '2025-02-25T15:00:00+08:00',
    sector: 'FIRE', level: 'GENERAL', rectifyBy: '2025-03-25', description: '楼道堆放杂物，堵塞消防通道',
  },
  HazardRectificationExtended: {
    type: 'HazardRectificationExtended', sourceRecordId: 'YH-5-EXT-1', hazardRecordId: 'YH-5', rectifyBy: '2025-04-25',
  },
  HazardRectified: {
    type: 'HazardRectified', sourceRecordId: 'YH-5-DONE', hazardRecordId: 'YH-5', rectifiedOn: '2025-03-20', verified: true,
  },
  ControlIndicatorIssued: {
    type: 'ControlIndicatorIssued', sourceRecordId: 'KZ-2025-PROD', regionCode: '6109', year: 2025, category: 'PRODUCTION', cap: 12,
  },
  CommunityRegistered: {
    type: 'CommunityRegistered', sourceRecordId: 'SQ-610902001', communityCode: '610902001', name: '新城街道',
    communityType: 'URBAN_STREET', population: 85000, registeredOn: '2019-06-01',
  },
  PromotionProjectRegistered: {
    type: 'PromotionProjectRegistered', sourceRecordId: 'XM-1', communityCode: '610902001', name: '老年人防跌倒项目',
    domain: 'ELDERLY', targetGroups: ['ELDERLY', 'GENERAL'], startedOn: '2025-01-01', plannedEndOn: '2025-12-31',
  },
  PromotionProjectEvaluated: {
    type: 'PromotionProjectEvaluated', sourceRecordId: 'XM-1-PG', projectRecordId: 'XM-1', evaluatedOn: '2025-02-28',
    status: 'ONGOING', effectSummary: '跌倒发生率下降',
  },
  SafetyActivityHeld: {
    type: 'SafetyActivityHeld', sourceRecordId: 'HD-7', communityCode: '610902001', occurredAt: '2025-02-15T09:30:00+08:00',
    kind: 'DRILL', domain: 'FIRE', participants: 120, materialsDistributed: 300,
  },
  AwarenessSurveyCompleted: {
    type: 'AwarenessSurveyCompleted', sourceRecordId: 'DC-1', communityCode: '610902001', occurredAt: '2025-02-18T10:00:00+08:00',
    item: 'FIRE_SAFETY', respondents: 400, aware: 352,
  },
  DesignationEvaluated: {
    type: 'DesignationEvaluated', sourceRecordId: 'PD-1', communityCode: '610902001', level: 'NATIONAL', evaluatedOn: '2024-11-20',
    score: 86.5, maxScore: 100, zeroIndicators: 0, result: 'PASS',
  },
  CommunityDesignated: {
    type: 'CommunityDesignated', sourceRecordId: 'MM-1', communityCode: '610902001', level: 'NATIONAL',
    designatedOn: '2024-12-01', validUntil: '2029-11-30',
  },
  DesignationRevoked: {
    type: 'DesignationRevoked', sourceRecordId: 'CX-1', communityCode: '610902002', level: 'CITY', revokedOn: '2025-01-10',
    reason: '复评未通过',
  },
  RecordWithdrawn: {
    type: 'RecordWithdrawn', sourceRecordId: 'CH-1', withdrawnRecordId: 'JJ-2025-000099', reason: '重复上报',
  },
};
