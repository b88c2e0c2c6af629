// The committee API (docs/api/committee.md), mounted by the composition root at /committee/v1.
// Each request folds the events of its scope as received by asOf and computes the figures, so
// any asOf reproduces exactly what was known then. Folded facts are cached until the read
// model moves (factsCache.ts); figures, which depend on the asOf date, are computed each time.
import { Router, type Response } from 'express';
import { NotFoundError } from '../../kernel/errors';
import type { Authenticator } from '../../kernel/http/auth';
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
import { communityCodeParam, hazardsQuery, listQuery, overviewQuery, parseParams, regionCodeParam, summaryQuery } from './params';

export interface CommitteeRouterDeps {
  readModel: ReadModel;
  authenticator: Authenticator;
  /** IANA zone for years, "today" and deadlines (HUB_TIMEZONE). */
  timeZone: string;
  readiness: ReadinessThresholds;
  now: () => Date;
  logger: Logger;
}

export function createCommitteeRouter(deps: CommitteeRouterDeps): Router {
  const { readModel, authenticator, timeZone, readiness, now, logger } = deps;
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
    assertWithinRegion(access(res), regionCode, 'region');
    const asOf = query.asOf ?? now();
    const rows = communityRows(factsFor(regionCode, asOf), { regionCode, asOf, timeZone });
    sendList(req, res, { name: 'communities', rows, format: query.format, filename: `communities-${regionCode || 'all'}` });
  });

  router.get('/communities/:code/overview', (req, res) => {
    const { code } = parseParams(communityCodeParam, req.params);
    const query = parseParams(overviewQuery, req.query);
    assertWithinRegion(access(res), code, 'code');
    const asOf = query.asOf ?? now();
    if (!readModel.communityKnown(code, asOf.getTime())) {
      throw new NotFoundError(`No event received by ${asOf.toISOString()} names community ${code}.`);
    }
    const year = query.year ?? localYear(asOf, timeZone);
    res.json(communityOverview(factsFor(code, asOf), { communityCode: code, year, asOf, timeZone, readiness }));
  });

  router.get('/regions/:regionCode/summary', (req, res) => {
    const { regionCode } = parseParams(regionCodeParam, req.params);
    const query = parseParams(summaryQuery, req.query);
    assertWithinRegion(access(res), regionCode, 'regionCode');
    const asOf = query.asOf ?? now();
    const year = query.year ?? localYear(asOf, timeZone);
    res.json(regionSummary(factsFor(regionCode, asOf), { regionCode, year, asOf, timeZone }));
  });

  router.get('/hazards', (req, res) => {
    const query = parseParams(hazardsQuery, req.query);
    const regionCode = query.region ?? access(res).region;
    assertWithinRegion(access(res), regionCode, 'region');
    const asOf = query.asOf ?? now();
    const rows = hazardRows(factsFor(regionCode, asOf), { regionCode, status: query.status, asOf, timeZone });
    sendList(req, res, { name: 'hazards', rows, format: query.format, filename: `hazards-${regionCode || 'all'}-${query.status}` });
  });

  router.get('/designations', (req, res) => {
    const query = parseParams(listQuery, req.query);
    const regionCode = query.region ?? access(res).region;
    assertWithinRegion(access(res), regionCode, 'region');
    const asOf = query.asOf ?? now();
    const rows = designationRows(factsFor(regionCode, asOf), { regionCode, asOf, timeZone });
    sendList(req, res, { name: 'designations', rows, format: query.format, filename: `designations-${regionCode || 'all'}` });
  });

  return router;
}
