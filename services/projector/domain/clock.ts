/**
 * The query's fixed point in time: the asOf instant and its local date in the hub's
 * time zone. Figures take it as a value; nothing here reads the system clock.
 */
import { yearOfDate, zonedCalendar, type ZonedCalendar } from '../../kernel/time';

export interface QueryClock {
  readonly asOf: Date;
  readonly asOfMs: number;
  /** The asOf instant's local date: "today" for deadlines and expiry. */
  readonly asOfDate: string;
  readonly asOfYear: number;
  readonly timeZone: string;
  localDate(instant: string): string;
  localYear(instant: string): number;
}

/**
 * One calendar per zone, shared by the queries: its caches (one offset per UTC day, one date per
 * local day) are pure functions of the zone, bounded by the days the records span, and filling
 * them anew per question cost two Intl calls per distinct day (a 10M-event overview: ~1,500).
 */
const calendars = new Map<string, ZonedCalendar>();

function calendarOf(timeZone: string): ZonedCalendar {
  let calendar = calendars.get(timeZone);
  if (!calendar) calendars.set(timeZone, (calendar = zonedCalendar(timeZone)));
  return calendar;
}

export function queryClock(asOf: Date, timeZone: string): QueryClock {
  const asOfMs = asOf.getTime();
  if (Number.isNaN(asOfMs)) throw new RangeError('asOf is not a valid instant');
  const calendar = calendarOf(timeZone);
  const asOfDate = calendar.localDate(asOf);
  return {
    asOf,
    asOfMs,
    asOfDate,
    asOfYear: yearOfDate(asOfDate),
    timeZone,
    localDate: (instant) => calendar.localDate(instant),
    localYear: (instant) => calendar.localYear(instant),
  };
}
