// Shared by the distributed-mode tests: one logical hub split into real processes over a real
// broker, each test with its own topic prefix and recorder group (they share the run's broker).
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { measureConsumerLag } from '../../services/recorder/kafka/consumerLag';
import { agencyTopics } from '../../services/kernel/bus/kafkaTopics';
import { TEST_TOKENS, makeDataDir, startHubProcess, waitUntilReady, type HubProcess } from '../support/hubProcess';

export const GATEWAYS = 'police,fire,health,transport,safety';
export const RECORDER_PROJECTOR = 'recorder,projector';

/** The Kafka names one test owns: its topic prefix and its recorder group. */
export interface KafkaNames {
  prefix: string;
  group: string;
}

export function uniqueKafkaNames(label: string): KafkaNames {
  const id = randomUUID().slice(0, 8);
  return { prefix: `t.${label}.${id}.`, group: `hub-recorder-${label}-${id}` };
}

/** One hub process of a distributed deployment: its own data dir, the deployment's auth file. */
export function distributedEnv(options: {
  brokers: string;
  names: KafkaNames;
  services: string;
  dataDir: string;
  authFile: string;
}): Record<string, string> {
  return {
    KAFKA_BROKERS: options.brokers,
    HUB_KAFKA_TOPIC_PREFIX: options.names.prefix,
    HUB_KAFKA_GROUP: options.names.group,
    HUB_SERVICES: options.services,
    HUB_DATA_DIR: options.dataDir,
    HUB_AUTH_FILE: options.authFile,
    HUB_TIMEZONE: 'Asia/Shanghai',
    // These tests read figures once /readyz is 200: ready must then mean fully caught up.
    HUB_READY_MAX_LAG_EVENTS: '0',
  };
}

/** A gateways-only process and a recorder+projector process, each with its own data dir, both ready. */
export interface SplitHub {
  gateways: HubProcess;
  recorder: HubProcess;
  gatewaysDir: string;
  recorderDir: string;
  authFile: string;
  recorderEnv: Record<string, string>;
  gatewaysEnv: Record<string, string>;
}

export async function startSplitHub(brokers: string, names: KafkaNames): Promise<SplitHub> {
  const gatewaysDir = makeDataDir('hub-dist-gw-');
  const recorderDir = makeDataDir('hub-dist-rec-');
  const authFile = gatewaysDir.authFile;
  const gatewaysEnv = distributedEnv({ brokers, names, services: GATEWAYS, dataDir: gatewaysDir.dataDir, authFile });
  const recorderEnv = distributedEnv({ brokers, names, services: RECORDER_PROJECTOR, dataDir: recorderDir.dataDir, authFile });
  const [gateways, recorder] = await Promise.all([startHubProcess(gatewaysEnv), startHubProcess(recorderEnv)]);
  // Ready: the gateways' producer connected; the recorder a member of its group.
  await Promise.all([waitUntilReady(gateways.baseUrl, 60_000), waitUntilReady(recorder.baseUrl, 60_000)]);
  return { gateways, recorder, gatewaysDir: gatewaysDir.dataDir, recorderDir: recorderDir.dataDir, authFile, recorderEnv, gatewaysEnv };
}

export type AgencyName = 'police' | 'fire' | 'health' | 'transport' | 'safety';

export async function postEvents(baseUrl: string, agency: AgencyName, events: unknown[]) {
  const res = await fetch(`${baseUrl}/agencies/${agency}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_TOKENS[agency]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.get('retry-after'), text, body: () => JSON.parse(text) as any };
}

export async function getJson(baseUrl: string, path: string, token: string = TEST_TOKENS.committeeDistrict) {
  const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as any;
}

/** One sample of a Prometheus text page. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/** The sum of a metric's samples whose labels include `labels`. */
export async function metricSum(baseUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return parseMetrics(text)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((n, s) => n + s.value, 0);
}

/** Polls `read` until `done` holds (a bounded wait on a signal, never a fixed sleep). */
export async function waitUntil<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await read();
      lastError = undefined;
      if (done(last)) return last;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
  }
  throw new Error(`${what}: not reached in time; last value ${JSON.stringify(last)}${lastError ? `, last error ${String(lastError)}` : ''}`);
}

/** The recorder group's committed offsets behind the bureau topics' ends, summed over partitions. */
export async function recorderLag(kafka: Kafka, names: KafkaNames): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const lags = await measureConsumerLag(admin, names.group, agencyTopics(names.prefix));
    return lags.reduce((n, l) => n + l.lag, 0);
  } finally {
    await admin.disconnect();
  }
}

export async function readyz(baseUrl: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}/readyz`);
  return { status: res.status, body: await res.json() };
}
