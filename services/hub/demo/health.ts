// 卫健/CDC: hospital injury surveillance cards (全国伤害监测报告卡, WS 375.6), by the
// patient's community of residence. Distributions follow the usual shape of sentinel
// hospital data: falls and road traffic lead, the elderly fall at home, children are
// bitten, burned and drown (in summer); deaths are rare.

import type { InjuryCaseReportedBody as Card } from '../../kernel/events.generated';
import { formatCst, monthOfDay, yearOfDay } from './calendar';
import { deliveredAfter, eventDays, HOURS, instantOn, type DemoContext } from './context';
import type { DemoCommunity } from './district';
import type { Rng, Weights } from './prng';
import type { Sink } from './sink';

type AgeGroup = 'CHILD' | 'YOUTH' | 'ADULT' | 'ELDERLY';

const REGULAR_MONTHS = [0.9, 1.0, 0.95, 1, 1.05, 1.05, 1.15, 1.15, 1, 1, 0.9, 0.85];
/** The sparse township's sentinel clinic reported only in a few months. */
const SPARSE_MONTHS = [0, 0, 1, 1, 0, 0, 1.2, 1.2, 0, 0, 1, 0];

const BASE_CAUSES: Weights<Card['cause']> = [
  ['FALL', 30], ['MOTOR_VEHICLE', 16], ['NON_MOTOR_VEHICLE', 11], ['BLUNT_FORCE', 14], ['CUT_PIERCE', 10],
  ['ANIMAL_BITE', 6], ['BURN', 2], ['POISONING', 1.5], ['DROWNING', 0.3], ['SUFFOCATION', 0.3],
  ['SEXUAL_ASSAULT', 0.1], ['FIREARM', 0.05], ['OTHER', 3], ['UNKNOWN', 1.5],
];

const CAUSE_FACTORS: Record<AgeGroup, Partial<Record<Card['cause'], number>>> = {
  CHILD: { FALL: 1.4, ANIMAL_BITE: 1.8, BURN: 2.2, DROWNING: 3, POISONING: 1.5, MOTOR_VEHICLE: 0.6, CUT_PIERCE: 0.7 },
  YOUTH: { BLUNT_FORCE: 1.3, MOTOR_VEHICLE: 1.2, NON_MOTOR_VEHICLE: 1.3, FALL: 0.8 },
  ADULT: {},
  ELDERLY: { FALL: 2.2, CUT_PIERCE: 0.6, BLUNT_FORCE: 0.6, NON_MOTOR_VEHICLE: 0.8 },
};

function ageOf(rng: Rng): { group: AgeGroup; age: number } {
  const group = rng.weighted<AgeGroup>([['CHILD', 16], ['YOUTH', 12], ['ADULT', 51], ['ELDERLY', 21]]);
  switch (group) {
    case 'CHILD':
      return { group, age: Math.min(14, Math.floor(rng.range(0, 1) ** 0.8 * 15)) };
    case 'YOUTH':
      return { group, age: rng.int(15, 24) };
    case 'ADULT':
      return { group, age: rng.int(25, 64) };
    case 'ELDERLY':
      return { group, age: Math.min(104, 65 + Math.floor(-Math.log(1 - rng.next()) * 9)) };
  }
}

function causeOf(rng: Rng, group: AgeGroup, c: DemoCommunity, month: number): Card['cause'] {
  const factors = CAUSE_FACTORS[group];
  const summer = month >= 6 && month <= 8;
  const rural = c.type === 'RURAL_TOWNSHIP';
  const park = c.type === 'INDUSTRIAL_PARK';
  return rng.weighted(
    BASE_CAUSES.map(([cause, w]) => {
      let weight = w * (factors[cause] ?? 1);
      if (cause === 'DROWNING' && summer) weight *= 4;
      if (rural && (cause === 'ANIMAL_BITE' || cause === 'FALL')) weight *= 1.3;
      if (park && (cause === 'CUT_PIERCE' || cause === 'BLUNT_FORCE')) weight *= 1.5;
      return [cause, weight] as const;
    }),
  );
}

function intentOf(rng: Rng, cause: Card['cause']): Card['intent'] {
  switch (cause) {
    case 'BLUNT_FORCE':
      return rng.weighted<Card['intent']>([['UNINTENTIONAL', 70], ['ASSAULT', 27], ['UNKNOWN', 3]]);
    case 'CUT_PIERCE':
      return rng.weighted<Card['intent']>([['UNINTENTIONAL', 88], ['ASSAULT', 8], ['SELF_HARM', 3], ['UNKNOWN', 1]]);
    case 'POISONING':
      return rng.weighted<Card['intent']>([['UNINTENTIONAL', 60], ['SELF_HARM', 35], ['UNKNOWN', 5]]);
    case 'SUFFOCATION':
      return rng.weighted<Card['intent']>([['UNINTENTIONAL', 78], ['SELF_HARM', 20], ['UNKNOWN', 2]]);
    case 'SEXUAL_ASSAULT':
      return 'ASSAULT';
    case 'FIREARM':
      return rng.weighted<Card['intent']>([['UNINTENTIONAL', 70], ['ASSAULT', 30]]);
    case 'FALL':
    case 'DROWNING':
      return rng.weighted<Card['intent']>([['UNINTENTIONAL', 97], ['SELF_HARM', 1.5], ['UNKNOWN', 1.5]]);
    default:
      return rng.weighted<Card['intent']>([['UNINTENTIONAL', 97], ['UNKNOWN', 3]]);
  }
}

