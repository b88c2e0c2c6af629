// 公安: road traffic crashes (交警) and public security cases (治安/刑事).

import type { PublicSecurityCaseRecordedBody, TrafficCrashReportedBody } from '../../kernel/events.generated';
import { formatCst, yearOfDay } from './calendar';
import { deliveredAfter, eventDays, HOURS, instantOn, type DemoContext } from './context';
import type { DemoCommunity } from './district';
import type { Rng, Weights } from './prng';
import type { Sink } from './sink';

type RoadType = TrafficCrashReportedBody['roadType'];
type CrashCause = TrafficCrashReportedBody['cause'];
type Offense = PublicSecurityCaseRecordedBody['offense'];
type PlaceType = PublicSecurityCaseRecordedBody['placeType'];

const CRASH_MONTHS = [1.15, 1.2, 0.9, 0.95, 1, 0.95, 1, 1, 1, 1.15, 1, 1.05];
const CASE_MONTHS = [1, 0.9, 1, 1, 1, 1.05, 1.1, 1.1, 1, 1, 1, 1];

const CRASH_CAUSES: Weights<CrashCause> = [
  ['SIGNAL_VIOLATION', 22], ['SPEEDING', 17], ['UNLICENSED', 10], ['DRUNK_DRIVING', 8],
  ['FATIGUE', 6], ['OTHER', 29], ['UNKNOWN', 8],
];

function roadTypes(c: DemoCommunity): Weights<RoadType> {
  if (c.type === 'URBAN_STREET') return [['URBAN_ROAD', 76], ['HIGHWAY', 5], ['RURAL_ROAD', 8], ['OTHER', 11]];
  if (c.type === 'INDUSTRIAL_PARK') return [['URBAN_ROAD', 55], ['HIGHWAY', 20], ['RURAL_ROAD', 10], ['OTHER', 15]];
  return [['RURAL_ROAD', 58], ['URBAN_ROAD', 14], ['HIGHWAY', 16], ['OTHER', 12]];
}

function crashRate(c: DemoCommunity): number {
  if (c.type === 'URBAN_STREET') return c.population / 1400;
  if (c.type === 'INDUSTRIAL_PARK') return c.population / 800;
  return c.population / 900;
}

interface Pending<T> {
  occMs: number;
  day: number;
  build: (id: string) => T;
}

function crashFor(c: DemoCommunity, rng: Rng, occMs: number, hour: number): (id: string) => TrafficCrashReportedBody {
  const roadType = rng.weighted(roadTypes(c));
  const cause = rng.weighted(CRASH_CAUSES);
  let fatalP = c.type === 'URBAN_STREET' ? 0.035 : 0.075;
  if (hour < 6 || hour >= 21) fatalP *= 1.8;
  if (roadType === 'HIGHWAY') fatalP *= 1.5;
  if (cause === 'DRUNK_DRIVING' || cause === 'SPEEDING') fatalP *= 1.6;
  const fatal = rng.chance(fatalP);
  const deaths = fatal ? rng.weighted<number>([[1, 88], [2, 10], [3, 2]]) : 0;
  const injuries = fatal
    ? rng.weighted<number>([[0, 35], [1, 35], [2, 20], [3, 10]])
    : rng.weighted<number>([[1, 58], [2, 26], [3, 10], [4, 4], [5, 2]]);
  const vehicles = rng.weighted<number>([[1, 24], [2, 64], [3, 9], [4, 3]]);
  const commercialOperation = rng.chance(roadType === 'HIGHWAY' ? 0.3 : 0.1);
  return (id) => ({
    type: 'TrafficCrashReported',
    sourceRecordId: id,
    revision: 1,
    communityCode: c.code,
    occurredAt: formatCst(occMs),
    deaths,
    injuries,
    vehicles,
    commercialOperation,
    roadType,
    cause,
  });
}

const CRIMINAL: Weights<Offense> = [['THEFT', 44], ['FRAUD', 30], ['ASSAULT', 8], ['DRUGS', 5], ['ROBBERY', 2], ['OTHER', 11]];
const ADMINISTRATIVE: Weights<Offense> = [
  ['THEFT', 24], ['BRAWL', 25], ['ASSAULT', 10], ['DOMESTIC_VIOLENCE', 8], ['DRUGS', 6], ['FRAUD', 5], ['OTHER', 22],
];

