// Read-model rebuild vs. a raw scan of the same event log (the ceiling: better-sqlite3 reading
// every row in position order, touching data and metadata, without decoding or writing).
// `npm run bench:rebuild -- --events 1000000`; the log is generated once and cached under
// .tmp/bench (delete it to regenerate).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSchemaRegistry } from '../services/kernel/avro/registry';
import { openSqliteEventStore } from '../services/kernel/store/sqlite';
import { rebuildReadModel } from '../services/projector/rebuild';
import { intOptions } from './support/args';
import { ensureEventLog } from './support/eventLog';
import { rawScan } from './support/rawScan';
import { environment, finishEnvironment, note, perSecond, printResult, printTable, round, runMain } from './support/report';

runMain(async () => {
  const options = intOptions({ events: 1_000_000, batch: 2000 });
  const env = environment();
  note(`bench:rebuild ${JSON.stringify(options)} on ${env.cores} cores, load ${env.loadAverageStart}`);
  const registry = loadSchemaRegistry();
  const log = await ensureEventLog(options.events, registry);
  note(log.generatedMs === null ? `reusing ${log.file}` : `generated ${log.file} in ${round(log.generatedMs / 1000, 1)} s`);
  const logBytes = fs.statSync(log.file).size;

  note('warm-up scan (untimed: brings the file into the page cache)...');
  rawScan(log.file);
  const before = rawScan(log.file);
  note(`raw scan: ${before.rows} rows in ${round(before.ms)} ms`);
  if (before.rows !== options.events) throw new Error(`the log has ${before.rows} events, expected ${options.events}`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-rebuild-'));
  const store = openSqliteEventStore({ file: log.file });
  let result;
  let modelBytes = 0;
  try {
    note('rebuilding the read model...');
    let lastNote = 0;
    result = await rebuildReadModel({
      store,
      registry,
      file: path.join(dir, 'readmodel.sqlite'),
      batchSize: options.batch,
      onProgress: (p) => {
        if (p.elapsedMs - lastNote < 10_000) return;
        lastNote = p.elapsedMs;
        note(`  ${p.done.toLocaleString('en-US')} events, ${Math.round(perSecond(p.done, p.elapsedMs))} events/s`);
      },
    });
    modelBytes = fs.statSync(path.join(dir, 'readmodel.sqlite')).size;
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (result.events + result.skipped !== options.events || result.skipped !== 0) {
    throw new Error(`rebuild wrote ${result.events} events and skipped ${result.skipped}, expected ${options.events} and 0`);
  }
  const after = rawScan(log.file);
  note(`raw scan again: ${after.rows} rows in ${round(after.ms)} ms`);

  const ceilingMs = (before.ms + after.ms) / 2;
  const ceiling = perSecond(options.events, ceilingMs);
  const rebuild = perSecond(result.events, result.durationMs);
  printTable(
    ['step', 'events', 'seconds', 'events/s', 'ratio'],
    [
      ['raw better-sqlite3 scan (ceiling, before)', before.rows, round(before.ms / 1000, 2), Math.round(perSecond(before.rows, before.ms)), ''],
      ['raw better-sqlite3 scan (ceiling, after)', after.rows, round(after.ms / 1000, 2), Math.round(perSecond(after.rows, after.ms)), ''],
      ['ceiling (mean of the two scans)', options.events, round(ceilingMs / 1000, 2), Math.round(ceiling), 1],
      ['rebuildReadModel (decode Avro + write)', result.events, round(result.durationMs / 1000, 2), Math.round(rebuild), round(rebuild / ceiling, 4)],
    ],
  );
  printResult({
    bench: 'rebuild',
    events: result.events,
    batch: options.batch,
    eventsPerSec: Math.round(rebuild),
    ceilingEventsPerSec: Math.round(ceiling),
    ratio: round(rebuild / ceiling, 4),
    ceilingScansMs: [round(before.ms), round(after.ms)],
    rebuildMs: round(result.durationMs),
    logFile: path.relative(process.cwd(), log.file),
    logBytes,
    readModelBytes: modelBytes,
    logGeneratedMs: log.generatedMs === null ? null : round(log.generatedMs),
    env: finishEnvironment(env),
  });
});
