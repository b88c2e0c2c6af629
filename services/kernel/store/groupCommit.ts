// Group commit: requests that arrive while a commit is running wait, and then go together in the
// next commit (one transaction, one fsync), each still all or nothing on its own. The first
// request of a quiet period is committed at once, so a lone request waits for nothing.
//
// Latency: a small request (a single event from a bureau's form) must not wait behind big batches.
// When small requests are waiting, the next group takes only them, ahead of the batches queued
// before them, unless one of those batches writes one of their streams (then order is kept, so a
// caller that sends twice to a stream without waiting sees its requests applied in order). A group
// is capped, so the commit a small request may find running is short.
import type { AppendOutcome, StreamAppend } from './eventStore';

/** Each request's own result, in order; a rejection means the whole group failed. */
export type CommitGroup = (requests: StreamAppend[][]) => Promise<Array<{ ok: true; outcomes: AppendOutcome[] } | { ok: false; error: Error }>>;

export interface GroupCommitter {
  append(appends: StreamAppend[]): Promise<AppendOutcome[]>;
  /** Resolves once every request submitted so far has its answer. */
  drain(): Promise<void>;
}

interface Pending {
  appends: StreamAppend[];
  events: number;
  /** Its streams, built the first time a small request asks whether it may pass this one. */
  streams?: Set<string>;
  resolve: (outcomes: AppendOutcome[]) => void;
  reject: (err: unknown) => void;
}

export const DEFAULT_MAX_EVENTS_PER_GROUP = 1000;
export const DEFAULT_SMALL_REQUEST_EVENTS = 50;

export function createGroupCommitter(
  commit: CommitGroup,
  options: {
    /** Most events in one group (a single bigger request still goes alone). Default 1000. */
    maxEventsPerGroup?: number;
    /** Requests of at most this many events go ahead of bigger ones. Default 50. */
    smallRequestEvents?: number;
    /**
     * Awaited before each group is taken. A commit on the caller's own thread blocks it, so
     * nothing can arrive while it runs; yielding one turn of the event loop first lets the
     * requests that are ready join the group.
     */
    gather?: () => Promise<void>;
  } = {},
): GroupCommitter {
  // A cap keeps one transaction (and the requests waiting behind it) short: a 1000-event request
  // costs tens of ms of inserts, an fsync a few ms, so bigger groups save little.
  const maxEvents = options.maxEventsPerGroup ?? DEFAULT_MAX_EVENTS_PER_GROUP;
  const smallEvents = options.smallRequestEvents ?? DEFAULT_SMALL_REQUEST_EVENTS;
  const queue: Pending[] = [];
  let running: Promise<void> | null = null;

  /** The small requests that may go first (see the top of the file); [] when there are none. */
  function takeSmallAhead(): Pending[] {
    const group: Pending[] = [];
    let events = 0;
    const passed: Pending[] = [];
    for (let i = 0; i < queue.length && events < maxEvents; i += 1) {
      const p = queue[i]!;
      if (p.events <= smallEvents && events + p.events <= maxEvents && !sharesStream(p, passed)) {
        group.push(p);
        events += p.events;
        queue.splice(i, 1);
        i -= 1;
      } else passed.push(p);
    }
    return group;
  }

  function takeGroup(): Pending[] {
    // Only when small and big requests both wait: otherwise the plain FIFO group below.
    if (queue.length > 1 && queue.some((p) => p.events <= smallEvents) && queue.some((p) => p.events > smallEvents)) {
      const small = takeSmallAhead();
      if (small.length > 0) return small;
    }
    const group: Pending[] = [];
    let events = 0;
    while (queue.length > 0 && (group.length === 0 || events + queue[0]!.events <= maxEvents)) {
      const next = queue.shift()!;
      events += next.events;
      group.push(next);
    }
    return group;
  }

  async function run(): Promise<void> {
    while (queue.length > 0) {
      if (options.gather) await options.gather();
      const group = takeGroup();
      try {
        const results = await commit(group.map((p) => p.appends));
        group.forEach((p, i) => {
          const r = results[i];
          if (r === undefined) p.reject(new Error('The group commit returned no result for a request.'));
          else if (r.ok) p.resolve(r.outcomes);
          else p.reject(r.error);
        });
      } catch (err) {
        for (const p of group) p.reject(err);
      }
    }
  }

  function sharesStream(p: Pending, passed: readonly Pending[]): boolean {
    if (passed.length === 0) return false;
    for (const q of passed) {
      q.streams ??= new Set(q.appends.map((a) => a.stream));
      for (const a of p.appends) if (q.streams.has(a.stream)) return true;
    }
    return false;
  }

  function kick(): void {
    if (running) return;
    running = run().finally(() => {
      running = null;
      // A request queued after run() saw an empty queue but before this callback.
      if (queue.length > 0) kick();
    });
  }

  return {
    append(appends) {
      return new Promise<AppendOutcome[]>((resolve, reject) => {
        queue.push({ appends, events: appends.reduce((n, a) => n + a.events.length, 0), resolve, reject });
        kick();
      });
    },
    async drain() {
      while (running) await running;
    },
  };
}
