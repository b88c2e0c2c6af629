// Accept-to-visible latency of single events at a modest rate, embedded and Kafka mode, with
// a bare express echo round trip of the same requests at the same rate as the ceiling. With
// `--load N` the hub also takes N events/s of 1000-event batches meanwhile (half of what
// bench:ingest measured is the setting); visibility is measured in the read model and in
// the committee API's answer.
// `npm run bench:latency -- --events 500 --rate 20 --load 0 --modes embedded,kafka`
// Kafka mode uses KAFKA_BROKERS when set, else starts (and stops) a local broker.
import { intOptions } from './support/args';
import { runPrefix } from './support/bodies';
import { createEchoApp } from './support/echo';
import { keepAliveAgent, listen, post, type PreparedRequest } from './support/http';
import { watchCommitteeHazards } from './support/committeeView';
import { prepareRequests } from './support/ingestRun';
import { startBenchHub, type BenchHub } from './support/hub';
import { ensureBroker, type Broker } from './support/kafka';
import { measureLatency, PROBE_COMMUNITY, singleEventRequests, type LatencyFigures } from './support/latencyRun';
import { environment, finishEnvironment, note, printResult, printTable, round, runMain } from './support/report';
import type { Summary } from './support/stats';

type Mode = 'embedded' | 'kafka';

interface ModeResult {
  ceiling: LatencyFigures;
  hub: LatencyFigures;
  /** Background batches' achieved rate (events/s), and API polls made for the probes. */
  loadEventsPerSec: number;
  committeePolls: number;
}

const LOAD_BATCH = 1000;

/**
 * Sends the prepared 1000-event batches open-loop at `eventsPerSec` until `stop` resolves or
 * they run out; every answer must be 202. Returns the achieved rate.
 */
async function backgroundLoad(baseUrl: string, eventsPerSec: number, batches: PreparedRequest[], stop: Promise<void>): Promise<number> {
  if (eventsPerSec <= 0 || batches.length === 0) return 0;
  const batch = LOAD_BATCH;
  const agent = keepAliveAgent(16);
  let stopped = false;
  void stop.then(() => (stopped = true));
  const sent: Array<Promise<void>> = [];
  const started = performance.now();
  try {
    for (let i = 0; !stopped && i < batches.length; i++) {
      const wait = started + (i * batch * 1000) / eventsPerSec - performance.now();
      if (wait > 0) await Promise.race([new Promise((r) => setTimeout(r, wait)), stop]);
      if (stopped) break;
      const request = batches[i]!;
      sent.push(
        post(agent, baseUrl, request).then((res) => {
          if (res.status !== 202) throw new Error(`background batch answered ${res.status}: ${res.body.slice(0, 300)}`);
        }),
      );
    }
    await Promise.all(sent);
    return (sent.length * batch * 1000) / (performance.now() - started);
  } finally {
    agent.destroy();
  }
}

async function runMode(mode: Mode, options: { events: number; rate: number; warmup: number; load: number }, broker: Broker | null): Promise<ModeResult> {
  const prefix = runPrefix(`BL${mode === 'kafka' ? 'K' : 'E'}`);
  const agent = keepAliveAgent(64);
  const echo = await listen(createEchoApp());
  let hub: BenchHub | undefined;
  try {
    note(`${mode}: ceiling, bare echo round trips...`);
    await measureLatency(agent, echo.baseUrl, singleEventRequests(options.warmup, `${prefix}EW`, 3), options.rate, null, { warmup: true });
    const ceiling = await measureLatency(agent, echo.baseUrl, singleEventRequests(options.events, `${prefix}E`, 4), options.rate, null);
    hub = await startBenchHub(mode === 'kafka' ? { KAFKA_BROKERS: broker!.brokers.join(',') } : {});
    note(`${mode}: hub warm-up (${options.warmup} events)...`);
    await measureLatency(agent, hub.baseUrl, singleEventRequests(options.warmup, `${prefix}W`, 5), options.rate, hub.hub, { warmup: true });
    note(`${mode}: measuring ${options.events} events at ${options.rate}/s, with ${options.load} events/s of batches besides...`);
    const view = watchCommitteeHazards(agent, hub.baseUrl, PROBE_COMMUNITY);
    let stopLoad: () => void = () => {};
    const loadStopped = new Promise<void>((resolve) => (stopLoad = resolve));
    // Prepared before timing starts (the bodies are built in this process, beside the hub).
    const loadBatches = options.load > 0 ? prepareRequests(Math.ceil(((options.events / options.rate + 5) * options.load) / LOAD_BATCH), LOAD_BATCH, `${prefix}L`, 7) : [];
    const load = backgroundLoad(hub.baseUrl, options.load, loadBatches, loadStopped);
    let measured: LatencyFigures;
    try {
      measured = await measureLatency(agent, hub.baseUrl, singleEventRequests(options.events, `${prefix}M`, 6), options.rate, hub.hub, { view });
    } finally {
      stopLoad();
    }
    const loadEventsPerSec = await load;
    return { ceiling, hub: measured, loadEventsPerSec, committeePolls: view.polls() };
  } finally {
    agent.destroy();
    await hub?.close();
    await echo.close();
  }
}

