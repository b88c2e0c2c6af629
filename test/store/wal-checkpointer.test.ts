// The WAL checkpointer thread (kernel/store/walCheckpointer.ts): it checkpoints files whose writers
// never checkpoint themselves, reports what it did, and fails loudly on a file it cannot open.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../services/kernel/logger';
import { openSqliteEventStore } from '../../services/kernel/store/sqlite';
import { startWalCheckpointer, type CheckpointReport, type WalCheckpointer } from '../../services/kernel/store/walCheckpointer';
import { openReadModel } from '../../services/projector/readModel';
import { hazardEvent } from './contract';

describe('WAL checkpointer thread', () => {
  let dir: string;
  let checkpointer: WalCheckpointer | undefined;
  let warnings: string[];
  let logger: ReturnType<typeof createLogger>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hub-wal-checkpointer-'));
    const lines: string[] = [];
    warnings = lines;
    logger = createLogger({ write: (line) => lines.push(line) });
  });
  afterEach(async () => {
    await checkpointer?.stop();
    checkpointer = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** Resolves with the first report for `file` whose frames are all in the database file. */
  function completeCheckpointOf(file: string): { onCheckpoint: (f: string, r: CheckpointReport) => void; done: Promise<CheckpointReport> } {
    let resolve: (report: CheckpointReport) => void = () => {};
    const done = new Promise<CheckpointReport>((r) => (resolve = r));
    return {
      onCheckpoint: (f, report) => {
        if (f === file && report.checkpointedFrames === report.walFrames) resolve(report);
      },
      done,
    };
  }

  /** The rows a copy of the database file alone (no -wal beside it) holds: what was checkpointed. */
  function rowsInDatabaseFileAlone(file: string, table: string): number {
    const copy = join(dir, `copy-${Date.now()}.sqlite`);
    copyFileSync(file, copy);
    expect(existsSync(`${copy}-wal`)).toBe(false);
    const db = new Database(copy, { readonly: true });
    try {
      return db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
    } finally {
      db.close();
    }
  }

  it('moves the commits of a writer that never checkpoints into the database file', async () => {
    // given a WAL file whose writer never checkpoints, holding 3 committed transactions
    const file = join(dir, 'data.sqlite');
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    writer.pragma('wal_checkpoint(TRUNCATE)');
    const insert = writer.prepare('INSERT INTO t (v) VALUES (?)');
    for (let tx = 0; tx < 3; tx++) writer.transaction(() => { for (let i = 0; i < 500; i++) insert.run(`row ${tx}-${i}`); })();
    expect(rowsInDatabaseFileAlone(file, 't')).toBe(0);

    // when the checkpointer runs on it
    const watch = completeCheckpointOf(file);
    checkpointer = await startWalCheckpointer({ files: [file], intervalMs: 10, logger, onCheckpoint: watch.onCheckpoint });
    const report = await watch.done;

    // then every frame went into the database file, which alone now holds all the rows
    expect(report.walFrames).toBeGreaterThan(0);
    expect(rowsInDatabaseFileAlone(file, 't')).toBe(1500);
    writer.close();
  });

  it('checkpoints the event log and a read model opened for it while both stay open', async () => {
    // given the hub's event log and read model, each with a commit in its WAL
    const logFile = join(dir, 'events.sqlite');
    const modelFile = join(dir, 'readmodel.sqlite');
    const store = openSqliteEventStore({ file: logFile });
    const model = openReadModel(modelFile, { timeZone: 'Asia/Shanghai' });
    try {
      store.appendSync([{ stream: 'record-police-WAL-1', expectedRevision: 'no_stream', events: [hazardEvent()] }]);
      model.apply([], 7n);
      // when the checkpointer runs on both
      const logWatch = completeCheckpointOf(logFile);
      const modelWatch = completeCheckpointOf(modelFile);
      checkpointer = await startWalCheckpointer({
        files: [logFile, modelFile],
        intervalMs: 10,
        logger,
        onCheckpoint: (file, report) => {
          logWatch.onCheckpoint(file, report);
          modelWatch.onCheckpoint(file, report);
        },
      });
      await Promise.all([logWatch.done, modelWatch.done]);
      // then each database file alone holds what was committed
      expect(rowsInDatabaseFileAlone(logFile, 'events')).toBe(1);
      expect(rowsInDatabaseFileAlone(modelFile, 'checkpoint')).toBe(1);
    } finally {
      model.close();
      await store.close();
    }
  });

  it('refuses to start on a file that does not exist, naming it', async () => {
    const missing = join(dir, 'missing.sqlite');
    await expect(startWalCheckpointer({ files: [missing], logger })).rejects.toThrow(/missing\.sqlite|unable to open/);
    expect(existsSync(missing)).toBe(false);
  });

  it('stops cleanly, and a second stop waits for the same end', async () => {
    const file = join(dir, 'data.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.close();
    checkpointer = await startWalCheckpointer({ files: [file], intervalMs: 10, logger });
    const first = checkpointer.stop();
    await Promise.all([first, checkpointer.stop()]);
    expect(warnings.filter((w) => w.includes('stopped'))).toEqual([]);
  });
});
