// The projector service as the composition root starts it: the read model in
// <HUB_DATA_DIR>/readmodel.sqlite, the projector following the store, and the HTTP routers
// (dashboard at /, committee API at /committee/v1). With the embedded SQLite store the read
// model, the projection and the committee queries run in a worker thread (worker/), so neither
// blocks the gateways on the main event loop; with another store they run in this thread.
import path from 'node:path';
import { Router } from 'express';
import type { SchemaRegistry } from '../kernel/avro/registry';
import type { HubConfig } from '../kernel/config';
import type { Authenticator } from '../kernel/http/auth';
import type { HubMetrics } from '../kernel/http/metrics';
import type { Logger } from '../kernel/logger';
import type { EventStore } from '../kernel/store/eventStore';
import { asAsync, createCommitteeFigures, type CommitteeFiguresAsync } from './committee/figures';
import { createCommitteeRouter } from './committee/router';
import type { Divisions } from '../kernel/divisions';
import { createDashboardRouter } from './dashboard/router';
import { DEFAULT_READINESS, type ReadinessThresholds } from './domain';
import { createProjector, type CatchUpResult } from './projector';
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

/** The HTTP side, the same whichever thread answers the figures. */
export function projectorRouters(deps: Pick<ProjectorServiceDeps, 'authenticator' | 'config' | 'now' | 'logger' | 'divisions'>, figures: CommitteeFiguresAsync): Router[] {
  const committee = createCommitteeRouter({
    figures,
    authenticator: deps.authenticator,
    timeZone: deps.config.HUB_TIMEZONE,
    divisions: deps.divisions,
    now: deps.now,
    logger: deps.logger.child({ component: 'committee' }),
  });
  const api = Router();
  api.use('/committee/v1', committee);
  return [createDashboardRouter({ divisions: deps.divisions }), api];
}

/** Read model, projection and queries in this thread. */
export function createProjectorService(deps: ProjectorServiceDeps): ProjectorService {
  const { store, registry, metrics, logger, config, now } = deps;
  const readModel = openReadModel(readModelPath(config.HUB_DATA_DIR), { timeZone: config.HUB_TIMEZONE });
  const projector = createProjector({ store, registry, readModel, metrics, logger, now });
  const figures = createCommitteeFigures({ queries: readModel.queries, timeZone: config.HUB_TIMEZONE, readiness: readinessThresholds(config) });
  return {
    routers: projectorRouters(deps, asAsync(figures)),
    start: () => projector.start(),
    notify: () => projector.notify(),
    waitFor: (position, timeoutMs) => projector.waitFor(position, timeoutMs),
    isCaughtUp: () => projector.isCaughtUp(),
    pendingEvents: (limit) => projector.pendingEvents(limit),
    catchUp: () => projector.catchUp(),
    checkpoint: async () => readModel.checkpoint(),
    async stop() {
      await projector.stop();
      readModel.close();
    },
  };
}
