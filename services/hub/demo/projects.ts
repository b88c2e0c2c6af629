// 安全促进项目: about twenty promotion projects per community across the 12 domains
// (narrow communities cover five or six), with their evaluations: ONGOING mid-way,
// COMPLETED after the planned end, a few DISCONTINUED, some never evaluated.

import type { PromotionProjectEvaluatedBody, PromotionProjectRegisteredBody } from '../../kernel/events.generated';
import { dateOfDay, MINUTE_MS, yearOfDay } from './calendar';
import { deliveredOnDay, joinedDay, type DemoContext } from './context';
import type { DemoCommunity } from './district';
import type { Rng, Weights } from './prng';
import type { Sink } from './sink';
import { effectSummary, projectName } from './texts';

type Domain = PromotionProjectRegisteredBody['domain'];
type Group = PromotionProjectRegisteredBody['targetGroups'][number];
type Status = PromotionProjectEvaluatedBody['status'];

export const DOMAINS: readonly Domain[] = [
  'TRAFFIC', 'FIRE', 'WORKPLACE', 'HOME', 'ELDERLY', 'CHILDREN', 'SCHOOL', 'PUBLIC_PLACE', 'SPORTS', 'WATER', 'PUBLIC_SECURITY', 'DISASTER_ENVIRONMENT',
];

const TARGETS: Record<Domain, readonly (readonly Group[])[]> = {
  TRAFFIC: [['GENERAL'], ['STUDENTS'], ['ELDERLY', 'GENERAL'], ['STUDENTS', 'CHILDREN']],
  FIRE: [['GENERAL'], ['ELDERLY'], ['GENERAL', 'ELDERLY']],
  WORKPLACE: [['WORKERS'], ['WORKERS', 'MIGRANT_WORKERS'], ['MIGRANT_WORKERS']],
  HOME: [['GENERAL'], ['ELDERLY', 'CHILDREN'], ['CHILDREN']],
  ELDERLY: [['ELDERLY'], ['ELDERLY', 'DISABLED']],
  CHILDREN: [['CHILDREN'], ['CHILDREN', 'STUDENTS']],
  SCHOOL: [['STUDENTS'], ['STUDENTS', 'CHILDREN']],
  PUBLIC_PLACE: [['GENERAL']],
  SPORTS: [['GENERAL'], ['STUDENTS', 'GENERAL']],
  WATER: [['CHILDREN', 'STUDENTS'], ['GENERAL']],
  PUBLIC_SECURITY: [['ELDERLY', 'GENERAL'], ['GENERAL']],
  DISASTER_ENVIRONMENT: [['GENERAL'], ['GENERAL', 'DISABLED']],
};

const DOMAIN_WEIGHT: Partial<Record<Domain, number>> = { TRAFFIC: 3, FIRE: 3, ELDERLY: 2, WORKPLACE: 2, HOME: 1.5, CHILDREN: 1.5, SCHOOL: 1.5 };

function domainsFor(rng: Rng, c: DemoCommunity): Domain[] {
  const pool = c.childrenProjects ? DOMAINS : DOMAINS.filter((d) => d !== 'CHILDREN' && d !== 'SCHOOL');
  const required: Domain[] = c.childrenProjects ? ['ELDERLY', 'CHILDREN'] : ['ELDERLY'];
  const count = c.projectBreadth === 'BROAD' ? rng.int(9, 12) : rng.int(5, 6);
  const rest = rng.sample(pool.filter((d) => !required.includes(d)), count - required.length);
  return [...required, ...rest];
}

function targetsFor(rng: Rng, c: DemoCommunity, domain: Domain): Group[] {
  const options = TARGETS[domain].filter((g) => c.childrenProjects || !g.includes('CHILDREN'));
  return [...(options.length > 0 ? rng.pick(options) : (['GENERAL'] as const))];
}

const DURATIONS = [182, 365, 365, 730, 1095];

interface Evaluation {
  day: number;
  status: Status;
}

