// The read-model workers, started by host.ts: one runs the projector over the embedded SQLite log
// (its own read connection) and writes the read model; the other answers the committee figures
// and the feeds. Neither runs on the event loop that serves the gateways, and a question never
// waits for a page being applied.
import { parentPort, workerData } from 'node:worker_threads';
import { loadSchemaRegistry } from '../../kernel/avro/registry';
import { createLogger, type Logger } from '../../kernel/logger';
import { openSqliteEventStore } from '../../kernel/store/sqlite';
import { createCommitteeFigures } from '../committee/figures';
import { createFeedReader, type FeedReader } from '../feed';
import { createProjector } from '../projector';
import { openReadModel } from '../readModel';
import type { WorkerInit, WorkerReply, WorkerRequest } from './protocol';

const port = parentPort;
if (!port) throw new Error('readModelWorker.ts runs as a worker thread only');
const post = (reply: WorkerReply) => port.postMessage(reply);

type Methods = Record<string, (...args: never[]) => unknown>;

function start(init: WorkerInit): Methods {
  const logger = createLogger({ level: init.logLevel, base: { service: 'projector', thread: `read-model ${init.role} worker` } });
  return init.role === 'projector' ? startProjector(init, logger) : startQueries(init);
}

function startProjector(init: WorkerInit, logger: Logger): Methods {
  const store = openSqliteEventStore({ file: init.storeFile });
  const readModel = openReadModel(init.readModelFile, { timeZone: init.timeZone });
  const projector = createProjector({
    store,
    registry: loadSchemaRegistry(),
    readModel,
    logger,
    now: () => new Date(),
    metrics: {
      projectionLagEvents: { set: (value: number) => post({ type: 'lag', gauge: 'events', value }) },
      projectionLagSeconds: { set: (value: number) => post({ type: 'lag', gauge: 'seconds', value }) },
    },
  });
  readModel.feed.onChange(() => post({ type: 'feedChanged' }));
  return {
    start: () => projector.start(),
    catchUp: () => projector.catchUp(),
    waitFor: (position: bigint, timeoutMs?: number) => projector.waitFor(position, timeoutMs),
    isCaughtUp: () => projector.isCaughtUp(),
    pendingEvents: (limit: number) => projector.pendingEvents(limit),
    checkpoint: () => readModel.checkpoint(),
    stop: async () => {
      await projector.stop();
      readModel.close();
      await store.close();
    },
    notify: () => projector.notify(),
  };
}

/**
 * The questions, over a second connection to the read model (WAL: readers never wait for the
 * projector's writes). Each answer runs in one read transaction, so all its statements see the
 * same committed pages, as they did when questions ran between pages on the projector's thread.
 */
function startQueries(init: WorkerInit): Methods {
  const readModel = openReadModel(init.readModelFile, { timeZone: init.timeZone });
  const db = readModel.feed.db;
  const snapshot = <A extends unknown[], R>(f: (...args: A) => R) => db.transaction(f) as unknown as (...args: A) => R;
  const feedReader = createFeedReader(db);
  const figures = createCommitteeFigures({ queries: readModel.queries, timeZone: init.timeZone, readiness: init.readiness });
  return {
    stop: () => readModel.close(),
    communityKnown: snapshot((code: string, asOf: Date) => figures.communityKnown(code, asOf)),
    overview: snapshot((code: string, year: number, asOf: Date) => figures.overview(code, year, asOf)),
    summary: snapshot((regionCode: string, year: number, asOf: Date) => figures.summary(regionCode, year, asOf)),
    communities: snapshot((regionCode: string, asOf: Date) => figures.communities(regionCode, asOf)),
    hazards: snapshot((regionCode: string, status: Parameters<typeof figures.hazards>[1], asOf: Date) => figures.hazards(regionCode, status, asOf)),
    designations: snapshot((regionCode: string, asOf: Date) => figures.designations(regionCode, asOf)),
    // readFeed runs its own read transaction; the agreement lists are one statement each.
    feedRead: (query: Parameters<FeedReader['read']>[0]) => feedReader.read(query),
    agreementsOf: (agency: Parameters<FeedReader['agreementsOf']>[0], today: string) => feedReader.agreementsOf(agency, today),
    agreementsIn: (region: string, today: string) => feedReader.agreementsIn(region, today),
  };
}

let methods: ReturnType<typeof start>;
try {
  methods = start(workerData as WorkerInit);
  post({ type: 'ready' });
} catch (err) {
  const error = err as Error;
  post({ type: 'failed', name: error.name, message: error.message, stack: error.stack });
  throw err;
}

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'notify') {
    methods.notify?.();
    return;
  }
  const method = methods[request.method];
  Promise.resolve()
    .then(() => {
      if (!method) throw new Error(`the read-model worker has no method ${request.method}`);
      return (method as (...args: unknown[]) => unknown)(...request.args);
    })
    .then(
      (value) => post({ type: 'result', id: request.id, value }),
      (err: unknown) => {
        const error = err as Error;
        post({ type: 'error', id: request.id, name: error.name, message: error.message, stack: error.stack });
      },
    );
});
