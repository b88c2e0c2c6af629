// Read-ahead in the read-model worker, for the two ways a consumer reads:
// - its backlog: once a full page has been read, the next one is read too, later (while the main
//   thread writes the access log and sends the first), and a copy is pushed to the main thread.
//   Kept here, it is handed out only for exactly the read that follows (same consumer, cursor,
//   limit and day) and only if the read model has not moved since: a page read at the same
//   checkpoint is the same page. Otherwise it is read afresh.
// - a long poll: a read that found less than a full page is what the waiting poll will ask again
//   when woken. When the feed changes, it is read again at once and the page goes to the main
//   thread with the wake-up (pushed), events or none, so the woken poll reads nothing itself.
//   The main thread may serve a pushed page only if it was read at or after the store's head as
//   the woken poll sees it (usePushedPage below), the same condition as for any feed read.
// One page is kept per consumer, the latest; a long poll's query for at most LONG_POLL_MS.
//
//   createReadAhead(deps): { read(query), taken(query, page), changed(): PushedPage[] }
//   usePushedPage(pushed, query, head): FeedPageAnswer | undefined
import { MAX_WAIT_SECONDS } from './params';
import type { FeedPageAnswer, FeedQuery } from './queries';

export interface ReadAheadDeps {
  /** Reads a page now (synchronous: no projection can slip in between it and checkpoint()). */
  read(query: FeedQuery): FeedPageAnswer;
  /** The read model's checkpoint now. */
  checkpoint(): bigint | null;
  /** Runs the read-ahead later, once the page just read has been handed back. */
  later(task: () => void): void;
  nowMs(): number;
  /** Hands a page read ahead to the main thread (a copy: this one is kept for a read that comes here). */
  push?(page: PushedPage): void;
}

/** A page read for a waiting long poll, at `checkpoint`. */
export interface PushedPage {
  key: string;
  consumer: string;
  checkpoint: bigint | null;
  page: FeedPageAnswer;
}

interface Ahead {
  key: string;
  checkpoint: bigint | null;
  page: FeedPageAnswer;
}

/** How long a short read's query is re-read on feed changes: a long poll waits at most this long. */
export const LONG_POLL_MS = MAX_WAIT_SECONDS * 1000 + 5000;

export const readKey = (q: FeedQuery): string => `${q.consumer}|${q.after.deliverAt}|${q.after.position}|${q.limit}|${q.today}`;

export interface ReadAhead {
  read(query: FeedQuery): FeedPageAnswer;
  /** The main thread served this read with a page pushed to it: go on as if the read had come here. */
  taken(query: FeedQuery, page: Pick<FeedPageAnswer, 'count' | 'nextPlace'>): void;
  changed(): PushedPage[];
}

export function createReadAhead(deps: ReadAheadDeps): ReadAhead {
  const ahead = new Map<string, Ahead>();
  const polls = new Map<string, { query: FeedQuery; since: number }>();

  const readAhead = (query: FeedQuery) => {
    const checkpoint = deps.checkpoint();
    const kept = { key: readKey(query), checkpoint, page: deps.read(query) };
    ahead.set(query.consumer, kept);
    deps.push?.({ ...kept, consumer: query.consumer });
  };

  /** After a full page, the next one is read ahead (later); after a short one, a long poll may wait. */
  const readOnAfter = (query: FeedQuery, page: Pick<FeedPageAnswer, 'count' | 'nextPlace'>) => {
    if (page.count < query.limit) return;
    const next = { ...query, after: page.nextPlace };
    deps.later(() => {
      if (ahead.has(query.consumer)) return;
      try {
        readAhead(next);
      } catch {
        // Only an optimisation: the read that follows reads the page itself and meets the error there.
      }
    });
  };

  return {
    read(query) {
      const kept = ahead.get(query.consumer);
      ahead.delete(query.consumer);
      polls.delete(query.consumer);
      const page = kept && kept.key === readKey(query) && kept.checkpoint === deps.checkpoint() ? kept.page : deps.read(query);
      // The end of the feed for now: a long poll waits and, woken, asks again from where this read
      // ended (serve.ts moves an empty poll's place on; a short page's consumer asks from `next`).
      if (page.count < query.limit) polls.set(query.consumer, { query: { ...query, after: page.nextPlace }, since: deps.nowMs() });
      readOnAfter(query, page);
      return page;
    },

    taken(query, page) {
      ahead.delete(query.consumer);
      // Served an empty page, the long poll goes on waiting: keep re-reading its query.
      if (page.count === 0) polls.set(query.consumer, { query: { ...query, after: page.nextPlace }, since: deps.nowMs() });
      else polls.delete(query.consumer);
      readOnAfter(query, page);
    },

    changed() {
      const pushed: PushedPage[] = [];
      const now = deps.nowMs();
      for (const [consumer, { query, since }] of polls) {
        if (now - since > LONG_POLL_MS) {
          polls.delete(consumer);
          continue;
        }
        const checkpoint = deps.checkpoint();
        const page = deps.read(query);
        // An empty page is pushed too, so the woken poll does not read it again; it goes on waiting,
        // and its next read starts where this one ended: a consumer that shares few of the events
        // never scans the same unshared ones twice.
        if (page.count > 0) polls.delete(consumer);
        else polls.set(consumer, { query: { ...query, after: page.nextPlace }, since });
        pushed.push({ key: readKey(query), consumer, checkpoint, page });
      }
      return pushed;
    },
  };
}

/**
 * The pushed page for this read, if there is one and it may stand for a fresh read: read at or
 * after `head` (the store's head when the read was asked), so it reflects everything the store
 * held then, revocations included. Taken out of `pushed` when used.
 */
export function usePushedPage(pushed: Map<string, PushedPage>, query: FeedQuery, head: bigint | null): FeedPageAnswer | undefined {
  const page = pushed.get(query.consumer);
  if (!page || page.key !== readKey(query)) return undefined;
  if (head !== null && (page.checkpoint === null || page.checkpoint < head)) return undefined;
  pushed.delete(query.consumer);
  return page.page;
}
