// Messages between the hub's main thread and the read-model worker (readModelWorker.ts).
import type { ReadinessThresholds } from '../domain';
import type { FeedPageAnswer, FeedQuery } from '../feed/queries';
import type { PushedPage } from '../feed/readAhead';

export interface WorkerInit {
  /**
   * 'projector' follows the log, writes the read model and answers the feed reads; 'queries'
   * answers the committee figures over its own connection, so a question never waits for a page
   * being applied.
   */
  role: 'projector' | 'queries';
  storeFile: string;
  readModelFile: string;
  timeZone: string;
  readiness: ReadinessThresholds;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** Main thread -> worker. */
export type WorkerRequest =
  | { type: 'call'; id: number; method: string; args: unknown[] }
  | { type: 'notify' }
  /** The main thread served a feed read with a page pushed to it (no reply). */
  | { type: 'feedTaken'; query: FeedQuery; page: Pick<FeedPageAnswer, 'count' | 'nextPlace'> };

/** Worker -> main thread. */
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'failed'; name: string; message: string; stack?: string }
  /** `checkpoint`: the read model's, when the reply was sent (a feed read's replies carry it). */
  | { type: 'result'; id: number; value: unknown; checkpoint?: bigint | null }
  | { type: 'error'; id: number; name: string; message: string; stack?: string }
  | { type: 'lag'; gauge: 'events' | 'seconds'; value: number }
  /**
   * A projected page changed the feed; `checkpoint` is the read model's after that page, `pages`
   * the pages of waiting long polls that now carry events (their bytes transferred).
   */
  | { type: 'feedChanged'; checkpoint: bigint | null; pages: PushedPage[] }
  /** A consumer's next backlog page, read ahead (copied, not transferred). */
  | { type: 'feedPages'; pages: PushedPage[] };
