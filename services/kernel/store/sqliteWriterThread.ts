// The body of the SQLite writer thread (see sqliteWriter.ts): it owns the connection that writes
// the event log and commits each group it is sent in one transaction, so the inserts and the
// fsync run beside the event loop instead of blocking it.
import { parentPort, workerData } from 'node:worker_threads';
import { UnavailableError } from '../errors';
import { openSqliteEventStore } from './sqlite';
import { serialiseError, unpackGroup, type WriterReply, type WriterRequest } from './sqliteWriterProtocol';

const port = parentPort;
if (!port) throw new Error('sqliteWriterThread runs only as a worker thread.');
const { file, busyTimeoutMs } = workerData as { file: string; busyTimeoutMs?: number };

// The hub's clock stays on the main thread (tests inject one): each group brings its reading.
let groupNowMs = Date.now();
let store: ReturnType<typeof openSqliteEventStore> | undefined;
try {
  store = openSqliteEventStore({ file, busyTimeoutMs, now: () => new Date(groupNowMs) });
  port.postMessage({ kind: 'ready' } satisfies WriterReply);
} catch (err) {
  port.postMessage({ kind: 'failed', error: serialiseError(err) } satisfies WriterReply);
}

port.on('message', (message: WriterRequest) => {
  if (message.kind === 'close') {
    void store?.close().finally(() => port.close());
    return;
  }
  if (!store) {
    port.postMessage({ kind: 'group', id: message.id, failure: serialiseError(new UnavailableError('The event log could not be opened.')) } satisfies WriterReply);
    return;
  }
  groupNowMs = message.nowMs;
  try {
    const results = store.appendGroupSync(unpackGroup(message.group));
    port.postMessage({
      kind: 'group',
      id: message.id,
      results: results.map((r) => (r.ok ? { ok: true as const, outcomes: r.outcomes } : { ok: false as const, error: serialiseError(r.error) })),
    } satisfies WriterReply);
  } catch (err) {
    port.postMessage({ kind: 'group', id: message.id, failure: serialiseError(err) } satisfies WriterReply);
  }
});
