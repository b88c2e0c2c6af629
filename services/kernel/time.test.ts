import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addMonthsToInstant,
  dayOfYear,
  daysBetween,
  daysInYear,
  localDate,
  localYear,
  parseDate,
  parseInstant,
  zonedCalendar,
} from './time';

describe('localDate', () => {
  it('puts 2024-12-31T17:00:00Z on 2025-01-01 in Asia/Shanghai', () => {
    expect(localDate('2024-12-31T17:00:00Z', 'Asia/Shanghai')).toBe('2025-01-01');
    expect(localYear('2024-12-31T17:00:00Z', 'Asia/Shanghai')).toBe(2025);
  });

  it('keeps 2024-12-31T15:59:59Z on 2024-12-31 in Asia/Shanghai', () => {
    expect(localDate('2024-12-31T15:59:59Z', 'Asia/Shanghai')).toBe('2024-12-31');
  });

  it('reads an instant sent with another offset in the hub zone', () => {
    // 23:30 in New York on Dec 31 is 12:30 on Jan 1 in Shanghai.
    expect(localDate('2024-12-31T23:30:00-05:00', 'Asia/Shanghai')).toBe('2025-01-01');
  });

  it('follows daylight saving time where the zone has it', () => {
    // 04:30Z on a July day is 00:30 EDT (UTC-4) but would be 23:30 the day before in EST.
    expect(localDate('2025-07-10T04:30:00Z', 'America/New_York')).toBe('2025-07-10');
    expect(localDate('2025-01-10T04:30:00Z', 'America/New_York')).toBe('2025-01-09');
  });

  it('accepts a Date', () => {
    expect(localDate(new Date('2025-06-30T16:00:00Z'), 'Asia/Shanghai')).toBe('2025-07-01');
  });

  it('rejects an unknown time zone and an invalid instant', () => {
    expect(() => localDate('2025-01-01T00:00:00Z', 'Mars/Olympus')).toThrow(RangeError);
    expect(() => localDate('not a time', 'Asia/Shanghai')).toThrow(RangeError);
  });
});

describe('zonedCalendar', () => {
  it('agrees with localDate across a DST switch day and ordinary days', () => {
    const calendar = zonedCalendar('America/New_York');
    // 2025-03-09 is the spring-forward day in New York: offsets differ within that UTC day.
    const instants = [
      '2025-03-09T04:59:00Z',
      '2025-03-09T05:00:00Z',
      '2025-03-09T06:59:00Z',
      '2025-03-09T07:00:00Z',
      '2025-03-10T03:59:59Z',
      '2025-03-10T04:00:00Z',
      '2025-11-02T04:30:00Z',
      '2025-11-02T05:30:00Z',
    ];
    for (const instant of instants) {
      expect(calendar.localDate(instant)).toBe(localDate(instant, 'America/New_York'));
    }
  });

  it('reckons the year boundary in Asia/Shanghai', () => {
    const calendar = zonedCalendar('Asia/Shanghai');
    expect(calendar.localYear('2024-12-31T16:00:00Z')).toBe(2025);
    expect(calendar.localYear('2024-12-31T15:59:59.999Z')).toBe(2024);
  });
});

describe('date arithmetic', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });

  it('counts days between dates, negative when the second is earlier', () => {
    expect(daysBetween('2025-01-01', '2025-03-01')).toBe(59);
    expect(daysBetween('2025-03-01', '2025-01-01')).toBe(-59);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('gives day of year with January 1 as day 1', () => {
    expect(dayOfYear('2025-01-01')).toBe(1);
    expect(dayOfYear('2024-12-31')).toBe(366);
    expect(dayOfYear('2025-12-31')).toBe(365);
  });

  it('knows leap years', () => {
    expect(daysInYear(2024)).toBe(366);
    expect(daysInYear(2025)).toBe(365);
    expect(daysInYear(1900)).toBe(365);
    expect(daysInYear(2000)).toBe(366);
  });

  it('adds months clamped to the end of the month', () => {
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2025-06-15', -12)).toBe('2024-06-15');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonthsToInstant('2025-06-15T08:30:00Z', -12).toISOString()).toBe('2024-06-15T08:30:00.000Z');
  });

  it('rejects dates that do not exist', () => {
    expect(() => parseDate('2025-02-29')).toThrow(RangeError);
    expect(() => parseDate('2025-13-01')).toThrow(RangeError);
    expect(() => parseDate('20250101')).toThrow(RangeError);
    expect(parseDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
  });

  it('parses instants with an offset', () => {
    expect(parseInstant('2025-01-01T08:00:00+08:00').toISOString()).toBe('2025-01-01T00:00:00.000Z');
  });
});
