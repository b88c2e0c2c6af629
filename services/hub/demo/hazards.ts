// 隐患排查治理: hazards found by the work-safety, fire and transport bureaus, their
// rectification deadlines (限期整改), extensions and rectifications. Most are rectified
// in time; some late; some extended; recent ones still open; a few left overdue. Two
// MAJOR (重大) hazards are open at now: one overdue, one still within its deadline.

import type { Agency } from '../../kernel/agency';
import type { HazardIdentifiedBody } from '../../kernel/events.generated';
import { dateOfDay, formatCst, MINUTE_MS, yearOfDay } from './calendar';
import { deliveredAfter, deliveredOnDay, eventDays, HOURS, instantOn, instantOnOrBeforeNow, type DemoContext } from './context';
import { communityByCode, type DemoCommunity } from './district';
import type { Rng, Weights } from './prng';
import type { Sink } from './sink';
import { hazardDescription, MAJOR_HAZARD_TEXT } from './texts';

type Sector = HazardIdentifiedBody['sector'];
type Level = HazardIdentifiedBody['level'];
type HazardAgency = Extract<Agency, 'safety' | 'fire' | 'transport'>;

interface AgencyProfile {
  prefix: string;
  rate(c: DemoCommunity): number;
  sectors(c: DemoCommunity): Weights<Sector>;
}

const PROFILES: Record<HazardAgency, AgencyProfile> = {
  safety: {
    prefix: 'AJ',
    rate: (c) => (c.type === 'INDUSTRIAL_PARK' ? 90 : c.type === 'URBAN_STREET' ? 26 : 28 + (c.mining ? 10 : 0)),
    sectors: (c) => [
      ['ENTERPRISE', 45], ['CONSTRUCTION', 22], ['HAZARDOUS_CHEMICALS', c.type === 'INDUSTRIAL_PARK' ? 15 : 5], ['PUBLIC_PLACE', 13], ['OTHER', 15],
    ],
  },
  fire: {
    prefix: 'XF',
    rate: (c) => (c.type === 'URBAN_STREET' ? c.population / 1150 : c.type === 'INDUSTRIAL_PARK' ? 50 : 32),
    sectors: () => [['FIRE', 82], ['PUBLIC_PLACE', 14], ['OTHER', 4]],
  },
  transport: {
    prefix: 'JT',
    rate: (c) => (c.type === 'URBAN_STREET' ? 13 : 15) + (c.waterside ? 10 : 0),
    sectors: (c) => [['ROAD', 70], ['WATERWAY', c.waterside ? 30 : 0], ['CONSTRUCTION', 12]],
  },
};

const MONTHS = [0.7, 0.6, 1.1, 1.1, 1.1, 1.3, 1.1, 1, 1, 1, 1.1, 1.2];

type Plan =
  | { kind: 'open' }
  | { kind: 'rectified'; rectifiedOn: number; extendedOn?: number; extendedTo?: number };

interface Found {
  agency: HazardAgency;
  community: DemoCommunity;
  foundMs: number;
  foundDay: number;
  sector: Sector;
  level: Level;
  rectifyBy: number;
  description: string;
  plan: Plan;
}

function planFor(rng: Rng, ctx: DemoContext, foundDay: number, rectifyBy: number, level: Level): Plan {
  const recent = foundDay > ctx.today - 120;
  if (level === 'GENERAL' && rng.chance(recent ? 0.07 : 0.002)) return { kind: 'open' };
  const u = rng.next();
  if (u < 0.05) {
    const extendedOn = foundDay + rng.int(1, Math.max(1, rectifyBy - foundDay - 1));
    const extendedTo = rectifyBy + rng.int(15, 45);
    const rectifiedOn = rng.chance(0.8) ? rng.int(extendedOn + 1, extendedTo) : extendedTo + rng.int(1, 20);
    return { kind: 'rectified', rectifiedOn, extendedOn, extendedTo };
  }
  if (u < 0.12) return { kind: 'rectified', rectifiedOn: rectifyBy + rng.int(1, 25) };
  return { kind: 'rectified', rectifiedOn: foundDay + rng.int(1, rectifyBy - foundDay) };
}

