// The committee API client. The bearer token is read from the tab's sessionStorage at
// each call and sent only in the Authorization header of same-origin requests.

export const TOKEN_KEY = 'hub.dashboard.token';
const BASE = '/committee/v1';

/** @typedef {'unauthorized' | 'forbidden' | 'notFound' | 'badRequest' | 'server' | 'network'} ApiErrorKind */

export class ApiError extends Error {
  /** @param {ApiErrorKind} kind @param {number} status @param {string} detail */
  constructor(kind, status, detail) {
    super(`${kind} (${status}): ${detail}`);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.detail = detail;
  }
}

/**
 * @param {{ getToken(): string | null, onUnauthorized(): void, fetchImpl?: typeof fetch }} deps
 *   onUnauthorized runs on a 401 (the app drops the token and shows the sign-in form).
 */
export function createApi({ getToken, onUnauthorized, fetchImpl = (...a) => fetch(...a) }) {
  /** @param {string} path @param {Record<string, string | number | null | undefined>} [query] */
  async function get(path, query = {}) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '') params.set(k, String(v));
    const url = `${BASE}${path}${params.size ? `?${params}` : ''}`;
    const token = getToken();
    /** @type {Response} */
    let res;
    try {
      res = await fetchImpl(url, {
        headers: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
      });
    } catch (err) {
      throw new ApiError('network', 0, err instanceof Error ? err.message : String(err));
    }
    if (res.ok) return res.json();
    const detail = await problemDetail(res);
    if (res.status === 401) {
      onUnauthorized();
      throw new ApiError('unauthorized', 401, detail);
    }
    if (res.status === 403) throw new ApiError('forbidden', 403, detail);
    if (res.status === 404) throw new ApiError('notFound', 404, detail);
    if (res.status === 400) throw new ApiError('badRequest', 400, detail);
    throw new ApiError('server', res.status, detail);
  }

  /**
   * A list as a file (CSV or xlsx), fetched with the token like every other call; the
   * browser then saves it under `filename`.
   * @param {string} path @param {Record<string, string | null | undefined>} query @param {'csv' | 'xlsx'} format @param {string} filename
   */
  async function download(path, query, format, filename) {
    const params = new URLSearchParams({ format });
    for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined) params.set(k, v);
    const token = getToken();
    let res;
    try {
      res = await fetchImpl(`${BASE}${path}?${params}`, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
      });
    } catch (err) {
      throw new ApiError('network', 0, err instanceof Error ? err.message : String(err));
    }
    if (!res.ok) throw new ApiError(res.status === 403 ? 'forbidden' : res.status === 401 ? 'unauthorized' : 'server', res.status, await problemDetail(res));
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `${filename}.${format}`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  /**
   * Names of division codes from the national list the hub serves (public data, no token);
   * an empty map when the hub does not serve them.
   * @param {string[]} codes @returns {Promise<Record<string, string>>}
   */
  async function divisionNames(codes) {
    if (codes.length === 0) return {};
    try {
      const res = await fetchImpl(`/dashboard/division-names?codes=${codes.map(encodeURIComponent).join(',')}`, { credentials: 'omit', referrerPolicy: 'no-referrer' });
      if (!res.ok) return {};
      const body = await res.json();
      return body && typeof body.names === 'object' && body.names !== null ? body.names : {};
    } catch {
      return {};
    }
  }

  return {
    download,
    divisionNames,
    /** @param {string} [region] */
    communities: (region) => get('/communities', { region }),
    /** @param {string} code @param {number | null} year */
    regionSummary: (code, year) => get(`/regions/${encodeURIComponent(code)}/summary`, { year }),
    /** @param {string} code @param {number | null} year */
    communityOverview: (code, year) => get(`/communities/${encodeURIComponent(code)}/overview`, { year }),
    /** @param {string} region @param {'open' | 'overdue' | 'rectified' | 'all'} status */
    hazards: (region, status) => get('/hazards', { region, status }),
    /** @param {string} region */
    designations: (region) => get('/designations', { region }),
  };
}

/** @typedef {ReturnType<typeof createApi>} Api */

/** @param {Response} res */
async function problemDetail(res) {
  try {
    const body = await res.json();
    return String(body?.detail ?? body?.title ?? res.statusText);
  } catch {
    return res.statusText;
  }
}
