// Embedded-mode gateway ingest vs. a bare express echo (the ceiling: HTTP + JSON parse without
// the hub's work). `npm run bench:ingest -- --events 200000 --batch 1000 --concurrency 4 --rounds 4`
import { intOptions } from './support/args';
import { startBenchHub } from './support/hub';
import { compareIngest, ingestResultFields, printIngestTable } from './support/ingestRun';
import { environment, finishEnvironment, note, printResult, runMain } from './support/report';

runMain(async () => {
  const options = intOptions({ events: 200_000, batch: 1000, concurrency: 4, rounds: 4 });
  const env = environment();
  note(`bench:ingest (embedded) ${JSON.stringify(options)} on ${env.cores} cores, load ${env.loadAverageStart}`);
  const hub = await startBenchHub({ HUB_SERVICES: 'police,fire,health,transport,safety,recorder,projector' });
  try {
    const f = await compareIngest(hub.baseUrl, { events: options.events, batch: options.batch, concurrency: options.concurrency, rounds: options.rounds });
    const stored = Number((await hub.hub.store!.headPosition()) ?? 0n);
    note(`events in the hub's store: ${stored}`);
    printIngestTable('hub, embedded (whole hub: gateways, recorder, projector)', f);
    printResult({
      bench: 'ingest',
      mode: 'embedded',
      ...ingestResultFields(f, options),
      env: finishEnvironment(env),
    });
  } finally {
    await hub.close();
  }
});
