// One consumer reading its whole feed backlog over HTTP from the real hub, against a raw scan
// of the same events from the store (the ceiling: better-sqlite3 reading every row in position
// order), the consumer in a thread of its own; then the long-poll wake-up latency (POST of a
// shared event -> the waiting poll's answer arrives), beside the same POSTs' 202 latency.
// `npm run bench:feed -- --events 1000000 --page 1000 --wakeups 200 [--pages N]`; the log is the
// cached one of bench:rebuild (.tmp/bench), copied, with three grants appended that share all of
// it. --pages N reads only the first N pages (a rate from part of the backlog, for code whose
// pages are too slow to read it all); the long polls then start from the end of the feed.
// --keep yes leaves the data dir (store, read model, access log) in place, e.g. for EXPLAIN.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Agency } from '../services/kernel/agency';
import { loadSchemaRegistry } from '../services/kernel/avro/registry';
import { recordStream } from '../services/kernel/bus/eventBus';
import { eventIdFor } from '../services/kernel/eventId';
import { openSqliteEventStore } from '../services/kernel/store/sqlite';
import { encodeCursor, placeAt } from '../services/projector/feed/cursor';
import { rebuildReadModel } from '../services/projector/rebuild';
import { intOptions } from './support/args';
import { trafficCrash, prng } from './support/bodies';
import { ensureEventLog } from './support/eventLog';
import { BENCH_TOKENS, startBenchHub } from './support/hub';
import { environment, finishEnvironment, note, perSecond, printResult, printTable, round, runMain } from './support/report';

const GRANTS: Array<[Agency, string]> = [['police', 'TrafficCrashReported'], ['health', 'InjuryCaseReported'], ['fire', 'FireIncidentReported']];

function rawScan(file: string): { rows: number; ms: number } {
  const db = new Database(file, { readonly: true });
  try {
    const started = performance.now();
    let rows = 0;
    let bytes = 0;
    for (const row of db.prepare<[], { data: Buffer; metadata: string }>('SELECT position, data, metadata FROM events ORDER BY position').iterate()) {
      rows++;
      bytes += row.data.length + row.metadata.length;
    }
    if (bytes < 0) throw new Error('unreachable');
    return { rows, ms: performance.now() - started };
  } finally {
    db.close();
  }
}

/**
 * The consumer, in a thread of its own: as a bureau's client would be, its HTTP and JSON
 * parsing do not run on the hub's event loop (they still share the machine's cores). It reads
 * page after page, parsing each answer, until a short page (or maxPages).
 */
const CONSUMER = `
const { parentPort, workerData: w } = require('node:worker_threads');
(async () => {
  let after;
  let served = 0;
  let pages = 0;
  for (;;) {
    const q = new URLSearchParams({ limit: String(w.page) });
    if (after) q.set('after', after);
    const res = await fetch(w.url + '?' + q, { headers: { authorization: w.authorization } });
    if (res.status !== 200) throw new Error('feed answered ' + res.status + ': ' + (await res.text()));
    const page = await res.json();
    served += page.events.length;
    after = page.next;
    pages++;
    if (page.events.length < w.page) return parentPort.postMessage({ served, pages, after, complete: true });
    if (pages >= w.maxPages) return parentPort.postMessage({ served, pages, after, complete: false });
  }
})();
`;

interface BacklogRead {
  served: number;
  pages: number;
  after: string;
  /** False when it stopped at maxPages. */
  complete: boolean;
}

