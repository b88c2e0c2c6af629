// 应急管理 (production safety accidents) and 交通运输 (waterway and rail accidents).
// Includes two story records: a LARGER (较大) chemical accident in the industrial park
// last year, re-reported when a third victim died, and, when chance has produced none,
// a fatal production accident early in the current year (the death-control scenario
// needs one).

import type { ProductionAccidentReportedBody, TransportAccidentReportedBody } from '../../kernel/events.generated';
import { dayOfYmd, formatCst, MINUTE_MS, yearOfDay } from './calendar';
import { daySpan, deliveredAfter, eventDays, HOURS, instantOn, instantOnOrBeforeNow, type DemoContext } from './context';
import { communityByCode, type DemoCommunity } from './district';
import type { Rng, Weights } from './prng';
import type { Sink } from './sink';

type Industry = ProductionAccidentReportedBody['industry'];

const FLAT = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
const WORK_MONTHS = [0.6, 0.7, 1.1, 1.1, 1.1, 1.1, 1, 1, 1.1, 1.1, 1.1, 1];
const PARK_CODE = '610902111';

function industries(c: DemoCommunity): Weights<Industry> {
  if (c.type === 'INDUSTRIAL_PARK') {
    return [['MANUFACTURING', 38], ['CONSTRUCTION', 22], ['HAZARDOUS_CHEMICALS', 12], ['METALLURGY', 8], ['TRADE', 8], ['OTHER', 12]];
  }
  if (c.type === 'URBAN_STREET') return [['CONSTRUCTION', 45], ['TRADE', 25], ['MANUFACTURING', 12], ['OTHER', 18]];
  return [
    ['CONSTRUCTION', 34], ['MINING', c.mining ? 30 : 3], ['MANUFACTURING', 12], ['TRADE', 8], ['FIREWORKS', 2], ['OTHER', 14],
  ];
}

function productionRate(c: DemoCommunity): number {
  if (c.type === 'INDUSTRIAL_PARK') return 5;
  if (c.type === 'URBAN_STREET') return 1.3;
  return c.mining ? 2.6 : 1.5;
}

function accident(c: DemoCommunity, rng: Rng, occMs: number, id: string): ProductionAccidentReportedBody {
  const fatal = rng.chance(0.42);
  const deaths = fatal ? rng.weighted<number>([[1, 92], [2, 8]]) : 0;
  const injuries = fatal ? rng.weighted<number>([[0, 60], [1, 28], [2, 12]]) : rng.weighted<number>([[1, 70], [2, 22], [3, 8]]);
  let seriousInjuries = 0;
  for (let i = 0; i < injuries; i += 1) if (rng.chance(0.35)) seriousInjuries += 1;
  const loss = fatal ? rng.range(800_000, 2_500_000) : rng.range(20_000, 400_000);
  return {
    type: 'ProductionAccidentReported',
    sourceRecordId: id,
    revision: 1,
    communityCode: c.code,
    occurredAt: formatCst(occMs),
    industry: rng.weighted(industries(c)),
    deaths,
    seriousInjuries,
    injuries,
    directLossYuan: Math.round(loss / 1000) * 1000,
  };
}

