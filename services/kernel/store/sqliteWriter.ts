// The embedded event log with its writes on a thread of their own. Appends go to a writer thread
// that owns the writing SQLite connection; requests arriving while it commits are committed
// together in its next transaction (group commit: one fsync for all, each request all or
// nothing). Reads use a second connection on the caller's thread (WAL: readers and the writer
// never block each other). An append resolves only after its transaction is committed and
// fsynced, exactly as with the single-connection store.
import { Worker } from 'node:worker_threads';
import { UnavailableError } from '../errors';
import type { AppendOutcome, EventStore, StoredEvent, StreamAppend, StreamSummary } from './eventStore';
import { createGroupCommitter, type CommitGroup, type GroupCommitter } from './groupCommit';
import { openSqliteEventStore, type SqliteEventStore, type SqliteEventStoreOptions } from './sqlite';
import { packGroup, rebuildError, type WriterReply, type WriterRequest } from './sqliteWriterProtocol';

export interface SqliteWriterOptions extends SqliteEventStoreOptions {
  /** Most events one group transaction takes (default 1000; a bigger request goes alone). */
  maxEventsPerGroup?: number;
  /**
   * 'thread' (default): a writer thread commits, beside the event loop. 'inline': the group is
   * committed on the caller's thread, on the turn of the event loop after the first request.
   */
  writer?: 'thread' | 'inline';
}

/** Opens the log (creating or migrating it on this thread first) and starts its writer. */
export async function openSqliteEventStoreWithWriter(options: SqliteWriterOptions): Promise<SqliteWriterEventStore> {
  const reader = openSqliteEventStore(options);
  try {
    const writer = options.writer === 'inline' ? null : await startWriter(options);
    return new SqliteWriterEventStore(reader, writer, options);
  } catch (err) {
    await reader.close();
    throw err;
  }
}

interface WriterThread {
  worker: Worker;
  pending: Map<number, { resolve: (r: WriterReply & { kind: 'group' }) => void; reject: (err: unknown) => void }>;
  failed: Error | null;
}

function startWriter(options: SqliteEventStoreOptions): Promise<WriterThread> {
  // From TypeScript sources the thread needs tsx (sqliteWriterThread.mjs); compiled, it is plain JS.
  const entry = import.meta.url.endsWith('.ts') ? './sqliteWriterThread.mjs' : './sqliteWriterThread.js';
  const worker = new Worker(new URL(entry, import.meta.url), {
    workerData: { file: options.file, busyTimeoutMs: options.busyTimeoutMs },
  });
  const thread: WriterThread = { worker, pending: new Map(), failed: null };
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
      thread.failed ??= err;
      for (const p of thread.pending.values()) p.reject(new UnavailableError('The event log writer stopped.', 1, { cause: err }));
      thread.pending.clear();
      reject(err);
    };
    worker.on('message', (reply: WriterReply) => {
      if (reply.kind === 'ready') resolve(thread);
      else if (reply.kind === 'failed') fail(rebuildError(reply.error));
      else {
        const p = thread.pending.get(reply.id);
        thread.pending.delete(reply.id);
        p?.resolve(reply);
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`The event log writer thread exited (code ${code}).`)));
  });
}

export class SqliteWriterEventStore implements EventStore {
  private readonly committer: GroupCommitter;
  private nextId = 1;
  private closed = false;
  private readonly stats = { groups: 0, requests: 0 };
  private readonly now: () => Date;

  constructor(
    /** The reading connection (also what migrated the file). */
    readonly reader: SqliteEventStore,
    private readonly writer: WriterThread | null,
    options: SqliteWriterOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    const counted = (commit: CommitGroup): CommitGroup => (requests) => {
      this.stats.groups += 1;
      this.stats.requests += requests.length;
      return commit(requests);
    };
    this.committer = writer
      ? createGroupCommitter(counted((requests) => this.commitOnThread(writer, requests)), { maxEventsPerGroup: options.maxEventsPerGroup })
      : createGroupCommitter(counted(async (requests) => reader.appendGroupSync(requests)), {
          maxEventsPerGroup: options.maxEventsPerGroup,
          gather: () => new Promise((resolve) => setImmediate(resolve)),
        });
  }

  private async commitOnThread(writer: WriterThread, requests: StreamAppend[][]): ReturnType<CommitGroup> {
    if (writer.failed) throw new UnavailableError('The event log writer stopped.', 1, { cause: writer.failed });
    const id = this.nextId++;
    const reply = await new Promise<WriterReply & { kind: 'group' }>((resolve, reject) => {
      writer.pending.set(id, { resolve, reject });
      const { group, transfer } = packGroup(requests);
      writer.worker.postMessage({ kind: 'group', id, group, nowMs: this.now().getTime() } satisfies WriterRequest, transfer);
    });
    if (reply.failure) throw rebuildError(reply.failure);
    return (reply.results ?? []).map((r) => (r.ok ? r : { ok: false as const, error: rebuildError(r.error) }));
  }

  /** How many group transactions were attempted, and how many requests they carried. */
  commitStats(): { groups: number; requests: number } {
    return { ...this.stats };
  }

  append(appends: StreamAppend[]): Promise<AppendOutcome[]> {
    if (this.closed) return Promise.reject(new UnavailableError('The event store is closed.', 1));
    return this.committer.append(appends);
  }

  readStream(stream: string): Promise<StoredEvent[]> {
    return this.reader.readStream(stream);
  }

  readStreamSummaries(streams: readonly string[]): Promise<Map<string, StreamSummary>> {
    return this.reader.readStreamSummaries(streams);
  }

  readAll(after: bigint | null, maxCount: number): Promise<StoredEvent[]> {
    return this.reader.readAll(after, maxCount);
  }

  headPosition(): Promise<bigint | null> {
    return this.reader.headPosition();
  }

  async ping(): Promise<void> {
    if (this.writer?.failed) throw new UnavailableError('The event log writer stopped.', 1, { cause: this.writer.failed });
    await this.reader.ping();
  }

  /** Answers every append already submitted, then stops the writer and closes both connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.committer.drain();
    const writer = this.writer;
    if (writer && !writer.failed) {
      const exited = new Promise<void>((resolve) => writer.worker.once('exit', () => resolve()));
      writer.worker.postMessage({ kind: 'close' } satisfies WriterRequest);
      await exited;
    }
    await this.reader.close();
  }
}
