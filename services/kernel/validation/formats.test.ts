import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsPersonalIdentifier, instantOf, isCalendarDate } from './formats';
import { referenceInstantOf, referenceIsCalendarDate } from '../../../test/kits/referenceFormats';

describe('isCalendarDate', () => {
  it.each(['2025-03-01', '2024-02-29', '2000-02-29', '2025-12-31', '2025-04-30'])('accepts the real day %s', (text) => {
    expect(isCalendarDate(text)).toBe(true);
  });

  it.each(['2025-02-29', '1900-02-29', '2100-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '2025-01-00', '2025-3-1', '20250301', '2025-03-01T00:00:00Z', ' 2025-03-01'])(
    'rejects %s',
    (text) => {
      expect(isCalendarDate(text)).toBe(false);
    },
  );
});

describe('instantOf', () => {
  it('reads a local time with its offset', () => {
    expect(instantOf('2025-03-01T08:30:00+08:00')).toBe(Date.UTC(2025, 2, 1, 0, 30));
  });

  it('reads UTC, negative offsets and fractions of a second', () => {
    expect(instantOf('2025-03-01T00:30:00Z')).toBe(Date.UTC(2025, 2, 1, 0, 30));
    expect(instantOf('2025-02-28T21:00:00.250-03:30')).toBe(Date.UTC(2025, 2, 1, 0, 30, 0, 250));
    expect(instantOf('2025-03-01T00:30:00.123456789Z')).toBe(Date.UTC(2025, 2, 1, 0, 30, 0, 123.456789));
  });

  it.each([
    '2025-03-01T08:30:00', // no offset: ambiguous
    '2025-03-01T08:30+08:00', // no seconds
    '2025-03-01T08:30:00+0800',
    '2025-03-01 08:30:00Z',
    '2025-03-01t08:30:00z',
    '2025-02-29T08:30:00Z',
    '2025-03-01T24:00:00Z',
    '2025-03-01T08:60:00Z',
    '2025-03-01T08:30:60Z',
    '2025-03-01T08:30:00+24:00',
    '2025-03-01',
  ])('rejects %s', (text) => {
    expect(instantOf(text)).toBeNull();
  });
});

describe('containsPersonalIdentifier', () => {
  it.each([
    ['a resident ID ending in X', '伤者身份证11010519491231002X已登记'],
    ['a resident ID ending in x', 'id 11010519491231002x'],
    ['an all-digit resident ID', '610902198001011234'],
    ['a mobile number inside Chinese text', '联系人电话13812345678请回访'],
    ['a mobile number starting 19', 'call 19912345678'],
  ])('finds %s', (_what, text) => {
    expect(containsPersonalIdentifier(text)).toBe(true);
  });

  it.each([
    ['a landline', '电话 029-88888888'],
    ['a number starting 12', '12345678901'],
    ['a ten-digit number', '1381234567'],
    ['a record id and an amount', 'JJ-2025-000123 损失 12500 元'],
    ['a 17-digit number', '22222222222222222'],
  ])('lets %s through', (_what, text) => {
    expect(containsPersonalIdentifier(text)).toBe(false);
  });
});

describe('the hand-read formats agree with their regex forms', () => {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  /** Mostly in range, sometimes at or past its edges, sometimes not digits at all. */
  const part = (width: number, min: number, max: number, edges: string[]) =>
    fc.oneof(
      { weight: 12, arbitrary: fc.integer({ min, max }).map((n) => pad(n, width)) },
      { weight: 4, arbitrary: fc.constantFrom(...edges) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 10 ** width - 1 }).map((n) => pad(n, width)) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 10 ** (width + 1) - 1 }).map(String) }, // too long or too short
      { weight: 1, arbitrary: fc.string({ minLength: width, maxLength: width }) },
      { weight: 1, arbitrary: fc.constantFrom('０'.repeat(width), ' '.repeat(width), '') },
    );
  const year = part(4, 1900, 2100, ['2024', '2000', '1900', '2100', '0000', '0004', '9999']);
  const month = part(2, 1, 12, ['00', '13', '02']);
  const day = part(2, 1, 28, ['29', '30', '31', '00', '32']);
  const hour = part(2, 0, 23, ['00', '23', '24']);
  const sixty = part(2, 0, 59, ['00', '59', '60']);
  const sep = (usual: string) => fc.oneof({ weight: 12, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: fc.string({ maxLength: 2 }) });
  const date = fc.tuple(year, sep('-'), month, sep('-'), day).map((p) => p.join(''));
  const offset = fc.oneof(
    fc.constantFrom('Z', 'z', '', '+08:00', '-03:30', '+23:59', '+24:00', '-00:60', '+0800', '+08'),
    fc.tuple(fc.constantFrom('+', '-', '−'), hour, sep(':'), sixty).map((p) => p.join('')),
  );
  const fraction = fc.oneof(fc.constant(''), fc.constantFrom('.', '.5', '.25', '.123', '.1234567', '.12a'), fc.stringMatching(/^\.\d{1,12}$/));
  const dateTime = fc
    .tuple(date, sep('T'), hour, sep(':'), sixty, sep(':'), sixty, fraction, offset, fc.oneof({ weight: 12, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.string({ maxLength: 2 }) }))
    .map((p) => p.join(''));
  const any = fc.oneof(date, dateTime, fc.string({ maxLength: 40 }), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));

  it('isCalendarDate', () => {
    fc.assert(fc.property(any, (text) => {
        expect(isCalendarDate(text)).toBe(referenceIsCalendarDate(text));
      }), { numRuns: 20_000 });
  });

  it('instantOf', () => {
    fc.assert(fc.property(any, (text) => {
        expect(instantOf(text)).toBe(referenceInstantOf(text));
      }), { numRuns: 20_000 });
  });

  it('instantOf on every day of years 0 to 9999, with the offset moving the day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), offset, (y, m, d, off) => {
        const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}T23:59:59.999${off}`;
        expect(instantOf(text)).toBe(referenceInstantOf(text));
      }),
      { numRuns: 20_000 },
    );
  });
});