export function generateProductionAccidents(ctx: DemoContext, rng: Rng, sink: Sink): void {
  const pending: { occMs: number; community: DemoCommunity; story?: 'LARGER' }[] = [];
  for (const year of ctx.years) {
    for (const c of ctx.communities) {
      for (const day of eventDays(ctx, rng, year, productionRate(c), WORK_MONTHS)) {
        const occMs = instantOn(ctx, rng, day, HOURS.work);
        if (occMs !== null) pending.push({ occMs, community: c });
      }
    }
  }
  const largerMs = ctx.clock.instant(dayOfYmd(ctx.years[1], 5, 17), 10 * 60 + 40);
  pending.push({ occMs: largerMs, community: communityByCode(PARK_CODE), story: 'LARGER' });
  pending.sort((a, b) => a.occMs - b.occMs);

  let fatalThisYear = false;
  for (const p of pending) {
    const year = yearOfDay(ctx.clock.dayOf(p.occMs));
    const id = sink.nextId('AJ-SG', year);
    const delivered = deliveredAfter(ctx, rng, p.occMs, 60, 24 * 60);
    if (p.story === 'LARGER') {
      const first: ProductionAccidentReportedBody = {
        type: 'ProductionAccidentReported',
        sourceRecordId: id,
        revision: 1,
        communityCode: p.community.code,
        occurredAt: formatCst(p.occMs),
        industry: 'HAZARDOUS_CHEMICALS',
        deaths: 2,
        seriousInjuries: 3,
        injuries: 6,
        directLossYuan: 4_200_000,
      };
      sink.add('safety', first, delivered);
      const second = { ...first, revision: 2, deaths: 3, seriousInjuries: 2, injuries: 5, directLossYuan: 5_650_000 };
      sink.add('safety', second, p.occMs + 4 * 24 * 60 * MINUTE_MS + 3 * 60 * MINUTE_MS);
      continue;
    }
    const body = accident(p.community, rng, p.occMs, id);
    if (year === ctx.currentYear && body.deaths > 0) fatalThisYear = true;
    sink.add('safety', body, delivered);
  }

  if (!fatalThisYear) {
    const { from, to } = daySpan(ctx, ctx.currentYear);
    const day = from + Math.floor((to - from) * 0.3);
    const occMs = instantOnOrBeforeNow(ctx, rng, day, HOURS.work);
    const c = communityByCode('610902110');
    const body: ProductionAccidentReportedBody = {
      ...accident(c, rng, occMs, sink.nextId('AJ-SG', ctx.currentYear)),
      industry: 'MINING',
      deaths: 1,
      seriousInjuries: 1,
      injuries: 1,
      directLossYuan: 1_380_000,
    };
    sink.add('safety', body, deliveredAfter(ctx, rng, occMs, 60, 6 * 60));
  }
}

export function generateTransportAccidents(ctx: DemoContext, rng: Rng, sink: Sink): void {
  const pending: { occMs: number; community: DemoCommunity; mode: TransportAccidentReportedBody['mode'] }[] = [];
  const summer = [0.3, 0.3, 0.6, 1, 1.3, 1.8, 2.2, 2.2, 1.4, 1, 0.5, 0.4];
  for (const year of ctx.years) {
    for (const c of ctx.communities) {
      if (c.waterside) {
        for (const day of eventDays(ctx, rng, year, 0.5, summer)) {
          const occMs = instantOn(ctx, rng, day, HOURS.work);
          if (occMs !== null) pending.push({ occMs, community: c, mode: 'WATERWAY' });
        }
      }
      if (c.railway) {
        for (const day of eventDays(ctx, rng, year, 0.3, FLAT)) {
          const occMs = instantOn(ctx, rng, day, HOURS.traffic);
          if (occMs !== null) pending.push({ occMs, community: c, mode: 'RAIL' });
        }
      }
    }
  }
  // A ferry capsize on the reservoir last July, always part of the story.
  pending.push({ occMs: ctx.clock.instant(dayOfYmd(ctx.years[1], 7, 14), 16 * 60 + 20), community: communityByCode('610902102'), mode: 'WATERWAY' });
  pending.sort((a, b) => a.occMs - b.occMs);
  for (const p of pending) {
    const waterway = p.mode === 'WATERWAY';
    const deaths = waterway ? rng.weighted<number>([[0, 50], [1, 35], [2, 15]]) : rng.weighted<number>([[0, 40], [1, 60]]);
    const injuries = waterway ? rng.weighted<number>([[0, 40], [1, 30], [2, 20], [3, 10]]) : rng.weighted<number>([[0, 70], [1, 30]]);
    const body: TransportAccidentReportedBody = {
      type: 'TransportAccidentReported',
      sourceRecordId: sink.nextId('JT-SG', yearOfDay(ctx.clock.dayOf(p.occMs))),
      revision: 1,
      communityCode: p.community.code,
      occurredAt: formatCst(p.occMs),
      mode: p.mode,
      deaths,
      injuries,
      directLossYuan: Math.round(rng.range(waterway ? 5_000 : 0, waterway ? 300_000 : 50_000) / 100) * 100,
    };
    sink.add('transport', body, deliveredAfter(ctx, rng, p.occMs, 60, 12 * 60));
  }
}
