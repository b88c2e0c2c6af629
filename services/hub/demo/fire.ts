// 消防: fire incidents. (The fire bureau's hazards and activities come from hazards.ts
// and activities.ts.)

import type { FireIncidentReportedBody } from '../../kernel/events.generated';
import { formatCst, monthOfDay, yearOfDay } from './calendar';
import { deliveredAfter, eventDays, HOURS, instantOn, type DemoContext } from './context';
import type { DemoCommunity } from './district';
import type { Rng, Weights } from './prng';
import type { Sink } from './sink';

type FireCause = FireIncidentReportedBody['cause'];
type PropertyType = FireIncidentReportedBody['propertyType'];

const FIRE_MONTHS = [1.4, 1.5, 1.3, 1.05, 0.8, 0.7, 0.7, 0.7, 0.8, 0.9, 1.1, 1.3];

function propertyTypes(c: DemoCommunity, month: number): Weights<PropertyType> {
  const burningSeason = month <= 4 || month >= 10 ? 1.5 : 0.7;
  if (c.type === 'URBAN_STREET') {
    return [['RESIDENTIAL', 36], ['HIGH_RISE', 9], ['CROWDED_PLACE', 7], ['MIXED_USE', 8], ['INDUSTRIAL', 3], ['VEHICLE', 17], ['OUTDOOR', 12 * burningSeason], ['OTHER', 8]];
  }
  if (c.type === 'INDUSTRIAL_PARK') {
    return [['RESIDENTIAL', 15], ['HIGH_RISE', 2], ['CROWDED_PLACE', 3], ['MIXED_USE', 6], ['INDUSTRIAL', 30], ['VEHICLE', 18], ['OUTDOOR', 16 * burningSeason], ['OTHER', 10]];
  }
  return [['RESIDENTIAL', 30], ['CROWDED_PLACE', 2], ['MIXED_USE', 6], ['INDUSTRIAL', 4], ['VEHICLE', 12], ['OUTDOOR', 38 * burningSeason], ['OTHER', 8]];
}

function causes(property: PropertyType): Weights<FireCause> {
  if (property === 'OUTDOOR') {
    return [['CARELESS_USE_OF_FIRE', 45], ['SMOKING', 12], ['CHILDREN_PLAYING', 5], ['SPONTANEOUS_COMBUSTION', 4], ['ARSON', 1], ['OTHER', 18], ['UNKNOWN', 15]];
  }
  if (property === 'VEHICLE') return [['ELECTRICAL', 55], ['SPONTANEOUS_COMBUSTION', 8], ['ARSON', 2], ['OTHER', 20], ['UNKNOWN', 15]];
  return [
    ['ELECTRICAL', 44], ['CARELESS_USE_OF_FIRE', 18], ['SMOKING', 8], ['CHILDREN_PLAYING', 2], ['ARSON', 1.5],
    ['SPONTANEOUS_COMBUSTION', 2.5], ['OTHER', 12], ['UNKNOWN', 12],
  ];
}

const LOSS_RANGE: Record<PropertyType, readonly [number, number]> = {
  RESIDENTIAL: [1_500, 80_000],
  HIGH_RISE: [3_000, 150_000],
  CROWDED_PLACE: [5_000, 300_000],
  MIXED_USE: [5_000, 200_000],
  INDUSTRIAL: [20_000, 900_000],
  VEHICLE: [3_000, 90_000],
  OUTDOOR: [0, 2_000],
  OTHER: [500, 30_000],
};

function fireRate(c: DemoCommunity): number {
  return c.type === 'URBAN_STREET' ? c.population / 2500 : c.population / 1500;
}

export function generateFires(ctx: DemoContext, rng: Rng, sink: Sink): void {
  const pending: { occMs: number; day: number; build: (id: string) => FireIncidentReportedBody }[] = [];
  ctx.years.forEach((year, k) => {
    for (const c of ctx.communities) {
      for (const day of eventDays(ctx, rng, year, fireRate(c) * (1 - 0.04 * k) * ctx.scale, FIRE_MONTHS)) {
        const occMs = instantOn(ctx, rng, day, HOURS.fire);
        if (occMs === null) continue;
        const propertyType = rng.weighted(propertyTypes(c, monthOfDay(day)));
        const cause = rng.weighted(causes(propertyType));
        const dwelling = propertyType === 'RESIDENTIAL' || propertyType === 'HIGH_RISE' || propertyType === 'MIXED_USE';
        const deaths = rng.chance(dwelling ? 0.035 : propertyType === 'OUTDOOR' ? 0.002 : 0.008) ? 1 : 0;
        const injuries = rng.chance(dwelling ? 0.12 : 0.04) ? rng.weighted<number>([[1, 75], [2, 20], [3, 5]]) : 0;
        const [lo, hi] = LOSS_RANGE[propertyType];
        const directLossYuan = Math.round(Math.exp(rng.range(Math.log(lo + 100), Math.log(hi))) / 100) * 100;
        pending.push({
          occMs,
          day,
          build: (id) => ({
            type: 'FireIncidentReported',
            sourceRecordId: id,
            revision: 1,
            communityCode: c.code,
            occurredAt: formatCst(occMs),
            deaths,
            injuries,
            directLossYuan,
            cause,
            propertyType,
          }),
        });
      }
    }
  });
  pending.sort((a, b) => a.occMs - b.occMs);
  for (const p of pending) {
    sink.add('fire', p.build(sink.nextId('XF-HZ', yearOfDay(p.day))), deliveredAfter(ctx, rng, p.occMs, 60, 24 * 60));
  }
}
