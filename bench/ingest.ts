// Embedded-mode gateway ingest vs. a bare express echo (the ceiling: HTTP + JSON parse without
// the hub's work). `npm run bench:ingest -- --events 200000 --batch 1000 --concurrency 4 --rounds 4`
// `--store postgres`: the same hub on the PostgreSQL event store (a fresh database, dropped after).
import { intOptions } from './support/args';
import { createTestDatabase } from '../test/support/postgres';
import { startBenchHub } from './support/hub';
import { compareIngest, ingestResultFields, printIngestTable } from './support/ingestRun';
import { environment, finishEnvironment, note, printResult, runMain } from './support/report';

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
    printIngestTable(`hub, embedded (whole hub: gateways, recorder, projector)${database ? ', PostgreSQL store' : ''}`, f);
    printResult({
      bench: 'ingest',
      mode: 'embedded',
      ...ingestResultFields(f, options),
      projectorCatchUpMs,
      store,
      ...(database ? {} : { sqliteWriter: writer ?? 'thread' }),
      env: finishEnvironment(env),
    });
  } finally {
    await hub.close();
    await database?.drop();
  }
});
