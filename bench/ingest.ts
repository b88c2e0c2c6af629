// Embedded-mode gateway ingest vs. a bare express echo (the ceiling: HTTP + JSON parse without
// the hub's work). `npm run bench:ingest -- --events 200000 --batch 1000 --concurrency 4 --rounds 4`
// `--store postgres`: the same hub on the PostgreSQL event store (a fresh database, dropped after).
import { intOptions } from './support/args';
import { createTestDatabase } from '../test/support/postgres';
import { startBenchHub } from './support/hub';
import { compareIngest, ingestResultFields, prepareRequests, printIngestTable } from './support/ingestRun';
import { runPrefix } from './support/bodies';
import { keepAliveAgent, sendAll } from './support/http';
import { environment, finishEnvironment, note, perSecond, printResult, printTable, round, runMain } from './support/report';

runMain(async () => {
  const options = intOptions({ events: 200_000, batch: 1000, concurrency: 4, rounds: 4 }, { store: 'sqlite' });
  const store = options.strings.store;
  if (store !== 'sqlite' && store !== 'postgres') throw new Error(`--store is sqlite or postgres, got ${store}`);
  const env = environment();
  note(`bench:ingest (embedded) ${JSON.stringify(options)} on ${env.cores} cores, load ${env.loadAverageStart}`);
  // The hub's config comes from here, not from the environment; HUB_SQLITE_WRITER is passed on
  // so that both writers can be measured.
  const writer = process.env.HUB_SQLITE_WRITER;
  const database = store === 'postgres' ? await createTestDatabase('bench_ingest') : undefined;
  const hub = await startBenchHub({
    HUB_SERVICES: 'police,fire,health,transport,safety,recorder,projector',
    ...(writer ? { HUB_SQLITE_WRITER: writer } : {}),
    ...(database ? { DATABASE_URL: database.url } : {}),
  }).catch(async (err: unknown) => {
    await database?.drop();
    throw err;
  });
  note(database ? 'event store: PostgreSQL (a fresh database)' : `event log writer: ${writer ?? 'thread (default)'}`);
  try {
    const f = await compareIngest(hub.baseUrl, { events: options.events, batch: options.batch, concurrency: options.concurrency, rounds: options.rounds });
    const head = (await hub.hub.store!.headPosition()) ?? 0n;
    const stored = Number(head);
    note(`events in the hub's store: ${stored}`);
    // The projector runs in the same process and competes for it; how far behind the last 202
    // its read model is says what the ingest rate costs a committee looking at the figures.
    const caughtUpFrom = performance.now();
    await hub.hub.projector!.waitFor(head, 600_000);
    const projectorCatchUpMs = Math.round(performance.now() - caughtUpFrom);
    note(`read model caught up with the store ${projectorCatchUpMs} ms after the last 202`);

    // The whole hub's rate to visible: one more round's worth of requests, sent to the caught-up
    // hub alone, timed from the first request until the read model holds the last event. This is
    // the most a committee can see per second (bench:latency loads the hub at half of it).
    const visibleRequests = prepareRequests(Math.max(1, Math.ceil(options.events / options.batch / options.rounds)), options.batch, runPrefix('BV'), 5);
    const visibleEvents = visibleRequests.reduce((n, r) => n + r.events, 0);
    const agent = keepAliveAgent(options.concurrency);
    const visibleFrom = performance.now();
    await sendAll(hub.baseUrl, visibleRequests, options.concurrency, agent);
    const acceptedMs = performance.now() - visibleFrom;
    await hub.hub.projector!.waitFor((await hub.hub.store!.headPosition()) ?? 0n, 600_000);
    const visibleMs = performance.now() - visibleFrom;
    agent.destroy();
    const visibleEventsPerSec = perSecond(visibleEvents, visibleMs);
    note(`${visibleEvents} more events: all 202s after ${round(acceptedMs)} ms, all visible after ${round(visibleMs)} ms`);
    printIngestTable(`hub, embedded (whole hub: gateways, recorder, projector)${database ? ', PostgreSQL store' : ''}`, f);
    printTable(
      ['whole hub to visible (the hub alone, after the rounds)', 'events', 'seconds', 'events/s', 'ratio to the echo'],
      [['first request sent -> last event in the read model', visibleEvents, round(visibleMs / 1000, 2), Math.round(visibleEventsPerSec), round(visibleEventsPerSec / f.echoEventsPerSec, 3)]],
    );
    printResult({
      bench: 'ingest',
      mode: 'embedded',
      ...ingestResultFields(f, options),
      projectorCatchUpMs,
      visibleEventsPerSec: Math.round(visibleEventsPerSec),
      visibleRatio: round(visibleEventsPerSec / f.echoEventsPerSec, 4),
      store,
      ...(database ? {} : { sqliteWriter: writer ?? 'thread' }),
      env: finishEnvironment(env),
    });
  } finally {
    await hub.close();
    await database?.drop();
  }
});