function storyHazards(ctx: DemoContext, rng: Rng): Found[] {
  const chemDay = ctx.today - 100;
  const park = communityByCode('610902111');
  const mall = communityByCode('610902002');
  const fireDay = ctx.today - 20;
  return [
    {
      agency: 'safety', community: park, foundDay: chemDay, foundMs: instantOnOrBeforeNow(ctx, rng, chemDay, HOURS.work),
      sector: 'HAZARDOUS_CHEMICALS', level: 'MAJOR', rectifyBy: chemDay + 90, description: `${park.name}${MAJOR_HAZARD_TEXT.HAZARDOUS_CHEMICALS}`,
      plan: { kind: 'open' },
    },
    {
      agency: 'fire', community: mall, foundDay: fireDay, foundMs: instantOnOrBeforeNow(ctx, rng, fireDay, HOURS.work),
      sector: 'FIRE', level: 'MAJOR', rectifyBy: fireDay + 60, description: `${mall.name}${MAJOR_HAZARD_TEXT.FIRE}`,
      plan: { kind: 'open' },
    },
  ];
}

function findHazards(ctx: DemoContext, rng: Rng, agency: HazardAgency): Found[] {
  const profile = PROFILES[agency];
  const found: Found[] = [];
  for (const year of ctx.years) {
    for (const c of ctx.communities) {
      for (const day of eventDays(ctx, rng, year, profile.rate(c) * ctx.scale, MONTHS)) {
        const foundMs = instantOn(ctx, rng, day, HOURS.work);
        if (foundMs === null) continue;
        const old = day < ctx.today - 100;
        let sector = rng.weighted(profile.sectors(c));
        let level: Level = 'GENERAL';
        let description = hazardDescription(rng, c.name, sector);
        if (old && rng.chance(0.015)) {
          level = 'MAJOR';
          const major = agency === 'fire' ? 'FIRE' : agency === 'transport' ? (c.waterside ? 'WATERWAY' : 'CONSTRUCTION') : rng.pick(['HAZARDOUS_CHEMICALS', 'CONSTRUCTION'] as const);
          sector = major;
          description = `${c.name}${MAJOR_HAZARD_TEXT[major]}`;
        }
        const rectifyBy = day + (level === 'MAJOR' ? rng.int(45, 90) : rng.weighted<number>([[7, 25], [10, 20], [15, 30], [30, 25]]));
        found.push({ agency, community: c, foundMs, foundDay: day, sector, level, rectifyBy, description, plan: planFor(rng, ctx, day, rectifyBy, level) });
      }
    }
  }
  return found;
}

function emitHazard(ctx: DemoContext, rng: Rng, sink: Sink, h: Found): void {
  const prefix = PROFILES[h.agency].prefix;
  const hazardRecordId = sink.nextId(`${prefix}-YH`, yearOfDay(h.foundDay));
  const identifiedAt = deliveredAfter(ctx, rng, h.foundMs, 10, 3 * 24 * 60);
  sink.add(h.agency, {
    type: 'HazardIdentified',
    sourceRecordId: hazardRecordId,
    revision: 1,
    communityCode: h.community.code,
    occurredAt: formatCst(h.foundMs),
    sector: h.sector,
    level: h.level,
    rectifyBy: dateOfDay(h.rectifyBy),
    description: h.description,
  }, identifiedAt);
  if (h.plan.kind === 'open') return;
  const { rectifiedOn, extendedOn, extendedTo } = h.plan;
  const after = (day: number): number | null => {
    const at = deliveredOnDay(ctx, rng, day);
    if (at === null) return null;
    const later = Math.max(at, identifiedAt + 30 * MINUTE_MS);
    return later <= ctx.nowMs ? later : null;
  };
  if (extendedOn !== undefined && extendedTo !== undefined) {
    const at = after(extendedOn);
    if (at === null) return;
    sink.add(h.agency, {
      type: 'HazardRectificationExtended',
      sourceRecordId: sink.nextId(`${prefix}-YQ`, yearOfDay(extendedOn)),
      revision: 1,
      hazardRecordId,
      rectifyBy: dateOfDay(extendedTo),
    }, at);
  }
  const at = rectifiedOn <= ctx.today ? after(rectifiedOn) : null;
  if (at === null) return;
  sink.add(h.agency, {
    type: 'HazardRectified',
    sourceRecordId: sink.nextId(`${prefix}-ZG`, yearOfDay(rectifiedOn)),
    revision: 1,
    hazardRecordId,
    rectifiedOn: dateOfDay(rectifiedOn),
    verified: rng.chance(0.9),
  }, at);
}

export function generateHazards(ctx: DemoContext, rng: Rng, sink: Sink): void {
  const all: Found[] = [
    ...findHazards(ctx, rng.fork('safety'), 'safety'),
    ...findHazards(ctx, rng.fork('fire'), 'fire'),
    ...findHazards(ctx, rng.fork('transport'), 'transport'),
    ...storyHazards(ctx, rng.fork('story')),
  ];
  all.sort((a, b) => a.foundMs - b.foundMs);
  for (const h of all) emitHazard(ctx, rng, sink, h);
}
