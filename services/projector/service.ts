// The projector service as the composition root starts it: the read model in
// <HUB_DATA_DIR>/readmodel.sqlite, the projector following the store, and the HTTP routers
// (dashboard at /, committee API at /committee/v1). With the embedded SQLite store the projection
// and the feed reads run in one worker thread and the committee queries in another (worker/), so neither
// blocks the gateways on the main event loop; with another store they run in this thread.
import path from 'node:path';
import { Router } from 'express';
import type { SchemaRegistry } from '../kernel/avro/registry';
import type { HubConfig } from '../kernel/config';
import type { Authenticator } from '../kernel/http/auth';
import type { HubMetrics } from '../kernel/http/metrics';
import type { Logger } from '../kernel/logger';
import type { EventStore } from '../kernel/store/eventStore';
import { createCommitteeFigures, type CommitteeFigures } from './committee/figures';
import { createCommitteeRouter } from './committee/router';
import type { Divisions } from '../kernel/divisions';
import { createDashboardRouter } from './dashboard/router';
import { DEFAULT_READINESS, type ReadinessThresholds } from './domain';
import type { AccessLog } from './feed/accessLog';
import { createExchange, createFeedReader, type Exchange, type FeedReader } from './feed';
import { createProjector, type CatchUpResult } from './projector';
import { sqliteQuerySource } from './model/queries';
import { openReadModel } from './readModel';

/** File names in HUB_DATA_DIR, shared with `npm run rebuild`. */
export const EVENT_STORE_FILE = 'events.sqlite';
export const READ_MODEL_FILE = 'readmodel.sqlite';

export interface ProjectorService {
  /** Mount at the root of the app, in order. */
  routers: Router[];
  start(): void;
  /** New events were appended: catch up soon. */
  notify(): void;
  waitFor(position: bigint, timeoutMs?: number): Promise<void>;
  isCaughtUp(): Promise<boolean>;
  pendingEvents(limit: number): Promise<number>;
  catchUp(): Promise<CatchUpResult>;
  checkpoint(): Promise<bigint | null>;
  /** Stops the projector and closes the read model. */
  stop(): Promise<void>;
}

export function readModelPath(dataDir: string): string {
  return path.join(dataDir, READ_MODEL_FILE);
}

export function readinessThresholds(config: Pick<HubConfig, 'HUB_READINESS'>): ReadinessThresholds {
  return { ...DEFAULT_READINESS, ...config.HUB_READINESS };
}

export interface ProjectorServiceDeps {
  store: EventStore;
  registry: Pick<SchemaRegistry, 'decode'>;
  metrics: HubMetrics;
  logger: Logger;
  authenticator: Authenticator;
  config: Pick<HubConfig, 'HUB_DATA_DIR' | 'HUB_TIMEZONE' | 'HUB_READINESS'>;
  divisions: Divisions;
  now: () => Date;
}

/** What the HTTP side needs of the read model, whichever thread it lives in. */
export interface ReadSide {
  figures: CommitteeFigures;
  feedReader: FeedReader;
  onFeedChange: (listener: () => void) => () => void;
  checkpoint(): Promise<bigint | null>;
  waitFor(position: bigint, timeoutMs?: number): Promise<void>;
}

/**
 * The HTTP side, the same whichever thread answers: dashboard, committee API, and the exchange
 * between bureaus (feeds, agreements, access log). The access log is written here, in the
 * process that answers, before the answer leaves.
 */
export function projectorRouters(
  deps: Pick<ProjectorServiceDeps, 'authenticator' | 'config' | 'now' | 'logger' | 'divisions' | 'metrics'> & { store: Pick<EventStore, 'headPosition'> },
  read: ReadSide,
  options: { accessLog?: AccessLog } = {},
): { routers: Router[]; exchange: Exchange } {
  const exchange = createExchange({
    reader: read.feedReader,
    onChange: read.onFeedChange,
    accessLog: options.accessLog,
    dataDir: deps.config.HUB_DATA_DIR,
    authenticator: deps.authenticator,
    metrics: deps.metrics,
    timeZone: deps.config.HUB_TIMEZONE,
    now: deps.now,
    // A feed answer reflects everything the store holds, revocations included.
    syncToHead: async () => {
      const head = await deps.store.headPosition();
      const checkpoint = await read.checkpoint();
      if (head !== null && (checkpoint === null || checkpoint < head)) await read.waitFor(head, 10_000);
    },
  });
  const committee = createCommitteeRouter({
    figures: read.figures,
    authenticator: deps.authenticator,
    timeZone: deps.config.HUB_TIMEZONE,
    divisions: deps.divisions,
    now: deps.now,
    logger: deps.logger.child({ component: 'committee' }),
  });
  const api = Router();
  // Before the committee router, whose authentication covers every path under it.
  api.use('/committee/v1/agreements', exchange.committeeRouter);
  api.use('/committee/v1', committee);
  api.use(exchange.agencyRouter);
  return { routers: [createDashboardRouter({ divisions: deps.divisions }), api], exchange };
}

/** Read model, projection and queries in this thread. */
export function createProjectorService(deps: ProjectorServiceDeps): ProjectorService {
  const { store, registry, metrics, logger, config, now } = deps;
  const readModel = openReadModel(readModelPath(config.HUB_DATA_DIR), { timeZone: config.HUB_TIMEZONE });
  const projector = createProjector({ store, registry, readModel, metrics, logger, now });
  const figures = createCommitteeFigures({
    source: sqliteQuerySource(readModel.feed.db, readModel.queries),
    timeZone: config.HUB_TIMEZONE,
    readiness: readinessThresholds(config),
  });
  const { routers, exchange } = projectorRouters(deps, {
    figures,
    feedReader: createFeedReader(readModel.feed.db),
    onFeedChange: (listener) => readModel.feed.onChange(listener),
    checkpoint: async () => readModel.checkpoint(),
    waitFor: (position, timeoutMs) => projector.waitFor(position, timeoutMs),
  });
  return {
    routers,
    start: () => projector.start(),
    notify: () => projector.notify(),
    waitFor: (position, timeoutMs) => projector.waitFor(position, timeoutMs),
    isCaughtUp: () => projector.isCaughtUp(),
    pendingEvents: (limit) => projector.pendingEvents(limit),
    catchUp: () => projector.catchUp(),
    checkpoint: async () => readModel.checkpoint(),
    async stop() {
      await projector.stop();
      exchange.close();
      readModel.close();
    },
  };
}
