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

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Milliseconds since the epoch, or null when the text is not a valid date-time with an offset. */
export function instantOf(dateTime: string): number | null {
  const m = DATE_TIME.exec(dateTime);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (!isRealDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  const offsetHours = m[9] === undefined ? 0 : Number(m[9]);
  const offsetMinutes = m[10] === undefined ? 0 : Number(m[10]);
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const offset = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3)); // whole ms, as Date keeps them
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day); // also right for years 0-99, unlike Date.UTC
  utc.setUTCHours(hour, minute, second, 0);
  return utc.getTime() + millis - offset;
}

/** The privacy rule lives in privacy.ts (normalised matching); re-exported for the models. */
export { containsPersonalIdentifier } from './privacy';

function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}
