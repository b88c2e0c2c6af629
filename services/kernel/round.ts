/**
 * One-decimal rounding for every published percentage and rate.
 * Half away from zero, and robust against binary float noise: 0.145 * 100 is
 * 14.499999999999998 in IEEE doubles but means 14.5, so it must round to 14.5.
 */

/** Significant digits kept before rounding: drops float noise, keeps real digits. */
const CLEAN_PRECISION = 12;

export function roundOneDecimal(value: number): number {
  if (!Number.isFinite(value)) {
    throw new RangeError(`cannot round a non-finite number: ${value}`);
  }
  // Scale first, then strip the noise the scaling and the caller's arithmetic added.
  const scaled = Number((Math.abs(value) * 10).toPrecision(CLEAN_PRECISION));
  // Math.round on a non-negative number rounds .5 up, i.e. away from zero.
  const rounded = Math.round(scaled) / 10;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/** part / whole x 100, one decimal; null when the whole is 0 (no meaningful share). */
export function percentOneDecimal(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return roundOneDecimal((part * 100) / whole);
}

/** count / population x 100,000, one decimal; null without a population. */
export function ratePer100kOneDecimal(count: number, population: number | null): number | null {
  if (population === null || population <= 0) return null;
  return roundOneDecimal((count * 100_000) / population);
}
