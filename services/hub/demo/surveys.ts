// 知晓率调查: one survey per community a year (once it has joined the programme) covering
// every item; awareness rises year on year as the promotion work takes hold.

import type { AwarenessSurveyCompletedBody } from '../../kernel/events.generated';
import { dayOfYmd, formatCst } from './calendar';
import { daySpan, deliveredAfter, HOURS, instantOnOrBeforeNow, joinedDay, type DemoContext } from './context';
import type { DemoCommunity } from './district';
import type { Rng } from './prng';
import type { Sink } from './sink';

type Item = AwarenessSurveyCompletedBody['item'];

const ITEM_BASE: readonly (readonly [Item, number])[] = [
  ['EMERGENCY_NUMBERS', 76], ['FIRE_SAFETY', 68], ['TRAFFIC_RULES', 70], ['EARTHQUAKE_SAFETY', 55],
  ['ELECTRICITY_GAS_SAFETY', 62], ['DROWNING_PREVENTION', 64], ['OVERALL', 66],
];

function communityOffset(c: DemoCommunity): number {
  return c.type === 'URBAN_STREET' ? 4 : c.type === 'RURAL_TOWNSHIP' ? -4 : 0;
}

function surveyDay(ctx: DemoContext, rng: Rng, year: number): number {
  if (year < ctx.currentYear) return dayOfYmd(year, 10, 10) + rng.int(0, 40);
  const { from, to } = daySpan(ctx, year);
  return from + Math.floor((to - from) * rng.range(0.35, 0.6));
}

export function generateSurveys(ctx: DemoContext, rng: Rng, sink: Sink): void {
  for (const c of ctx.communities) {
    const rates = ITEM_BASE.map(([item, base]) => [item, Math.min(84, base + communityOffset(c) + rng.range(-4, 4))] as [Item, number]);
    ctx.years.forEach((year, k) => {
      const day = surveyDay(ctx, rng, year);
      if (day < joinedDay(ctx, c)) return;
      const occMs = instantOnOrBeforeNow(ctx, rng, day, HOURS.work);
      const respondents = rng.int(300, 600);
      const deliveredAt = deliveredAfter(ctx, rng, occMs, 3 * 24 * 60, 15 * 24 * 60);
      for (const entry of rates) {
        if (k > 0) entry[1] = Math.min(98.5, entry[1] + rng.range(4, 7.5));
        const [item, ratePct] = entry;
        const body: AwarenessSurveyCompletedBody = {
          type: 'AwarenessSurveyCompleted',
          sourceRecordId: sink.nextId('AJ-DC', year),
          revision: 1,
          communityCode: c.code,
          occurredAt: formatCst(occMs),
          item,
          respondents,
          aware: Math.min(respondents, Math.round((respondents * ratePct) / 100)),
        };
        sink.add('safety', body, deliveredAt);
      }
    });
  }
}
