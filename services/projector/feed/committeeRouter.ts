// GET /committee/v1/agreements?region=: the agreements whose region lies inside the asked one
// (default: the token's) or contains it. Mounted at /committee/v1/agreements.
import { Router } from 'express';
import type { Authenticator } from '../../kernel/http/auth';
import { localDate } from '../../kernel/time';
import { assertWithinRegion, committeeAccess } from '../committee/access';
import { regionParam } from './params';
import type { FeedReader } from './reader';

export function createCommitteeAgreementsRouter(deps: {
  authenticator: Authenticator;
  reader: FeedReader;
  timeZone: string;
  now: () => Date;
}): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const access = committeeAccess(deps.authenticator, req);
    const region = regionParam(req.query as Record<string, unknown>) ?? access.region;
    assertWithinRegion(access, region, 'region');
    const agreements = await deps.reader.agreementsIn(region, localDate(deps.now(), deps.timeZone));
    res.json({ agreements });
  });
  return router;
}
