import { describe, expect, it } from 'vitest';
import { containsPersonalIdentifier, instantOf, isCalendarDate } from './formats';

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
