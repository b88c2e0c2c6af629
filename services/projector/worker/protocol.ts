// Messages between the hub's main thread and the read-model worker (readModelWorker.ts).
import type { ReadinessThresholds } from '../domain';

export interface WorkerInit {
  /**
   * 'projector' follows the log and writes the read model; 'queries' answers the committee figures
   * and the feeds over its own connection, so a question never waits for a page being applied.
   */
  role: 'projector' | 'queries';
  storeFile: string;
  readModelFile: string;
  timeZone: string;
  readiness: ReadinessThresholds;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** Main thread -> worker. */
export type WorkerRequest = { type: 'call'; id: number; method: string; args: unknown[] } | { type: 'notify' };

/** Worker -> main thread. */
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'failed'; name: string; message: string; stack?: string }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; name: string; message: string; stack?: string }
  | { type: 'lag'; gauge: 'events' | 'seconds'; value: number }
  | { type: 'feedChanged' };
