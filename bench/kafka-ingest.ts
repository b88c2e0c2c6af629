// Distributed-mode gateway ingest (the five gateways publishing to Kafka, acks=all, one
// transaction per coalesced batch) vs. the bare express echo.
// `npm run bench:kafka-ingest -- --events 200000 --batch 1000 --concurrency 4 --rounds 4`
// Uses KAFKA_BROKERS when set, else starts (and stops) a local broker.
import { intOptions } from './support/args';
import { startBenchHub } from './support/hub';
import { compareIngest, ingestResultFields, printIngestTable } from './support/ingestRun';
import { ensureBroker } from './support/kafka';
import { environment, finishEnvironment, note, printResult, runMain } from './support/report';

runMain(async () => {
  const options = intOptions({ events: 200_000, batch: 1000, concurrency: 4, rounds: 4 });
  const env = environment();
  note(`bench:kafka-ingest ${JSON.stringify(options)} on ${env.cores} cores, load ${env.loadAverageStart}`);
  const broker = await ensureBroker();
  try {
    const hub = await startBenchHub({ HUB_SERVICES: 'police,fire,health,transport,safety', KAFKA_BROKERS: broker.brokers.join(',') });
    try {
      const f = await compareIngest(hub.baseUrl, { events: options.events, batch: options.batch, concurrency: options.concurrency, rounds: options.rounds });
      printIngestTable('hub, Kafka mode (gateways -> Kafka)', f);
      printResult({
        bench: 'kafka-ingest',
        mode: 'kafka',
        brokerStartedByBench: broker.owned,
        ...ingestResultFields(f, options),
        env: finishEnvironment(env),
      });
    } finally {
      await hub.close();
    }
  } finally {
    await broker.stop();
  }
});
