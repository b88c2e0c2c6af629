// The composition root of one hub process: builds clients once from the parsed config and
// starts the services named by HUB_SERVICES. main.ts adds the process concerns (listen,
// signals); tests call startHub directly.
import fs from 'node:fs';
import path from 'node:path';
import type { Express, Router } from 'express';
import { isAgency, type Agency } from '../kernel/agency';
import { loadSchemaRegistry } from '../kernel/avro/registry';
import { loadEventValidation } from '../kernel/validation';
import { createDivisions, loadNationalDivisions } from '../kernel/divisions';
import type { EventBus } from '../kernel/bus/eventBus';
import type { HubConfig } from '../kernel/config';
import { createAuthenticator, loadOrCreateAuth, type IssuedToken } from '../kernel/http/auth';
import type { ReadinessCheck } from '../kernel/http/health';
import { createMetrics, type HubMetrics } from '../kernel/http/metrics';
import type { Logger } from '../kernel/logger';
import type { EventStore } from '../kernel/store/eventStore';
import { SqliteEventStore } from '../kernel/store/sqlite';
import { openSqliteEventStoreWithWriter, SqliteWriterEventStore } from '../kernel/store/sqliteWriter';
import { EsdbEventStore, openEsdbEventStore } from '../kernel/store/esdb';
import { PostgresEventStore } from '../kernel/store/postgres';
import { UnavailableError } from '../kernel/errors';
import { startWalCheckpointer } from '../kernel/store/walCheckpointer';
import { createGatewayRouter } from '../gateway/router';
import { createIngest, type Ingest } from '../gateway/ingest';
import { createRecorder } from '../recorder/recorder';
import { createProjectorService, readModelPath, type ProjectorService } from '../projector/service';
import { startThreadedProjectorService } from '../projector/worker/host';
import { startPgProjectorService } from '../projector/pgService';
import { committeeApiModels } from '../projector/committee/schemas';
import { exchangeApiModels } from '../projector/feed/schemas';
import { buildOpenApiDocument, createOpenApiRouter } from '../kernel/openapi';
import { createHubApp } from './app';
import { loadDemoDistrict } from './demoLoader';
import { checkDemoSeparation, markDemoDataDir, mayLoadDemo } from './demoGuard';
import { createInProcessBus } from './inProcessBus';
import { RECORDER_GROUP_EVENTS, startKafkaMode, type KafkaMode } from './kafkaMode';
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
    const runsDemo = config.HUB_DEMO && agencies.length === 5 && runsRecorder;
    checkDemoSeparation({ dataDir: config.HUB_DATA_DIR, demo: config.HUB_DEMO, sharedStore: runsDemo && Boolean(config.ESDB_URL || config.DATABASE_URL) });
    fs.mkdirSync(config.HUB_DATA_DIR, { recursive: true });
    const metrics = createMetrics();
    const registry = loadSchemaRegistry();
    const auth = loadOrCreateAuth({ authFile: config.HUB_AUTH_FILE, dataDir: config.HUB_DATA_DIR, demoRegion: DEMO_REGION });
    const authenticator = createAuthenticator(auth.file);
    const divisions = createDivisions(loadNationalDivisions(), config.HUB_EXTRA_DIVISIONS);
    const checks: ReadinessCheck[] = [];
    const routers: Router[] = [];

    let store: EventStore | undefined;
    if (runsRecorder || runsProjector) {
      if (config.ESDB_URL) store = openEsdbEventStore({ connectionString: config.ESDB_URL });
      else if (config.DATABASE_URL) {
        const pg = new PostgresEventStore({
          connectionString: config.DATABASE_URL,
          poolMax: config.HUB_DB_POOL_MAX,
          statementTimeoutMs: config.HUB_DB_STATEMENT_TIMEOUT_MS,
          applicationName: `hub ${config.HUB_SERVICES.join(',')}`,
        });
        metrics.watchDbPool('event_store', () => pg.poolUse());
        // A database that is down at start leaves the process alive and not ready (/readyz names
        // it); a schema this hub cannot use stops it.
        await pg.migrate().catch((err: unknown) => {
          if (!(err instanceof UnavailableError)) return pg.close().then(() => Promise.reject(err));
          logger.warn('the PostgreSQL event store is unreachable; retrying on use', { err: err as Error });
        });
        store = pg;
      } else {
        store = await openSqliteEventStoreWithWriter({
          file: path.join(config.HUB_DATA_DIR, 'events.sqlite'),
          writer: config.HUB_SQLITE_WRITER,
          now,
          // With Kafka only the recorder writes, in chunks of up to 2000 messages per partition:
          // nothing small waits behind its groups, so they may be big and share fsyncs. Embedded,
          // a bureau's single report may wait behind a group: the default small cap.
          maxEventsPerGroup: config.KAFKA_BROKERS ? RECORDER_GROUP_EVENTS : undefined,
        });
      }
      const opened = store;
      closers.push(() => opened.close());
      checks.push({ name: 'store', check: () => opened.ping() });
    }

    // The embedded SQLite log's file, when the store is one.
    const embeddedFile =
      store instanceof SqliteWriterEventStore ? store.reader.file : store instanceof SqliteEventStore ? store.file : undefined;

    let projector: ProjectorService | undefined;
    if (runsProjector) {
      const projectorLogger = logger.child({ service: 'projector' });
      const serviceDeps = { store: store!, registry, metrics, logger: projectorLogger, authenticator, config, divisions, now };
      if (config.DATABASE_URL) {
        // A shared read model: any number of projector processes answer; one (the lease holder) writes.
        projector = await startPgProjectorService({ ...serviceDeps, config: { ...config, DATABASE_URL: config.DATABASE_URL } });
      } else if (embeddedFile !== undefined && config.HUB_PROJECTOR_THREAD === 'worker') {
        // The embedded SQLite log: projection and queries in a worker thread, off the gateways' loop.
        projector = await startThreadedProjectorService({ ...serviceDeps, storeFile: embeddedFile, logLevel: config.LOG_LEVEL });
      } else {
        projector = createProjectorService(serviceDeps);
      }
      const started = projector;
      closers.push(() => started.stop());
      if (store instanceof EsdbEventStore) {
        const wakeUp = wakeProjectorOnEsdbEvents(store, started, logger.child({ service: 'projector' }));
        closers.push(() => wakeUp.stop());
      }
      if (store instanceof PostgresEventStore) {
        // Appends by any process (LISTEN/NOTIFY) wake the projector; it polls besides.
        const wakeUp = store.watchAppends(() => started.notify(), {
          onError: (err) => projectorLogger.warn('PostgreSQL listener lost; the projector polls meanwhile', { err }),
        });
        closers.push(() => wakeUp.stop());
      }
      // Ready while the lag stays within HUB_READY_MAX_LAG_EVENTS: a projector keeping up with a
      // steady ingest is always a few events behind, and that is no reason to take it out of service.
      const maxLag = config.HUB_READY_MAX_LAG_EVENTS;
      checks.push({
        name: 'read model',
        check: async () => {
          const pending = await started.pendingEvents(maxLag + 1);
          return pending <= maxLag ? undefined : `catching up with the event store (more than ${maxLag} events behind)`;
        },
      });
    }

    // The SQLite files this process writes get their WAL checkpointed on a thread of their own, not
    // inside the commits of the event log's writer and the projector (kernel/store/walCheckpointer.ts).
    const walFiles = [
      ...(embeddedFile !== undefined ? [embeddedFile] : []),
      ...(projector && !config.DATABASE_URL ? [readModelPath(config.HUB_DATA_DIR)] : []),
    ];
    if (walFiles.length > 0) {
      const checkpointer = await startWalCheckpointer({ files: walFiles, logger });
      closers.push(() => checkpointer.stop());
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
      ingest = createIngest({ agencies, registry, validation, bus, metrics, divisions, now });
      routers.push(createGatewayRouter({ agencies, ingest, authenticator, registry, validation }));
    }
    routers.push(createOpenApiRouter(buildOpenApiDocument({ validation, agencies, committee: projector ? committeeApiModels : undefined, exchange: projector ? exchangeApiModels : undefined })));
    if (projector) routers.push(...projector.routers);

    const app = createHubApp({ metrics, logger, readinessChecks: () => checks, routers });

    if (runsDemo && ingest && store) {
      if (mayLoadDemo({ dataDir: config.HUB_DATA_DIR, storeEmpty: (await store.headPosition()) === null })) {
        markDemoDataDir(config.HUB_DATA_DIR);
        logger.info('loading the demo district through the gateways (HUB_DEMO=1, empty store)', { dataDir: config.HUB_DATA_DIR });
        const loaded = await loadDemoDistrict({ ingest, now: now(), timeZone: config.HUB_TIMEZONE, logger });
        logger.info('demo district loaded', loaded);
      } else {
        logger.info('demo district already loaded', { dataDir: config.HUB_DATA_DIR });
      }
    }
    projector?.start();
    return { app, metrics, createdTokens: auth.created, ingest, projector, store, close };
  } catch (err) {
    await close();
    throw err;
  }
}
