// The main thread's side of the read-model worker: a ProjectorService whose projection and
// committee figures run in readModelWorker.ts. Calls are messages; results come back as
// structured clones (dates and bigints included). The lag gauges are set from the worker's reports.
import { Worker } from 'node:worker_threads';
import { UnavailableError } from '../../kernel/errors';
import type { CommitteeFiguresAsync } from '../committee/figures';
import type { CatchUpResult } from '../projector';
import { projectorRouters, readinessThresholds, readModelPath, type ProjectorService, type ProjectorServiceDeps } from '../service';
import type { WorkerInit, WorkerReply } from './protocol';

/** From TypeScript sources the worker needs tsx registered first (bootstrap.mjs); compiled, it is plain JS. */
function workerEntry(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('./bootstrap.mjs', import.meta.url) : new URL('./readModelWorker.js', import.meta.url);
}

export async function startThreadedProjectorService(
  deps: Omit<ProjectorServiceDeps, 'store' | 'registry'> & { storeFile: string; logLevel: WorkerInit['logLevel'] },
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

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (reply: WorkerReply) => {
      switch (reply.type) {
        case 'ready':
          resolve();
          return;
        case 'failed':
          reject(Object.assign(new Error(reply.message), { name: reply.name, stack: reply.stack }));
          return;
        case 'lag':
          (reply.gauge === 'events' ? metrics.projectionLagEvents : metrics.projectionLagSeconds).set(reply.value);
          return;
        case 'result':
        case 'error': {
          const call = pending.get(reply.id);
          if (!call) return;
          pending.delete(reply.id);
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

  return {
    routers: projectorRouters(deps, figures),
    start: () => void call('start').catch((err: unknown) => logger.error('cannot start the projector', { err: err as Error })),
    notify: () => {
      if (!exited) worker.postMessage({ type: 'notify' });
    },
    waitFor: (position, timeoutMs) => call('waitFor', position, timeoutMs),
    isCaughtUp: () => call('isCaughtUp'),
    pendingEvents: (limit) => call('pendingEvents', limit),
    catchUp: () => call<CatchUpResult>('catchUp'),
    checkpoint: () => call('checkpoint'),
    async stop() {
      if (!exited) await call('stop').catch((err: unknown) => logger.warn('the read-model worker did not stop cleanly', { err: err as Error }));
      await worker.terminate();
    },
  };
}
