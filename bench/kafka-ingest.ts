// Distributed-mode gateway ingest (the five gateways publishing to Kafka, acks=all, one
// transaction per coalesced batch) vs. the bare express echo, and vs. what bare kafkajs
// transactional producers (as many as requests in flight) take of the same events: the Kafka
// platform's own rate here.
// `npm run bench:kafka-ingest -- --events 200000 --batch 1000 --concurrency 4 --rounds 4`
// Uses KAFKA_BROKERS when set, else starts (and stops) a local broker.
import { loadSchemaRegistry } from '../services/kernel/avro/registry';
import { createKafkaClient } from '../services/kernel/bus/kafkaClient';
import { silentLogger } from '../services/kernel/logger';
import { intOptions } from './support/args';
import { runPrefix } from './support/bodies';
import { startBenchHub } from './support/hub';
import { compareIngest, ingestResultFields, prepareRequests, printIngestTable } from './support/ingestRun';
import { ensureBroker } from './support/kafka';
import { busMessagesOf, produceRaw } from './support/rawProducer';
import { environment, finishEnvironment, note, perSecond, printResult, printTable, round, runMain } from './support/report';

runMain(async () => {
  const options = intOptions({ events: 200_000, batch: 1000, concurrency: 4, rounds: 4 });
  const env = environment();
  note(`bench:kafka-ingest ${JSON.stringify(options)} on ${env.cores} cores, load ${env.loadAverageStart}`);
  const broker = await ensureBroker();
  try {
    const hub = await startBenchHub({ HUB_SERVICES: 'police,fire,health,transport,safety', KAFKA_BROKERS: broker.brokers.join(',') });
    let f;
    try {
      f = await compareIngest(hub.baseUrl, { events: options.events, batch: options.batch, concurrency: options.concurrency, rounds: options.rounds });
    } finally {
      await hub.close();
    }
    // The hub is closed first: the bare producer has the machine to itself, as the echo had.
    note(`bare kafkajs transactional producers (${options.concurrency} at once), the same events pre-encoded...`);
    const registry = loadSchemaRegistry();
    const prefix = runPrefix('BKR');
    const requestCount = Math.ceil(options.events / options.batch);
    const timed = busMessagesOf(registry, prepareRequests(requestCount, options.batch, prefix, 3));
    const warmup = busMessagesOf(registry, prepareRequests(options.concurrency, options.batch, `${prefix}W`, 4));
    const kafka = createKafkaClient({ brokers: broker.brokers, clientId: `bench-raw-${process.pid}`, logger: silentLogger });
    const rawMs = await produceRaw(kafka, warmup, timed, options.concurrency);
    const rawEvents = timed.reduce((n, batch) => n + batch.length, 0);
    const rawEventsPerSec = perSecond(rawEvents, rawMs);
    note(`  ${rawEvents} events in ${round(rawMs)} ms`);

    printIngestTable('hub, Kafka mode (gateways -> Kafka)', f);
    printTable(
      ['Kafka platform reference', 'events', 'seconds', 'events/s', 'hub / this'],
      [[`${options.concurrency} bare kafkajs transactional producers, 1 transaction per request`, rawEvents, round(rawMs / 1000, 2), Math.round(rawEventsPerSec), round(f.hubEventsPerSec / rawEventsPerSec, 3)]],
    );
    printResult({
      bench: 'kafka-ingest',
      mode: 'kafka',
      brokerStartedByBench: broker.owned,
      ...ingestResultFields(f, options),
      rawProducerEventsPerSec: Math.round(rawEventsPerSec),
      hubVsRawProducer: round(f.hubEventsPerSec / rawEventsPerSec, 4),
      env: finishEnvironment(env),
    });
  } finally {
    await broker.stop();
  }
});
