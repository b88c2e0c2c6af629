/**
 * Who a community is: its registration, its first year, and which communities a
 * region holds (registered or named by any counted record).
 */
import { instantMs, yearOfDate } from '../../kernel/time';
import type { QueryClock } from './clock';
import { compareStrings, latestBy } from './ordering';
import type { CommunityEventType, CommunityFacts, CommunityInfo, Facts, RecordOf } from './types';

/** Community records that carry an occurredAt instant. */
const OCCURRED_AT_TYPES = [
  'AwarenessSurveyCompleted',
  'FireIncidentReported',
  'HazardIdentified',
  'InjuryCaseReported',
  'ProductionAccidentReported',
  'PublicSecurityCaseRecorded',
  'SafetyActivityHeld',
  'TrafficCrashReported',
  'TransportAccidentReported',
] as const satisfies readonly CommunityEventType[];

/** A region is a code prefix; "" is the whole country. */
export function isInRegion(communityCode: string, regionCode: string): boolean {
  return communityCode.startsWith(regionCode);
}

export function communitiesInRegion(facts: Facts, regionCode: string): CommunityFacts[] {
  return [...facts.communities.values()]
    .filter((community) => isInRegion(community.code, regionCode))
    .sort((a, b) => compareStrings(a.code, b.code));
}

/** The latest-received current CommunityRegistered naming the code (one bureau may re-register). */
export function currentRegistration(community: CommunityFacts | undefined): RecordOf<'CommunityRegistered'> | undefined {
  return community ? latestBy(community.records.CommunityRegistered, () => 0) : undefined;
}

export function communityInfo(code: string, community: CommunityFacts | undefined): CommunityInfo {
  const registration = currentRegistration(community)?.current;
  return {
    code,
    name: registration?.name ?? null,
    type: registration?.communityType ?? null,
    population: registration?.population ?? null,
  };
}

/**
 * The community's first year: the year of registeredOn, else the year of the
 * earliest date of any counted record naming it; undefined when nothing names it.
 */
export function firstYear(community: CommunityFacts | undefined, clock: QueryClock): number | undefined {
  if (!community) return undefined;
  const registration = currentRegistration(community);
  if (registration) return yearOfDate(registration.current.registeredOn);
  if (community.firstYearHint !== undefined) return community.firstYearHint;
  // Dated records compare as local dates; instants are compared first and converted once.
  const dates: string[] = [
    ...community.records.CommunityDesignated.map((r) => r.current.designatedOn),
    ...community.records.DesignationRevoked.map((r) => r.current.revokedOn),
    ...community.records.DesignationEvaluated.map((r) => r.current.evaluatedOn),
    ...community.records.PromotionProjectRegistered.map((r) => r.current.startedOn),
  ];
  let earliestMs = Number.POSITIVE_INFINITY;
  let earliestInstant: string | undefined;
  for (const type of OCCURRED_AT_TYPES) {
    for (const { current } of community.records[type]) {
      const ms = instantMs(current.occurredAt);
      if (ms < earliestMs) {
        earliestMs = ms;
        earliestInstant = current.occurredAt;
      }
    }
  }
  if (earliestInstant !== undefined) dates.push(clock.localDate(earliestInstant));
  if (dates.length === 0) return undefined;
  return yearOfDate(dates.reduce((a, b) => (b < a ? b : a)));
}
