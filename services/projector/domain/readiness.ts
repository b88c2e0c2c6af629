/**
 * Readiness against the six ISCCC indicators (docs/api/committee.md#community-overview), with evidence drawn
 * from exchanged data. Thresholds are configurable per deployment.
 */
import { AGENCIES } from '../../kernel/agency';
import { addMonthsToInstant, instantMs, monthOfDate } from '../../kernel/time';
import { hasSurveyInYear } from './awareness';
import type { QueryClock } from './clock';
import { PROJECT_DOMAINS, type TargetGroup } from './enums';
import { injuryCaseMonths } from './injuries';
import { domainsCovered, projectStatus } from './projects';
import type { CommunityFacts, Readiness, ReadinessIndicator, ReadinessThresholds } from './types';

export const DEFAULT_READINESS: Readonly<ReadinessThresholds> = Object.freeze({
  governanceAgencies: 4,
  governanceWindowMonths: 12,
  surveillanceMonths: 10,
  comprehensiveDomains: 8,
  evaluatedProjectsShare: 0.5,
});

const REQUIRED_GROUPS: readonly TargetGroup[] = ['ELDERLY', 'CHILDREN'];

function governance(community: CommunityFacts | undefined, clock: QueryClock, t: ReadinessThresholds): ReadinessIndicator {
  const windowStartMs = addMonthsToInstant(clock.asOf, -t.governanceWindowMonths).getTime();
  const latest = community?.latestReceivedAtByAgency ?? {};
  const publishing = AGENCIES.filter((agency) => {
    const at = latest[agency];
    if (at === undefined) return false;
    const ms = instantMs(at);
    return ms > windowStartMs && ms <= clock.asOfMs;
  });
  const names = publishing.length > 0 ? ` (${publishing.join(', ')})` : '';
  return {
    id: 'GOVERNANCE',
    met: publishing.length >= t.governanceAgencies,
    evidence:
      `${publishing.length} of ${AGENCIES.length} bureaus published data for the community ` +
      `in the ${t.governanceWindowMonths} months before asOf${names}; required ${t.governanceAgencies}`,
  };
}

function surveillance(
  community: CommunityFacts | undefined,
  year: number,
  clock: QueryClock,
  t: ReadinessThresholds,
): ReadinessIndicator {
  const months = injuryCaseMonths(community, year, clock).size;
  // In the current year the requirement is pro rata of the months begun, rounded down.
  const elapsedMonths = year < clock.asOfYear ? 12 : year === clock.asOfYear ? monthOfDate(clock.asOfDate) : 0;
  const required = Math.floor((elapsedMonths * t.surveillanceMonths) / 12);
  const span = elapsedMonths === 12 ? `12 months of ${year}` : `the ${elapsedMonths} months of ${year} elapsed`;
  return {
    id: 'SURVEILLANCE',
    met: months >= required,
    evidence: `Injury cases reported in ${months} of ${span}; required ${required}`,
  };
}

function comprehensive(community: CommunityFacts | undefined, t: ReadinessThresholds): ReadinessIndicator {
  const covered = domainsCovered(community?.projects ?? []).length;
  return {
    id: 'COMPREHENSIVE',
    met: covered >= t.comprehensiveDomains,
    evidence: `Promotion projects cover ${covered} of ${PROJECT_DOMAINS.length} domains; required ${t.comprehensiveDomains}`,
  };
}

function vulnerableGroups(community: CommunityFacts | undefined): ReadinessIndicator {
  const targeted = new Set<TargetGroup>();
  for (const project of community?.projects ?? []) {
    if (projectStatus(project) === 'DISCONTINUED') continue; // active or completed only
    for (const group of project.project.current.targetGroups) targeted.add(group);
  }
  const found = REQUIRED_GROUPS.map((group) => `${group} ${targeted.has(group) ? 'yes' : 'no'}`);
  return {
    id: 'VULNERABLE_GROUPS',
    met: REQUIRED_GROUPS.every((group) => targeted.has(group)),
    evidence: `Active or completed projects targeting ${found.join(', ')}; required ${REQUIRED_GROUPS.join(' and ')}`,
  };
}

function evaluation(
  community: CommunityFacts | undefined,
  year: number,
  clock: QueryClock,
  t: ReadinessThresholds,
): ReadinessIndicator {
  const surveyed = hasSurveyInYear(community, year, clock);
  const projects = community?.projects ?? [];
  const evaluated = projects.filter((project) => project.evaluations.length > 0).length;
  // With no project there is nothing evaluated to show, so the share is not met.
  const shareMet = projects.length > 0 && evaluated / projects.length >= t.evaluatedProjectsShare;
  return {
    id: 'EVALUATION',
    met: surveyed && shareMet,
    evidence:
      `${surveyed ? 'An' : 'No'} awareness survey in ${year}; ${evaluated} of ${projects.length} projects evaluated; ` +
      `required a survey and ${Math.round(t.evaluatedProjectsShare * 100)}% of projects evaluated`,
  };
}

function networking(): ReadinessIndicator {
  return {
    id: 'NETWORKING',
    met: null,
    evidence: 'Not derivable from exchanged data: networking with other safe communities is assessed by the committee',
  };
}

export function readiness(
  community: CommunityFacts | undefined,
  year: number,
  clock: QueryClock,
  thresholds: ReadinessThresholds,
): Readiness {
  const indicators = [
    governance(community, clock, thresholds),
    surveillance(community, year, clock, thresholds),
    comprehensive(community, thresholds),
    vulnerableGroups(community),
    evaluation(community, year, clock, thresholds),
    networking(),
  ];
  return { indicators, met: indicators.filter((i) => i.met === true).length, total: indicators.length };
}
