// The projector service as the composition root starts it: the read model in
// <HUB_DATA_DIR>/readmodel.sqlite, the projector following the store, and the HTTP routers
// (dashboard at /, committee API at /committee/v1).
import path from 'node:path';
import { Router } from 'express';
import type { SchemaRegistry } from '../kernel/avro/registry';
import type { HubConfig } from '../kernel/config';
import type { Authenticator } from '../kernel/http/auth';
import type { HubMetrics } from '../kernel/http/metrics';
import type { Logger } from '../kernel/logger';
import type { EventStore } from '../kernel/store/eventStore';
import { createCommitteeRouter } from './committee/router';
import { createDashboardRouter } from './dashboard/router';
import { DEFAULT_READINESS, type ReadinessThresholds } from './domain';
import { createExchange } from './feed';
import { createProjector, type Projector } from './projector';
import { openReadModel, type ReadModel } from './readModel';

/** File names in HUB_DATA_DIR, shared with `npm run rebuild`. */
export const EVENT_STORE_FILE = 'events.sqlite';
export const READ_MODEL_FILE = 'readmodel.sqlite';

export interface ProjectorService extends Pick<Projector, 'start' | 'notify' | 'waitFor' | 'isCaughtUp' | 'catchUp'> {
  projector: Projector;
  readModel: ReadModel;
  /** Mount at the root of the app, in order. */
  routers: Router[];
  /** Stops the projector and closes the read model. */
  stop(): Promise<void>;
}

export function readModelPath(dataDir: string): string {
  return path.join(dataDir, READ_MODEL_FILE);
}

export function readinessThresholds(config: Pick<HubConfig, 'HUB_READINESS'>): ReadinessThresholds {
  return { ...DEFAULT_READINESS, ...config.HUB_READINESS };
}

export function createProjectorService(deps: {
  store: EventStore;
  registry: Pick<SchemaRegistry, 'decode'>;
  metrics: HubMetrics;
  logger: Logger;
  authenticator: Authenticator;
  config: Pick<HubConfig, 'HUB_DATA_DIR' | 'HUB_TIMEZONE' | 'HUB_READINESS'>;
  now: () => Date;
}): ProjectorService {
  const { store, registry, metrics, logger, authenticator, config, now } = deps;
  const readModel = openReadModel(readModelPath(config.HUB_DATA_DIR));
  const projector = createProjector({ store, registry, readModel, metrics, logger, now });
  const committee = createCommitteeRouter({
    readModel,
    authenticator,
    timeZone: config.HUB_TIMEZONE,
    readiness: readinessThresholds(config),
    now,
    logger: logger.child({ component: 'committee' }),
  });
  const exchange = createExchange({
    feed: readModel.feed,
    dataDir: config.HUB_DATA_DIR,
    authenticator,
    metrics,
    timeZone: config.HUB_TIMEZONE,
    now,
    // A feed answer reflects everything the store holds, revocations included.
    syncToHead: async () => {
      const head = await store.headPosition();
      const checkpoint = readModel.checkpoint();
      if (head !== null && (checkpoint === null || checkpoint < head)) await projector.waitFor(head, 10_000);
    },
  });
  const api = Router();
  api.use('/committee/v1/agreements', exchange.committeeRouter);
  api.use('/committee/v1', committee);
  api.use(exchange.agencyRouter);
  return {
    projector,
    readModel,
    routers: [createDashboardRouter(), api],
    start: () => projector.start(),
    notify: () => projector.notify(),
    waitFor: (position, timeoutMs) => projector.waitFor(position, timeoutMs),
    isCaughtUp: () => projector.isCaughtUp(),
    catchUp: () => projector.catchUp(),
    async stop() {
      await projector.stop();
      exchange.close();
      readModel.close();
    },
  };
}
