// Gateway ingest against its ceiling, shared by bench/ingest.ts (embedded) and
// bench/kafka-ingest.ts (Kafka): the same pre-serialised 1000-event requests go to the real hub
// and to the bare express echo, with the same concurrency over keep-alive connections. The
// work is cut into rounds that alternate echo and hub, so a change of machine load during the
// run weighs on both alike.
import { createEchoApp } from './echo';
import { injuryCase, prng, runPrefix, trafficCrash } from './bodies';
import { keepAliveAgent, listen, sendAll, type PreparedRequest } from './http';
import { note, perSecond, printTable, round } from './report';
import { BENCH_TOKENS } from './hub';

export interface IngestOptions {
  events: number;
  batch: number;
  concurrency: number;
  rounds: number;
}

export interface IngestFigures {
  events: number;
  hubMs: number;
  echoMs: number;
  hubEventsPerSec: number;
  echoEventsPerSec: number;
  ratio: number;
  requestBytesAvg: number;
  /**
   * CPU time of the whole process (every thread, the benchmark's client included) per 1000
   * events, while the echo and while the hub were timed. Less sensitive to other load on the
   * machine than the rates: it says how much work the hub does, not how fast it got a core.
   */
  echoCpuMsPer1000: number;
  hubCpuMsPer1000: number;
  perRound: Array<{ hubEventsPerSec: number; echoEventsPerSec: number }>;
}

/** Alternately a police request of TrafficCrashReported and a health request of InjuryCaseReported. */
export function prepareRequests(count: number, batch: number, prefix: string, seed: number): PreparedRequest[] {
  const rnd = prng(seed);
  const requests: PreparedRequest[] = [];
  let n = 0;
  for (let r = 0; r < count; r++) {
    const police = r % 2 === 0;
    const events = Array.from({ length: batch }, () => {
      const id = `${prefix}-${n++}`;
      return police ? trafficCrash(rnd, id) : injuryCase(rnd, id);
    });
    requests.push({
      path: `/agencies/${police ? 'police' : 'health'}/v1/events`,
      token: police ? BENCH_TOKENS.police : BENCH_TOKENS.health,
      body: Buffer.from(JSON.stringify({ events })),
      events: batch,
    });
  }
  return requests;
}

export async function compareIngest(hubBaseUrl: string, options: IngestOptions): Promise<IngestFigures> {
  const requestCount = Math.max(options.rounds, Math.ceil(options.events / options.batch));
  const prefix = runPrefix('BI');
  note(`preparing ${requestCount} requests of ${options.batch} events...`);
  const requests = prepareRequests(requestCount, options.batch, prefix, 1);
  const warmup = prepareRequests(Math.max(4, options.concurrency * 2), options.batch, `${prefix}W`, 2);
  const events = requests.reduce((n, r) => n + r.events, 0);
  const requestBytesAvg = Math.round(requests.reduce((n, r) => n + r.body.length, 0) / requests.length);

  const echo = await listen(createEchoApp());
  const agent = keepAliveAgent(options.concurrency);
  try {
    note('warming up (echo and hub)...');
    await sendAll(echo.baseUrl, warmup, options.concurrency, agent, { warmup: true });
    await sendAll(hubBaseUrl, warmup, options.concurrency, agent, { warmup: true });

    let hubMs = 0;
    let echoMs = 0;
    let hubCpuUs = 0;
    let echoCpuUs = 0;
    const cpu = (since: NodeJS.CpuUsage) => {
      const d = process.cpuUsage(since);
      return d.user + d.system;
    };
    const perRound: IngestFigures['perRound'] = [];
    const per = Math.ceil(requests.length / options.rounds);
    for (let round = 0; round < options.rounds; round++) {
      const slice = requests.slice(round * per, (round + 1) * per);
      if (slice.length === 0) break;
      const sliceEvents = slice.reduce((n, r) => n + r.events, 0);
      let since = process.cpuUsage();
      const e = await sendAll(echo.baseUrl, slice, options.concurrency, agent);
      echoCpuUs += cpu(since);
      since = process.cpuUsage();
      const h = await sendAll(hubBaseUrl, slice, options.concurrency, agent);
      hubCpuUs += cpu(since);
      echoMs += e;
      hubMs += h;
      perRound.push({ echoEventsPerSec: Math.round(perSecond(sliceEvents, e)), hubEventsPerSec: Math.round(perSecond(sliceEvents, h)) });
      note(`round ${round + 1}/${options.rounds}: echo ${perRound.at(-1)!.echoEventsPerSec} events/s, hub ${perRound.at(-1)!.hubEventsPerSec} events/s`);
    }
    const hubEventsPerSec = perSecond(events, hubMs);
    const echoEventsPerSec = perSecond(events, echoMs);
    return {
      events,
      hubMs,
      echoMs,
      hubEventsPerSec,
      echoEventsPerSec,
      ratio: hubEventsPerSec / echoEventsPerSec,
      requestBytesAvg,
      echoCpuMsPer1000: round(echoCpuUs / events, 1),
      hubCpuMsPer1000: round(hubCpuUs / events, 1),
      perRound,
    };
  } finally {
    agent.destroy();
    await echo.close();
  }
}

export function printIngestTable(label: string, f: IngestFigures): void {
  printTable(
    ['target', 'events', 'seconds', 'events/s', 'ratio', 'CPU ms/1000 events'],
    [
      ['bare express echo (ceiling)', f.events, round(f.echoMs / 1000, 2), Math.round(f.echoEventsPerSec), 1, f.echoCpuMsPer1000],
      [label, f.events, round(f.hubMs / 1000, 2), Math.round(f.hubEventsPerSec), round(f.ratio, 3), f.hubCpuMsPer1000],
    ],
  );
}

/** The machine-readable fields both ingest benchmarks report about a comparison. */
export function ingestResultFields(f: IngestFigures, options: IngestOptions) {
  return {
    events: f.events,
    batch: options.batch,
    concurrency: options.concurrency,
    rounds: options.rounds,
    eventsPerSec: Math.round(f.hubEventsPerSec),
    ceilingEventsPerSec: Math.round(f.echoEventsPerSec),
    ratio: round(f.ratio, 4),
    requestBytesAvg: f.requestBytesAvg,
    echoCpuMsPer1000: f.echoCpuMsPer1000,
    hubCpuMsPer1000: f.hubCpuMsPer1000,
    perRound: f.perRound,
  };
}
