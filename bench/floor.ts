// SQLite's own cost of the rows the hub keeps per event, with no JavaScript around them: the floor
// under bench:ingest and bench:latency (bench/README.md, "Where each target stands").
// `npx tsx bench/floor.ts --events 60000 --transaction 1000`
//
// 1. The hub's own paths, timed: the rebuild benchmark's cached log (generated once) is projected
//    into a fresh read model by the projector's fold (read, decode, readModel.apply, pages of
//    `transaction` events), whose rows are what the hub keeps for these events; and the same
//    events are appended to a fresh log by the store's group append, `transaction` per group.
// 2. The log's rows are inserted again into a fresh log with the hub's schema and settings
//    (synchronous=FULL, one transaction per `transaction` events): by INSERT ... SELECT, by a
//    prepared statement per row, and by a prepared statement per row inside a SAVEPOINT.
// 3. The model's rows, table by table in their stored order, into a fresh file with the model's
//    schema and every index (synchronous=NORMAL, as the read model), `transaction` events' worth
//    per transaction, by INSERT ... SELECT. Updates and look-ups are not counted: a lower bound.
// 4. entity_versions rows by prepared statement with all its indexes, none, and each index left out.
// Checkpoints are not counted (wal_autocheckpoint=0): the hub runs them on a thread of its own.
// Prints CPU microseconds per event (process CPU, this thread only does the work), and the hub's
// paths against the floor measured in the same run (the machine's speed drifts between runs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadSchemaRegistry } from '../services/kernel/avro/registry';
import type { StreamAppend } from '../services/kernel/store/eventStore';
import { openSqliteEventStore } from '../services/kernel/store/sqlite';
import { configureConnection, migrate } from '../services/kernel/store/sqliteSchema';
import { openReadModel } from '../services/projector/readModel';
import { replayLog } from '../services/projector/rebuild';
import { intOptions } from './support/args';
import { ensureEventLog } from './support/eventLog';
import { environment, finishEnvironment, note, printResult, printTable, round, runMain } from './support/report';

const cpuUsPerEvent = (since: NodeJS.CpuUsage, events: number) => {
  const d = process.cpuUsage(since);
  return round((d.user + d.system) / events, 1);
};

