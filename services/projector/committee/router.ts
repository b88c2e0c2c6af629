// The committee API, mounted by the composition root at /committee/v1. Figures come from the
// read model's projection at the log position the asOf stands for (figures.ts).
import { Router, type Response } from 'express';
import { NotFoundError } from '../../kernel/errors';
import type { Authenticator } from '../../kernel/http/auth';
import type { Logger } from '../../kernel/logger';
import { localYear } from '../../kernel/time';
import type { ReadinessThresholds } from '../domain';
import type { ReadModel } from '../readModel';
import { assertWithinRegion, committeeAccess, type CommitteeAccess } from './access';
import { createCommitteeFigures } from './figures';
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

  const figures = createCommitteeFigures({ queries: readModel.queries, timeZone, readiness });
  void logger;

  router.use((req, res, next) => {
    res.locals.committee = committeeAccess(authenticator, req);
    next();
  });

  router.get('/communities', (req, res) => {
    const query = parseParams(listQuery, req.query);
    const regionCode = query.region ?? access(res).region;
    assertWithinRegion(access(res), regionCode, 'region');
    const asOf = query.asOf ?? now();
    const rows = figures.communities(regionCode, asOf);
    sendList(req, res, { name: 'communities', rows, format: query.format, filename: `communities-${regionCode || 'all'}` });
  });

  router.get('/communities/:code/overview', (req, res) => {
    const { code } = parseParams(communityCodeParam, req.params);
    const query = parseParams(overviewQuery, req.query);
    assertWithinRegion(access(res), code, 'code');
    const asOf = query.asOf ?? now();
    if (!figures.communityKnown(code, asOf)) {
      throw new NotFoundError(`No event received by ${asOf.toISOString()} names community ${code}.`);
    }
    const year = query.year ?? localYear(asOf, timeZone);
    res.json(figures.overview(code, year, asOf));
  });

  router.get('/regions/:regionCode/summary', (req, res) => {
    const { regionCode } = parseParams(regionCodeParam, req.params);
    const query = parseParams(summaryQuery, req.query);
    assertWithinRegion(access(res), regionCode, 'regionCode');
    const asOf = query.asOf ?? now();
    const year = query.year ?? localYear(asOf, timeZone);
    res.json(figures.summary(regionCode, year, asOf));
  });

  router.get('/hazards', (req, res) => {
    const query = parseParams(hazardsQuery, req.query);
    const regionCode = query.region ?? access(res).region;
    assertWithinRegion(access(res), regionCode, 'region');
    const asOf = query.asOf ?? now();
    const rows = figures.hazards(regionCode, query.status, asOf);
    sendList(req, res, { name: 'hazards', rows, format: query.format, filename: `hazards-${regionCode || 'all'}-${query.status}` });
  });

  router.get('/designations', (req, res) => {
    const query = parseParams(listQuery, req.query);
    const regionCode = query.region ?? access(res).region;
    assertWithinRegion(access(res), regionCode, 'region');
    const asOf = query.asOf ?? now();
    const rows = figures.designations(regionCode, asOf);
    sendList(req, res, { name: 'designations', rows, format: query.format, filename: `designations-${regionCode || 'all'}` });
  });

  return router;
}
