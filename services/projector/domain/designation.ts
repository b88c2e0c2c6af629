/**
 * Designation (docs/api/committee.md#community-overview, docs/architecture.md): the latest of CommunityDesignated
 * and DesignationRevoked by their own dates (designatedOn / revokedOn), ties by
 * receipt. EXPIRED when validUntil is before the asOf date; re-evaluation is due when
 * DESIGNATED and validUntil is at most 180 days after the asOf date.
 */
import { daysBetween } from '../../kernel/time';
import { queryClock, type QueryClock } from './clock';
import { communitiesInRegion, currentRegistration } from './community';
import { compareReceived, compareStrings, latestBy } from './ordering';
import type {
  CommunityFacts,
  DesignationFigure,
  DesignationRow,
  Facts,
  LastEvaluation,
  RecordOf,
  RegionListParams,
} from './types';

export const RE_EVALUATION_WINDOW_DAYS = 180;

type DesignationDecision = RecordOf<'CommunityDesignated'> | RecordOf<'DesignationRevoked'>;

function decisionDate(record: DesignationDecision): string {
  return record.type === 'CommunityDesignated'
    ? (record as RecordOf<'CommunityDesignated'>).current.designatedOn
    : (record as RecordOf<'DesignationRevoked'>).current.revokedOn;
}

/** Whether a precedes b in the designation order (own date, then receipt). */
function precedes(a: DesignationDecision, b: DesignationDecision): boolean {
  const byDate = compareStrings(decisionDate(a), decisionDate(b));
  return byDate < 0 || (byDate === 0 && compareReceived(a, b) < 0);
}

export function lastEvaluation(community: CommunityFacts | undefined): LastEvaluation | null {
  const latest = latestBy(community?.records.DesignationEvaluated ?? [], (e) => e.current.evaluatedOn);
  if (!latest) return null;
  const { level, evaluatedOn, score, maxScore, zeroIndicators, result } = latest.current;
  return { level, evaluatedOn, score, maxScore, zeroIndicators, result };
}

export function designationFigure(community: CommunityFacts | undefined, clock: QueryClock): DesignationFigure {
  const designations = community?.records.CommunityDesignated ?? [];
  const decisions: DesignationDecision[] = [...designations, ...(community?.records.DesignationRevoked ?? [])];
  const latest = latestBy(decisions, decisionDate);
  const evaluation = lastEvaluation(community);
  if (!latest) {
    return { level: null, status: 'NONE', designatedOn: null, validUntil: null, reEvaluationDue: false, lastEvaluation: evaluation };
  }
  if (latest.type === 'DesignationRevoked') {
    // Show what was revoked: the latest earlier designation at the revoked level, if any.
    const revocation = latest as RecordOf<'DesignationRevoked'>;
    const revoked = latestBy(
      designations.filter((d) => d.current.level === revocation.current.level && precedes(d, revocation)),
      decisionDate,
    );
    return {
      level: revocation.current.level,
      status: 'REVOKED',
      designatedOn: revoked?.current.designatedOn ?? null,
      validUntil: revoked?.current.validUntil ?? null,
      reEvaluationDue: false,
      lastEvaluation: evaluation,
    };
  }
  const { level, designatedOn, validUntil } = (latest as RecordOf<'CommunityDesignated'>).current;
  const expired = validUntil < clock.asOfDate;
  return {
    level,
    status: expired ? 'EXPIRED' : 'DESIGNATED',
    designatedOn,
    validUntil,
    reEvaluationDue: !expired && daysBetween(clock.asOfDate, validUntil) <= RE_EVALUATION_WINDOW_DAYS,
    lastEvaluation: evaluation,
  };
}

/** Communities of the region that have a designation or revocation, sorted by code. */
export function designationRows(facts: Facts, { regionCode, asOf, timeZone }: RegionListParams): DesignationRow[] {
  const clock = queryClock(asOf, timeZone);
  const rows: DesignationRow[] = [];
  for (const community of communitiesInRegion(facts, regionCode)) {
    const figure = designationFigure(community, clock);
    if (figure.status === 'NONE') continue;
    rows.push({
      communityCode: community.code,
      name: currentRegistration(community)?.current.name ?? null,
      level: figure.level,
      status: figure.status,
      designatedOn: figure.designatedOn,
      validUntil: figure.validUntil,
      reEvaluationDue: figure.reEvaluationDue,
    });
  }
  return rows;
}
