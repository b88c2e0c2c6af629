// A stand-in for the committee API (docs/api/committee.md) serving the fixtures, for the
// dashboard's own browser test. It honours bearer tokens and their region prefixes:
// unknown token → 401, a region or community outside the token's prefix → 403. Every answer
// is checked against the hub's response models first: a fixture that drifts from what the hub
// sends gets a 500 naming the field, not a page the real hub could never show.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { agreementListResponse, models } from './contract.js';
import {
  CITY_SUMMARY,
  COMMUNITIES,
  DESIGNATIONS,
  DISTRICT_SUMMARY,
  FIXTURE_YEAR,
  LAOCHENG_OVERVIEW,
  OVERDUE_HAZARDS,
  emptyOverview,
  emptySummary,
} from './fixtures.js';

export interface FakeCommitteeApi {
  router: Router;
  /** Every request the fake answered: path with query, and the status it sent. */
  calls: { url: string; status: number; authorization: string | undefined }[];
  /** Make a token unknown from now on (as if the administrator revoked it). */
  revoke(token: string): void;
}

/** @param tokens bearer token → region prefix ('' = whole country) */
export function createFakeCommitteeApi(tokens: Record<string, string>): FakeCommitteeApi {
  const known = new Map(Object.entries(tokens));
  const calls: FakeCommitteeApi['calls'] = [];
  const router = express.Router();

  const problem = (res: Response, status: number, title: string, detail: string) =>
    res.status(status).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title, status, detail }));

  router.use('/committee/v1', (req, res, next) => {
    res.on('finish', () => calls.push({ url: req.originalUrl, status: res.statusCode, authorization: req.headers.authorization }));
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const region = match ? known.get(match[1] ?? '') : undefined;
    if (region === undefined) return problem(res, 401, 'Unauthorized', 'missing or unknown bearer token');
    res.locals.region = region;
    next();
  });

  const send = (res: Response, model: z.ZodType, body: unknown) => {
    const checked = model.safeParse(body);
    if (checked.success) return res.json(body);
    console.error(`fake committee API: ${res.req.originalUrl} breaks the contract\n${z.prettifyError(checked.error)}`);
    return problem(res, 500, 'Fixture breaks the contract', z.prettifyError(checked.error));
  };

  /** True when allowed; otherwise sends the 403. */
  const allowed = (res: Response, code: string): boolean => {
    if (code.startsWith(String(res.locals.region))) return true;
    problem(res, 403, 'Forbidden', `this token may not read ${code}`);
    return false;
  };
  const yearOf = (req: Request) => (typeof req.query.year === 'string' ? Number(req.query.year) : FIXTURE_YEAR);
  const scope = (req: Request, res: Response): string | null => {
    const region = typeof req.query.region === 'string' ? req.query.region : String(res.locals.region);
    return allowed(res, region) ? region : null;
  };

  router.get('/committee/v1/communities', (req, res) => {
    const region = scope(req, res);
    if (region === null) return;
    send(res, models.communityListResponse, { communities: COMMUNITIES.filter((c) => c.code.startsWith(region)) });
  });

  router.get('/committee/v1/communities/:code/overview', (req, res) => {
    const code = req.params.code;
    if (!allowed(res, code)) return;
    const community = COMMUNITIES.find((c) => c.code === code);
    if (!community) return problem(res, 404, 'Not Found', `no community ${code}`);
    const year = yearOf(req);
    send(res, models.communityOverviewResponse, code === LAOCHENG_OVERVIEW.community.code && year === FIXTURE_YEAR ? LAOCHENG_OVERVIEW : emptyOverview(community, year));
  });

  router.get('/committee/v1/regions/:code/summary', (req, res) => {
    const code = req.params.code;
    if (!allowed(res, code)) return;
    const year = yearOf(req);
    const full = year === FIXTURE_YEAR ? [CITY_SUMMARY, DISTRICT_SUMMARY].find((s) => s.region.code === code) : undefined;
    send(res, models.regionSummaryResponse, full ?? emptySummary(code, year));
  });

  router.get('/committee/v1/hazards', (req, res) => {
    const region = scope(req, res);
    if (region === null) return;
    const status = typeof req.query.status === 'string' ? req.query.status : 'open';
    const hazards = OVERDUE_HAZARDS.filter((h) => h.communityCode.startsWith(region));
    send(res, models.hazardListResponse, { hazards: status === 'overdue' || status === 'open' || status === 'all' ? hazards : [] });
  });

  router.get('/committee/v1/designations', (req, res) => {
    const region = scope(req, res);
    if (region === null) return;
    send(res, models.designationListResponse, { designations: DESIGNATIONS.filter((d) => d.communityCode.startsWith(region)) });
  });

  router.get('/committee/v1/agreements', (req, res) => {
    if (scope(req, res) === null) return;
    send(res, agreementListResponse, { agreements: [] });
  });

  return { router, calls, revoke: (token) => void known.delete(token) };
}
