// Distributed-mode recorder (Kafka consumer → decode, validate, revision rules → SQLite store)
// vs. a raw kafkajs consumer of the same topic doing nothing but resolveOffset (the ceiling).
// `npm run bench:recorder -- --events 200000`. Uses KAFKA_BROKERS when set, else starts (and
// stops) a local broker.
import { loadSchemaRegistry } from '../services/kernel/avro/registry';
import { createKafkaClient } from '../services/kernel/bus/kafkaClient';
import { measureConsumerLag, withCoordinatorRetry } from '../services/recorder/kafka/consumerLag';
import { agencyTopic, agencyTopics, ensureTopics, hubTopics } from '../services/kernel/bus/kafkaTopics';
import { parseConfig } from '../services/kernel/config';
import { silentLogger } from '../services/kernel/logger';
import { RECORDER_GROUP } from '../services/hub/kafkaMode';
import { intOptions } from './support/args';
import { prng, runPrefix, trafficCrash } from './support/bodies';
import { consumeAll, type ConsumeResult } from './support/ceilingConsumer';
import { startBenchHub } from './support/hub';
import { ensureBroker } from './support/kafka';
import { outgoingEvent, produceEvents } from './support/produce';
import { environment, finishEnvironment, note, perSecond, printResult, printTable, round, runMain } from './support/report';

const TOPIC = agencyTopic('police');

interface RecorderRun {
  ms: number;
  firstEventMs: number;
}

/** startHub(HUB_SERVICES=recorder) with a fresh SQLite store, timed until the store holds `expected` events. */
async function runRecorder(brokers: string[], expected: number): Promise<RecorderRun> {
  const started = performance.now();
  const hub = await startBenchHub({ HUB_SERVICES: 'recorder', KAFKA_BROKERS: brokers.join(',') });
  try {
    const store = hub.hub.store!;
    let firstAt = 0;
    let last = 0;
    let lastProgressAt = performance.now();
    for (;;) {
      const head = Number((await store.headPosition()) ?? 0n);
      const now = performance.now();
      if (head > 0 && firstAt === 0) firstAt = now;
      if (head >= expected) return { ms: now - started, firstEventMs: firstAt - started };
      if (head > last) {
        last = head;
        lastProgressAt = now;
      } else if (now - lastProgressAt > 60_000) {
        const metrics = await hub.hub.metrics.registry.getMetricsAsJSON();
        const dead = metrics.find((m) => m.name === 'hub_events_deadlettered_total');
        throw new Error(`the recorder stalled at ${head} of ${expected} events; dead letters: ${JSON.stringify(dead?.values ?? [])}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await hub.close();
  }
}

runMain(async () => {
  const options = intOptions({ events: 200_000 });
  const events = options.events;
  const env = environment();
  note(`bench:recorder ${JSON.stringify(options)} on ${env.cores} cores, load ${env.loadAverageStart}`);
  const broker = await ensureBroker();
  try {
    const kafka = createKafkaClient({ brokers: broker.brokers, clientId: 'hub-bench-recorder', logger: silentLogger });
    const admin = kafka.admin();
    await admin.connect();
    const startOffsets = new Map<number, number>();
    try {
      await ensureTopics(admin, hubTopics(), parseConfig({}).KAFKA_PARTITIONS);
      // A broker that just started may not coordinate the group yet: ask again briefly, as the hub does.
      const backlog = (await withCoordinatorRetry(() => measureConsumerLag(admin, RECORDER_GROUP, agencyTopics()))).reduce((n, l) => n + l.lag, 0);
      if (backlog > 0) {
        throw new Error(`the recorder group ${RECORDER_GROUP} has ${backlog} messages to consume on this broker already; use a fresh broker (unset KAFKA_BROKERS)`);
      }
      for (const o of await admin.fetchTopicOffsets(TOPIC)) startOffsets.set(o.partition, Number(o.high));
    } finally {
      await admin.disconnect();
    }

    const registry = loadSchemaRegistry();
    const rnd = prng(7);
    const prefix = runPrefix('BR');
    const receivedAt = new Date().toISOString();
    note(`producing ${events} events to ${TOPIC}...`);
    const produceMs = await produceEvents(kafka, events, (i) => outgoingEvent(registry, 'police', trafficCrash(rnd, `${prefix}-${i}`), receivedAt));
    note(`produced in ${round(produceMs)} ms (${Math.round(perSecond(events, produceMs))} events/s)`);

    note('ceiling: raw kafkajs consumer...');
    const before: ConsumeResult = await consumeAll(kafka, TOPIC, events, startOffsets);
    note(`  ${before.messages} messages in ${round(before.ms)} ms`);
    note('recorder (startHub HUB_SERVICES=recorder, fresh SQLite store)...');
    const recorder = await runRecorder(broker.brokers, events);
    note(`  ${events} events recorded in ${round(recorder.ms)} ms`);
    note('ceiling again...');
    const after: ConsumeResult = await consumeAll(kafka, TOPIC, events, startOffsets);
    note(`  ${after.messages} messages in ${round(after.ms)} ms`);

    const ceilingMs = (before.ms + after.ms) / 2;
    const ceiling = perSecond(events, ceilingMs);
    const rate = perSecond(events, recorder.ms);
    // Excluding start-up and the group join: from the first message / recorded event.
    const ceilingSteady = perSecond(events, (before.ms - before.firstMessageMs + after.ms - after.firstMessageMs) / 2);
    const rateSteady = perSecond(events, recorder.ms - recorder.firstEventMs);
    printTable(
      ['consumer', 'events', 'seconds', 'events/s', 'from first msg, events/s', 'ratio'],
      [
        ['raw kafkajs eachBatch (ceiling, before)', events, round(before.ms / 1000, 2), Math.round(perSecond(events, before.ms)), Math.round(perSecond(events, before.ms - before.firstMessageMs)), ''],
        ['raw kafkajs eachBatch (ceiling, after)', events, round(after.ms / 1000, 2), Math.round(perSecond(events, after.ms)), Math.round(perSecond(events, after.ms - after.firstMessageMs)), ''],
        ['ceiling (mean of the two)', events, round(ceilingMs / 1000, 2), Math.round(ceiling), Math.round(ceilingSteady), 1],
        ['hub recorder -> SQLite store', events, round(recorder.ms / 1000, 2), Math.round(rate), Math.round(rateSteady), round(rate / ceiling, 4)],
      ],
    );
    printResult({
      bench: 'recorder',
      brokerStartedByBench: broker.owned,
      events,
      partitions: startOffsets.size,
      eventsPerSec: Math.round(rate),
      ceilingEventsPerSec: Math.round(ceiling),
      ratio: round(rate / ceiling, 4),
      fromFirstMessage: { eventsPerSec: Math.round(rateSteady), ceilingEventsPerSec: Math.round(ceilingSteady), ratio: round(rateSteady / ceilingSteady, 4) },
      ceilingRunsMs: [round(before.ms), round(after.ms)],
      recorderMs: round(recorder.ms),
      produceEventsPerSec: Math.round(perSecond(events, produceMs)),
      env: finishEnvironment(env),
    });
  } finally {
    await broker.stop();
  }
});
