/**
 * Calendar helpers. The hub reckons years, "today" and deadlines as local dates
 * in its time zone (HUB_TIMEZONE). Dates are 'YYYY-MM-DD' strings, which sort
 * and compare correctly as plain strings.
 */

const MS_PER_DAY = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DateParts {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

/** Parses an instant (ISO 8601 with an offset, or a Date); throws on an invalid one. */
export function parseInstant(instant: Date | string): Date {
  const parsed = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(parsed.getTime())) {
    throw new RangeError(`invalid instant: ${String(instant)}`);
  }
  return parsed;
}

/** Epoch milliseconds of an instant; throws on an invalid one. */
export function instantMs(instant: Date | string): number {
  // Date.parse avoids allocating a Date: this runs for every event of a query.
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`invalid instant: ${String(instant)}`);
  return ms;
}

/** Splits a 'YYYY-MM-DD' date; throws when it is not a real calendar date. */
export function parseDate(date: string): DateParts {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`invalid date: ${date}`);
  const parts = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > daysInMonth(parts.year, parts.month)) {
    throw new RangeError(`invalid date: ${date}`);
  }
  return parts;
}

export function formatDate({ year, month, day }: DateParts): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function daysInMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) return 29;
  const days = DAYS_IN_MONTH[month - 1];
  if (days === undefined) throw new RangeError(`invalid month: ${month}`);
  return days;
}

/** Year of a 'YYYY-MM-DD' date. */
export function yearOfDate(date: string): number {
  return parseDate(date).year;
}

/** Month (1-12) of a 'YYYY-MM-DD' date. */
export function monthOfDate(date: string): number {
  return parseDate(date).month;
}

/** Day number of a date within its year: January 1 is 1. */
export function dayOfYear(date: string): number {
  const { year } = parseDate(date);
  return daysBetween(formatDate({ year, month: 1, day: 1 }), date) + 1;
}

/** Calendar arithmetic on plain dates (no time zone involved). */
export function addDays(date: string, days: number): string {
  const { year, month, day } = parseDate(date);
  return dateFromUtcMs(Date.UTC(year, month - 1, day) + days * MS_PER_DAY);
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((utcMsOfDate(b) - utcMsOfDate(a)) / MS_PER_DAY);
}

/** Same day-of-month n months later (earlier when negative), clamped to the month's end. */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = parseDate(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return formatDate({ year: targetYear, month: targetMonth, day: Math.min(day, daysInMonth(targetYear, targetMonth)) });
}

/** The same instant moved by whole calendar months (UTC calendar, clamped to the month's end). */
export function addMonthsToInstant(instant: Date | string, months: number): Date {
  const at = parseInstant(instant);
  const date = addMonths(at.toISOString().slice(0, 10), months);
  const timeOfDayMs = at.getTime() - utcMsOfDate(at.toISOString().slice(0, 10));
  return new Date(utcMsOfDate(date) + timeOfDayMs);
}

function utcMsOfDate(date: string): number {
  const { year, month, day } = parseDate(date);
  return Date.UTC(year, month - 1, day);
}

function dateFromUtcMs(ms: number): string {
  const at = new Date(ms);
  return formatDate({ year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() });
}

/**
 * Formatters are immutable and costly to build, so one per time zone is kept for
 * the process's life. Building one also validates the zone name (RangeError).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's offset from UTC at an instant, in milliseconds (exact, via Intl). */
function offsetMsAt(epochMs: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wallClockAsUtc = Date.UTC(
    fields.year ?? NaN,
    (fields.month ?? NaN) - 1,
    fields.day ?? NaN,
    fields.hour ?? NaN,
    fields.minute ?? NaN,
    fields.second ?? NaN,
  );
  // Intl drops milliseconds; compare against the instant truncated to the second.
  return wallClockAsUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The zone's offset from UTC at an instant, in milliseconds (what a wall clock there adds to UTC). */
export function zoneOffsetMs(instant: Date | string | number, timeZone: string): number {
  return offsetMsAt(typeof instant === 'number' ? instant : instantMs(instant), timeZone);
}

/** Local calendar date ('YYYY-MM-DD') of an instant in a time zone. */
export function localDate(instant: Date | string, timeZone: string): string {
  const ms = instantMs(instant);
  return dateFromUtcMs(ms + offsetMsAt(ms, timeZone));
}

/** Local calendar year of an instant in a time zone. */
export function localYear(instant: Date | string, timeZone: string): number {
  return yearOfDate(localDate(instant, timeZone));
}

/**
 * A time zone's calendar for one query. Converting each of ~10^5 instants through
 * Intl is slow, so the offset is looked up once per UTC day and reused for every
 * instant of that day; a day whose offset changes (a DST switch) is converted
 * instant by instant. The cache lives only as long as the calendar object.
 */
export interface ZonedCalendar {
  readonly timeZone: string;
  localDate(instant: Date | string): string;
  localYear(instant: Date | string): number;
}

export function zonedCalendar(timeZone: string): ZonedCalendar {
  formatterFor(timeZone); // fail fast on an unknown zone
  const offsetByUtcDay = new Map<number, number | null>();

  const offsetFor = (ms: number): number => {
    const utcDay = Math.floor(ms / MS_PER_DAY);
    let offset = offsetByUtcDay.get(utcDay);
    if (offset === undefined) {
      const atStart = offsetMsAt(utcDay * MS_PER_DAY, timeZone);
      const atEnd = offsetMsAt((utcDay + 1) * MS_PER_DAY - 1000, timeZone);
      offset = atStart === atEnd ? atStart : null;
      offsetByUtcDay.set(utcDay, offset);
    }
    return offset ?? offsetMsAt(ms, timeZone);
  };

  // Many instants share a local day; format each day once.
  const dateByLocalDay = new Map<number, string>();
  const toLocalDate = (instant: Date | string): string => {
    const ms = instantMs(instant);
    const localDay = Math.floor((ms + offsetFor(ms)) / MS_PER_DAY);
    let date = dateByLocalDay.get(localDay);
    if (date === undefined) {
      date = dateFromUtcMs(localDay * MS_PER_DAY);
      dateByLocalDay.set(localDay, date);
    }
    return date;
  };

  return {
    timeZone,
    localDate: toLocalDate,
    localYear: (instant) => Number(toLocalDate(instant).slice(0, 4)),
  };
}
