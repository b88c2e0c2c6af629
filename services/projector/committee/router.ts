// The committee API (CONTRACT 5), mounted by the composition root at /committee/v1.
// Each request folds the events of its scope as received by asOf and computes the figures, so
// any asOf reproduces exactly what was known then. Folded facts are cached until the read
// model moves (factsCache.ts); figures, which depend on the asOf date, are computed each time.
import { Router, type Response } from 'express';
import { NotFoundError } from '../../kernel/errors';
import type { Authenticator } from '../../kernel/http/auth';
import type { Divisions } from '../../kernel/divisions';
import type { Logger } from '../../kernel/logger';
import { localYear } from '../../kernel/time';
import {
  communityOverview,
  communityRows,
  designationRows,
  hazardRows,
  regionSummary,
  type Facts,
  type ReadinessThresholds,
} from '../domain';
import type { ReadModel } from '../readModel';
import { assertWithinRegion, committeeAccess, type CommitteeAccess } from './access';
import { createFactsCache } from './factsCache';
import { sendList } from './lists';
import { withCommunityNameFallback, withDesignationNameFallback, withHazardCommunityNames, withOverviewNameFallback, withRegionName } from './naming';
import { assertKnownDivision, communityCodeParam, hazardsQuery, listQuery, overviewQuery, parseParams, regionCodeParam, summaryQuery } from './params';

export interface CommitteeRouterDeps {
  readModel: ReadModel;
  authenticator: Authenticator;
  /** IANA zone for years, "today" and deadlines (HUB_TIMEZONE). */
  timeZone: string;
  readiness: ReadinessThresholds;
  now: () => Date;
  logger: Logger;
  /** The national division list and HUB_EXTRA_DIVISIONS: codes are checked and named from it. */
  divisions: Divisions;
}

export function createCommitteeRouter(deps: CommitteeRouterDeps): Router {
  const { readModel, authenticator, timeZone, readiness, now, logger, divisions } = deps;
  const router = Router();

  const access = (res: Response): CommitteeAccess => res.locals.committee as CommitteeAccess;

  const cache = createFactsCache({ readModel });
  const factsFor = (regionCode: string, asOf: Date): Facts => {
    const started = performance.now();
    const { facts, source, events } = cache.factsFor(regionCode, asOf.getTime());
    logger.debug('scope facts', { regionCode, source, events, ms: Math.round(performance.now() - started) });
    return facts;
  };

  router.use((req, res, next) => {
    res.locals.committee = committeeAccess(authenticator, req);
    next();
  });

  router.get('/communities', (req, res) => {
    const query = parseParams(listQuery, req.query);
    const regionCode = query.region ?? access(res).region;
    assertKnownDivision(divisions, query.region ?? '', 'region');
    assertWithinRegion(access(res), regionCode, 'region');
    const asOf = query.asOf ?? now();
    const rows = withCommunityNameFallback(communityRows(factsFor(regionCode, asOf), { regionCode, asOf, timeZone }), divisions);
    return sendList(req, res, { name: 'communities', rows, format: query.format, filename: `communities-${regionCode || 'all'}` });
  });

  router.get('/communities/:code/overview', (req, res) => {
    const { code } = parseParams(communityCodeParam, req.params);
    const query = parseParams(overviewQuery, req.query);
    assertKnownDivision(divisions, code, 'code');
    assertWithinRegion(access(res), code, 'code');
    const asOf = query.asOf ?? now();
    if (!readModel.communityKnown(code, asOf.getTime())) {
      throw new NotFoundError(`No event received by ${asOf.toISOString()} names community ${code}.`);
    }
    const year = query.year ?? localYear(asOf, timeZone);
    res.json(withOverviewNameFallback(communityOverview(factsFor(code, asOf), { communityCode: code, year, asOf, timeZone, readiness }), divisions));
  });

  router.get('/regions/:regionCode/summary', (req, res) => {
    const { regionCode } = parseParams(regionCodeParam, req.params);
    const query = parseParams(summaryQuery, req.query);
    assertKnownDivision(divisions, regionCode, 'regionCode');
    assertWithinRegion(access(res), regionCode, 'regionCode');
    const asOf = query.asOf ?? now();
    const year = query.year ?? localYear(asOf, timeZone);
    res.json(withRegionName(regionSummary(factsFor(regionCode, asOf), { regionCode, year, asOf, timeZone }), divisions));
  });

  router.get('/hazards', (req, res) => {
    const query = parseParams(hazardsQuery, req.query);
    const regionCode = query.region ?? access(res).region;
    assertKnownDivision(divisions, query.region ?? '', 'region');
    assertWithinRegion(access(res), regionCode, 'region');
    const asOf = query.asOf ?? now();
    const rows = withHazardCommunityNames(hazardRows(factsFor(regionCode, asOf), { regionCode, status: query.status, asOf, timeZone }), divisions);
    return sendList(req, res, { name: 'hazards', rows, format: query.format, filename: `hazards-${regionCode || 'all'}-${query.status}` });
  });

  router.get('/designations', (req, res) => {
    const query = parseParams(listQuery, req.query);
    const regionCode = query.region ?? access(res).region;
    assertKnownDivision(divisions, query.region ?? '', 'region');
    assertWithinRegion(access(res), regionCode, 'region');
    const asOf = query.asOf ?? now();
    const rows = withDesignationNameFallback(designationRows(factsFor(regionCode, asOf), { regionCode, asOf, timeZone }), divisions);
    return sendList(req, res, { name: 'designations', rows, format: query.format, filename: `designations-${regionCode || 'all'}` });
  });

  return router;
}
