// The bureaus' exchange routes: GET /agencies/{agency}/v1/feed, /agreements and /access-log,
// each for the token of {agency} only.
import { Router, type Request } from 'express';
import { isAgency, type Agency } from '../../kernel/agency';
import { ForbiddenError, NotFoundError } from '../../kernel/errors';
import type { Authenticator } from '../../kernel/http/auth';
import type { HubMetrics } from '../../kernel/http/metrics';
import { localDate } from '../../kernel/time';
import type { AccessLog } from './accessLog';
import { accessLogParams, feedParams } from './params';
import type { FeedReader } from './reader';
import type { FeedServer } from './serve';

export interface ExchangeRouterDeps {
  authenticator: Authenticator;
  server: FeedServer;
  reader: FeedReader;
  accessLog: AccessLog;
  metrics: Pick<HubMetrics, 'feedRequests'>;
  timeZone: string;
  now: () => Date;
}

/** The bureau of the path, if the token is that bureau's: 401 without a token, 403 for another. */
function bureauOf(authenticator: Authenticator, req: Request): { agency: Agency; tokenId: string } {
  const principal = authenticator.authenticate(req.get('authorization'));
  const agency = String(req.params.agency);
  if (!isAgency(agency)) throw new NotFoundError(`There is no agency "${agency}".`);
  if (principal.role !== 'agency') throw new ForbiddenError('Only bureau tokens may read a bureau\'s feed, agreements or access log.');
  if (principal.agency !== agency) throw new ForbiddenError(`This token belongs to the ${principal.agency} bureau, not ${agency}.`);
  return { agency, tokenId: principal.tokenId };
}

export function createExchangeRouter(deps: ExchangeRouterDeps): Router {
  const router = Router();

  router.get('/agencies/:agency/v1/feed', async (req, res) => {
    const pathAgency = String(req.params.agency);
    if (isAgency(pathAgency)) {
      res.on('finish', () => deps.metrics.feedRequests.inc({ consumer: pathAgency, status_code: String(res.statusCode) }));
    }
    const { agency, tokenId } = bureauOf(deps.authenticator, req);
    const params = feedParams(req.query as Record<string, unknown>);
    const gone = new AbortController();
    req.on('close', () => gone.abort());
    const page = await deps.server.serve({ consumer: agency, tokenId, ...params, signal: gone.signal });
    // The charset express adds to a string body; a Buffer is sent as it is.
    res.type('application/json; charset=utf-8').send(Buffer.from(page.body.buffer, page.body.byteOffset, page.body.byteLength));
  });

  router.get('/agencies/:agency/v1/agreements', async (req, res) => {
    const { agency } = bureauOf(deps.authenticator, req);
    const agreements = await deps.reader.agreementsOf(agency, localDate(deps.now(), deps.timeZone));
    res.json({ agreements });
  });

  router.get('/agencies/:agency/v1/access-log', async (req, res) => {
    const { agency } = bureauOf(deps.authenticator, req);
    const { after, limit } = accessLogParams(req.query as Record<string, unknown>);
    res.json({ entries: await deps.accessLog.read(agency, after, limit) });
  });

  return router;
}
