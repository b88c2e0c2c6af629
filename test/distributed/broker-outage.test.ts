// Fault: the broker stops during ingest. A broker of this test's own (scripts/kafka-start.sh
// on its own data dir and port; the run's shared broker is left alone) is stopped while a
// bureau keeps posting to the gateways, then started again on the same data dir and port.
// While it is down the gateways answer 503 with Retry-After, never 202, and both processes'
// /readyz say Kafka is unavailable; once it is back every accepted event is counted, and the
// requests refused meanwhile, sent again as Retry-After asks, are counted once.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../kafka/closedPort';
import { testKafka } from '../kafka/support';
import { waitUntilReady } from '../support/hubProcess';
import { getJson, metricSum, postEvents, readyz, recorderLag, startSplitHub, uniqueKafkaNames, waitUntil, type AgencyName, type SplitHub } from './support';

const exec = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const kafkaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-dist-broker-'));
let kafkaEnv: Record<string, string>;
let brokers = '';
const names = uniqueKafkaNames('outage');
const E = '610902122';
const runId = randomUUID().slice(0, 6);
let split: SplitHub | undefined;

const script = (name: 'kafka-start.sh' | 'kafka-stop.sh') =>
  exec('bash', [path.join(root, 'scripts', name)], { cwd: root, env: { ...process.env, ...kafkaEnv }, timeout: 240_000 });

beforeAll(async () => {
  kafkaEnv = { KAFKA_DATA_DIR: kafkaDir, KAFKA_PORT: String(await closedPort()), KAFKA_CONTROLLER_PORT: String(await closedPort()) };
  const { stdout } = await script('kafka-start.sh');
  brokers = /^KAFKA_BROKERS=(\S+)$/m.exec(stdout)![1]!;
  split = await startSplitHub(brokers, names);
}, 240_000);

afterAll(async () => {
  if (split) await Promise.all([split.gateways.stop('SIGKILL'), split.recorder.stop('SIGKILL')]);
  await script('kafka-stop.sh').catch(() => {});
  for (const dir of [split?.gatewaysDir, split?.recorderDir, kafkaDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Attempt {
  request: number;
  agency: AgencyName;
  events: Array<Record<string, unknown>>;
  status: number;
  retryAfter: string | null;
  startedAt: number;
  endedAt: number;
}

/** Request `n`: 10 events of one bureau (health and police in turn), each a new record. */
function request(n: number): { agency: AgencyName; events: Array<Record<string, unknown>> } {
  const occurredAt = `2025-${String((n % 12) + 1).padStart(2, '0')}-10T10:00:00+08:00`;
  if (n % 2 === 0) {
    return {
      agency: 'health',
      events: Array.from({ length: 10 }, (_, i) => ({
        type: 'InjuryCaseReported', sourceRecordId: `IN-${runId}-${n}-${i}`, communityCode: E, occurredAt, sex: 'MALE', ageYears: 40,
        cause: 'FALL', place: 'HOME', activity: 'OTHER', intent: 'UNINTENTIONAL', severity: 'MILD', outcome: 'DISCHARGED',
      })),
    };
  }
  return {
    agency: 'police',
    events: Array.from({ length: 10 }, (_, i) => ({
      type: 'TrafficCrashReported', sourceRecordId: `TC-${runId}-${n}-${i}`, communityCode: E, occurredAt, deaths: 0, injuries: 1, vehicles: 1, roadType: 'RURAL_ROAD', cause: 'UNKNOWN',
    })),
  };
}

describe('the broker stopped during ingest', () => {
  it('refuses with 503 + Retry-After while it is down, never 202, and counts every accepted event once it is back', { timeout: 300_000 }, async () => {
    const s = split!;
    const attempts: Attempt[] = [];
    let stop = false;
    const poster = (async () => {
      for (let n = 0; !stop; n++) {
        const { agency, events } = request(n);
        const startedAt = Date.now();
        const res = await postEvents(s.gateways.baseUrl, agency, events);
        attempts.push({ request: n, agency, events, status: res.status, retryAfter: res.retryAfter, startedAt, endedAt: Date.now() });
        await new Promise((r) => setTimeout(r, 100)); // a bureau's pace, not a wait for a result
      }
    })();
    const accepted = () => attempts.filter((a) => a.status === 202).length;

    await waitUntil('ingest under way', async () => accepted(), (n) => n >= 5, { timeoutMs: 60_000, intervalMs: 100 });
    await script('kafka-stop.sh');
    const downFrom = Date.now();

    // Down: requests refused with 503 + Retry-After; both processes not ready, naming Kafka.
    await waitUntil('refusals while down', async () => attempts.filter((a) => a.startedAt >= downFrom).length, (n) => n >= 3, { timeoutMs: 90_000, intervalMs: 100 });
    for (const p of [s.gateways, s.recorder]) {
      const r = await waitUntil('not ready while down', () => readyz(p.baseUrl), (r) => r.status === 503, { timeoutMs: 30_000 });
      expect(r.body.reasons.join(' ')).toMatch(/^kafka: /);
    }
    const downUntil = Date.now();
    await script('kafka-start.sh');

    // Back: ready again and accepting again.
    await Promise.all([waitUntilReady(s.gateways.baseUrl, 90_000), waitUntilReady(s.recorder.baseUrl, 90_000)]);
    const backAt = Date.now();
    await waitUntil('accepting again', async () => attempts.filter((a) => a.startedAt >= backAt && a.status === 202).length, (n) => n >= 3, { timeoutMs: 60_000, intervalMs: 100 });
    stop = true;
    await poster;

    const whileDown = attempts.filter((a) => a.startedAt >= downFrom && a.endedAt <= downUntil);
    expect(whileDown.length).toBeGreaterThanOrEqual(3);
    for (const a of whileDown) expect({ status: a.status, retryAfter: a.retryAfter }).toEqual({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
    for (const a of attempts) expect([202, 503]).toContain(a.status);
    for (const a of attempts.filter((x) => x.status === 503)) expect(a.retryAfter).toMatch(/^\d+$/);

    // What the bureau does with a 503: send the same request again later. Counted once.
    const refused = attempts.filter((a) => a.status !== 202);
    for (const a of refused) {
      const again = await postEvents(s.gateways.baseUrl, a.agency, a.events);
      expect(again.status, again.text).toBe(202);
    }

    // Every request got a 202 in the end: every one of its events counts, exactly once.
    const kafka = testKafka([brokers]);
    await waitUntil('recorder group caught up', () => recorderLag(kafka, names), (lag) => lag === 0, { timeoutMs: 90_000, intervalMs: 500 });
    await waitUntilReady(s.recorder.baseUrl, 60_000);
    const requests = attempts.length;
    const health = Math.ceil(requests / 2);
    const police = Math.floor(requests / 2);
    const o = await getJson(s.recorder.baseUrl, `/committee/v1/communities/${E}/overview?year=2025`);
    expect(o.injurySurveillance.cases).toBe(health * 10);
    expect(o.casualties.roadTraffic).toMatchObject({ incidents: police * 10, deaths: 0, injuries: police * 10 });
    expect(await metricSum(s.gateways.baseUrl, 'hub_events_accepted_total')).toBe(requests * 10);
    expect(await metricSum(s.recorder.baseUrl, 'hub_events_deadlettered_total')).toBe(0);
  });
});
