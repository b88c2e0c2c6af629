// The read-model workers, started by host.ts, so that neither the projection nor the queries run
// on the event loop that serves the gateways. Role 'projector' owns the read model: it runs the
// projector over the embedded SQLite log (its own read connection) and answers the feed reads,
// pushing pages ahead. Role 'queries' answers the committee figures over a second connection,
// each answer in one read transaction: a question never waits for a page being applied.
import { parentPort, workerData } from 'node:worker_threads';
import { loadSchemaRegistry } from '../../kernel/avro/registry';
import { createLogger, type Logger } from '../../kernel/logger';
import { openSqliteEventStore } from '../../kernel/store/sqlite';
import { createCommitteeFigures } from '../committee/figures';
import { createFeedReader, type FeedReader } from '../feed';
import { readFeedPage, type FeedPageAnswer } from '../feed/queries';
import { createReadAhead, type PushedPage, type ReadAhead } from '../feed/readAhead';
import { sqliteQuerySource } from '../model/queries';
import { createProjector } from '../projector';
import { openReadModel } from '../readModel';
import type { WorkerInit, WorkerReply, WorkerRequest } from './protocol';

const port = parentPort;
if (!port) throw new Error('readModelWorker.ts runs as a worker thread only');
const post = (reply: WorkerReply, transfer?: ArrayBuffer[]) => port.postMessage(reply, transfer);

/** Methods whose replies carry the checkpoint, so the main thread can skip asking for it. */
const WITH_CHECKPOINT = new Set(['feedRead', 'checkpoint', 'waitFor']);

interface ReadModelWorker {
  methods: Record<string, (...args: never[]) => unknown>;
  checkpoint(): bigint | null;
  /** The projector's worker only. */
  readAhead?: ReadAhead;
}

function start(init: WorkerInit): ReadModelWorker {
  const logger = createLogger({ level: init.logLevel, base: { service: 'projector', thread: `read-model ${init.role} worker` } });
  return init.role === 'projector' ? startProjector(init, logger) : startQueries(init);
}

/**
 * The committee figures over a second connection to the read model (WAL: readers never wait for
 * the projector's writes). Each answer runs in one read transaction (sqliteQuerySource), so all its
 * statements see the same committed pages, as they did when questions ran between pages on the
 * projector's thread.
 */
function startQueries(init: WorkerInit): ReadModelWorker {
  const readModel = openReadModel(init.readModelFile, { timeZone: init.timeZone });
  const source = sqliteQuerySource(readModel.feed.db, readModel.queries);
  const figures = createCommitteeFigures({ source, timeZone: init.timeZone, readiness: init.readiness });
  const methods = {
    stop: () => readModel.close(),
    communityKnown: (code: string, asOf: Date) => figures.communityKnown(code, asOf),
    overview: (code: string, year: number, asOf: Date) => figures.overview(code, year, asOf),
    summary: (regionCode: string, year: number, asOf: Date) => figures.summary(regionCode, year, asOf),
    communities: (regionCode: string, asOf: Date) => figures.communities(regionCode, asOf),
    hazards: (regionCode: string, status: Parameters<typeof figures.hazards>[1], asOf: Date) => figures.hazards(regionCode, status, asOf),
    designations: (regionCode: string, asOf: Date) => figures.designations(regionCode, asOf),
  };
  return { methods, checkpoint: () => readModel.checkpoint() };
}

function startProjector(init: WorkerInit, logger: Logger): ReadModelWorker {
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
  const feedReader = createFeedReader(readModel.feed.db);
  // A consumer reading its backlog finds its next page read while this one is logged and sent;
  // a waiting long poll finds its page read when the feed changes.
  const readAhead = createReadAhead({
    read: (query) => readFeedPage(readModel.feed.db, query),
    checkpoint: () => readModel.checkpoint(),
    later: (task) => setImmediate(task),
    nowMs: () => Date.now(),
    // The main thread serves it without asking here, if it is still good when asked for.
    push: (page) => post({ type: 'feedPages', pages: [page] }),
  });
  // Straight from the projection's commit to the main thread's waiting long polls.
  readModel.feed.onChange(() => {
    let pages: PushedPage[] = [];
    try {
      pages = readAhead.changed();
    } catch (err) {
      logger.warn('cannot read ahead for waiting long polls', { err: err as Error });
    }
    post({ type: 'feedChanged', checkpoint: readModel.checkpoint(), pages }, pages.map((p) => p.page.body.buffer as ArrayBuffer));
  });
  const methods = {
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
    feedRead: (query: Parameters<FeedReader['read']>[0]) => readAhead.read(query),
    agreementsOf: (agency: Parameters<FeedReader['agreementsOf']>[0], today: string) => feedReader.agreementsOf(agency, today),
    agreementsIn: (region: string, today: string) => feedReader.agreementsIn(region, today),
  };
  return { methods, checkpoint: () => readModel.checkpoint(), readAhead };
}

let worker: ReadModelWorker;
try {
  worker = start(workerData as WorkerInit);
  post({ type: 'ready' });
} catch (err) {
  const error = err as Error;
  post({ type: 'failed', name: error.name, message: error.message, stack: error.stack });
  throw err;
}

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'notify') {
    worker.methods.notify?.();
    return;
  }
  if (request.type === 'feedTaken') {
    worker.readAhead?.taken(request.query, request.page);
    return;
  }
  const method = worker.methods[request.method];
  Promise.resolve()
    .then(() => {
      if (!method) throw new Error(`the read-model worker has no method ${request.method}`);
      return (method as (...args: unknown[]) => unknown)(...request.args);
    })
    .then(
      (value) => {
        if (!WITH_CHECKPOINT.has(request.method)) return post({ type: 'result', id: request.id, value });
        // A feed page's bytes are moved to the main thread, not copied.
        const transfer = request.method === 'feedRead' ? [(value as FeedPageAnswer).body.buffer as ArrayBuffer] : undefined;
        post({ type: 'result', id: request.id, value, checkpoint: worker.checkpoint() }, transfer);
      },
      (err: unknown) => {
        const error = err as Error;
        post({ type: 'error', id: request.id, name: error.name, message: error.message, stack: error.stack });
      },
    );
});
