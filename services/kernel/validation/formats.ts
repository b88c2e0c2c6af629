// Field formats and the privacy rule of the HTTP edge, as pure functions and patterns.
//
//   FORMAT_PATTERNS: patterns of community-code, region-code and record-id
//   isCalendarDate(text): boolean            YYYY-MM-DD naming a real day
//   instantOf(dateTime): number | null       epoch ms of an ISO 8601 date-time with an offset
//   containsPersonalIdentifier(text): boolean   see privacy.ts

export const FORMAT_PATTERNS = {
  /** Township-level statistical division code: the first 9 of the 12 digits. */
  'community-code': /^\d{9}$/,
  /** A prefix of a division code: province (2), city (4), county (6) or township (9). */
  'region-code': /^(?:\d{2}|\d{4}|\d{6}|\d{9})$/,
  /** A bureau's own record key. */
  'record-id': /^[A-Za-z0-9._:-]{1,64}$/,
} as const;

export const FORMAT_MESSAGES = {
  date: 'must be a date YYYY-MM-DD',
  'date-time': 'must be an ISO 8601 date-time with an offset, e.g. 2025-03-01T08:30:00+08:00',
  'community-code': 'must be a 9-digit community code',
  'region-code': 'must be a region code of 2, 4, 6 or 9 digits',
  'record-id': 'must be 1 to 64 characters of A-Z a-z 0-9 . _ : -',
} as const;

// Read by hand rather than by regex: the gateway checks a date-time per event, and the regex
// match, its ten substrings and a Date object cost more than the rest of the event's checks.
// The grammar is that of the regexes kept in test/kits/referenceFormats.ts, which a property
// test compares with these functions:
//   date       ^(\d{4})-(\d{2})-(\d{2})$
//   date-time  ^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$

export function isCalendarDate(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return false;
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  return century >= 0 && yearOfCentury >= 0 && isRealDay(century * 100 + yearOfCentury, month, day);
}

/** Milliseconds since the epoch, or null when the text is not a valid date-time with an offset. */
export function instantOf(dateTime: string): number | null {
  const n = dateTime.length;
  if (n < 20) return null;
  const s = dateTime;
  if (s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH || s.charCodeAt(10) !== 0x54 /* T */ || s.charCodeAt(13) !== COLON || s.charCodeAt(16) !== COLON) {
    return null;
  }
  const century = twoDigits(s, 0);
  const yearOfCentury = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  // -1 marks a non-digit; isRealDay refuses a negative month or day
  if (century < 0 || yearOfCentury < 0 || hour < 0 || minute < 0 || second < 0) return null;
  let i = 19;
  let millis = 0;
  if (s.charCodeAt(i) === 0x2e /* . */) {
    const start = ++i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === start) return null;
    // whole ms from the first three digits, as Date keeps them
    for (let k = start; k < start + 3; k++) millis = millis * 10 + (k < i ? s.charCodeAt(k) - 0x30 : 0);
  }
  let offset = 0;
  const sign = s.charCodeAt(i);
  if (sign === 0x5a /* Z */) {
    if (i + 1 !== n) return null;
  } else if (sign === 0x2b /* + */ || sign === DASH) {
    if (i + 6 !== n || s.charCodeAt(i + 3) !== COLON) return null;
    const offsetHours = twoDigits(s, i + 1);
    const offsetMinutes = twoDigits(s, i + 4);
    if (offsetHours < 0 || offsetMinutes < 0 || offsetHours > 23 || offsetMinutes > 59) return null;
    offset = (sign === DASH ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  } else {
    return null;
  }
  const year = century * 100 + yearOfCentury;
  if (!isRealDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis - offset;
}

const DASH = 0x2d;
const COLON = 0x3a;

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** The number of the two ASCII digits at `at`, or -1 if either is not one. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 0x30;
  const ones = text.charCodeAt(at + 1) - 0x30;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (years 0 to 9999 here; H. Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The privacy rule lives in privacy.ts (normalised matching); re-exported for the models. */
export { containsPersonalIdentifier } from './privacy';

function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

const DAYS_IN_MONTH: readonly number[] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
