// bench:scale: the read model at national scale. Builds (and caches) a log of N events over C
// communities and five years (bench/support/scaleLog.ts), rebuilds the read model from it (rate
// and ratio to a raw scan of the same log), starts the hub on it as `npm start` would, and
// times the committee questions: community overview, district / city / province / country
// summaries, hazards and designations lists, latest and at three earlier asOf instants (first
// answer and warmed). Reports the hub's RSS after the rebuild and after the queries.
// `npm run bench:scale -- --events 1000000 --communities 3000`
// `--store postgres`: the same on PostgreSQL (DATABASE_URL: event store and shared read model, a
// fresh database): the log copied in, the read model rebuilt by `npm run rebuild`'s code, the
// questions asked of the hub, and then the committee API's overview throughput with one and with
// two projector-only processes. `--keep yes` keeps the database and prints its URL; `--database
// <url>` asks the questions of such a database again, without loading or rebuilding.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startHub } from '../services/hub/compose';
import { loadSchemaRegistry } from '../services/kernel/avro/registry';
import { parseConfig } from '../services/kernel/config';
import { silentLogger } from '../services/kernel/logger';
import { openSqliteEventStore } from '../services/kernel/store/sqlite';
import { rebuildReadModel } from '../services/projector/rebuild';
import { intOptions } from './support/args';
import { rawScan } from './support/rawScan';
import { BENCH_TOKENS, makeBenchDataDir } from './support/hub';
import { get, keepAliveAgent, listen, sendAll } from './support/http';
import { runPrefix } from './support/bodies';
import { prepareRequests } from './support/ingestRun';
import { environment, finishEnvironment, note, perSecond, printResult, printTable, round, runMain } from './support/report';
import { communityCodes, ensureScaleLog, FIRST_YEAR, YEARS } from './support/scaleLog';
import { summarise } from './support/stats';
import { openPostgresEventStore } from '../services/kernel/store/postgres';
import { rebuildPgReadModel } from '../services/projector/pgRebuild';
import { createTestDatabase } from '../test/support/postgres';
import { apiScale, type ApiThroughput } from './support/apiScale';
import { copyLogToPostgres, pgRawScan } from './support/pgLog';

const rssMiB = () => round(process.memoryUsage().rss / 2 ** 20);

/** A committee GET, timed from the request to the end of its answer. */
async function timedGet(agent: http.Agent, url: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const { status } = await get(agent, new URL(url), BENCH_TOKENS.committee);
  return { status, ms: performance.now() - started };
}

