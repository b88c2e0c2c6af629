// The privacy rule of the HTTP edge: free text must not carry a resident ID number or a mainland
// mobile number, in any disguise. The text is normalised first, then matched by shape.
//
//   normaliseForIdentifiers(text): string       what the shapes are matched against
//   containsPersonalIdentifier(text): boolean   shaped like a resident ID or a mobile number
//
// Normalising: NFKC (full-width ０-９ and Ｘ become 0-9 and X, the ideographic space a space),
// invisible format characters (zero-width space/joiners, BOM, soft hyphen, direction marks) and
// combining marks dropped, then separators between two digits (or a digit and a final X)
// removed: spaces, hyphens and dashes, dots, slashes, underscores, middle dots.
// Calendar dates written with separators (2013.05.01, 2024-12-31) that do not continue a digit
// run stay apart, so that a date range such as "2013.05.01-2014.06.30" is not read as a mobile
// number. The price: a mobile number deliberately written as a date and a tail
// ("1990-12-12 345") is not found; no ordinary way of writing a number looks like that.

// Shapes, not checksums: a false alarm costs a bureau a resend, a leak cannot be undone.
const RESIDENT_ID = /\d{17}[\dXx]/;
const MOBILE_NUMBER = /1[3-9]\d{9}/;

const INVISIBLE = /[\p{Cf}\p{M}]/gu;
const SEPARATOR = '[\\s\\-‐‑‒–—―−﹣.。．·・･/_]';
const SEPARATORS = new RegExp(`(?<=\\d)${SEPARATOR}+(?=[\\dXx])`, 'gu');
/**
 * A date yyyy-mm-dd (or with . or / as separators) that no digit run precedes: the second date
 * of a range stays a date, but the birth date inside "610902 1990.01.01 123X" is joined.
 */
const SEPARATED_DATE = new RegExp(
  `(?<!\\d${SEPARATOR}*)(?:19|20)\\d\\d([-./])(?:0?[1-9]|1[0-2])\\1(?:0?[1-9]|[12]\\d|3[01])(?!\\d)`,
  'gu',
);

export function normaliseForIdentifiers(text: string): string {
  let plain = text.normalize('NFKC').replace(INVISIBLE, '');
  // A date becomes a marker that is neither digit nor separator, so nothing joins across it;
  // repeated, so that each date of a chain (a range, a list) is freed by the one before it.
  for (let before = ''; before !== plain; ) {
    before = plain;
    plain = plain.replace(SEPARATED_DATE, '‹date›');
  }
  return plain.replace(SEPARATORS, '');
}

export function containsPersonalIdentifier(text: string): boolean {
  if (RESIDENT_ID.test(text) || MOBILE_NUMBER.test(text)) return true;
  const normalised = normaliseForIdentifiers(text);
  return RESIDENT_ID.test(normalised) || MOBILE_NUMBER.test(normalised);
}
