// Accept-to-visible latency: single events sent open-loop at a fixed rate (each at its
// scheduled time, whether or not earlier ones are done), each timed from just before its
// request until (a) the 202 and (b) the event is in the read model: the recorder put it in the
// store (polled every millisecond by its record stream) and the projector's checkpoint reached
// its position (projector.waitFor, woken by the projector itself), and (c) the committee API
// lists it (committeeView.ts). The probes are hazards the work-safety bureau reports in one
// community of their own, so that the committee's hazard list of that community shows them.
import type http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Hub } from '../../services/hub/compose';
import { recordStream } from '../../services/kernel/bus/eventBus';
import { hazard, prng } from './bodies';
import type { CommitteeView } from './committeeView';
import { post, postRetryingUnavailable, type PreparedRequest } from './http';
import { BENCH_TOKENS } from './hub';
import { summarise, type Summary } from './stats';

export interface LatencySample {
  acceptMs: number;
  visibleMs: number | null;
  committeeMs: number | null;
}

/** The probes' community. Other benchmark events are crashes and injury cases, not hazards. */
export const PROBE_COMMUNITY = '610902001';

export interface LatencyFigures {
  accept: Summary;
  visible: Summary | null;
  /** Until the committee API's hazard list showed it. */
  committee: Summary | null;
  /** Achieved send rate (events/s). */
  sendRate: number;
}

interface Single extends PreparedRequest {
  agency: 'safety';
  sourceRecordId: string;
}

export function singleEventRequests(count: number, prefix: string, seed: number): Single[] {
  const rnd = prng(seed);
  return Array.from({ length: count }, (_, i) => {
    const sourceRecordId = `${prefix}-${i}`;
    const body = hazard(rnd, sourceRecordId, PROBE_COMMUNITY);
    return { agency: 'safety', sourceRecordId, path: '/agencies/safety/v1/events', token: BENCH_TOKENS.safety, body: Buffer.from(JSON.stringify(body)), events: 1 };
  });
}

/** Resolves once the event is in the hub's read model. */
export async function waitVisible(hub: Hub, agency: string, sourceRecordId: string, timeoutMs = 60_000): Promise<void> {
  const store = hub.store!;
  const projector = hub.projector!;
  const stream = recordStream(agency, sourceRecordId);
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const stored = await store.readStream(stream);
    const last = stored[stored.length - 1];
    if (last) return projector.waitFor(last.position, Math.max(1, deadline - performance.now()));
    if (performance.now() > deadline) throw new Error(`${stream} did not reach the store within ${timeoutMs} ms`);
    await sleep(1);
  }
}

export async function measureLatency(
  agent: http.Agent,
  baseUrl: string,
  requests: readonly Single[],
  rate: number,
  hub: Hub | null,
  options: { warmup?: boolean; view?: CommitteeView } = {},
): Promise<LatencyFigures> {
  const samples: Array<Promise<LatencySample>> = [];
  const started = performance.now();
  for (let i = 0; i < requests.length; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const request = requests[i]!;
    samples.push(
      (async () => {
        const t0 = performance.now();
        const res = options.warmup ? await postRetryingUnavailable(agent, baseUrl, request) : await post(agent, baseUrl, request);
        if (res.status !== 202) throw new Error(`${request.path} answered ${res.status}: ${res.body.slice(0, 300)}`);
        const acceptMs = performance.now() - t0;
        if (!hub) return { acceptMs, visibleMs: null, committeeMs: null };
        const listed = options.view?.whenListed(request.sourceRecordId);
        await waitVisible(hub, request.agency, request.sourceRecordId);
        const visibleMs = performance.now() - t0;
        return { acceptMs, visibleMs, committeeMs: listed ? (await listed) - t0 : null };
      })(),
    );
  }
  const sendMs = performance.now() - started;
  const done = await Promise.all(samples);
  const visible = done.flatMap((s) => (s.visibleMs === null ? [] : [s.visibleMs]));
  const committee = done.flatMap((s) => (s.committeeMs === null ? [] : [s.committeeMs]));
  return {
    accept: summarise(done.map((s) => s.acceptMs)),
    visible: visible.length > 0 ? summarise(visible) : null,
    committee: committee.length > 0 ? summarise(committee) : null,
    sendRate: requests.length > 1 ? ((requests.length - 1) * 1000) / sendMs : rate,
  };
}