runMain(async () => {
  const options = intOptions({ events: 60_000, transaction: 1000 });
  const env = environment();
  note(`bench:floor ${JSON.stringify(options)} on ${env.cores} cores, load ${env.loadAverageStart}`);
  const registry = loadSchemaRegistry();
  const log = await ensureEventLog(options.events, registry);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-floor-'));
  try {
    // The hub's own paths, timed in the same run: the projector's fold, and the store's group append.
    // A second connection checkpoints between pages, untimed, as the hub's checkpointer thread does.
    note("the projector's fold into a fresh read model (also the rows to copy below)...");
    const modelFile = path.join(dir, 'readmodel.sqlite');
    const store = openSqliteEventStore({ file: log.file });
    const model = openReadModel(modelFile, { timeZone: 'Asia/Shanghai' });
    const modelCheckpointer = new Database(modelFile);
    // The rebuild's page loop (read, decode, apply); the checkpoints' CPU is taken back out.
    let checkpointCpuUs = 0;
    const foldStarted = process.cpuUsage();
    await replayLog({
      store,
      registry,
      now: () => new Date(),
      batchSize: options.transaction,
      started: performance.now(),
      progress: { done: 0, skipped: 0, position: null, head: null, elapsedMs: 0 },
      apply: (events, position, skipped) => {
        model.apply(events, position, skipped);
        const since = process.cpuUsage();
        modelCheckpointer.pragma('wal_checkpoint(PASSIVE)');
        const d = process.cpuUsage(since);
        checkpointCpuUs += d.user + d.system;
      },
    });
    const folded = process.cpuUsage(foldStarted);
    const foldCpuUs = folded.user + folded.system - checkpointCpuUs;
    modelCheckpointer.close();
    model.close();

    note("the store's group append into a fresh log...");
    const appendFile = path.join(dir, 'log-append.sqlite');
    const appendStore = openSqliteEventStore({ file: appendFile });
    const appendCheckpointer = new Database(appendFile);
    const stored = await store.readAll(null, options.events);
    await store.close();
    let appendCpuUs = 0;
    for (let i = 0; i < stored.length; i += options.transaction) {
      const request: StreamAppend[] = stored.slice(i, i + options.transaction).map((e) => ({
        stream: e.stream,
        expectedRevision: 'any',
        events: [{ eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata }],
      }));
      const since = process.cpuUsage();
      appendStore.appendGroupSync([request]);
      const d = process.cpuUsage(since);
      appendCpuUs += d.user + d.system;
      appendCheckpointer.pragma('wal_checkpoint(PASSIVE)');
    }
    appendCheckpointer.close();
    await appendStore.close();

    const logRows = readRows(log.file, 'SELECT stream, stream_revision, event_id, type, data, metadata, recorded_at_ms FROM events ORDER BY position');
    const events = logRows.length;
    const txs = Math.ceil(events / options.transaction);
    const freshLog = (name: string) => {
      const db = new Database(path.join(dir, name));
      configureConnection(db, { busyTimeoutMs: 5000 });
      migrate(db);
      db.pragma('wal_autocheckpoint = 0');
      return db;
    };

    note('the log: INSERT ... SELECT, a statement per row, a statement per row in a savepoint...');
    const logSelect = (() => {
      const db = freshLog('log-select.sqlite');
      db.exec(`ATTACH '${log.file}' AS src`);
      const copy = db.prepare('INSERT INTO main.events (stream, stream_revision, event_id, type, data, metadata, recorded_at_ms) SELECT stream, stream_revision, event_id, type, data, metadata, recorded_at_ms FROM src.events WHERE position > ? AND position <= ?');
      const first = Number(db.prepare('SELECT MIN(position) FROM src.events').pluck().get()) - 1;
      const since = process.cpuUsage();
      for (let i = 0; i < txs; i++) db.transaction(() => copy.run(first + i * options.transaction, first + (i + 1) * options.transaction))();
      const us = cpuUsPerEvent(since, events);
      db.close();
      return us;
    })();
    const logStatements = (savepoint: boolean) => {
      const db = freshLog(`log-rows-${savepoint}.sqlite`);
      const insert = db.prepare('INSERT INTO events (stream, stream_revision, event_id, type, data, metadata, recorded_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)');
      const rows = db.transaction((chunk: unknown[][]) => { for (const r of chunk) insert.run(...r); });
      const tx = savepoint ? db.transaction((chunk: unknown[][]) => rows(chunk)) : rows;
      const since = process.cpuUsage();
      for (let i = 0; i < events; i += options.transaction) tx.immediate(logRows.slice(i, i + options.transaction));
      const us = cpuUsPerEvent(since, events);
      db.close();
      return us;
    };
    const logRowsPlain = logStatements(false);
    const logRowsSavepoint = logStatements(true);

    note("the read model's rows, table by table, with every index...");
    const modelCopy = (() => {
      const src = new Database(modelFile, { readonly: true });
      const ddl = src.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index'").pluck().all() as string[];
      const tables = src.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('meta', 'checkpoint')").pluck().all() as string[];
      src.close();
      const db = new Database(path.join(dir, 'model-copy.sqlite'));
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('wal_autocheckpoint = 0');
      for (const statement of ddl) db.exec(statement);
      db.exec(`ATTACH '${modelFile}' AS src`);
      // Each table's rows numbered in stored order (untimed), then sliced into the transactions.
      const copies = tables.map((t) => {
        db.exec(`CREATE TEMP TABLE seq_${t} AS SELECT * FROM src.${t}`);
        const n = db.prepare(`SELECT COUNT(*) FROM temp.seq_${t}`).pluck().get() as number;
        return { n, copy: db.prepare(`INSERT INTO main.${t} SELECT * FROM temp.seq_${t} WHERE rowid > ? AND rowid <= ?`) };
      });
      const since = process.cpuUsage();
      for (let i = 0; i < txs; i++) {
        db.transaction(() => {
          for (const { n, copy } of copies) copy.run(Math.floor((n * i) / txs), Math.floor((n * (i + 1)) / txs));
        })();
      }
      const us = cpuUsPerEvent(since, events);
      db.close();
      return us;
    })();

    note('entity_versions by statement, with each index left out in turn...');
    const src = new Database(modelFile, { readonly: true });
    const versionDdl = src.prepare("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'entity_versions' AND sql IS NOT NULL").all() as Array<{ name: string; sql: string }>;
    const versionRows = src.prepare('SELECT * FROM entity_versions ORDER BY id').raw().all() as unknown[][];
    const versionColumns = src.prepare('SELECT * FROM entity_versions LIMIT 1').columns().map((c) => c.name);
    src.close();
    const indexes = versionDdl.filter((d) => d.name !== 'entity_versions');
    const versions = (keep: (index: string) => boolean, name: string) => {
      const db = new Database(path.join(dir, `versions-${name}.sqlite`));
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('wal_autocheckpoint = 0');
      db.exec(versionDdl.find((d) => d.name === 'entity_versions')!.sql);
      for (const index of indexes) if (keep(index.name)) db.exec(index.sql);
      const insert = db.prepare(`INSERT INTO entity_versions (${versionColumns.join(', ')}) VALUES (${versionColumns.map(() => '?').join(', ')})`);
      const tx = db.transaction((chunk: unknown[][]) => { for (const r of chunk) insert.run(...r); });
      const since = process.cpuUsage();
      for (let i = 0; i < versionRows.length; i += options.transaction) tx(versionRows.slice(i, i + options.transaction));
      const us = cpuUsPerEvent(since, versionRows.length);
      db.close();
      return us;
    };
    const allIndexes = versions(() => true, 'all');
    const noIndex = versions(() => false, 'none');
    const without = indexes.map((index) => ({ index: index.name, us: versions((name) => name !== index.name, index.name) }));

    const fold = round(foldCpuUs / events, 1);
    const append = round(appendCpuUs / events, 1);
    printTable(
      ['the hub against the floor', 'CPU µs per event', 'floor', 'hub / floor'],
      [
        ["event log: the store's group append (appendGroupSync)", append, logRowsPlain, round(append / logRowsPlain, 2)],
        ["read model: the projector's fold (read, decode, apply, commit)", fold, modelCopy, round(fold / modelCopy, 2)],
      ],
    );
    printTable(
      ['rows, 1000 events per transaction', 'CPU µs per event'],
      [
        ['event log, INSERT ... SELECT (synchronous=FULL)', logSelect],
        ['event log, a prepared statement per row', logRowsPlain],
        ['event log, a prepared statement per row in a SAVEPOINT', logRowsSavepoint],
        ['read model, every table, INSERT ... SELECT (synchronous=NORMAL)', modelCopy],
        ['entity_versions, a statement per row, every index', allIndexes],
        ['entity_versions, no index', noIndex],
        ...without.map((w) => [`entity_versions without ${w.index}`, w.us] as [string, number]),
      ],
    );
    printResult({
      bench: 'floor',
      events,
      transaction: options.transaction,
      appendUs: append,
      foldUs: fold,
      appendVsFloor: round(append / logRowsPlain, 3),
      foldVsFloor: round(fold / modelCopy, 3),
      logSelectUs: logSelect,
      logStatementUs: logRowsPlain,
      logSavepointUs: logRowsSavepoint,
      modelSelectUs: modelCopy,
      entityVersionsUs: { all: allIndexes, none: noIndex, without: Object.fromEntries(without.map((w) => [w.index, w.us])) },
      env: finishEnvironment(env),
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function readRows(file: string, sql: string): unknown[][] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).raw().all() as unknown[][];
  } finally {
    db.close();
  }
}
