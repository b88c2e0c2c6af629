// Number and date formatting shared by every view. Figures are shown as plain digits
// (no grouping) so what is on screen is exactly what the API returned.

export const DASH = '—';

/** @param {number | null | undefined} value */
export function num(value) {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : DASH;
}

/** One decimal and a % sign: 12.5 → "12.5%", null → "—". @param {number | null | undefined} value */
export function pct(value) {
  return typeof value === 'number' && Number.isFinite(value) ? `${value.toFixed(1)}%` : DASH;
}

/** A change: +12.5% / -8.0% / 0.0%; null → "—". @param {number | null | undefined} value */
export function changePct(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return DASH;
  return value > 0 ? `+${value.toFixed(1)}%` : `${value.toFixed(1)}%`;
}

/** One decimal without unit (rates per 100 000). @param {number | null | undefined} value */
export function decimal1(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(1) : DASH;
}

/** Percentage-point difference between two rates: "+3.2" / "-1.0"; "—" if either is missing. */
export function pointChange(/** @type {number|null|undefined} */ now, /** @type {number|null|undefined} */ before) {
  if (typeof now !== 'number' || typeof before !== 'number') return DASH;
  const diff = Math.round((now - before) * 10) / 10;
  return diff > 0 ? `+${diff.toFixed(1)}` : diff.toFixed(1);
}

/** A YYYY-MM-DD date as is; null → "—". @param {string | null | undefined} value */
export function date(value) {
  return typeof value === 'string' && value !== '' ? value : DASH;
}

/**
 * An ISO instant in the browser's time zone as "YYYY-MM-DD HH:mm"; null → "—".
 * @param {string | null | undefined} value
 */
export function dateTime(value) {
  if (typeof value !== 'string' || value === '') return DASH;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const p = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
