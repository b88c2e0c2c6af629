// Realistic bureau event bodies for the benchmarks, deterministic for a given seed, each with a
// sourceRecordId unique to the run (prefix) and the event's index.
import type { FireIncidentReportedBody, HazardIdentifiedBody, InjuryCaseReportedBody, TrafficCrashReportedBody } from '../../services/kernel/events.generated';

export type BenchBody = TrafficCrashReportedBody | InjuryCaseReportedBody | FireIncidentReportedBody;

/** mulberry32: a small, fast, seedable generator (uniform in [0, 1)). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
const int = (rnd: () => number, max: number): number => Math.floor(rnd() * (max + 1));

/** The 28 townships of 汉滨区 (610902) in the national division list: the hub refuses other codes. */
const TOWNSHIPS = [
  '001', '002', '003', '004', '100', '101', '102', '104', '107', '109', '110', '111', '112', '114',
  '115', '116', '117', '118', '119', '120', '121', '122', '123', '124', '125', '128', '130', '132',
].map((t) => `610902${t}`);

export function communityOf(rnd: () => number): string {
  return pick(rnd, TOWNSHIPS);
}

/** A time in 2025, with the bureau's +08:00 offset. */
export function occurredAt(rnd: () => number): string {
  const ms = Date.UTC(2025, 0, 1) + Math.floor(rnd() * 364 * 86_400_000);
  const local = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}

export function trafficCrash(rnd: () => number, sourceRecordId: string, revision = 1): TrafficCrashReportedBody {
  return {
    type: 'TrafficCrashReported',
    sourceRecordId,
    revision,
    communityCode: communityOf(rnd),
    occurredAt: occurredAt(rnd),
    deaths: rnd() < 0.05 ? 1 : 0,
    injuries: int(rnd, 3),
    vehicles: 1 + int(rnd, 2),
    commercialOperation: rnd() < 0.1,
    roadType: pick(rnd, ['URBAN_ROAD', 'HIGHWAY', 'RURAL_ROAD', 'OTHER'] as const),
    cause: pick(rnd, ['SPEEDING', 'DRUNK_DRIVING', 'UNLICENSED', 'FATIGUE', 'SIGNAL_VIOLATION', 'OTHER', 'UNKNOWN'] as const),
  };
}

export function injuryCase(rnd: () => number, sourceRecordId: string, revision = 1): InjuryCaseReportedBody {
  return {
    type: 'InjuryCaseReported',
    sourceRecordId,
    revision,
    communityCode: communityOf(rnd),
    occurredAt: occurredAt(rnd),
    sex: pick(rnd, ['MALE', 'FEMALE', 'UNKNOWN'] as const),
    ageYears: int(rnd, 95),
    cause: pick(rnd, ['MOTOR_VEHICLE', 'NON_MOTOR_VEHICLE', 'FALL', 'BLUNT_FORCE', 'CUT_PIERCE', 'BURN', 'DROWNING', 'POISONING', 'ANIMAL_BITE', 'OTHER'] as const),
    place: pick(rnd, ['HOME', 'PUBLIC_RESIDENTIAL', 'SCHOOL_PUBLIC', 'SPORTS', 'ROAD_STREET', 'TRADE_SERVICE', 'INDUSTRIAL_CONSTRUCTION', 'FARM', 'OTHER'] as const),
    activity: pick(rnd, ['WORK', 'HOUSEWORK', 'STUDY', 'SPORTS', 'LEISURE', 'VITAL_ACTIVITY', 'DRIVING_RIDING', 'WALKING', 'OTHER'] as const),
    intent: pick(rnd, ['UNINTENTIONAL', 'UNINTENTIONAL', 'UNINTENTIONAL', 'SELF_HARM', 'ASSAULT', 'UNKNOWN'] as const),
    severity: pick(rnd, ['MILD', 'MODERATE', 'SEVERE'] as const),
    outcome: pick(rnd, ['DISCHARGED', 'OBSERVATION', 'TRANSFERRED', 'ADMITTED', 'DIED'] as const),
  };
}

export function fireIncident(rnd: () => number, sourceRecordId: string, revision = 1): FireIncidentReportedBody {
  return {
    type: 'FireIncidentReported',
    sourceRecordId,
    revision,
    communityCode: communityOf(rnd),
    occurredAt: occurredAt(rnd),
    deaths: rnd() < 0.02 ? 1 : 0,
    injuries: int(rnd, 2),
    directLossYuan: Math.round(rnd() * 500_000),
    cause: pick(rnd, ['ELECTRICAL', 'CARELESS_USE_OF_FIRE', 'SMOKING', 'CHILDREN_PLAYING', 'ARSON', 'SPONTANEOUS_COMBUSTION', 'OTHER', 'UNKNOWN'] as const),
    propertyType: pick(rnd, ['RESIDENTIAL', 'HIGH_RISE', 'CROWDED_PLACE', 'MIXED_USE', 'INDUSTRIAL', 'VEHICLE', 'OUTDOOR', 'OTHER'] as const),
  };
}

/** A run-unique prefix for sourceRecordIds (base 36 time + random), within [A-Za-z0-9._:-]. */
/** A hazard the work-safety bureau found in `communityCode` (the latency probes). */
export function hazard(rnd: () => number, sourceRecordId: string, communityCode: string): HazardIdentifiedBody {
  return {
    type: 'HazardIdentified',
    sourceRecordId,
    revision: 1,
    communityCode,
    occurredAt: occurredAt(rnd),
    sector: pick(rnd, ['ENTERPRISE', 'FIRE', 'ROAD', 'PUBLIC_PLACE'] as const),
    level: rnd() < 0.1 ? 'MAJOR' : 'GENERAL',
    rectifyBy: '2026-06-30',
    description: '消防通道堵塞，限期清理',
  };
}

export function runPrefix(tag: string): string {
  return `${tag}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}