function placeOf(rng: Rng, cause: Card['cause'], group: AgeGroup, c: DemoCommunity): Card['place'] {
  const young = group === 'CHILD' || group === 'YOUTH';
  const rural = c.type === 'RURAL_TOWNSHIP';
  switch (cause) {
    case 'FALL':
      return rng.weighted<Card['place']>([
        ['HOME', group === 'ELDERLY' ? 58 : 38], ['PUBLIC_RESIDENTIAL', 14], ['ROAD_STREET', 12],
        ['SCHOOL_PUBLIC', young ? 16 : 1], ['SPORTS', group === 'YOUTH' ? 7 : 2], ['TRADE_SERVICE', 5],
        ['INDUSTRIAL_CONSTRUCTION', group === 'ADULT' ? 9 : 0.3], ['FARM', rural ? 8 : 1], ['OTHER', 3], ['UNKNOWN', 1],
      ]);
    case 'MOTOR_VEHICLE':
    case 'NON_MOTOR_VEHICLE':
      return rng.weighted<Card['place']>([['ROAD_STREET', 93], ['PUBLIC_RESIDENTIAL', 3], ['FARM', rural ? 2 : 0.2], ['OTHER', 1.5], ['UNKNOWN', 1]]);
    case 'BLUNT_FORCE':
      return rng.weighted<Card['place']>([
        ['HOME', 25], ['INDUSTRIAL_CONSTRUCTION', group === 'ADULT' ? 22 : 2], ['PUBLIC_RESIDENTIAL', 12],
        ['TRADE_SERVICE', 12], ['ROAD_STREET', 10], ['SCHOOL_PUBLIC', young ? 14 : 1], ['SPORTS', 6], ['FARM', 4], ['OTHER', 5],
      ]);
    case 'CUT_PIERCE':
      return rng.weighted<Card['place']>([
        ['HOME', 45], ['INDUSTRIAL_CONSTRUCTION', group === 'ADULT' ? 28 : 3], ['FARM', rural ? 10 : 2],
        ['TRADE_SERVICE', 8], ['OTHER', 8], ['UNKNOWN', 3],
      ]);
    case 'ANIMAL_BITE':
      return rng.weighted<Card['place']>([['HOME', 40], ['PUBLIC_RESIDENTIAL', 30], ['ROAD_STREET', 12], ['FARM', rural ? 14 : 3], ['OTHER', 6]]);
    case 'BURN':
      return rng.weighted<Card['place']>([['HOME', 75], ['INDUSTRIAL_CONSTRUCTION', 10], ['TRADE_SERVICE', 8], ['OTHER', 5]]);
    case 'POISONING':
      return rng.weighted<Card['place']>([['HOME', 80], ['FARM', 8], ['INDUSTRIAL_CONSTRUCTION', 4], ['OTHER', 8]]);
    case 'DROWNING':
      return rng.weighted<Card['place']>([['OTHER', 70], ['FARM', 15], ['SPORTS', 10], ['HOME', 5]]);
    case 'SUFFOCATION':
      return rng.weighted<Card['place']>([['HOME', 80], ['OTHER', 20]]);
    case 'SEXUAL_ASSAULT':
      return rng.weighted<Card['place']>([['HOME', 50], ['PUBLIC_RESIDENTIAL', 20], ['OTHER', 30]]);
    case 'FIREARM':
      return rng.weighted<Card['place']>([['FARM', 50], ['OTHER', 50]]);
    default:
      return rng.weighted<Card['place']>([['HOME', 30], ['PUBLIC_RESIDENTIAL', 15], ['ROAD_STREET', 15], ['OTHER', 25], ['UNKNOWN', 15]]);
  }
}

const ACTIVITY_BY_PLACE: Record<Card['place'], Weights<Card['activity']>> = {
  HOME: [['HOUSEWORK', 35], ['VITAL_ACTIVITY', 35], ['LEISURE', 25], ['OTHER', 5]],
  PUBLIC_RESIDENTIAL: [['WALKING', 45], ['LEISURE', 40], ['OTHER', 15]],
  SCHOOL_PUBLIC: [['STUDY', 45], ['SPORTS', 30], ['LEISURE', 20], ['OTHER', 5]],
  SPORTS: [['SPORTS', 90], ['LEISURE', 10]],
  ROAD_STREET: [['WALKING', 70], ['DRIVING_RIDING', 20], ['OTHER', 10]],
  TRADE_SERVICE: [['WORK', 40], ['LEISURE', 35], ['WALKING', 20], ['OTHER', 5]],
  INDUSTRIAL_CONSTRUCTION: [['WORK', 95], ['OTHER', 5]],
  FARM: [['WORK', 85], ['OTHER', 15]],
  OTHER: [['LEISURE', 40], ['OTHER', 40], ['WALKING', 20]],
  UNKNOWN: [['OTHER', 100]],
};

