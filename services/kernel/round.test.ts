import { describe, expect, it } from 'vitest';
import { percentOneDecimal, ratePer100kOneDecimal, roundOneDecimal } from './round';

describe('roundOneDecimal', () => {
  it('rounds a half up for positive numbers (away from zero)', () => {
    expect(roundOneDecimal(0.25)).toBe(0.3);
    expect(roundOneDecimal(12.35)).toBe(12.4);
  });

  it('rounds a half down for negative numbers (away from zero)', () => {
    expect(roundOneDecimal(-0.25)).toBe(-0.3);
    expect(roundOneDecimal(-12.35)).toBe(-12.4);
  });

  it('is not fooled by float error: 0.145 * 100 means 14.5 and 1.45 rounds to 1.5', () => {
    expect(0.145 * 100).not.toBe(14.5); // the float noise this guards against
    expect(roundOneDecimal(0.145 * 100)).toBe(14.5);
    expect(roundOneDecimal(1.45)).toBe(1.5);
    expect(roundOneDecimal(0.15 * 100)).toBe(15);
    expect(roundOneDecimal(1.005 * 10)).toBe(10.1);
  });

  it('keeps values below the half as they are', () => {
    expect(roundOneDecimal(14.449)).toBe(14.4);
    expect(roundOneDecimal(-14.449)).toBe(-14.4);
    expect(roundOneDecimal(33.333333)).toBe(33.3);
  });

  it('never returns negative zero', () => {
    expect(Object.is(roundOneDecimal(-0.01), 0)).toBe(true);
  });

  it('rejects a non-finite number', () => {
    expect(() => roundOneDecimal(Number.NaN)).toThrow(RangeError);
    expect(() => roundOneDecimal(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('percentOneDecimal', () => {
  it('gives part / whole x 100 with one decimal', () => {
    expect(percentOneDecimal(1, 3)).toBe(33.3);
    expect(percentOneDecimal(2, 3)).toBe(66.7);
    expect(percentOneDecimal(29, 200)).toBe(14.5);
  });

  it('is null when the whole is zero', () => {
    expect(percentOneDecimal(5, 0)).toBeNull();
  });
});

describe('ratePer100kOneDecimal', () => {
  it('gives count per 100,000 with one decimal', () => {
    expect(ratePer100kOneDecimal(3, 70_000)).toBe(4.3);
  });

  it('is null without a population', () => {
    expect(ratePer100kOneDecimal(3, null)).toBeNull();
    expect(ratePer100kOneDecimal(3, 0)).toBeNull();
  });
});