const PLACES: Record<Offense, Weights<PlaceType>> = {
  THEFT: [['STREET', 30], ['PUBLIC_PLACE', 30], ['HOME', 25], ['WORKPLACE', 8], ['SCHOOL', 2], ['OTHER', 5]],
  FRAUD: [['HOME', 70], ['PUBLIC_PLACE', 12], ['WORKPLACE', 8], ['OTHER', 10]],
  ASSAULT: [['PUBLIC_PLACE', 35], ['STREET', 30], ['HOME', 15], ['WORKPLACE', 10], ['SCHOOL', 3], ['OTHER', 7]],
  ROBBERY: [['STREET', 60], ['PUBLIC_PLACE', 25], ['HOME', 10], ['OTHER', 5]],
  BRAWL: [['PUBLIC_PLACE', 50], ['STREET', 30], ['WORKPLACE', 8], ['SCHOOL', 4], ['OTHER', 8]],
  DOMESTIC_VIOLENCE: [['HOME', 95], ['OTHER', 5]],
  DRUGS: [['PUBLIC_PLACE', 40], ['HOME', 35], ['STREET', 15], ['OTHER', 10]],
  OTHER: [['PUBLIC_PLACE', 30], ['STREET', 25], ['HOME', 20], ['WORKPLACE', 10], ['SCHOOL', 3], ['OTHER', 12]],
};

function caseFor(c: DemoCommunity, rng: Rng, occMs: number): (id: string) => PublicSecurityCaseRecordedBody {
  const caseKind = rng.chance(0.36) ? 'CRIMINAL' : 'ADMINISTRATIVE';
  const offense = rng.weighted(caseKind === 'CRIMINAL' ? CRIMINAL : ADMINISTRATIVE);
  const placeType = rng.weighted(PLACES[offense]);
  let deaths = 0;
  let injuries = 0;
  if (offense === 'ASSAULT') {
    injuries = rng.weighted<number>([[0, 15], [1, 70], [2, 12], [3, 3]]);
    if (caseKind === 'CRIMINAL' && rng.chance(0.04)) deaths = 1;
  } else if (offense === 'BRAWL') {
    injuries = rng.weighted<number>([[0, 40], [1, 35], [2, 17], [3, 6], [4, 2]]);
  } else if (offense === 'ROBBERY') {
    injuries = rng.weighted<number>([[0, 60], [1, 40]]);
  } else if (offense === 'DOMESTIC_VIOLENCE') {
    injuries = rng.weighted<number>([[0, 30], [1, 65], [2, 5]]);
  }
  return (id) => ({
    type: 'PublicSecurityCaseRecorded',
    sourceRecordId: id,
    revision: 1,
    communityCode: c.code,
    occurredAt: formatCst(occMs),
    caseKind,
    offense,
    deaths,
    injuries,
    placeType,
  });
}

function emit<T extends TrafficCrashReportedBody | PublicSecurityCaseRecordedBody>(
  ctx: DemoContext, rng: Rng, sink: Sink, prefix: string, pending: Pending<T>[], minDelay: number, maxDelay: number,
): void {
  pending.sort((a, b) => a.occMs - b.occMs);
  for (const p of pending) {
    const body = p.build(sink.nextId(prefix, yearOfDay(p.day)));
    sink.add('police', body, deliveredAfter(ctx, rng, p.occMs, minDelay, maxDelay));
  }
}

export function generatePolice(ctx: DemoContext, rng: Rng, sink: Sink): void {
  const crashRng = rng.fork('crashes');
  const caseRng = rng.fork('cases');
  const crashes: Pending<TrafficCrashReportedBody>[] = [];
  const cases: Pending<PublicSecurityCaseRecordedBody>[] = [];
  ctx.years.forEach((year, k) => {
    for (const c of ctx.communities) {
      const crashYearRate = crashRate(c) * (1 - 0.03 * k) * ctx.scale;
      for (const day of eventDays(ctx, crashRng, year, crashYearRate, CRASH_MONTHS)) {
        const occMs = instantOn(ctx, crashRng, day, HOURS.traffic);
        if (occMs === null) continue;
        const hour = Math.floor(((occMs / 3_600_000) + 8) % 24);
        crashes.push({ occMs, day, build: crashFor(c, crashRng, occMs, hour) });
      }
      const caseYearRate = c.population * 0.006 * (1 - 0.02 * k) * ctx.scale;
      for (const day of eventDays(ctx, caseRng, year, caseYearRate, CASE_MONTHS)) {
        const occMs = instantOn(ctx, caseRng, day, HOURS.security);
        if (occMs === null) continue;
        cases.push({ occMs, day, build: caseFor(c, caseRng, occMs) });
      }
    }
  });
  emit(ctx, crashRng, sink, 'GA-SG', crashes, 30, 2 * 24 * 60);
  emit(ctx, caseRng, sink, 'GA-AJ', cases, 60, 3 * 24 * 60);
}