runMain(async () => {
  // --keep yes: leave the data dir (log copy and read model) in place and print its path;
  // --reuse <dir>: such a dir, so the questions and the ingest phase run again without a rebuild.
  const options = intOptions(
    { events: 10_000_000, communities: 3000, samples: 40, ingestRequests: 300, apiClients: 16, apiSeconds: 10, apiRounds: 3 },
    { keep: 'no', reuse: '', store: 'sqlite', database: '' },
  );
  const onPostgres = options.strings.store === 'postgres';
  if (!onPostgres && options.strings.store !== 'sqlite') throw new Error(`--store is sqlite or postgres, got ${options.strings.store}`);
  const env = environment();
  note(`bench:scale ${JSON.stringify({ ...options, ...options.strings })} on ${env.cores} cores, load ${env.loadAverageStart}`);
  const registry = loadSchemaRegistry();
  let dataDir: string;
  let authFile: string;
  let rebuildRate: number | null = null;
  let scanRate: number | null = null;
  let rssAfterRebuild: number | null = null;
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (onPostgres) {
    ({ dataDir, authFile } = makeBenchDataDir('hub-bench-scale-pg-'));
    if (options.strings.database) {
      databaseUrl = options.strings.database;
      note(`reusing the database ${databaseUrl}: no load, no rebuild`);
    } else {
      const log = await ensureScaleLog(options.events, options.communities, registry);
      note(log.generatedMs === null ? `reusing ${log.file}` : `generated ${log.file} in ${round(log.generatedMs / 1000)} s`);
      const database = await createTestDatabase('bench_scale');
      databaseUrl = database.url;
      dropDatabase = () => database.drop();
      const loadStarted = performance.now();
      await copyLogToPostgres(log.file, databaseUrl);
      note(`copied the log into ${database.name} in ${round((performance.now() - loadStarted) / 1000)} s`);
      await pgRawScan(databaseUrl); // warm the server's cache, untimed
      const scan = await pgRawScan(databaseUrl);
      const store = await openPostgresEventStore({ connectionString: databaseUrl, poolMax: 2, statementTimeoutMs: 0 });
      note('rebuilding the read model in PostgreSQL...');
      const rebuild = await rebuildPgReadModel({ store, registry, connectionString: databaseUrl, timeZone: 'Asia/Shanghai' });
      await store.close();
      rebuildRate = perSecond(rebuild.events + rebuild.skipped, rebuild.durationMs);
      scanRate = perSecond(scan.rows, scan.ms);
      rssAfterRebuild = rssMiB();
      note(`rebuild: ${round(rebuildRate)} events/s (the store's paged read of the log ${round(scanRate)} events/s), RSS ${rssAfterRebuild} MiB`);
    }
  } else if (options.strings.reuse) {
    dataDir = options.strings.reuse;
    authFile = path.join(dataDir, 'auth.bench.json');
    for (const f of ['events.sqlite', 'readmodel.sqlite', 'auth.bench.json']) {
      if (!fs.existsSync(path.join(dataDir, f))) throw new Error(`--reuse ${dataDir}: no ${f} there (keep one with --keep yes)`);
    }
    note(`reusing the data dir ${dataDir}: no rebuild`);
  } else {
    const log = await ensureScaleLog(options.events, options.communities, registry);
    note(log.generatedMs === null ? `reusing ${log.file}` : `generated ${log.file} in ${round(log.generatedMs / 1000)} s`);
    rawScan(log.file); // warm the page cache, untimed
    const scanMs = rawScan(log.file).ms;
    ({ dataDir, authFile } = makeBenchDataDir('hub-bench-scale-'));
    // A copy, not a link: the ingest phase appends to the hub's log, which must not grow the cached one.
    fs.copyFileSync(log.file, path.join(dataDir, 'events.sqlite'), fs.constants.COPYFILE_FICLONE);
    const store = openSqliteEventStore({ file: path.join(dataDir, 'events.sqlite') });
    note('rebuilding the read model...');
    const rebuild = await rebuildReadModel({ store, registry, file: path.join(dataDir, 'readmodel.sqlite'), timeZone: 'Asia/Shanghai' });
    await store.close();
    rebuildRate = perSecond(rebuild.events + rebuild.skipped, rebuild.durationMs);
    scanRate = perSecond(options.events, scanMs);
    rssAfterRebuild = rssMiB();
    note(`rebuild: ${round(rebuildRate)} events/s (raw scan ${round(scanRate)} events/s), RSS ${rssAfterRebuild} MiB`);
  }

  const config = parseConfig({
    HUB_DATA_DIR: dataDir,
    HUB_AUTH_FILE: authFile,
    HUB_DEMO: '0',
    LOG_LEVEL: 'warn',
    PORT: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, HUB_DB_STATEMENT_TIMEOUT_MS: '0' } : {}),
  });
  const hub = await startHub(config, { logger: silentLogger });
  const server = await listen(hub.app);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const codes = communityCodes(options.communities);
  const lastYear = FIRST_YEAR + YEARS - 1;
  const asOfs: Array<[string, string | undefined]> = [
    ['latest', undefined],
    ...[lastYear - 1, lastYear - 2, lastYear - 3].map((y): [string, string] => [`asOf ${y}-12-31`, `${y}-12-31T23:59:59%2B08:00`]),
  ];
  const queries: Array<[string, (i: number) => string]> = [
    ['community overview', (i) => `/committee/v1/communities/${codes[(i * 37) % codes.length]}/overview?year=${lastYear}`],
    ['district summary', (i) => `/committee/v1/regions/${codes[(i * 301) % codes.length]!.slice(0, 6)}/summary?year=${lastYear}`],
    ['city summary', (i) => `/committee/v1/regions/${codes[(i * 307) % codes.length]!.slice(0, 4)}/summary?year=${lastYear}`],
    ['province summary', () => `/committee/v1/regions/${codes[0]!.slice(0, 2)}/summary?year=${lastYear}`],
    ['district hazards (open)', (i) => `/committee/v1/hazards?region=${codes[(i * 301) % codes.length]!.slice(0, 6)}`],
    ['city designations', (i) => `/committee/v1/designations?region=${codes[(i * 307) % codes.length]!.slice(0, 4)}`],
  ];
  const rows: Array<Array<string | number>> = [];
  const results: Record<string, unknown>[] = [];
  for (const [asOfName, asOf] of asOfs) {
    for (const [name, path0] of queries) {
      const url = (i: number) => `${server.baseUrl}${path0(i)}${asOf ? `${path0(i).includes('?') ? '&' : '?'}asOf=${asOf}` : ''}`;
      const first = await timedGet(agent, url(0));
      if (first.status !== 200) throw new Error(`${name} ${asOfName}: HTTP ${first.status}`);
      const samples: number[] = [];
      for (let i = 0; i < options.samples; i += 1) samples.push((await timedGet(agent, url(asOf ? 0 : i))).ms);
      const s = summarise(samples.sort((a, b) => a - b));
      rows.push([name, asOfName, round(first.ms, 1), round(s.p50, 1), round(s.p99, 1)]);
      results.push({ query: name, asOf: asOfName, firstMs: round(first.ms, 1), p50Ms: round(s.p50, 1), p99Ms: round(s.p99, 1) });
    }
  }
  const rssAfterQueries = rssMiB();

  // Overview latency and projection lag while the gateways take 1000-event batches flat out.
  note(`overview under full ingest (${options.ingestRequests} x 1000 events, 4 in flight)...`);
  const requests = prepareRequests(options.ingestRequests, 1000, runPrefix('SC'), 3);
  const ingestAgent = keepAliveAgent(4);
  let ingesting = true;
  const ingest = sendAll(server.baseUrl, requests, 4, ingestAgent).finally(() => {
    ingesting = false;
  });
  const underLoad: number[] = [];
  // Lag, sampled between overview requests from two cheap reads (the store's head, the read
  // model's checkpoint; positions are dense in the SQLite log): events behind, and the age of the
  // oldest event not yet projected, dated by the first sample at which the head had passed the
  // checkpoint (so a lower bound, to one overview request).
  let maxPending = 0;
  let maxLagMs = 0;
  const heads: Array<{ ms: number; head: bigint }> = [];
  let oldestUseful = 0;
  for (let i = 0; ingesting; i += 1) {
    underLoad.push((await timedGet(agent, `${server.baseUrl}/committee/v1/communities/${codes[(i * 37) % codes.length]}/overview?year=${lastYear}`)).ms);
    const head = (await hub.store!.headPosition()) ?? 0n;
    const sampledMs = performance.now();
    heads.push({ ms: sampledMs, head });
    const checkpoint = (await hub.projector!.checkpoint()) ?? 0n;
    maxPending = Math.max(maxPending, Number(head - checkpoint));
    while (oldestUseful < heads.length - 1 && heads[oldestUseful]!.head <= checkpoint) oldestUseful += 1;
    const firstPast = heads[oldestUseful]!;
    if (firstPast.head > checkpoint) maxLagMs = Math.max(maxLagMs, sampledMs - firstPast.ms);
  }
  const ingestMs = await ingest;
  const head = await hub.store!.headPosition();
  const tailStarted = performance.now();
  await hub.projector!.waitFor(head!, 120_000);
  const catchUpMs = performance.now() - tailStarted;
  ingestAgent.destroy();
  const ingestRate = perSecond(options.ingestRequests * 1000, ingestMs);
  const loaded = summarise(underLoad.sort((a, b) => a - b));
  rows.push(['community overview', `under ingest (${round(ingestRate)} ev/s)`, '', round(loaded.p50, 1), round(loaded.p99, 1)]);
  note(`ingest ${round(ingestRate)} events/s; overview p99 ${round(loaded.p99, 1)} ms; at most ${maxPending} events / ${round(maxLagMs)} ms behind; caught up ${round(catchUpMs)} ms after the last 202`);
  agent.destroy();
  await server.close();
  await hub.close();

  // The API scaled out: the same overviews from one and from two projector-only processes.
  let api: Awaited<ReturnType<typeof apiScale>> | undefined;
  if (databaseUrl) {
    note(`committee API throughput: ${options.apiClients} clients, ${options.apiSeconds} s, one process then two...`);
    api = await apiScale({
      databaseUrl,
      authFile,
      token: BENCH_TOKENS.committee,
      clients: options.apiClients,
      seconds: options.apiSeconds,
      rounds: options.apiRounds,
      path: (i) => `/committee/v1/communities/${codes[(i * 37) % codes.length]}/overview?year=${lastYear}`,
    });
    for (const t of [api.one, api.two]) {
      rows.push([`community overview, ${t.processes} process${t.processes > 1 ? 'es' : ''}`, `${round(t.requestsPerSecond)} req/s`, '', round(t.p50Ms, 1), round(t.p99Ms, 1)]);
    }
    const cpu = (t: ApiThroughput) =>
      `CPU ms per request: hub ${round(t.cpuMsPerRequest.hub, 2)}, PostgreSQL ${round(t.cpuMsPerRequest.postgres, 2)}, clients ${round(t.cpuMsPerRequest.clients, 2)}`;
    note(`overview throughput: one process ${round(api.one.requestsPerSecond)} req/s (${cpu(api.one)}); two ${round(api.two.requestsPerSecond)} req/s (${cpu(api.two)}); x${round(api.two.requestsPerSecond / api.one.requestsPerSecond, 2)}; rounds ${JSON.stringify(api.rounds)}`);
  }
  if (options.strings.keep === 'yes' || options.strings.reuse || options.strings.database) {
    note(`data dir kept: ${dataDir}${databaseUrl ? `; database kept: ${databaseUrl}` : ''}`);
  } else {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await dropDatabase?.();
  }

  printTable(['query', 'asOf', 'first ms', 'p50 ms', 'p99 ms'], rows);
  printResult({
    benchmark: 'scale',
    store: onPostgres ? 'postgres' : 'sqlite',
    events: options.events,
    communities: options.communities,
    rebuildEventsPerSecond: rebuildRate === null ? null : round(rebuildRate),
    rawScanEventsPerSecond: scanRate === null ? null : round(scanRate),
    rebuildRatioToScan: rebuildRate === null || scanRate === null ? null : round(rebuildRate / scanRate, 3),
    rssMiBAfterRebuild: rssAfterRebuild,
    rssMiBAfterQueries: rssAfterQueries,
    underIngest: { eventsPerSecond: round(ingestRate), overviewP50Ms: round(loaded.p50, 1), overviewP99Ms: round(loaded.p99, 1), maxPendingEvents: maxPending, maxLagMs: round(maxLagMs), catchUpMsAfterLastAccept: round(catchUpMs) },
    queries: results,
    ...(api ? { apiThroughput: { ...api, ratioTwoToOne: round(api.two.requestsPerSecond / api.one.requestsPerSecond, 2) } } : {}),
    environment: finishEnvironment(env),
  });
});
