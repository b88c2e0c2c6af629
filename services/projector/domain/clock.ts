/**
 * The query's fixed point in time: the asOf instant and its local date in the hub's
 * time zone. Figures take it as a value; nothing here reads the system clock.
 */
import { yearOfDate, zonedCalendar } from '../../kernel/time';

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

export function queryClock(asOf: Date, timeZone: string): QueryClock {
  const asOfMs = asOf.getTime();
  if (Number.isNaN(asOfMs)) throw new RangeError('asOf is not a valid instant');
  const calendar = zonedCalendar(timeZone);
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
