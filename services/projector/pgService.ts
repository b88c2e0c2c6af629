// The projector service on a shared PostgreSQL read model (DATABASE_URL). Every process running
// `projector` answers the committee API and the feeds from the same tables; the one holding the
// projector lease (model/pg/lease.ts) also follows the log and writes them. When it dies, another
// process takes the lease at its next try and goes on from the committed checkpoint.
import type pg from 'pg';
import type { HubConfig } from '../kernel/config';
import { createCommitteeFigures } from './committee/figures';
import { openPgAccessLog } from './feed/pg/accessLog';
import { createPgFeedProjection } from './feed/pg/projection';
import { createPgFeedReader } from './feed/pg/reader';
import { openCheckpointWatch } from './model/pg/checkpointWatch';
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

/** How often a process without the lease refreshes the lag gauges (ms). */
const LAG_INTERVAL_MS = 5000;

export async function startPgProjectorService(deps: PgProjectorServiceDeps): Promise<ProjectorService> {
  const { store, registry, metrics, logger, config, now } = deps;
  const connectionString = config.DATABASE_URL;
  const pool = openPgReadModelPool({
    connectionString,
    max: config.HUB_DB_POOL_MAX,
    statementTimeoutMs: config.HUB_DB_STATEMENT_TIMEOUT_MS,
    applicationName: `hub ${config.HUB_SERVICES.join(',')} read model`,
  });
  metrics.watchDbPool('read_model', () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));
  const closeAll: Array<() => Promise<void> | void> = [() => pool.end()];
  const close = async () => {
    for (const fn of closeAll.reverse()) await Promise.resolve(fn()).catch(() => undefined);
  };
  try {
    await withClient(pool, (client) => migratePgReadModel(client, { timeZone: config.HUB_TIMEZONE }));
    const watch = await openCheckpointWatch({ connectionString, pool, logger });
    closeAll.push(() => watch.stop());
    const accessLog = await openPgAccessLog(pool);

    // Counts what this process knows of the shared checkpoint: lag, readiness, catch-up waits.
    const observer = createProjector({
      store,
      registry,
      readModel: {
        apply: () => Promise.reject(new Error('only the lease holder writes the read model')),
        checkpoint: () => watch.current(),
      },
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
    const lagTimer = setInterval(() => {
      if (!writing) observer.refreshLag().catch((err: unknown) => logger.warn('cannot compute the projection lag', { err: err as Error }));
    }, LAG_INTERVAL_MS);
    lagTimer.unref();
    closeAll.push(() => clearInterval(lagTimer));

    const figures = createCommitteeFigures({ source: createPgQuerySource(pool), timeZone: config.HUB_TIMEZONE, readiness: readinessThresholds(config) });
    const waitFor = (position: bigint, timeoutMs?: number) => {
      writing?.notify();
      return watch.waitFor(position, timeoutMs);
    };
    const { routers, exchange } = projectorRouters(
      deps,
      {
        figures,
        feedReader: createPgFeedReader(pool),
        onFeedChange: (listener) => watch.onFeedChange(listener),
        checkpoint: async () => watch.current(),
        waitFor,
      },
      { accessLog },
    );
    closeAll.push(() => exchange.close());
    return {
      routers,
      start: () => lease.start(),
      notify: () => writing?.notify(),
      waitFor,
      isCaughtUp: () => observer.isCaughtUp(),
      pendingEvents: (limit) => observer.pendingEvents(limit),
      async catchUp() {
        // Whoever holds the lease projects; this process waits until the shared model has the head.
        if (writing) return writing.catchUp();
        const head = await store.headPosition();
        if (head !== null) await watch.waitFor(head, 30_000);
        return { applied: 0, position: watch.current() };
      },
      checkpoint: async () => watch.current(),
      async stop() {
        await lease.stop();
        await close();
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}

async function withClient<T>(pool: pg.Pool, f: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await f(client);
  } finally {
    client.release();
  }
}
