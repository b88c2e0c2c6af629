// Serving a feed request: wait (up to `wait`) until the consumer has shared events, write the
// access-log entries, then hand the page back. Every read first brings the read model up to the
// store's head, so a revocation the hub has recorded takes effect at once, also for a long poll
// that was already waiting; the agreements are checked again on every wake-up.
//
//   createFeedServer(deps): FeedServer
//   FeedServer.serve(request): Promise<FeedPageAnswer>
import type { Agency } from '../../kernel/agency';
import type { HubMetrics } from '../../kernel/http/metrics';
import { localDate } from '../../kernel/time';
import type { AccessLog, AccessLogDraft } from './accessLog';
import type { FeedPlace } from './cursor';
import type { FeedPageAnswer } from './queries';
import type { FeedReader } from './reader';

export interface FeedRequest {
  consumer: Agency;
  tokenId: string;
  after: FeedPlace;
  limit: number;
  waitMs: number;
  /** Aborted when the client goes away: stop waiting. */
  signal?: AbortSignal;
}

export interface FeedServer {
  serve(request: FeedRequest): Promise<FeedPageAnswer>;
}

export interface FeedServerDeps {
  reader: FeedReader;
  accessLog: AccessLog;
  /** Registers a listener for "the feed index changed"; returns an unsubscribe. */
  onChange(listener: () => void): () => void;
  /** Resolves once the read model holds everything the store holds. */
  syncToHead(): Promise<void>;
  metrics: Pick<HubMetrics, 'feedEventsServed'>;
  timeZone: string;
  now: () => Date;
}

export function createFeedServer(deps: FeedServerDeps): FeedServer {
  let version = 0;
  const waiters = new Set<() => void>();
  deps.onChange(() => {
    version += 1;
    for (const wake of waiters) wake();
  });

  /** Resolves when the feed changes after `seen`, at the deadline, or on abort. */
  const changeSince = (seen: number, deadlineMs: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (version !== seen || signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, deadlineMs - Date.now()));
      waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });

  return {
    async serve(request) {
      const deadline = Date.now() + request.waitMs;
      let page: FeedPageAnswer;
      // An empty read's place is where the next one starts (what the consumer would do with its
      // `next`): each wake-up reads only what came since, not every unshared event again.
      let after = request.after;
      for (;;) {
        const seen = version;
        await deps.syncToHead();
        const at = deps.now();
        page = await deps.reader.read({
          consumer: request.consumer,
          after,
          limit: request.limit,
          today: localDate(at, deps.timeZone),
        });
        if (page.count > 0 || Date.now() >= deadline || request.signal?.aborted) break;
        after = page.nextPlace;
        await changeSince(seen, deadline, request.signal);
      }
      if (page.count > 0) await recordAccess(page, request);
      return page;
    },
  };

  /** One entry per provider, durable before the answer may leave. */
  async function recordAccess(page: FeedPageAnswer, request: FeedRequest): Promise<void> {
    const at = deps.now().toISOString();
    const drafts: AccessLogDraft[] = page.providers.map((share) => ({
      at,
      provider: share.provider,
      consumer: request.consumer,
      tokenId: request.tokenId,
      agreementIds: share.agreementIds,
      events: share.events,
      firstCursor: share.firstCursor,
      lastCursor: share.lastCursor,
    }));
    await deps.accessLog.append(drafts);
    for (const d of drafts) deps.metrics.feedEventsServed.inc({ provider: d.provider, consumer: d.consumer }, d.events);
  }
}
