// The main thread's side of the read-model workers: a ProjectorService whose projection and feed
// reads run in one worker (readModelWorker.ts, role 'projector') and whose committee figures run
// in another (role 'queries', its own connection to the read model), so a committee question
// never waits for a page being applied. Calls are messages; results come back as structured
// clones (dates and bigints included). The lag gauges are set from the projector's reports.
import { Worker } from 'node:worker_threads';
import { UnavailableError } from '../../kernel/errors';
import type { Logger } from '../../kernel/logger';
import type { CommitteeFigures } from '../committee/figures';
import type { FeedPageAnswer } from '../feed/queries';
import { usePushedPage, type PushedPage } from '../feed/readAhead';
import type { CatchUpResult } from '../projector';
import { projectorRouters, readinessThresholds, readModelPath, type ProjectorService, type ProjectorServiceDeps } from '../service';
import type { WorkerInit, WorkerReply, WorkerRequest } from './protocol';

/** From TypeScript sources the worker needs tsx registered first (bootstrap.mjs); compiled, it is plain JS. */
function workerEntry(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('./bootstrap.mjs', import.meta.url) : new URL('./readModelWorker.js', import.meta.url);
}

interface WorkerHandle {
  call<T>(method: string, ...args: unknown[]): Promise<T>;
  post(message: WorkerRequest): void;
  /** Asks the worker to stop (its `stop` method), then ends the thread. */
  stop(): Promise<void>;
}

/** The replies that are not answers to calls, and the checkpoints some answers carry. */
interface WorkerEvents {
  onReport?: (reply: Extract<WorkerReply, { type: 'feedChanged' | 'feedPages' | 'lag' }>) => void;
  onCheckpoint?: (checkpoint: bigint | null) => void;
}

async function spawnWorker(init: WorkerInit, logger: Logger, events: WorkerEvents): Promise<WorkerHandle> {
  const worker = new Worker(workerEntry(), { workerData: init });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  let nextId = 1;
  let exited: Error | undefined;

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (reply: WorkerReply) => {
      switch (reply.type) {
        case 'ready':
          resolve();
          return;
        case 'failed':
          reject(Object.assign(new Error(reply.message), { name: reply.name, stack: reply.stack }));
          return;
        case 'feedChanged':
        case 'feedPages':
        case 'lag':
          events.onReport?.(reply);
          return;
        case 'result':
        case 'error': {
          const call = pending.get(reply.id);
          if (!call) return;
          pending.delete(reply.id);
          if (reply.type === 'result' && reply.checkpoint !== undefined) events.onCheckpoint?.(reply.checkpoint);
          if (reply.type === 'result') call.resolve(reply.value);
          else if (reply.name === 'UnavailableError') call.reject(new UnavailableError(reply.message));
          else call.reject(Object.assign(new Error(reply.message), { name: reply.name, stack: reply.stack }));
        }
      }
    });
    worker.on('error', (err) => {
      logger.error(`the read-model ${init.role} worker failed`, { err });
      reject(err);
    });
    worker.on('exit', (code) => {
      exited = new UnavailableError(`The read-model ${init.role} worker has stopped (exit code ${code}).`);
      for (const call of pending.values()) call.reject(exited);
      pending.clear();
      reject(exited);
    });
  });
  await ready;

  const call = <T>(method: string, ...args: unknown[]): Promise<T> => {
    if (exited) return Promise.reject(exited);
    return new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ type: 'call', id, method, args });
    });
  };
  return {
    call,
    post: (message) => {
      if (!exited) worker.postMessage(message);
    },
    async stop() {
      if (!exited) await call('stop').catch((err: unknown) => logger.warn(`the read-model ${init.role} worker did not stop cleanly`, { err: err as Error }));
      await worker.terminate();
    },
  };
}

