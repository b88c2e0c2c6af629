// Hash routes: #/regions/{regionCode}?year=YYYY and #/communities/{code}?year=YYYY.
// "#/" (or no hash) is home: the app sends it to the token's default region.

/**
 * @typedef {{ name: 'home' } | { name: 'region' | 'community', code: string, year: number | null } | { name: 'unknown' }} Route
 */

const REGION_CODE = /^(\d{2}|\d{4}|\d{6}|\d{9})$/;
const COMMUNITY_CODE = /^\d{9}$/;

/** @param {string} hash @returns {Route} */
export function parseHash(hash) {
  const raw = hash.replace(/^#/, '');
  if (raw === '' || raw === '/') return { name: 'home' };
  const [pathPart = '', query = ''] = raw.split('?', 2);
  const yearText = new URLSearchParams(query).get('year');
  const year = yearText && /^\d{4}$/.test(yearText) ? Number(yearText) : null;
  const match = /^\/(regions|communities)\/([^/]+)\/?$/.exec(pathPart);
  if (!match) return { name: 'unknown' };
  const code = decodeURIComponent(match[2] ?? '');
  if (match[1] === 'regions' && REGION_CODE.test(code)) return { name: 'region', code, year };
  if (match[1] === 'communities' && COMMUNITY_CODE.test(code)) return { name: 'community', code, year };
  return { name: 'unknown' };
}

/** @param {string} code @param {number | null} [year] */
export function regionHref(code, year) {
  return `#/regions/${code}${year ? `?year=${year}` : ''}`;
}

/** @param {string} code @param {number | null} [year] */
export function communityHref(code, year) {
  return `#/communities/${code}${year ? `?year=${year}` : ''}`;
}

/** A code's href: 9 digits is a community, shorter is a region. @param {string} code @param {number | null} [year] */
export function codeHref(code, year) {
  return COMMUNITY_CODE.test(code) ? communityHref(code, year) : regionHref(code, year);
}

/** @param {string} code */
export function isRegionCode(code) {
  return REGION_CODE.test(code);
}

/**
 * The default place to open after sign-in. The token's region is not exposed by the API,
 * so it is derived from the communities the token may see: their longest common code
 * prefix, cut to a region length (2, 4, 6 or 9 digits). Returns '' when they share no
 * province (a whole-country token) or there are none.
 * @param {string[]} codes
 */
export function defaultRegion(codes) {
  if (codes.length === 0) return '';
  let prefix = codes[0] ?? '';
  for (const code of codes) {
    let i = 0;
    while (i < prefix.length && i < code.length && prefix[i] === code[i]) i += 1;
    prefix = prefix.slice(0, i);
  }
  for (const length of [9, 6, 4, 2]) if (prefix.length >= length) return prefix.slice(0, length);
  return '';
}

/** The enclosing regions of a code, widest first: 610902001 → [61, 6109, 610902]. @param {string} code */
export function parentRegions(code) {
  return [2, 4, 6].filter((n) => n < code.length).map((n) => code.slice(0, n));
}
