// The shared, read-only frame every demo generator works in: the zone clock, "now" and
// today's local date, the three demo years, the hub's go-live instant and the volume
// scale, plus small helpers to place events in time and to time their delivery.

import { COMMUNITIES, type DemoCommunity } from './district';
import { createZoneClock, dayOfYmd, MINUTE_MS, monthOfDay, yearOfDay, type ZoneClock } from './calendar';
import type { Rng } from './prng';

export interface DemoContext {
  readonly clock: ZoneClock;
  readonly nowMs: number;
  /** Local date of now in the hub's time zone. */
  readonly today: number;
  /** The two full calendar years before now's year, then now's year. */
  readonly years: readonly [number, number, number];
  readonly currentYear: number;
  /** 1 January of the first demo year. */
  readonly firstDay: number;
  /** When the hub went live; bureaus loaded older records then. */
  readonly goLiveMs: number;
  readonly scale: number;
  readonly communities: readonly DemoCommunity[];
}

export function createContext(now: Date, timeZone: string, scale: number): DemoContext {
  const clock = createZoneClock(timeZone);
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) throw new Error('generateDemoDistrict: `now` is not a valid date');
  if (!(scale > 0)) throw new Error('generateDemoDistrict: `scale` must be > 0');
  const today = clock.dayOf(nowMs);
  const currentYear = yearOfDay(today);
  const firstYear = currentYear - 2;
  return {
    clock,
    nowMs,
    today,
    years: [firstYear, firstYear + 1, currentYear],
    currentYear,
    firstDay: dayOfYmd(firstYear, 1, 1),
    goLiveMs: clock.instant(dayOfYmd(firstYear - 1, 12, 28), 9 * 60 + 30),
    scale,
    communities: COMMUNITIES,
  };
}

/** The local day the community joined the programme. */
export function joinedDay(ctx: DemoContext, community: DemoCommunity): number {
  const j = community.joined;
  if ('yearsBefore' in j) return dayOfYmd(ctx.years[0] - j.yearsBefore, j.month, 11 + (Number(community.code.slice(-2)) % 15));
  return dayOfYmd(ctx.years[j.inDemoYear], j.month, 6 + (Number(community.code.slice(-2)) % 15));
}

export function daysInYear(year: number): number {
  return dayOfYmd(year + 1, 1, 1) - dayOfYmd(year, 1, 1);
}

/** Local days of `year` up to today. */
export function daySpan(ctx: DemoContext, year: number): { from: number; to: number } {
  const from = dayOfYmd(year, 1, 1);
  const to = Math.min(dayOfYmd(year, 12, 31), ctx.today);
  return { from, to };
}

/** Share of the current year elapsed as the hub reckons it (day of year / days in year). */
export function elapsedShare(ctx: DemoContext): number {
  return (ctx.today - dayOfYmd(ctx.currentYear, 1, 1) + 1) / daysInYear(ctx.currentYear);
}

/**
 * Days of `year` (up to today) on which events of a stream happen, one entry per event:
 * Poisson counts with the annual rate shaped by the month weights.
 */
export function eventDays(ctx: DemoContext, rng: Rng, year: number, annualRate: number, monthWeights: readonly number[]): number[] {
  const { from, to } = daySpan(ctx, year);
  const mean = monthWeights.reduce((a, b) => a + b, 0) / monthWeights.length || 1;
  const perDay = annualRate / daysInYear(year);
  const days: number[] = [];
  for (let day = from; day <= to; day += 1) {
    const weight = (monthWeights[monthOfDay(day) - 1] ?? mean) / mean;
    const n = rng.poisson(perDay * weight);
    for (let i = 0; i < n; i += 1) days.push(day);
  }
  return days;
}

export type HourWeights = readonly number[];

export const HOURS = {
  traffic: [1, 1, 1, 1, 1, 2, 4, 8, 7, 5, 5, 5, 5, 5, 5, 6, 7, 8, 7, 5, 4, 3, 2, 1],
  security: [3, 2, 2, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 5, 4, 4],
  fire: [2, 2, 1, 1, 1, 1, 2, 3, 4, 4, 5, 6, 6, 6, 5, 5, 5, 6, 6, 5, 4, 4, 3, 3],
  injury: [1, 1, 1, 1, 1, 1, 2, 4, 6, 7, 7, 6, 6, 6, 6, 7, 7, 7, 6, 5, 4, 3, 2, 1],
  work: [0, 0, 0, 0, 0, 0, 1, 3, 6, 8, 8, 5, 2, 6, 8, 8, 6, 3, 1, 0, 0, 0, 0, 0],
  office: [0, 0, 0, 0, 0, 0, 0, 0, 6, 9, 9, 6, 1, 3, 8, 9, 8, 4, 0, 0, 0, 0, 0, 0],
} as const satisfies Record<string, HourWeights>;

const hourTables = new WeakMap<HourWeights, readonly (readonly [number, number])[]>();

function pickHour(rng: Rng, weights: HourWeights): number {
  let table = hourTables.get(weights);
  if (!table) {
    table = weights.map((w, hour) => [hour, w] as const);
    hourTables.set(weights, table);
  }
  return rng.weighted(table);
}

/** An instant on `day` with the hour drawn from the weights, or null when it is after now. */
export function instantOn(ctx: DemoContext, rng: Rng, day: number, weights: HourWeights): number | null {
  const minute = pickHour(rng, weights) * 60 + rng.int(0, 59);
  const ms = ctx.clock.instant(day, minute);
  return ms <= ctx.nowMs ? ms : null;
}

/** An instant on `day` not after now (today: within the part of the day already elapsed). */
export function instantOnOrBeforeNow(ctx: DemoContext, rng: Rng, day: number, weights: HourWeights): number {
  const ms = instantOn(ctx, rng, day, weights);
  if (ms !== null) return ms;
  const start = ctx.clock.instant(day, 0);
  return Math.min(ctx.nowMs, start + Math.floor(rng.next() * Math.max(0, ctx.nowMs - start)));
}

/**
 * When a bureau delivers a record made at `fromMs`: after a log-uniform delay between
 * `minMinutes` and `maxMinutes`, and never after now.
 */
export function deliveredAfter(ctx: DemoContext, rng: Rng, fromMs: number, minMinutes: number, maxMinutes: number): number {
  const delay = Math.exp(rng.range(Math.log(Math.max(1, minMinutes)), Math.log(Math.max(1, maxMinutes)))) * MINUTE_MS;
  const at = fromMs + Math.round(delay);
  if (at <= ctx.nowMs) return at;
  return fromMs + Math.floor(Math.max(0, ctx.nowMs - fromMs) * rng.range(0.3, 1));
}

/** Delivery of an administrative record dated `day` (office hours that day plus a little), or null if after now. */
export function deliveredOnDay(ctx: DemoContext, rng: Rng, day: number, maxDelayMinutes = 240): number | null {
  const at = instantOn(ctx, rng, day, HOURS.office);
  if (at === null) return null;
  const delivered = at + rng.int(5, maxDelayMinutes) * MINUTE_MS;
  return delivered <= ctx.nowMs ? delivered : null;
}

