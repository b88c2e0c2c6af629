/**
 * Safety promotion projects (docs/api/committee.md#community-overview): every counted project registered for
 * the community, any year, with its latest evaluation (by evaluatedOn, ties by
 * receipt). A project without an evaluation is active.
 *
 * Coverage (domainsCovered, vulnerableGroupsCovered) counts every counted project,
 * whatever its status: it shows what the programme has addressed.
 */
import type { PromotionProjectEvaluatedBody } from '../../kernel/events.generated';
import type { ProjectDomain, TargetGroup } from './enums';
import { compareStrings, latestBy } from './ordering';
import type { CommunityFacts, ProjectFacts, PromotionProjects, RecordOf } from './types';

export type ProjectStatus = PromotionProjectEvaluatedBody['status'];

/** Target groups that are vulnerable groups; GENERAL (the general public) is not one. */
const VULNERABLE: Record<TargetGroup, boolean> = {
  ELDERLY: true,
  CHILDREN: true,
  STUDENTS: true,
  DISABLED: true,
  WORKERS: true,
  MIGRANT_WORKERS: true,
  GENERAL: false,
};

export function latestEvaluation(project: ProjectFacts): RecordOf<'PromotionProjectEvaluated'> | undefined {
  return latestBy(project.evaluations, (evaluation) => evaluation.current.evaluatedOn);
}

/** The latest evaluation's status; ONGOING when never evaluated. */
export function projectStatus(project: ProjectFacts): ProjectStatus {
  return latestEvaluation(project)?.current.status ?? 'ONGOING';
}

export function isActive(project: ProjectFacts): boolean {
  const status = projectStatus(project);
  return status !== 'COMPLETED' && status !== 'DISCONTINUED';
}

export function domainsCovered(projects: readonly ProjectFacts[]): ProjectDomain[] {
  return [...new Set(projects.map(({ project }) => project.current.domain))].sort(compareStrings);
}

export function promotionProjects(community: CommunityFacts | undefined): PromotionProjects {
  const projects = community?.projects ?? [];
  const groups = new Set<TargetGroup>();
  for (const { project } of projects) {
    for (const group of project.current.targetGroups) if (VULNERABLE[group]) groups.add(group);
  }
  return {
    total: projects.length,
    active: projects.filter(isActive).length,
    completed: projects.filter((project) => projectStatus(project) === 'COMPLETED').length,
    domainsCovered: domainsCovered(projects),
    vulnerableGroupsCovered: [...groups].sort(compareStrings),
  };
}
