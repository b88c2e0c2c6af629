// The committee API (docs/api/committee.md), mounted by the composition root at /committee/v1. Figures come from the
// read model's projection at the log position the asOf stands for (figures.ts).
import { Router, type Response } from 'express';
import { NotFoundError } from '../../kernel/errors';
import type { Authenticator } from '../../kernel/http/auth';
import type { Divisions } from '../../kernel/divisions';
import type { Logger } from '../../kernel/logger';
import { localYear } from '../../kernel/time';
import { assertWithinRegion, committeeAccess, type CommitteeAccess } from './access';
import type { CommitteeFigures } from './figures';
import { sendList } from './lists';
import { withCommunityNameFallback, withDesignationNameFallback, withHazardCommunityNames, withOverviewNameFallback, withRegionName } from './naming';
import { assertKnownDivision, communityCodeParam, hazardsQuery, listQuery, overviewQuery, parseParams, regionCodeParam, summaryQuery } from './params';

export interface CommitteeRouterDeps {
  /** The figures, answered in this thread or by the read-model worker. */
  figures: CommitteeFigures;
  authenticator: Authenticator;
  /** IANA zone for years, "today" and deadlines (HUB_TIMEZONE). */
  timeZone: string;
  now: () => Date;
  logger: Logger;
  /** The national division list and HUB_EXTRA_DIVISIONS: codes are checked and named from it. */
  divisions: Divisions;
}

export function createCommitteeRouter(deps: CommitteeRouterDeps): Router {
  const { figures, authenticator, timeZone, now, divisions } = deps;
  const router = Router();

  const access = (res: Response): CommitteeAccess => res.locals.committee as CommitteeAccess;


  router.use((req, res, next) => {
    res.locals.committee = committeeAccess(authenticator, req);
    next();
  });

  router.get('/communities', async (req, res) => {
    const query = parseParams(listQuery, req.query);
    const regionCode = query.region ?? access(res).region;
    assertKnownDivision(divisions, query.region ?? '', 'region');
    assertWithinRegion(access(res), regionCode, 'region');
    const asOf = query.asOf ?? now();
    const rows = withCommunityNameFallback(await figures.communities(regionCode, asOf), divisions);
    return sendList(req, res, { name: 'communities', rows, format: query.format, filename: `communities-${regionCode || 'all'}` });
  });

  router.get('/communities/:code/overview', async (req, res) => {
    const { code } = parseParams(communityCodeParam, req.params);
    const query = parseParams(overviewQuery, req.query);
    assertKnownDivision(divisions, code, 'code');
    assertWithinRegion(access(res), code, 'code');
    const asOf = query.asOf ?? now();
    const year = query.year ?? localYear(asOf, timeZone);
    // One answer, one snapshot: whether the community is known and its overview.
    const overview = await figures.overview(code, year, asOf);
    if (!overview) throw new NotFoundError(`No event received by ${asOf.toISOString()} names community ${code}.`);
    res.json(withOverviewNameFallback(overview, divisions));
  });

  router.get('/regions/:regionCode/summary', async (req, res) => {
    const { regionCode } = parseParams(regionCodeParam, req.params);
    const query = parseParams(summaryQuery, req.query);
    assertKnownDivision(divisions, regionCode, 'regionCode');
    assertWithinRegion(access(res), regionCode, 'regionCode');
    const asOf = query.asOf ?? now();
    const year = query.year ?? localYear(asOf, timeZone);
    res.json(withRegionName(await figures.summary(regionCode, year, asOf), divisions));
  });

  router.get('/hazards', async (req, res) => {
    const query = parseParams(hazardsQuery, req.query);
    const regionCode = query.region ?? access(res).region;
    assertKnownDivision(divisions, query.region ?? '', 'region');
    assertWithinRegion(access(res), regionCode, 'region');
    const asOf = query.asOf ?? now();
    const rows = withHazardCommunityNames(await figures.hazards(regionCode, query.status, asOf), divisions);
    return sendList(req, res, { name: 'hazards', rows, format: query.format, filename: `hazards-${regionCode || 'all'}-${query.status}` });
  });

  router.get('/designations', async (req, res) => {
    const query = parseParams(listQuery, req.query);
    const regionCode = query.region ?? access(res).region;
    assertKnownDivision(divisions, query.region ?? '', 'region');
    assertWithinRegion(access(res), regionCode, 'region');
    const asOf = query.asOf ?? now();
    const rows = withDesignationNameFallback(await figures.designations(regionCode, asOf), divisions);
    return sendList(req, res, { name: 'designations', rows, format: query.format, filename: `designations-${regionCode || 'all'}` });
  });

  return router;
}