export async function startThreadedProjectorService(
  deps: Omit<ProjectorServiceDeps, 'registry'> & { storeFile: string; logLevel: WorkerInit['logLevel'] },
): Promise<ProjectorService> {
  const { metrics, logger, config } = deps;
  const init: Omit<WorkerInit, 'role'> = {
    storeFile: deps.storeFile,
    readModelFile: readModelPath(config.HUB_DATA_DIR),
    timeZone: config.HUB_TIMEZONE,
    readiness: readinessThresholds(config),
    logLevel: deps.logLevel,
  };
  const feedListeners = new Set<() => void>();
  /**
   * The read model's checkpoint as the projector's worker last reported it (undefined: not yet).
   * It only grows, so when it is at the store's head the read model is too, and a feed read need
   * not ask the worker first.
   */
  let reportedCheckpoint: bigint | null | undefined;
  /** Pages the worker read ahead: for waiting long polls when the feed changed, or a backlog's next page; by consumer. */
  const pushedPages = new Map<string, PushedPage>();

  // The projector's worker opens (and migrates) the read model first; the queries' worker then
  // opens the same file.
  const projector = await spawnWorker({ ...init, role: 'projector' }, logger, {
    onCheckpoint: (checkpoint) => (reportedCheckpoint = checkpoint),
    onReport: (reply) => {
      switch (reply.type) {
        case 'feedChanged':
          reportedCheckpoint = reply.checkpoint;
          for (const page of reply.pages) pushedPages.set(page.consumer, page);
          for (const listener of feedListeners) listener();
          return;
        case 'feedPages':
          for (const page of reply.pages) pushedPages.set(page.consumer, page);
          return;
        case 'lag':
          (reply.gauge === 'events' ? metrics.projectionLagEvents : metrics.projectionLagSeconds).set(reply.value);
      }
    },
  });
  let queries: WorkerHandle;
  try {
    queries = await spawnWorker({ ...init, role: 'queries' }, logger, {});
  } catch (err) {
    await projector.stop();
    throw err;
  }
  const ask = <T>(method: string, ...args: unknown[]) => queries.call<T>(method, ...args);
  const call = <T>(method: string, ...args: unknown[]) => projector.call<T>(method, ...args);

  const figures: CommitteeFigures = {
    communityKnown: (...args) => ask('communityKnown', ...args),
    overview: (...args) => ask('overview', ...args),
    summary: (...args) => ask('summary', ...args),
    communities: (...args) => ask('communities', ...args),
    hazards: (...args) => ask('hazards', ...args),
    designations: (...args) => ask('designations', ...args),
  };

  const waitFor = (position: bigint, timeoutMs?: number) => call<void>('waitFor', position, timeoutMs);
  const checkpoint = () => call<bigint | null>('checkpoint');
  const { routers, exchange } = projectorRouters(deps, {
    figures,
    feedReader: {
      // A woken long poll's page may have come with the wake-up, a backlog's next page ahead of
      // its request: no round trip then.
      read: async (query) => {
        const pushed = usePushedPage(pushedPages, query, await deps.store.headPosition());
        if (!pushed) return call<FeedPageAnswer>('feedRead', query);
        // No reply awaited: the worker reads on ahead as if the read had come to it.
        projector.post({ type: 'feedTaken', query, page: { count: pushed.count, nextPlace: pushed.nextPlace } });
        return pushed;
      },
      agreementsOf: (agency, today) => call('agreementsOf', agency, today),
      agreementsIn: (region, today) => call('agreementsIn', region, today),
    },
    onFeedChange: (listener) => {
      feedListeners.add(listener);
      return () => feedListeners.delete(listener);
    },
    // Only compared with the store's head before a feed read: a lower, older value just means one waitFor() round trip.
    checkpoint: () => (reportedCheckpoint === undefined ? checkpoint() : Promise.resolve(reportedCheckpoint)),
    waitFor,
  });

  return {
    routers,
    start: () => void call('start').catch((err: unknown) => logger.error('cannot start the projector', { err: err as Error })),
    notify: () => projector.post({ type: 'notify' }),
    waitFor,
    isCaughtUp: () => call('isCaughtUp'),
    pendingEvents: (limit) => call('pendingEvents', limit),
    catchUp: () => call<CatchUpResult>('catchUp'),
    checkpoint,
    async stop() {
      await queries.stop();
      await projector.stop();
      exchange.close();
    },
  };
}
