// The projector service on a shared PostgreSQL read model (DATABASE_URL). Every process running
// `projector` answers the committee API and the feeds from the same tables; the one holding the
// projector lease (model/pg/lease.ts) also follows the log and writes them. When it dies, another
// process takes the lease at its next try and goes on from the committed checkpoint.
// A database that is down at start leaves the process running and not ready (/readyz names the
// server); the set-up is tried again until it succeeds.
import type pg from 'pg';
import type { HubConfig } from '../kernel/config';
import { UnavailableError } from '../kernel/errors';
import { describePgFailure, serverOf } from '../kernel/store/postgresErrors';
import { createCommitteeFigures } from './committee/figures';
import type { AccessLog } from './feed/accessLog';
import { openPgAccessLog } from './feed/pg/accessLog';
import { createPgFeedProjection } from './feed/pg/projection';
import { createPgFeedReader } from './feed/pg/reader';
import { openCheckpointWatch, type CheckpointWatch } from './model/pg/checkpointWatch';
import { describingFailures } from './model/pg/failures';
import { createProjectorLease } from './model/pg/lease';
import { openPgReadModelPool } from './model/pg/pool';
import { createPgQuerySource } from './model/pg/queries';
import { openPgReadModelWriter } from './model/pg/readModelWriter';
import { migratePgReadModel } from './model/pg/schema';
import { createProjector, type Projector } from './projector';
import { projectorRouters, readinessThresholds, type ProjectorService, type ProjectorServiceDeps } from './service';

export interface PgProjectorServiceDeps extends ProjectorServiceDeps {
  config: ProjectorServiceDeps['config'] &
    Pick<HubConfig, 'HUB_DB_POOL_MAX' | 'HUB_DB_STATEMENT_TIMEOUT_MS' | 'HUB_PROJECTOR_LEASE_RETRY_MS' | 'HUB_SERVICES'> & { DATABASE_URL: string };
}

/** How often a process without the lease refreshes the lag gauges, and retries a failed set-up (ms). */
const LAG_INTERVAL_MS = 5000;
const SETUP_RETRY_MS = 2000;

/** What needs the database before the service can answer. */
interface Ready {
  watch: CheckpointWatch;
  accessLog: AccessLog;
}

