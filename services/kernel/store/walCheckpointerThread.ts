// The body of the WAL checkpointer thread (see walCheckpointer.ts): one connection per file, a
// PASSIVE checkpoint of each every intervalMs, until told to stop.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CheckpointerReply, CheckpointerRequest } from './walCheckpointerProtocol';

const port = parentPort;
if (!port) throw new Error('walCheckpointerThread runs only as a worker thread.');
const { files, intervalMs } = workerData as { files: string[]; intervalMs: number };
const post = (reply: CheckpointerReply) => port.postMessage(reply);

const connections: Array<{ file: string; db: Database.Database; last: string }> = [];
try {
  for (const file of files) {
    const db = new Database(file, { fileMustExist: true });
    connections.push({ file, db, last: '' });
    // Never OFF: a checkpoint must fsync the database file before the WAL can be reset. FULL and
    // NORMAL checkpoint alike; FULL is the log's own setting.
    db.pragma('synchronous = FULL');
    // This connection only checkpoints: its own commits (there are none) never should.
    db.pragma('wal_autocheckpoint = 0');
  }
  post({ kind: 'ready' });
} catch (err) {
  for (const { db } of connections) db.close();
  const error = err as Error;
  post({ kind: 'failed', name: error.name, message: error.message });
  throw err;
}

function checkpointAll(): void {
  for (const connection of connections) {
    const { file, db } = connection;
    try {
      // PASSIVE: copies what no reader still needs, waits for nobody.
      const [result] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
      // Reported when it changed: an idle WAL keeps its last (checkpointed) frames until the next write.
      const seen = result ? `${result.log}/${result.checkpointed}` : '';
      if (result && result.log > 0 && seen !== connection.last) {
        post({ kind: 'checkpointed', file, report: { walFrames: result.log, checkpointedFrames: result.checkpointed } });
      }
      connection.last = seen;
    } catch (err) {
      post({ kind: 'checkpointFailed', file, message: (err as Error).message });
    }
  }
}

const timer = setInterval(checkpointAll, intervalMs);

port.on('message', (message: CheckpointerRequest) => {
  if (message.kind !== 'stop') return;
  clearInterval(timer);
  for (const { db } of connections) db.close();
  port.close();
});
