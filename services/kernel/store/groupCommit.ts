// Group commit: requests that arrive while a commit is running wait, and then go together in the
// next commit (one transaction, one fsync), each still all or nothing on its own. The first
// request of a quiet period is committed at once, so a lone request waits for nothing.
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
  resolve: (outcomes: AppendOutcome[]) => void;
  reject: (err: unknown) => void;
}

export function createGroupCommitter(
  commit: CommitGroup,
  options: {
    maxEventsPerGroup?: number;
    /**
     * Awaited before each group is taken. A commit on the caller's own thread blocks it, so
     * nothing can arrive while it runs; yielding one turn of the event loop first lets the
     * requests that are ready join the group.
     */
    gather?: () => Promise<void>;
  } = {},
): GroupCommitter {
  // A cap keeps one transaction (and the requests waiting behind it) bounded.
  const maxEvents = options.maxEventsPerGroup ?? 20_000;
  const queue: Pending[] = [];
  let running: Promise<void> | null = null;

  function takeGroup(): Pending[] {
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