const ms = (s: Summary) => ({ p50Ms: round(s.p50, 2), p90Ms: round(s.p90, 2), p99Ms: round(s.p99, 2), maxMs: round(s.max, 2), meanMs: round(s.mean, 2) });
const row = (label: string, s: Summary) => [label, s.count, round(s.p50, 1), round(s.p90, 1), round(s.p99, 1), round(s.max, 1)];

runMain(async () => {
  const parsed = intOptions({ events: 500, rate: 20, warmup: 20 }, { modes: 'embedded,kafka', load: '0' });
  const load = Number(parsed.strings.load);
  if (!Number.isFinite(load) || load < 0) throw new Error(`--load must be a number of events/s >= 0, got ${parsed.strings.load}`);
  const options = Object.assign(parsed, { load });
  const modes = options.strings.modes!.split(',').map((m) => m.trim()) as Mode[];
  for (const m of modes) if (m !== 'embedded' && m !== 'kafka') throw new Error(`--modes: embedded and/or kafka, got ${m}`);
  const env = environment();
  note(`bench:latency ${JSON.stringify({ ...options, modes })} on ${env.cores} cores, load ${env.loadAverageStart}`);
  const broker = modes.includes('kafka') ? await ensureBroker() : null;
  const results: Partial<Record<Mode, ModeResult>> = {};
  try {
    for (const mode of modes) results[mode] = await runMode(mode, options, broker);
  } finally {
    await broker?.stop();
  }

  const rows: Array<Array<string | number>> = [];
  const json: Record<string, unknown> = {};
  for (const mode of modes) {
    const r = results[mode]!;
    rows.push(row(`${mode}: bare echo round trip (ceiling)`, r.ceiling.accept));
    rows.push(row(`${mode}: hub send -> 202`, r.hub.accept));
    rows.push(row(`${mode}: hub send -> visible in read model`, r.hub.visible!));
    rows.push(row(`${mode}: hub send -> in the committee API's answer`, r.hub.committee!));
    json[mode] = {
      sendRate: round(r.hub.sendRate, 2),
      ceiling: ms(r.ceiling.accept),
      accept: ms(r.hub.accept),
      visible: ms(r.hub.visible!),
      committee: ms(r.hub.committee!),
      loadEventsPerSec: Math.round(r.loadEventsPerSec),
      committeePolls: r.committeePolls,
      visibleP50VsCeilingP50: round(r.hub.visible!.p50 / r.ceiling.accept.p50, 2),
      visibleP99VsCeilingP99: round(r.hub.visible!.p99 / r.ceiling.accept.p99, 2),
      committeeP99VsCeilingP99: round(r.hub.committee!.p99 / r.ceiling.accept.p99, 2),
    };
  }
  printTable(['latency, ms', 'events', 'p50', 'p90', 'p99', 'max'], rows);
  printResult({
    bench: 'latency',
    events: options.events,
    eventsPerSec: options.rate,
    brokerStartedByBench: broker?.owned ?? null,
    ...json,
    env: finishEnvironment(env),
  });
});
