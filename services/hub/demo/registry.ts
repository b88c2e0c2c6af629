// The programme's register (安全社区): community registrations with one later population
// update, and the designation story: evaluations before every designation, one
// designation due for re-evaluation, one expired, one revoked after the park's LARGER
// accident, one NATIONAL.

import type { CommunityDesignatedBody, DesignationEvaluatedBody } from '../../kernel/events.generated';
import { addYears, dateOfDay, dayOfYmd, yearOfDay } from './calendar';
import { deliveredOnDay, joinedDay, type DemoContext } from './context';
import { communityByCode, POPULATION_UPDATE } from './district';
import type { Rng } from './prng';
import type { Sink } from './sink';
import { REVOCATION_REASON } from './texts';

type Level = CommunityDesignatedBody['level'];
type Result = DesignationEvaluatedBody['result'];

/** Delivery of a register entry dated `day`: that day in office hours, or now if that is still ahead. */
function registerAt(ctx: DemoContext, rng: Rng, day: number): number {
  return deliveredOnDay(ctx, rng, day) ?? ctx.nowMs;
}

export function generateRegistrations(ctx: DemoContext, rng: Rng, sink: Sink): void {
  for (const c of ctx.communities) {
    const registeredOn = joinedDay(ctx, c);
    sink.add('safety', {
      type: 'CommunityRegistered',
      sourceRecordId: `AJ-SQ-${c.code}`,
      revision: 1,
      communityCode: c.code,
      name: c.name,
      communityType: c.type,
      population: c.population,
      registeredOn: dateOfDay(registeredOn),
    }, registerAt(ctx, rng, registeredOn));
  }
  const updated = communityByCode(POPULATION_UPDATE.code);
  sink.add('safety', {
    type: 'CommunityRegistered',
    sourceRecordId: `AJ-SQ-${updated.code}`,
    revision: 2,
    communityCode: updated.code,
    name: updated.name,
    communityType: updated.type,
    population: POPULATION_UPDATE.population,
    registeredOn: dateOfDay(joinedDay(ctx, updated)),
  }, registerAt(ctx, rng, dayOfYmd(ctx.years[1], 3, 16)));
}

interface DesignationStep {
  code: string;
  evaluations: { day: number; level: Level; result: Result }[];
  designation?: { day: number; level: Level; years: 3 | 5 };
  revokedOn?: number;
}

function designationStory(ctx: DemoContext): DesignationStep[] {
  const [y0, y1] = ctx.years;
  const dueUntil = ctx.today + 120;
  const dueFrom = addYears(dueUntil, -5);
  const expiredUntil = ctx.today - 50;
  const expiredFrom = addYears(expiredUntil, -3);
  return [
    // Provincial, five years, due for re-evaluation within 180 days.
    { code: '610902001', evaluations: [{ day: dueFrom - 41, level: 'PROVINCIAL', result: 'PASS' }], designation: { day: dueFrom, level: 'PROVINCIAL', years: 5 } },
    // Provincial long ago, national last year.
    { code: '610902002', evaluations: [{ day: dayOfYmd(y0 - 4, 10, 9), level: 'PROVINCIAL', result: 'PASS' }], designation: { day: dayOfYmd(y0 - 4, 11, 20), level: 'PROVINCIAL', years: 5 } },
    { code: '610902002', evaluations: [{ day: dayOfYmd(y1, 9, 12), level: 'NATIONAL', result: 'PASS' }], designation: { day: dayOfYmd(y1, 11, 8), level: 'NATIONAL', years: 5 } },
    // City, three years, expired 50 days ago; the re-evaluation asked for rectification.
    { code: '610902003', evaluations: [{ day: expiredFrom - 35, level: 'CITY', result: 'PASS' }], designation: { day: expiredFrom, level: 'CITY', years: 3 } },
    { code: '610902003', evaluations: [{ day: ctx.today - 20, level: 'CITY', result: 'RECTIFY' }] },
    // Rectify, then pass, then city designation.
    {
      code: '610902004',
      evaluations: [{ day: dayOfYmd(y1, 4, 18), level: 'CITY', result: 'RECTIFY' }, { day: dayOfYmd(y1, 6, 6), level: 'CITY', result: 'PASS' }],
      designation: { day: dayOfYmd(y1, 7, 1), level: 'CITY', years: 3 },
    },
    // Failed its city evaluation.
    { code: '610902100', evaluations: [{ day: dayOfYmd(y1, 10, 24), level: 'CITY', result: 'FAIL' }] },
    { code: '610902104', evaluations: [{ day: dayOfYmd(y0, 11, 15), level: 'CITY', result: 'PASS' }], designation: { day: dayOfYmd(y0, 12, 10), level: 'CITY', years: 3 } },
    { code: '610902107', evaluations: [{ day: dayOfYmd(y1, 5, 21), level: 'PROVINCIAL', result: 'PASS' }], designation: { day: dayOfYmd(y1, 6, 18), level: 'PROVINCIAL', years: 5 } },
    // The industrial park: designated, then revoked after last May's LARGER accident.
    {
      code: '610902111',
      evaluations: [{ day: dayOfYmd(y0, 2, 22), level: 'CITY', result: 'PASS' }],
      designation: { day: dayOfYmd(y0, 3, 20), level: 'CITY', years: 3 },
      revokedOn: dayOfYmd(y1, 8, 26),
    },
  ];
}

function scoreFor(rng: Rng, result: Result): { score: number; zeroIndicators: number } {
  const [lo, hi, zlo, zhi] = result === 'PASS' ? [82, 95, 0, 1] : result === 'RECTIFY' ? [70, 80, 1, 3] : [52, 66, 4, 6];
  return { score: Math.round(rng.range(lo, hi) * 10) / 10, zeroIndicators: rng.int(zlo, zhi) };
}

export function generateDesignations(ctx: DemoContext, rng: Rng, sink: Sink): void {
  for (const step of designationStory(ctx)) {
    for (const e of step.evaluations) {
      if (e.day > ctx.today) continue;
      sink.add('safety', {
        type: 'DesignationEvaluated',
        sourceRecordId: sink.nextId('AJ-PD', yearOfDay(e.day)),
        revision: 1,
        communityCode: step.code,
        level: e.level,
        evaluatedOn: dateOfDay(e.day),
        maxScore: 100,
        result: e.result,
        ...scoreFor(rng, e.result),
      }, registerAt(ctx, rng, e.day));
    }
    const d = step.designation;
    if (d) {
      sink.add('safety', {
        type: 'CommunityDesignated',
        sourceRecordId: sink.nextId('AJ-MC', yearOfDay(d.day)),
        revision: 1,
        communityCode: step.code,
        level: d.level,
        designatedOn: dateOfDay(d.day),
        validUntil: dateOfDay(addYears(d.day, d.years)),
      }, registerAt(ctx, rng, d.day + 2));
      if (step.revokedOn !== undefined) {
        sink.add('safety', {
          type: 'DesignationRevoked',
          sourceRecordId: sink.nextId('AJ-CX', yearOfDay(step.revokedOn)),
          revision: 1,
          communityCode: step.code,
          level: d.level,
          revokedOn: dateOfDay(step.revokedOn),
          reason: REVOCATION_REASON,
        }, registerAt(ctx, rng, step.revokedOn));
      }
    }
  }
}
