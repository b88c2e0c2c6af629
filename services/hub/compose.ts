// The composition root of one hub process: builds clients once from the parsed config and
// starts the services named by HUB_SERVICES. main.ts adds the process concerns (listen,
// signals); tests call startHub directly.
import fs from 'node:fs';
import path from 'node:path';
import type { Express, Router } from 'express';
import { isAgency, type Agency } from '../kernel/agency';
import { loadSchemaRegistry } from '../kernel/avro/registry';
import { loadEventValidation } from '../kernel/validation';
import type { EventBus } from '../kernel/bus/eventBus';
import type { HubConfig } from '../kernel/config';
import { createAuthenticator, loadOrCreateAuth, type IssuedToken } from '../kernel/http/auth';
import type { ReadinessCheck } from '../kernel/http/health';
import { createMetrics, type HubMetrics } from '../kernel/http/metrics';
import type { Logger } from '../kernel/logger';
import type { EventStore } from '../kernel/store/eventStore';
import { openSqliteEventStoreWithWriter } from '../kernel/store/sqliteWriter';
import { EsdbEventStore, openEsdbEventStore } from '../kernel/store/esdb';
import { createGatewayRouter } from '../gateway/router';
import { createIngest, type Ingest } from '../gateway/ingest';
import { createRecorder } from '../recorder/recorder';
import { createProjectorService, type ProjectorService } from '../projector/service';
import { committeeApiModels } from '../projector/committee/schemas';
import { buildOpenApiDocument, createOpenApiRouter } from '../kernel/openapi';
import { createHubApp } from './app';
import { loadDemoDistrict } from './demoLoader';
import { createInProcessBus } from './inProcessBus';
import { startKafkaMode, type KafkaMode } from './kafkaMode';
import { wakeProjectorOnEsdbEvents } from './esdbWakeUp';

export const DEMO_REGION = '610902';

export interface Hub {
  app: Express;
  metrics: HubMetrics;
  /** Tokens in clear, only when this start created the auth file. */
  createdTokens?: IssuedToken[];
  ingest?: Ingest;
  projector?: ProjectorService;
  store?: EventStore;
  close(): Promise<void>;
}

export async function startHub(config: HubConfig, deps: { logger: Logger; now?: () => Date }): Promise<Hub> {
  const { logger } = deps;
  const now = deps.now ?? (() => new Date());
  const services = new Set(config.HUB_SERVICES);
  const agencies = config.HUB_SERVICES.filter(isAgency) as Agency[];
  const runsRecorder = services.has('recorder');
  const runsProjector = services.has('projector');
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const fn of closers.reverse()) {
      await fn().catch((err: unknown) => logger.warn('error while closing', { err: err as Error }));
    }
  };

  try {
    fs.mkdirSync(config.HUB_DATA_DIR, { recursive: true });
    const metrics = createMetrics();
    const registry = loadSchemaRegistry();
    const auth = loadOrCreateAuth({ authFile: config.HUB_AUTH_FILE, dataDir: config.HUB_DATA_DIR, demoRegion: DEMO_REGION });
    const authenticator = createAuthenticator(auth.file);
    const checks: ReadinessCheck[] = [];
    const routers: Router[] = [];

    let store: EventStore | undefined;
    if (runsRecorder || runsProjector) {
      store = config.ESDB_URL
        ? openEsdbEventStore({ connectionString: config.ESDB_URL })
        : await openSqliteEventStoreWithWriter({ file: path.join(config.HUB_DATA_DIR, 'events.sqlite'), writer: config.HUB_SQLITE_WRITER });
      const opened = store;
      closers.push(() => opened.close());
      checks.push({ name: 'store', check: () => opened.ping() });
    }

    let projector: ProjectorService | undefined;
    if (runsProjector) {
      projector = createProjectorService({ store: store!, registry, metrics, logger: logger.child({ service: 'projector' }), authenticator, config, now });
      const started = projector;
      closers.push(() => started.stop());
      if (store instanceof EsdbEventStore) {
        const wakeUp = wakeProjectorOnEsdbEvents(store, started, logger.child({ service: 'projector' }));
        closers.push(() => wakeUp.stop());
      }
      checks.push({ name: 'read model', check: async () => ((await started.isCaughtUp()) ? undefined : 'catching up with the event store') });
    }

    const recorder = runsRecorder
      ? createRecorder({ store: store!, metrics, logger: logger.child({ service: 'recorder' }), onRecorded: () => projector?.notify() })
      : undefined;

    const validation = loadEventValidation();
    let kafka: KafkaMode | undefined;
    // Kafka is the gateways' bus and the recorder's source; a projector-only process never uses it.
    if (config.KAFKA_BROKERS && (agencies.length > 0 || recorder)) {
      kafka = await startKafkaMode({ config, brokers: config.KAFKA_BROKERS, registry, validation, metrics, logger, recorder, publishes: agencies.length > 0 });
      const started = kafka;
      closers.push(() => started.close());
      checks.push({ name: 'kafka', check: () => started.ready() });
    }

    let ingest: Ingest | undefined;
    if (agencies.length > 0) {
      let bus: EventBus;
      if (kafka) bus = kafka.bus!;
      else if (recorder) bus = createInProcessBus(recorder);
      else throw new Error('Gateways need KAFKA_BROKERS, or the recorder in the same process (HUB_SERVICES).');
      ingest = createIngest({ agencies, registry, validation, bus, metrics, now });
      routers.push(createGatewayRouter({ agencies, ingest, authenticator, registry, validation }));
    }
    routers.push(createOpenApiRouter(buildOpenApiDocument({ validation, agencies, committee: projector ? committeeApiModels : undefined })));
    if (projector) routers.push(...projector.routers);

    const app = createHubApp({ metrics, logger, readinessChecks: () => checks, routers });

    if (config.HUB_DEMO && ingest && store && agencies.length === 5) {
      if ((await store.headPosition()) === null) {
        logger.info('loading the demo district through the gateways (HUB_DEMO=1, empty store)');
        const loaded = await loadDemoDistrict({ ingest, now: now(), timeZone: config.HUB_TIMEZONE, logger });
        logger.info('demo district loaded', loaded);
      } else {
        logger.info('demo skipped: the event store is not empty');
      }
    }
    projector?.start();
    return { app, metrics, createdTokens: auth.created, ingest, projector, store, close };
  } catch (err) {
    await close();
    throw err;
  }
}
