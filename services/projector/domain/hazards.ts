/**
 * Hazards and their rectification (docs/architecture.md): the effective deadline is
 * the latest of the hazard's own and its extensions'; a hazard is rectified once any
 * counted HazardRectified points to it; overdue when not rectified and the deadline
 * is before the asOf local date.
 */
import { percentOneDecimal } from '../../kernel/round';
import { daysBetween } from '../../kernel/time';
import { queryClock, type QueryClock } from './clock';
import { communitiesInRegion, currentRegistration } from './community';
import { compareStrings } from './ordering';
import type {
  CommunityFacts,
  Facts,
  HazardFacts,
  HazardRow,
  HazardRowsParams,
  HazardStatus,
  HazardStatusFilter,
  HazardSummary,
} from './types';

export interface HazardState {
  identifiedOn: string;
  rectifyBy: string;
  rectifiedOn: string | null;
  status: HazardStatus;
  overdueDays: number;
}

export function hazardState({ hazard, extensions, rectifications }: HazardFacts, clock: QueryClock): HazardState {
  // An extension that is not later than the current deadline changes nothing.
  let rectifyBy = hazard.current.rectifyBy;
  for (const { current } of extensions) if (current.rectifyBy > rectifyBy) rectifyBy = current.rectifyBy;

  let rectifiedOn: string | null = null;
  for (const { current } of rectifications) {
    if (rectifiedOn === null || current.rectifiedOn > rectifiedOn) rectifiedOn = current.rectifiedOn;
  }

  const overdue = rectifiedOn === null && rectifyBy < clock.asOfDate;
  return {
    identifiedOn: clock.localDate(hazard.current.occurredAt),
    rectifyBy,
    rectifiedOn,
    status: rectifiedOn !== null ? 'RECTIFIED' : overdue ? 'OVERDUE' : 'OPEN',
    overdueDays: overdue ? daysBetween(rectifyBy, clock.asOfDate) : 0,
  };
}

/** The hazards block of 5.1 / 5.2: hazards identified in the year, as they stand at asOf. */
export function hazardSummary(communities: readonly CommunityFacts[], year: number, clock: QueryClock): HazardSummary {
  const summary = { identified: 0, rectified: 0, open: 0, overdue: 0, majorOpen: 0 };
  for (const community of communities) {
    for (const facts of community.hazards) {
      if (clock.localYear(facts.hazard.current.occurredAt) !== year) continue;
      const { status } = hazardState(facts, clock);
      summary.identified += 1;
      if (status === 'RECTIFIED') {
        summary.rectified += 1;
        continue;
      }
      summary.open += 1; // open includes overdue
      if (status === 'OVERDUE') summary.overdue += 1;
      if (facts.hazard.current.level === 'MAJOR') summary.majorOpen += 1;
    }
  }
  return { ...summary, rectificationRatePct: percentOneDecimal(summary.rectified, summary.identified) };
}

function matchesFilter(status: HazardStatus, filter: HazardStatusFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'open':
      return status !== 'RECTIFIED'; // open includes overdue
    case 'overdue':
      return status === 'OVERDUE';
    case 'rectified':
      return status === 'RECTIFIED';
  }
}

/** The hazards list (every year), sorted by community, identifiedOn, agency, hazardRecordId. */
export function hazardRows(facts: Facts, { regionCode, status, asOf, timeZone }: HazardRowsParams): HazardRow[] {
  const clock = queryClock(asOf, timeZone);
  const rows: HazardRow[] = [];
  for (const community of communitiesInRegion(facts, regionCode)) {
    for (const hazardFacts of community.hazards) {
      const state = hazardState(hazardFacts, clock);
      if (!matchesFilter(state.status, status)) continue;
      const { hazard } = hazardFacts;
      rows.push({
        agency: hazard.agency,
        hazardRecordId: hazard.sourceRecordId,
        communityCode: community.code,
        communityName: currentRegistration(community)?.current.name ?? null,
        sector: hazard.current.sector,
        level: hazard.current.level,
        description: hazard.current.description,
        identifiedOn: state.identifiedOn,
        rectifyBy: state.rectifyBy,
        rectifiedOn: state.rectifiedOn,
        status: state.status,
        overdueDays: state.overdueDays,
      });
    }
  }
  return rows.sort(
    (a, b) =>
      compareStrings(a.communityCode, b.communityCode) ||
      compareStrings(a.identifiedOn, b.identifiedOn) ||
      compareStrings(a.agency, b.agency) ||
      compareStrings(a.hazardRecordId, b.hazardRecordId),
  );
}
