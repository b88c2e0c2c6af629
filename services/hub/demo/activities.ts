// 宣传、培训、演练、健康服务: safety activities of all five bureaus, with the seasonal
// peaks of the Chinese safety calendar (安全生产月 in June, 全国消防日 on 9 November,
// summer drowning prevention).

import type { Agency } from '../../kernel/agency';
import type { SafetyActivityHeldBody } from '../../kernel/events.generated';
import { formatCst, yearOfDay } from './calendar';
import { deliveredAfter, eventDays, HOURS, instantOn, type DemoContext } from './context';
import type { DemoCommunity } from './district';
import type { Rng, Weights } from './prng';
import type { Sink } from './sink';

type Kind = SafetyActivityHeldBody['kind'];
type Domain = SafetyActivityHeldBody['domain'];
type Combo = readonly [Kind, Domain];

interface AgencyActivities {
  prefix: string;
  rate: number;
  months: readonly number[];
  combos(c: DemoCommunity): Weights<Combo>;
}

const ACTIVITIES: Record<Agency, AgencyActivities> = {
  police: {
    prefix: 'GA-HD',
    rate: 18,
    months: [0.8, 0.8, 1, 1, 1, 1, 1, 1, 1.3, 1, 1, 1.1],
    combos: () => [
      [['PUBLICITY', 'TRAFFIC'], 30], [['PUBLICITY', 'PUBLIC_SECURITY'], 30], [['PUBLICITY', 'SCHOOL'], 10], [['TRAINING', 'TRAFFIC'], 10],
      [['TRAINING', 'PUBLIC_SECURITY'], 8], [['DRILL', 'SCHOOL'], 6], [['PUBLICITY', 'ELDERLY'], 6],
    ],
  },
  fire: {
    prefix: 'XF-HD',
    rate: 18,
    months: [1, 0.8, 1, 0.9, 0.9, 1, 0.8, 0.8, 1, 1, 2.4, 1.2],
    combos: () => [
      [['PUBLICITY', 'FIRE'], 30], [['TRAINING', 'FIRE'], 25], [['DRILL', 'FIRE'], 25], [['DRILL', 'SCHOOL'], 8], [['PUBLICITY', 'HOME'], 6], [['TRAINING', 'PUBLIC_PLACE'], 6],
    ],
  },
  health: {
    prefix: 'WJ-HD',
    rate: 18,
    months: [0.8, 0.7, 1, 1, 1.1, 1.1, 1, 1, 1.1, 1.1, 1, 1],
    combos: () => [
      [['HEALTH_SERVICE', 'ELDERLY'], 30], [['HEALTH_SERVICE', 'CHILDREN'], 15], [['HEALTH_SERVICE', 'HOME'], 10], [['TRAINING', 'HOME'], 15],
      [['PUBLICITY', 'CHILDREN'], 10], [['PUBLICITY', 'SPORTS'], 8], [['HEALTH_SERVICE', 'WORKPLACE'], 6], [['TRAINING', 'SCHOOL'], 6],
    ],
  },
  transport: {
    prefix: 'JT-HD',
    rate: 8,
    months: [1.2, 1, 0.8, 0.8, 1, 1.3, 1.4, 1.4, 0.8, 1, 0.8, 1],
    combos: (c) => [
      [['PUBLICITY', 'TRAFFIC'], 45], [['TRAINING', 'TRAFFIC'], 20], [['PUBLICITY', 'WATER'], c.waterside ? 25 : 3], [['DRILL', 'WATER'], c.waterside ? 10 : 0],
    ],
  },
  safety: {
    prefix: 'AJ-HD',
    rate: 20,
    months: [0.6, 0.6, 1, 1, 1.3, 2.5, 1, 0.8, 0.9, 1, 0.9, 0.9],
    combos: (c) => [
      [['TRAINING', 'WORKPLACE'], c.type === 'INDUSTRIAL_PARK' ? 45 : 28], [['PUBLICITY', 'WORKPLACE'], 15], [['DRILL', 'DISASTER_ENVIRONMENT'], 15],
      [['PUBLICITY', 'DISASTER_ENVIRONMENT'], 10], [['PUBLICITY', 'PUBLIC_PLACE'], 8], [['DRILL', 'WORKPLACE'], 10], [['PUBLICITY', 'WATER'], c.waterside ? 8 : 2],
      [['PUBLICITY', 'SPORTS'], 3],
    ],
  },
};

function logUniform(rng: Rng, lo: number, hi: number): number {
  return Math.round(Math.exp(rng.range(Math.log(lo), Math.log(hi))));
}

function sizeOf(rng: Rng, kind: Kind): { participants: number; materialsDistributed: number } {
  switch (kind) {
    case 'PUBLICITY': {
      const participants = logUniform(rng, 60, 1500);
      return { participants, materialsDistributed: Math.round(participants * rng.range(0.5, 2)) };
    }
    case 'TRAINING': {
      const participants = logUniform(rng, 20, 150);
      return { participants, materialsDistributed: Math.round(participants * rng.range(0, 1.2)) };
    }
    case 'DRILL':
      return { participants: logUniform(rng, 40, 800), materialsDistributed: rng.chance(0.7) ? 0 : rng.int(20, 200) };
    case 'HEALTH_SERVICE': {
      const participants = logUniform(rng, 20, 300);
      return { participants, materialsDistributed: Math.round(participants * rng.range(0, 1)) };
    }
  }
}

export function generateActivities(ctx: DemoContext, rng: Rng, sink: Sink): void {
  for (const [agency, profile] of Object.entries(ACTIVITIES) as [Agency, AgencyActivities][]) {
    const agencyRng = rng.fork(agency);
    const pending: { occMs: number; day: number; c: DemoCommunity; combo: Combo }[] = [];
    for (const year of ctx.years) {
      for (const c of ctx.communities) {
        for (const day of eventDays(ctx, agencyRng, year, profile.rate * ctx.scale, profile.months)) {
          const occMs = instantOn(ctx, agencyRng, day, HOURS.work);
          if (occMs !== null) pending.push({ occMs, day, c, combo: agencyRng.weighted(profile.combos(c)) });
        }
      }
    }
    pending.sort((a, b) => a.occMs - b.occMs);
    for (const p of pending) {
      const [kind, domain] = p.combo;
      const body: SafetyActivityHeldBody = {
        type: 'SafetyActivityHeld',
        sourceRecordId: sink.nextId(profile.prefix, yearOfDay(p.day)),
        revision: 1,
        communityCode: p.c.code,
        occurredAt: formatCst(p.occMs),
        kind,
        domain,
        ...sizeOf(agencyRng, kind),
      };
      sink.add(agency, body, deliveredAfter(ctx, agencyRng, p.occMs, 120, 5 * 24 * 60));
    }
  }
}
