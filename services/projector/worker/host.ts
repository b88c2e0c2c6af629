// The main thread's side of the read-model workers: a ProjectorService whose projection runs in
// one worker (readModelWorker.ts, role 'projector') and whose committee figures and feed reads
// run in another (role 'queries'). Calls are messages; results come back as
// structured clones (dates and bigints included). The lag gauges are set from the worker's reports.
import { Worker } from 'node:worker_threads';
import { UnavailableError } from '../../kernel/errors';
import type { CommitteeFiguresAsync } from '../committee/figures';
import type { CatchUpResult } from '../projector';
import { projectorRouters, readinessThresholds, readModelPath, type ProjectorService, type ProjectorServiceDeps } from '../service';
import type { Logger } from '../../kernel/logger';
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

interface WorkerEvents {
  onFeedChanged?: () => void;
  onLag?: (gauge: 'events' | 'seconds', value: number) => void;
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
          events.onFeedChanged?.();
          return;
        case 'lag':
          events.onLag?.(reply.gauge, reply.value);
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
  // The projector's worker opens (and migrates) the read model first; the queries' worker then
  // opens the same file.
  const projectorWorker = await spawnWorker({ ...init, role: 'projector' }, logger, {
    onFeedChanged: () => {
      for (const listener of feedListeners) listener();
    },
    onLag: (gauge, value) => (gauge === 'events' ? metrics.projectionLagEvents : metrics.projectionLagSeconds).set(value),
  });
  let queriesWorker: WorkerHandle;
  try {
    queriesWorker = await spawnWorker({ ...init, role: 'queries' }, logger, {});
  } catch (err) {
    await projectorWorker.stop();
    throw err;
  }
  const call = <T>(method: string, ...args: unknown[]) => queriesWorker.call<T>(method, ...args);
  const control = <T>(method: string, ...args: unknown[]) => projectorWorker.call<T>(method, ...args);

  const figures: CommitteeFiguresAsync = {
    communityKnown: (...args) => call('communityKnown', ...args),
    overview: (...args) => call('overview', ...args),
    summary: (...args) => call('summary', ...args),
    communities: (...args) => call('communities', ...args),
    hazards: (...args) => call('hazards', ...args),
    designations: (...args) => call('designations', ...args),
  };

  const waitFor = (position: bigint, timeoutMs?: number) => control<void>('waitFor', position, timeoutMs);
  const checkpoint = () => control<bigint | null>('checkpoint');
  const { routers, exchange } = projectorRouters(deps, {
    figures,
    feedReader: {
      read: (query) => call('feedRead', query),
      agreementsOf: (agency, today) => call('agreementsOf', agency, today),
      agreementsIn: (region, today) => call('agreementsIn', region, today),
    },
    onFeedChange: (listener) => {
      feedListeners.add(listener);
      return () => feedListeners.delete(listener);
    },
    checkpoint,
    waitFor,
  });

  return {
    routers,
    start: () => void control('start').catch((err: unknown) => logger.error('cannot start the projector', { err: err as Error })),
    notify: () => projectorWorker.post({ type: 'notify' }),
    waitFor,
    isCaughtUp: () => control('isCaughtUp'),
    pendingEvents: (limit) => control('pendingEvents', limit),
    catchUp: () => control<CatchUpResult>('catchUp'),
    checkpoint,
    async stop() {
      await queriesWorker.stop();
      await projectorWorker.stop();
      exchange.close();
    },
  };
}
