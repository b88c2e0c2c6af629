// Read-ahead for a consumer reading its backlog: once a full page has been read, the next one is
// read too, later (in the read-model worker: while the main thread writes the access log and
// sends the first). It is handed out only for exactly the read that follows (same consumer,
// cursor, limit and day) and only if the read model has not moved since: a page read at the same
// checkpoint is the same page. Otherwise it is dropped and the page read afresh. One page is
// kept per consumer, the latest.
//
//   createReadAhead(deps): { read(query): FeedPageAnswer }
import type { FeedPageAnswer, FeedQuery } from './queries';

export interface ReadAheadDeps {
  /** Reads a page now (synchronous: no projection can slip in between it and checkpoint()). */
  read(query: FeedQuery): FeedPageAnswer;
  /** The read model's checkpoint now. */
  checkpoint(): bigint | null;
  /** Runs the read-ahead later, once the page just read has been handed back. */
  later(task: () => void): void;
}

interface Ahead {
  key: string;
  checkpoint: bigint | null;
  page: FeedPageAnswer;
}

const keyOf = (q: FeedQuery) => `${q.consumer}|${q.after.deliverAt}|${q.after.position}|${q.limit}|${q.today}`;

export function createReadAhead(deps: ReadAheadDeps): { read(query: FeedQuery): FeedPageAnswer } {
  const ahead = new Map<string, Ahead>();

  const readAhead = (query: FeedQuery) => {
    const checkpoint = deps.checkpoint();
    ahead.set(query.consumer, { key: keyOf(query), checkpoint, page: deps.read(query) });
  };

  return {
    read(query) {
      const kept = ahead.get(query.consumer);
      ahead.delete(query.consumer);
      const page = kept && kept.key === keyOf(query) && kept.checkpoint === deps.checkpoint() ? kept.page : deps.read(query);
      // A short page is the end of the feed for now: a long poll follows, not another page.
      if (page.count === query.limit) {
        const next = { ...query, after: page.nextPlace };
        deps.later(() => {
          if (ahead.has(query.consumer)) return;
          try {
            readAhead(next);
          } catch {
            // Only an optimisation: the read that follows reads the page itself and meets the error there.
          }
        });
      }
      return page;
    },
  };
}
