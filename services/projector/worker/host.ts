// The main thread's side of the read-model worker: a ProjectorService whose projection and
// committee figures run in readModelWorker.ts. Calls are messages; results come back as
// structured clones (dates and bigints included). The lag gauges are set from the worker's reports.
import { Worker } from 'node:worker_threads';
import { UnavailableError } from '../../kernel/errors';
import type { CommitteeFiguresAsync } from '../committee/figures';
import type { FeedPageAnswer } from '../feed/queries';
import { usePushedPage, type PushedPage } from '../feed/readAhead';
import type { CatchUpResult } from '../projector';
import { projectorRouters, readinessThresholds, readModelPath, type ProjectorService, type ProjectorServiceDeps } from '../service';
import type { WorkerInit, WorkerReply, WorkerRequest } from './protocol';

/** From TypeScript sources the worker needs tsx registered first (bootstrap.mjs); compiled, it is plain JS. */
function workerEntry(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('./bootstrap.mjs', import.meta.url) : new URL('./readModelWorker.js', import.meta.url);
}

export async function startThreadedProjectorService(
  deps: Omit<ProjectorServiceDeps, 'registry'> & { storeFile: string; logLevel: WorkerInit['logLevel'] },
): Promise<ProjectorService> {
  const { metrics, logger, config } = deps;
  const init: WorkerInit = {
    storeFile: deps.storeFile,
    readModelFile: readModelPath(config.HUB_DATA_DIR),
    timeZone: config.HUB_TIMEZONE,
    readiness: readinessThresholds(config),
    logLevel: deps.logLevel,
  };
  const worker = new Worker(workerEntry(), { workerData: init });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  let nextId = 1;
  let exited: Error | undefined;
  const feedListeners = new Set<() => void>();
  /**
   * The read model's checkpoint as the worker last reported it (undefined: not yet). It only
   * grows, so when it is at the store's head the read model is too, and a feed read need not
   * ask the worker first.
   */
  let reportedCheckpoint: bigint | null | undefined;
  /** Pages the worker read ahead: for waiting long polls when the feed changed, or a backlog's next page; by consumer. */
  const pushedPages = new Map<string, PushedPage>();

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
          reportedCheckpoint = reply.checkpoint;
          for (const page of reply.pages) pushedPages.set(page.consumer, page);
          for (const listener of feedListeners) listener();
          return;
        case 'feedPages':
          for (const page of reply.pages) pushedPages.set(page.consumer, page);
          return;
        case 'lag':
          (reply.gauge === 'events' ? metrics.projectionLagEvents : metrics.projectionLagSeconds).set(reply.value);
          return;
        case 'result':
        case 'error': {
          const call = pending.get(reply.id);
          if (!call) return;
          pending.delete(reply.id);
          if (reply.type === 'result' && reply.checkpoint !== undefined) reportedCheckpoint = reply.checkpoint;
          if (reply.type === 'result') call.resolve(reply.value);
          else if (reply.name === 'UnavailableError') call.reject(new UnavailableError(reply.message));
          else call.reject(Object.assign(new Error(reply.message), { name: reply.name, stack: reply.stack }));
        }
      }
    });
    worker.on('error', (err) => {
      logger.error('the read-model worker failed', { err });
      reject(err);
    });
    worker.on('exit', (code) => {
      exited = new UnavailableError(`The read-model worker has stopped (exit code ${code}).`);
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

  const figures: CommitteeFiguresAsync = {
    communityKnown: (...args) => call('communityKnown', ...args),
    overview: (...args) => call('overview', ...args),
    summary: (...args) => call('summary', ...args),
    communities: (...args) => call('communities', ...args),
    hazards: (...args) => call('hazards', ...args),
    designations: (...args) => call('designations', ...args),
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
        if (!exited) worker.postMessage({ type: 'feedTaken', query, page: { count: pushed.count, nextPlace: pushed.nextPlace } } satisfies WorkerRequest);
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
    notify: () => {
      if (!exited) worker.postMessage({ type: 'notify' });
    },
    waitFor,
    isCaughtUp: () => call('isCaughtUp'),
    pendingEvents: (limit) => call('pendingEvents', limit),
    catchUp: () => call<CatchUpResult>('catchUp'),
    checkpoint,
    async stop() {
      if (!exited) await call('stop').catch((err: unknown) => logger.warn('the read-model worker did not stop cleanly', { err: err as Error }));
      await worker.terminate();
      exchange.close();
    },
  };
}