function activityOf(rng: Rng, cause: Card['cause'], place: Card['place'], age: number): Card['activity'] {
  let activity: Card['activity'] =
    place === 'ROAD_STREET' && (cause === 'MOTOR_VEHICLE' || cause === 'NON_MOTOR_VEHICLE')
      ? rng.weighted<Card['activity']>([['DRIVING_RIDING', 65], ['WALKING', 25], ['WORK', 8], ['OTHER', 2]])
      : rng.weighted(ACTIVITY_BY_PLACE[place]);
  if (age < 16 && activity === 'WORK') activity = 'LEISURE';
  if (age < 6 && activity === 'STUDY') activity = 'LEISURE';
  return activity;
}

function severityOf(rng: Rng, cause: Card['cause'], group: AgeGroup): Card['severity'] {
  if (cause === 'DROWNING' || cause === 'SUFFOCATION') return rng.weighted<Card['severity']>([['MILD', 15], ['MODERATE', 30], ['SEVERE', 55]]);
  if (group === 'ELDERLY' || cause === 'MOTOR_VEHICLE') return rng.weighted<Card['severity']>([['MILD', 50], ['MODERATE', 37], ['SEVERE', 13]]);
  return rng.weighted<Card['severity']>([['MILD', 65], ['MODERATE', 29], ['SEVERE', 6]]);
}

function outcomeOf(rng: Rng, severity: Card['severity'], cause: Card['cause']): Card['outcome'] {
  if (severity === 'MILD') return rng.weighted<Card['outcome']>([['DISCHARGED', 92], ['OBSERVATION', 5], ['ADMITTED', 2], ['OTHER', 1]]);
  if (severity === 'MODERATE') {
    return rng.weighted<Card['outcome']>([['DISCHARGED', 48], ['OBSERVATION', 12], ['ADMITTED', 33], ['TRANSFERRED', 5], ['OTHER', 2]]);
  }
  const died = cause === 'DROWNING' ? 30 : 6;
  return rng.weighted<Card['outcome']>([['ADMITTED', 58], ['TRANSFERRED', 24], ['DIED', died], ['OBSERVATION', 6], ['OTHER', 5]]);
}

function sexOf(rng: Rng, cause: Card['cause'], group: AgeGroup): Card['sex'] {
  if (rng.chance(0.004)) return 'UNKNOWN';
  if (cause === 'SEXUAL_ASSAULT') return rng.chance(0.95) ? 'FEMALE' : 'MALE';
  const male = cause === 'FALL' && group === 'ELDERLY' ? 0.42 : group === 'ELDERLY' ? 0.5 : 0.62;
  return rng.chance(male) ? 'MALE' : 'FEMALE';
}

function cardFor(rng: Rng, c: DemoCommunity, occMs: number, day: number): (id: string) => Card {
  const { group, age } = ageOf(rng);
  const cause = causeOf(rng, group, c, monthOfDay(day));
  const intent = intentOf(rng, cause);
  const place = placeOf(rng, cause, group, c);
  const activity = activityOf(rng, cause, place, age);
  const severity = severityOf(rng, cause, group);
  const outcome = outcomeOf(rng, severity, cause);
  const sex = sexOf(rng, cause, group);
  return (id) => ({
    type: 'InjuryCaseReported',
    sourceRecordId: id,
    revision: 1,
    communityCode: c.code,
    occurredAt: formatCst(occMs),
    sex,
    ageYears: age,
    cause,
    place,
    activity,
    intent,
    severity,
    outcome,
  });
}

function annualCases(c: DemoCommunity, rng: Rng, k: number): number {
  if (c.surveillance === 'SPARSE') return 36;
  const base = Math.min(320, Math.max(130, c.population * 0.005));
  return base * (1 + 0.04 * k) * rng.range(0.95, 1.05);
}

export function generateInjuryCases(ctx: DemoContext, rng: Rng, sink: Sink): void {
  const pending: { occMs: number; day: number; build: (id: string) => Card }[] = [];
  ctx.years.forEach((year, k) => {
    for (const c of ctx.communities) {
      const months = c.surveillance === 'SPARSE' ? SPARSE_MONTHS : REGULAR_MONTHS;
      for (const day of eventDays(ctx, rng, year, annualCases(c, rng, k) * ctx.scale, months)) {
        const occMs = instantOn(ctx, rng, day, HOURS.injury);
        if (occMs === null) continue;
        pending.push({ occMs, day, build: cardFor(rng, c, occMs, day) });
      }
    }
  });
  pending.sort((a, b) => a.occMs - b.occMs);
  for (const p of pending) {
    sink.add('health', p.build(sink.nextId('WJ-SH', yearOfDay(p.day))), deliveredAfter(ctx, rng, p.occMs, 12 * 60, 7 * 24 * 60));
  }
}