function evaluationsFor(rng: Rng, ctx: DemoContext, startedOn: number, plannedEndOn: number, discontinue: boolean): Evaluation[] {
  if (discontinue) return [{ day: Math.min(ctx.today, startedOn + rng.int(120, 180)), status: 'DISCONTINUED' }];
  if (startedOn > ctx.today - 90 || rng.chance(0.1)) return [];
  const evaluations: Evaluation[] = [];
  // Progress reviews: the first after three to six months, then yearly until the planned end.
  for (let day = startedOn + rng.int(90, 180); day < plannedEndOn && day <= ctx.today; day += rng.int(330, 400)) {
    if (rng.chance(0.02)) return [...evaluations, { day, status: 'DISCONTINUED' }];
    evaluations.push({ day, status: 'ONGOING' });
  }
  const end = plannedEndOn + rng.int(10, 45);
  if (end <= ctx.today) {
    evaluations.push({ day: end, status: rng.weighted<Status>([['COMPLETED', 86], ['ONGOING', 10], ['DISCONTINUED', 4]]) });
  }
  return evaluations;
}

/** The community whose first project was discontinued, whatever chance says. */
const DISCONTINUED_STORY = '610902003';

export function generateProjects(ctx: DemoContext, rng: Rng, sink: Sink): void {
  for (const c of ctx.communities) {
    const domains = domainsFor(rng, c);
    const count = c.projectBreadth === 'BROAD' ? rng.int(17, 24) : rng.int(10, 14);
    const weights: Weights<Domain> = domains.map((d) => [d, DOMAIN_WEIGHT[d] ?? 1] as const);
    const earliest = Math.max(joinedDay(ctx, c) + 30, ctx.firstDay - 365);
    const plans = Array.from({ length: count }, (_, i) => ({
      domain: i < domains.length ? (domains[i] as Domain) : rng.weighted(weights),
      startedOn: rng.int(earliest, ctx.today - 20),
    })).sort((a, b) => a.startedOn - b.startedOn);

    plans.forEach((plan, index) => {
      const plannedEndOn = plan.startedOn + rng.pick(DURATIONS) - 1;
      const projectRecordId = sink.nextId('AJ-XM', yearOfDay(plan.startedOn));
      const registeredAt = deliveredOnDay(ctx, rng, plan.startedOn - rng.int(0, 10)) ?? ctx.nowMs;
      const project: PromotionProjectRegisteredBody = {
        type: 'PromotionProjectRegistered',
        sourceRecordId: projectRecordId,
        revision: 1,
        communityCode: c.code,
        name: projectName(rng, c.name, yearOfDay(plan.startedOn), plan.domain),
        domain: plan.domain,
        targetGroups: targetsFor(rng, c, plan.domain),
        startedOn: dateOfDay(plan.startedOn),
        plannedEndOn: dateOfDay(plannedEndOn),
      };
      const registered = sink.add('safety', project, registeredAt);
      const discontinue = c.code === DISCONTINUED_STORY && index === 0;
      for (const evaluation of evaluationsFor(rng, ctx, plan.startedOn, plannedEndOn, discontinue)) {
        const at = deliveredOnDay(ctx, rng, evaluation.day);
        const after = at === null ? null : Math.max(at, registered.receivedAtMs + 60 * MINUTE_MS);
        if (after === null || after > ctx.nowMs) continue;
        sink.add('safety', evaluationBody(rng, sink, projectRecordId, evaluation), after);
      }
    });
  }
}

function evaluationBody(rng: Rng, sink: Sink, projectRecordId: string, e: Evaluation): PromotionProjectEvaluatedBody {
  return {
    type: 'PromotionProjectEvaluated',
    sourceRecordId: sink.nextId('AJ-PG', yearOfDay(e.day)),
    revision: 1,
    projectRecordId,
    evaluatedOn: dateOfDay(e.day),
    status: e.status,
    effectSummary: effectSummary(rng, e.status),
  };
}
