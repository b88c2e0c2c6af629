// `npm run rebuild`: rebuilds the read model from the event log (<HUB_DATA_DIR>/events.sqlite,
// PostgreSQL when DATABASE_URL is set, or EventStoreDB when ESDB_URL is set).
// - SQLite (<HUB_DATA_DIR>/readmodel.sqlite): the new model is built next to the live one and
//   renamed over it at the end; stop the hub first, or restart it after (a running hub keeps
//   using the file it opened).
// - PostgreSQL (DATABASE_URL): the shared model is rebuilt in place under the projector lease;
//   running processes answer "not ready" until it is done, then go on from it.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadSchemaRegistry } from '../services/kernel/avro/registry';
import { parseConfig } from '../services/kernel/config';
import type { EventStore } from '../services/kernel/store/eventStore';
import { openEsdbEventStore } from '../services/kernel/store/esdb';
import { openPostgresEventStore } from '../services/kernel/store/postgres';
import { openSqliteEventStore } from '../services/kernel/store/sqlite';
import { rebuildPgReadModel } from '../services/projector/pgRebuild';
import { rebuildReadModel, type RebuildProgress } from '../services/projector/rebuild';
import { EVENT_STORE_FILE, READ_MODEL_FILE } from '../services/projector/service';

export { rebuildReadModel } from '../services/projector/rebuild';

/** "12,345 / ~50,000 events (24.7%), 8,123 events/s, ETA 5 s". Totals are estimated from positions. */
export function describeProgress(p: RebuildProgress): string {
  const rate = p.elapsedMs > 0 ? (p.done * 1000) / p.elapsedMs : 0;
  const fraction = p.head !== null && p.head > 0n && p.position !== null ? Math.min(1, Number(p.position) / Number(p.head)) : 0;
  const parts = [`${fmt(p.done)}`];
  if (fraction > 0) {
    const total = Math.max(p.done, Math.round((p.done + p.skipped) / fraction) - p.skipped);
    parts[0] += ` / ~${fmt(total)} events (${(fraction * 100).toFixed(1)}%)`;
    if (rate > 0) parts.push(`ETA ${formatSeconds(Math.max(0, (total - p.done) / rate))}`);
  } else {
    parts[0] += ' events';
  }
  parts.splice(1, 0, `${fmt(Math.round(rate))} events/s`);
  if (p.skipped > 0) parts.push(`${fmt(p.skipped)} skipped`);
  return `rebuild: ${parts.join(', ')}`;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function formatSeconds(seconds: number): string {
  const s = Math.ceil(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** One updating line on a terminal; elsewhere (CI, logs) a line every few seconds. */
export function progressReporter(stream: NodeJS.WriteStream, intervalMs = stream.isTTY ? 100 : 5000) {
  let lastAt = -Infinity;
  return {
    report(p: RebuildProgress) {
      if (p.elapsedMs - lastAt < intervalMs) return;
      lastAt = p.elapsedMs;
      stream.write(stream.isTTY ? `\r${describeProgress(p)}\x1b[K` : `${describeProgress(p)}\n`);
    },
    finish(p: RebuildProgress | null) {
      if (p) stream.write(stream.isTTY ? `\r${describeProgress(p)}\x1b[K\n` : `${describeProgress(p)}\n`);
    },
  };
}

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  let store: EventStore;
  if (config.ESDB_URL) {
    store = openEsdbEventStore({ connectionString: config.ESDB_URL });
  } else if (config.DATABASE_URL) {
    store = await openPostgresEventStore({ connectionString: config.DATABASE_URL, poolMax: 2, statementTimeoutMs: config.HUB_DB_STATEMENT_TIMEOUT_MS });
  } else {
    const file = path.join(config.HUB_DATA_DIR, EVENT_STORE_FILE);
    if (!fs.existsSync(file)) throw new Error(`No event store at ${file} (set HUB_DATA_DIR, or DATABASE_URL, or ESDB_URL).`);
    store = openSqliteEventStore({ file });
  }
  if (config.DATABASE_URL) {
    const reporter = progressReporter(process.stderr);
    let last: RebuildProgress | null = null;
    try {
      const result = await rebuildPgReadModel({
        store,
        registry: loadSchemaRegistry(),
        connectionString: config.DATABASE_URL,
        timeZone: config.HUB_TIMEZONE,
        onProgress: (p) => {
          last = p;
          reporter.report(p);
        },
      });
      reporter.finish(last);
      process.stderr.write(`Rebuilt the PostgreSQL read model: ${fmt(result.events)} events, ${fmt(result.skipped)} skipped, in ${(result.durationMs / 1000).toFixed(1)} s.\n`);
    } finally {
      await store.close();
    }
    return;
  }
  const target = path.join(config.HUB_DATA_DIR, READ_MODEL_FILE);
  fs.mkdirSync(config.HUB_DATA_DIR, { recursive: true });
  const reporter = progressReporter(process.stderr);
  let last: RebuildProgress | null = null;
  try {
    const result = await rebuildReadModel({ timeZone: config.HUB_TIMEZONE, 
      store,
      registry: loadSchemaRegistry(),
      file: target,
      onProgress: (p) => {
        last = p;
        reporter.report(p);
      },
    });
    reporter.finish(last);
    process.stderr.write(
      `Rebuilt ${target}: ${fmt(result.events)} events, ${fmt(result.skipped)} skipped, ` +
        `in ${(result.durationMs / 1000).toFixed(1)} s. Restart the hub if it is running.\n`,
    );
  } finally {
    await store.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`\nrebuild failed: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
