// The demo's view of the hub's calendar (services/kernel/time.ts): dates as local day numbers
// (days since 1970-01-01 of a calendar date, no time zone involved), which the generators add
// and compare cheaply; instants are epoch milliseconds. Date arithmetic and the time zone's
// offsets come from the kernel's calendar; the bureaus of the district stamp times in China
// Standard Time (+08:00, no daylight saving).
import { addMonths, formatDate, parseDate, zoneOffsetMs } from '../../kernel/time';

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;
const CST_OFFSET_MINUTES = 480;

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

export function dayOfYmd(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function ymdOfDay(dayNumber: number): Ymd {
  const d = new Date(dayNumber * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function dateOfDay(dayNumber: number): string {
  return formatDate(ymdOfDay(dayNumber));
}

export function dayOfDate(date: string): number {
  const { year, month, day } = parseDate(date);
  return dayOfYmd(year, month, day);
}

export function yearOfDay(dayNumber: number): number {
  return ymdOfDay(dayNumber).year;
}

export function monthOfDay(dayNumber: number): number {
  return ymdOfDay(dayNumber).month;
}

/** The same calendar date `years` later (29 February becomes 28 February). */
export function addYears(dayNumber: number, years: number): number {
  return dayOfDate(addMonths(dateOfDay(dayNumber), 12 * years));
}

/** ISO 8601 with the +08:00 offset the bureaus use, to the second. */
export function formatCst(instantMs: number): string {
  const local = new Date(instantMs + CST_OFFSET_MINUTES * MINUTE_MS).toISOString();
  return `${local.slice(0, 19)}+08:00`;
}

export interface ZoneClock {
  readonly timeZone: string;
  /** The zone's UTC offset in minutes at an instant. */
  offsetMinutes(instantMs: number): number;
  /** The instant of a local date and minute of the day in the zone. */
  instant(dayNumber: number, minuteOfDay: number): number;
  /** The local date of an instant in the zone. */
  dayOf(instantMs: number): number;
}

export function createZoneClock(timeZone: string): ZoneClock {
  const fine = new Map<number, number>();
  /** Per UTC day: the offset when it is the same all day, else null (a transition day). */
  const daily = new Map<number, number | null>();
  const measure = (at: number): number => Math.round(zoneOffsetMs(at, timeZone) / MINUTE_MS);

  const offsetMinutes = (instantMs: number): number => {
    const dayBucket = Math.floor(instantMs / DAY_MS);
    let uniform = daily.get(dayBucket);
    if (uniform === undefined) {
      const start = measure(dayBucket * DAY_MS);
      uniform = start === measure((dayBucket + 1) * DAY_MS - MINUTE_MS) ? start : null;
      daily.set(dayBucket, uniform);
    }
    if (uniform !== null) return uniform;
    const bucket = Math.floor(instantMs / (15 * MINUTE_MS));
    let offset = fine.get(bucket);
    if (offset === undefined) {
      offset = measure(bucket * 15 * MINUTE_MS);
      fine.set(bucket, offset);
    }
    return offset;
  };

  return {
    timeZone,
    offsetMinutes,
    instant(dayNumber, minuteOfDay) {
      const wall = dayNumber * DAY_MS + minuteOfDay * MINUTE_MS;
      const first = wall - offsetMinutes(wall) * MINUTE_MS;
      return wall - offsetMinutes(first) * MINUTE_MS;
    },
    dayOf(instantMs) {
      return Math.floor((instantMs + offsetMinutes(instantMs) * MINUTE_MS) / DAY_MS);
    },
  };
}
