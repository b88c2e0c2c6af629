// The exchange between bureaus (sharing agreements, feeds, the access log) as the projector
// service mounts it. The read model owns the feed projection (readModel.feed) and applies it in
// its page transaction; this wires the queries, the access log and the routes around it.
import path from 'node:path';
import type { Router } from 'express';
import type { Authenticator } from '../../kernel/http/auth';
import type { HubMetrics } from '../../kernel/http/metrics';
import { ACCESS_LOG_FILE, openAccessLog, type AccessLog } from './accessLog';
import { createCommitteeAgreementsRouter } from './committeeRouter';
import type { FeedReader } from './reader';
import { createExchangeRouter } from './router';
import { createFeedServer } from './serve';

export { createFeedProjection, type FeedProjection } from './projection';
export { createFeedReader, type FeedReader } from './reader';
export { ACCESS_LOG_FILE } from './accessLog';
export { createPgFeedProjection, type PgFeedPageWrites, type PgFeedProjection } from './pg/projection';
export { createPgFeedReader } from './pg/reader';
export { migratePgAccessLog, openPgAccessLog } from './pg/accessLog';

export interface Exchange {
  /** Mount at the root. */
  agencyRouter: Router;
  /** Mount at /committee/v1/agreements, before the committee router. */
  committeeRouter: Router;
  accessLog: AccessLog;
  close(): void;
}

export function createExchange(deps: {
  /** The feed queries, answered in this thread or by the read-model worker. */
  reader: FeedReader;
  /** Calls the listener after a projected page changed the feed; returns the unsubscribe function. */
  onChange: (listener: () => void) => () => void;
  dataDir: string;
  /** The access log to use (PostgreSQL's: pg/accessLog.ts); by default the SQLite file in dataDir. */
  accessLog?: AccessLog;
  authenticator: Authenticator;
  metrics: HubMetrics;
  syncToHead: () => Promise<void>;
  timeZone: string;
  now: () => Date;
}): Exchange {
  const accessLog = deps.accessLog ?? openAccessLog(path.join(deps.dataDir, ACCESS_LOG_FILE));
  const { reader } = deps;
  const server = createFeedServer({
    reader,
    accessLog,
    onChange: (listener) => deps.onChange(listener),
    syncToHead: deps.syncToHead,
    metrics: deps.metrics,
    timeZone: deps.timeZone,
    now: deps.now,
  });
  const common = { authenticator: deps.authenticator, reader, timeZone: deps.timeZone, now: deps.now };
  return {
    agencyRouter: createExchangeRouter({ ...common, server, accessLog, metrics: deps.metrics }),
    committeeRouter: createCommitteeAgreementsRouter(common),
    accessLog,
    close: () => {
      if (!deps.accessLog) accessLog.close(); // a log passed in is its owner's to close
    },
  };
}