function readBacklog(workerData: { url: string; authorization: string; page: number; maxPages: number }): Promise<BacklogRead> {
  return new Promise((resolve, reject) => {
    const consumer = new Worker(CONSUMER, { eval: true, workerData });
    consumer.once('message', (result: BacklogRead) => {
      resolve(result);
      void consumer.terminate();
    });
    consumer.once('error', reject);
    consumer.once('exit', (code) => reject(new Error(`the consumer thread exited (${code}) before reading the backlog`)));
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

runMain(async () => {
  const options = intOptions({ events: 1_000_000, page: 1000, wakeups: 200 }, { pages: 'all', keep: 'no' });
  const maxPages = options.strings.pages === 'all' ? Infinity : Number(options.strings.pages);
  if (!(maxPages >= 1)) throw new Error(`--pages must be a positive number or all, got ${options.strings.pages}`);
  const env = environment();
  note(`bench:feed ${JSON.stringify({ ...options, pages: options.strings.pages })} on ${env.cores} cores, load ${env.loadAverageStart}`);
  const registry = loadSchemaRegistry();
  const log = await ensureEventLog(options.events, registry);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-feed-'));
  const eventsFile = path.join(dataDir, 'events.sqlite');
  fs.copyFileSync(log.file, eventsFile);

  // Grants at the end of the log: agreements share past records too.
  const store = openSqliteEventStore({ file: eventsFile });
  const receivedAt = new Date().toISOString();
  store.appendSync(
    GRANTS.map(([agency, type]) => {
      const id = `GX-BENCH-${agency}`;
      const eventId = eventIdFor(agency, id, 1);
      const fields = { sourceRecordId: id, revision: 1, consumer: 'transport', types: [type], regionCode: '6109', purpose: 'benchmark', validFrom: '2000-01-01', validUntil: '2099-12-31' };
      return {
        stream: recordStream(agency, id),
        expectedRevision: 'no_stream' as const,
        events: [{ eventId, type: 'SharingAgreementGranted', data: registry.encode('SharingAgreementGranted', { eventId, agency, receivedAt, ...fields }), metadata: { agency, tokenId: `${agency}-bench`, receivedAt, sourceRecordId: id, revision: 1, schemaFingerprint: registry.fingerprintOf('SharingAgreementGranted') } }],
      };
    }),
  );
  note('rebuilding the read model (feed index included)...');
  const rebuilt = await rebuildReadModel({ store, registry, file: path.join(dataDir, 'readmodel.sqlite') });
  const endCursor = encodeCursor(placeAt((await store.headPosition())!));
  await store.close();
  note(`rebuilt ${rebuilt.events} events in ${round(rebuilt.durationMs)} ms`);

  rawScan(eventsFile); // warm-up, untimed
  const before = rawScan(eventsFile);
  // The bench hub's own auth file, this data dir (its HUB_DATA_DIR is overridden).
  const bench = await startBenchHub({ HUB_DATA_DIR: dataDir });
  let served = 0;
  let feedMs = 0;
  /** CPU time of the whole process (every thread, the benchmark's client included) while the backlog was read. */
  let feedCpuMs = 0;
  const wakeups: number[] = [];
  /** The same POSTs' 202s: the event is durable in the log (the wake-up's own start). */
  const accepted: number[] = [];
  try {
    const auth = { authorization: `Bearer ${BENCH_TOKENS.transport}` };
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const read = await readBacklog({ url: `${bench.baseUrl}/agencies/transport/v1/feed`, authorization: auth.authorization, page: options.page, maxPages });
    feedMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    feedCpuMs = (cpu.user + cpu.system) / 1000;
    served = read.served;
    const pages = read.pages;
    // After part of the backlog, the long polls below wait at the end of the feed.
    let after = read.complete ? read.after : endCursor;
    note(`read ${served} events in ${pages} pages, ${round(feedMs)} ms`);

    const rnd = prng(7);
    for (let i = 0; i < options.wakeups; i++) {
      // Timed to the arrival of the poll's answer (its headers; the body is one event).
      const waiting = fetch(`${bench.baseUrl}/agencies/transport/v1/feed?after=${after}&wait=10`, { headers: auth }).then((res) => ({ res, at: performance.now() }));
      await new Promise((r) => setTimeout(r, 20)); // let the poll reach its wait
      const t0 = performance.now();
      const post = await fetch(`${bench.baseUrl}/agencies/police/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${BENCH_TOKENS.police}`, 'content-type': 'application/json' },
        body: JSON.stringify(trafficCrash(rnd, `WAKE-${i}`)),
      });
      accepted.push(performance.now() - t0);
      if (post.status !== 202) throw new Error(`POST answered ${post.status}`);
      const { res, at } = await waiting;
      wakeups.push(at - t0);
      const page = (await res.json()) as { events: unknown[]; next: string };
      if (page.events.length !== 1) throw new Error(`the woken poll carried ${page.events.length} events`);
      after = page.next;
    }
  } finally {
    await bench.close();
  }
  const afterScan = rawScan(eventsFile);
  if (options.strings.keep === 'yes') note(`kept the data dir (--keep yes): ${dataDir}`);
  else fs.rmSync(dataDir, { recursive: true, force: true });
  // Every generated event is a counted revision (revisions only go up): all but the grants are served.
  if (maxPages === Infinity && served !== rebuilt.events - GRANTS.length) throw new Error(`served ${served} of ${rebuilt.events - GRANTS.length} shared events`);

  const ceilingMs = (before.ms + afterScan.ms) / 2;
  const ceiling = perSecond(before.rows, ceilingMs);
  const feed = perSecond(served, feedMs);
  const sorted = [...wakeups].sort((a, b) => a - b);
  const acceptedSorted = [...accepted].sort((a, b) => a - b);
  // Per wake-up, how much later than its own POST's 202 the poll's answer came (0 when sooner).
  const beyond = wakeups.map((w, i) => Math.max(0, w - accepted[i]!)).sort((a, b) => a - b);
  printTable(
    ['step', 'events', 'seconds', 'events/s', 'ratio'],
    [
      ['raw better-sqlite3 scan of the store (ceiling)', before.rows, round(ceilingMs / 1000, 2), Math.round(ceiling), 1],
      [`feed over HTTP, ${options.page}-event pages`, served, round(feedMs / 1000, 2), Math.round(feed), round(feed / ceiling, 4)],
    ],
  );
  printResult({
    bench: 'feed',
    events: options.events,
    served,
    page: options.page,
    pages: options.strings.pages,
    eventsPerSec: Math.round(feed),
    ceilingEventsPerSec: Math.round(ceiling),
    ratio: round(feed / ceiling, 4),
    cpuMsPer1000Events: round((feedCpuMs / served) * 1000, 2),
    wakeupMs: { p50: round(percentile(sorted, 50), 1), p99: round(percentile(sorted, 99), 1), max: round(sorted.at(-1) ?? 0, 1), samples: sorted.length },
    acceptedMs: { p50: round(percentile(acceptedSorted, 50), 1), p99: round(percentile(acceptedSorted, 99), 1), max: round(acceptedSorted.at(-1) ?? 0, 1) },
    wakeupAfterAcceptedMs: { p50: round(percentile(beyond, 50), 1), p99: round(percentile(beyond, 99), 1), max: round(beyond.at(-1) ?? 0, 1) },
    env: finishEnvironment(env),
  });
});