export async function startPgProjectorService(deps: PgProjectorServiceDeps): Promise<ProjectorService> {
  const { store, registry, metrics, logger, config, now } = deps;
  const connectionString = config.DATABASE_URL;
  const where = serverOf(connectionString);
  const pool = openPgReadModelPool({
    connectionString,
    max: config.HUB_DB_POOL_MAX,
    statementTimeoutMs: config.HUB_DB_STATEMENT_TIMEOUT_MS,
    applicationName: `hub ${config.HUB_SERVICES.join(',')} read model`,
  });
  metrics.watchDbPool('read_model', () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));

  let ready: Ready | undefined;
  let settingUp: Promise<Ready> | undefined;
  let stopped = false;
  const setUp = (): Promise<Ready> => {
    if (ready) return Promise.resolve(ready);
    settingUp ??= (async () => {
      try {
        await withClient(pool, (client) => migratePgReadModel(client, { timeZone: config.HUB_TIMEZONE }));
        const watch = await openCheckpointWatch({ connectionString, pool, logger });
        const accessLog = await openPgAccessLog(pool).catch(async (err: unknown) => {
          await watch.stop();
          throw err;
        });
        ready = { watch, accessLog };
        return ready;
      } catch (err) {
        throw describePgFailure(err, where);
      } finally {
        settingUp = undefined;
      }
    })();
    return settingUp;
  };
  /** The set-up, or "cannot answer now" (503) while the database cannot be reached. */
  const needReady = async (): Promise<Ready> => {
    try {
      return await setUp();
    } catch (err) {
      throw err instanceof UnavailableError ? err : new UnavailableError(`the read model cannot be opened: ${(err as Error).message}`, 5, { cause: err });
    }
  };
  await setUp().catch((err: unknown) => logger.warn('the PostgreSQL read model cannot be opened yet; retrying', { err: err as Error }));

  const current = () => ready?.watch.current() ?? null;
  // Counts what this process knows of the shared checkpoint: lag, readiness, catch-up waits.
  const observer = createProjector({
    store,
    registry,
    readModel: { apply: () => Promise.reject(new Error('only the lease holder writes the read model')), checkpoint: current },
    metrics,
    logger,
    now,
  });
  let writing: Projector | null = null;
  const feedProjection = createPgFeedProjection();
  const lease = createProjectorLease({
    connectionString,
    retryMs: config.HUB_PROJECTOR_LEASE_RETRY_MS,
    logger,
    gauge: metrics.projectorLeaseHeld,
    async onAcquired(client) {
      const { watch } = await needReady();
      const writer = await openPgReadModelWriter(client, {
        timeZone: config.HUB_TIMEZONE,
        feed: feedProjection,
        onCommitted: (checkpoint, feedChanged) => watch.advance(checkpoint, feedChanged),
      });
      writing = createProjector({ store, registry, readModel: writer, metrics, logger, now });
      writing.start();
    },
    async onLost() {
      const stopping = writing;
      writing = null;
      await stopping?.stop();
    },
  });
  const timers = [
    setInterval(() => {
      if (!writing && ready) observer.refreshLag().catch((err: unknown) => logger.warn('cannot compute the projection lag', { err: err as Error }));
    }, LAG_INTERVAL_MS),
    setInterval(() => {
      if (!ready && !stopped) setUp().then(() => logger.info('the PostgreSQL read model is open'), () => undefined);
    }, SETUP_RETRY_MS),
  ];
  for (const timer of timers) timer.unref();

  const figures = describingFailures(
    createCommitteeFigures({ source: createPgQuerySource(pool), timeZone: config.HUB_TIMEZONE, readiness: readinessThresholds(config) }),
    where,
  );
  const waitFor = async (position: bigint, timeoutMs?: number) => {
    const { watch } = await needReady();
    writing?.notify();
    return watch.waitFor(position, timeoutMs);
  };
  // The exchange's access log, once the database is there; until then its calls answer 503.
  const accessLog: AccessLog = describingFailures(
    {
      append: async (drafts) => (await needReady()).accessLog.append(drafts),
      read: async (provider, afterSeq, limit) => (await needReady()).accessLog.read(provider, afterSeq, limit),
      close: () => undefined,
    } satisfies AccessLog,
    where,
  );
  accessLog.close = () => ready?.accessLog.close();
  const feedListeners = new Set<() => void>();
  let unsubscribeFeed: (() => void) | undefined;
  const { routers, exchange } = projectorRouters(
    deps,
    {
      figures,
      feedReader: describingFailures(createPgFeedReader(pool), where),
      onFeedChange: (listener) => {
        feedListeners.add(listener);
        return () => feedListeners.delete(listener);
      },
      checkpoint: async () => current(),
      waitFor,
    },
    { accessLog },
  );
  void needReady().then(
    ({ watch }) => (unsubscribeFeed = watch.onFeedChange(() => feedListeners.forEach((l) => l()))),
    () => undefined,
  );
  const readModelReady = async () => {
    await needReady();
  };

  return {
    routers,
    start: () => lease.start(),
    notify: () => writing?.notify(),
    waitFor,
    isCaughtUp: async () => (await readModelReady(), observer.isCaughtUp()),
    pendingEvents: async (limit) => (await readModelReady(), observer.pendingEvents(limit)),
    async catchUp() {
      // Whoever holds the lease projects; this process waits until the shared model has the head.
      if (writing) return writing.catchUp();
      const head = await store.headPosition();
      if (head !== null) await waitFor(head, 30_000);
      return { applied: 0, position: current() };
    },
    checkpoint: async () => current(),
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await lease.stop();
      unsubscribeFeed?.();
      exchange.close();
      await settingUp?.catch(() => undefined);
      await ready?.watch.stop();
      await pool.end().catch(() => undefined);
    },
  };
}

async function withClient<T>(pool: pg.Pool, f: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await f(client);
  } finally {
    client.release();
  }
}
