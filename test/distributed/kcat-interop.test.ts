// Interop with a Kafka client nobody here wrote: Debian's kcat (librdkafka) publishes straight
// to a bureau topic, bypassing the gateways. A correctly encoded event (Avro single-object
// bytes from the schema registry) is counted by the committee API; garbage goes to the
// dead-letter topic with its reason, hub_events_deadlettered_total{reason} counts it, and the
// recorder keeps going. kcat is required (never a skip): .ci/run installs it.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agency } from '../../services/kernel/agency';
import { loadSchemaRegistry } from '../../services/kernel/avro/registry';
import { agencyTopic, deadletterTopic } from '../../services/kernel/bus/kafkaTopics';
import { eventIdFor } from '../../services/kernel/eventId';
import type { EventBody } from '../../services/kernel/events.generated';
import { loadEventValidation } from '../../services/kernel/validation';
import { testBrokers } from '../kafka/support';
import { waitUntilReady } from '../support/hubProcess';
import { getJson, metricSum, startSplitHub, uniqueKafkaNames, waitUntil, type SplitHub } from './support';

const run = promisify(execFile);
const KCAT_MISSING = 'kcat not found: install the Debian package `kcat` (apt-get install --no-install-recommends kcat), as .ci/run does';
const kcatPath = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v kcat'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();

const broker = testBrokers()[0]!;
const names = uniqueKafkaNames('kcat');
const C = '610902123';
const files = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-kcat-'));
const registry = loadSchemaRegistry();
const validation = loadEventValidation();
let split: SplitHub;

/** What a bureau's own producer would put on the bus: the registry's single-object bytes. */
function encode(agency: Agency, body: Record<string, unknown>): Buffer {
  const receivedAt = new Date().toISOString();
  const validated = validation.validateEvents(body, { now: new Date() });
  if (!validated.ok) throw new Error(JSON.stringify(validated.errors));
  const { type, ...fields } = validated.events[0] as EventBody;
  return registry.encode(type, { eventId: eventIdFor(agency, fields.sourceRecordId, fields.revision), agency, receivedAt, ...fields });
}

const crash = (id: string, deaths: number) => ({
  type: 'TrafficCrashReported', sourceRecordId: id, communityCode: C, occurredAt: '2025-04-01T08:00:00+08:00',
  deaths, injuries: 1, vehicles: 2, roadType: 'URBAN_ROAD', cause: 'FATIGUE',
});

/** `kcat -P` of one file as one message (librdkafka's murmur2 partitioner, as the hub's own producer uses). */
async function kcatProduce(topic: string, key: string, bytes: Buffer, name: string): Promise<void> {
  const file = path.join(files, name);
  fs.writeFileSync(file, bytes);
  await run(kcatPath!, ['-P', '-b', broker, '-t', topic, '-k', key, '-X', 'topic.partitioner=murmur2_random', file], { timeout: 30_000 });
}

interface KcatRecord {
  topic: string;
  key: string | null;
  payload: string | null;
  headers?: string[];
}

/** `kcat -C -J` of a whole topic, from the beginning to its end. */
async function kcatConsume(topic: string): Promise<KcatRecord[]> {
  const { stdout } = await run(kcatPath!, ['-C', '-b', broker, '-t', topic, '-o', 'beginning', '-e', '-J', '-q'], { timeout: 30_000 });
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as KcatRecord);
}

function headersOf(record: KcatRecord): Record<string, string> {
  const out: Record<string, string> = {};
  const h = record.headers ?? [];
  for (let i = 0; i + 1 < h.length; i += 2) out[h[i]!] = h[i + 1]!;
  return out;
}

beforeAll(async () => {
  split = await startSplitHub(broker, names);
}, 120_000);

afterAll(async () => {
  await Promise.all([split?.gateways.stop('SIGKILL'), split?.recorder.stop('SIGKILL')]);
  for (const dir of [split?.gatewaysDir, split?.recorderDir, files]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a bureau publishing straight to Kafka with kcat', () => {
  it('has kcat installed', () => {
    expect(kcatPath, KCAT_MISSING).toBeTruthy();
  });

  it('gets a correctly encoded event counted by the committee API', async () => {
    expect(kcatPath, KCAT_MISSING).toBeTruthy();
    await kcatProduce(agencyTopic('police', names.prefix), C, encode('police', crash('KC-1', 1)), 'good-1.avro');
    await waitUntil('recorded', () => metricSum(split.recorder.baseUrl, 'hub_events_recorded_total', { agency: 'police', type: 'TrafficCrashReported' }), (n) => n === 1);
    await waitUntilReady(split.recorder.baseUrl);
    const overview = await getJson(split.recorder.baseUrl, `/committee/v1/communities/${C}/overview?year=2025`);
    expect(overview.casualties.roadTraffic).toMatchObject({ incidents: 1, deaths: 1, injuries: 1 });
    expect(Date.parse(overview.dataFreshness.police)).not.toBeNaN();
    const listed = (await getJson(split.recorder.baseUrl, `/committee/v1/communities?region=${C}`)).communities;
    expect(listed.map((c: { code: string }) => c.code)).toEqual([C]);
  });

  it('dead-letters garbage with its reason, counts it by reason, and keeps consuming the events after it', async () => {
    expect(kcatPath, KCAT_MISSING).toBeTruthy();
    const police = agencyTopic('police', names.prefix);
    const fire = agencyTopic('fire', names.prefix);
    // Not Avro at all; the right magic with a fingerprint no schema has; a well-formed police
    // event on the fire bureau's topic. Then a good event behind them on the same key.
    await kcatProduce(police, C, Buffer.from('{"type":"TrafficCrashReported","deaths":1}\n'), 'garbage.json');
    await kcatProduce(police, C, Buffer.from([0xc3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x00]), 'unknown.avro');
    await kcatProduce(fire, C, encode('police', crash('KC-9', 0)), 'mismatch.avro');
    await kcatProduce(police, C, encode('police', crash('KC-2', 2)), 'good-2.avro');

    const deadlettered = (reason: string) => metricSum(split.recorder.baseUrl, 'hub_events_deadlettered_total', { reason });
    await waitUntil('dead-lettered by reason', async () => [await deadlettered('bad_magic'), await deadlettered('unknown_fingerprint'), await deadlettered('agency_mismatch')], (v) => v.every((n) => n === 1));
    await waitUntil('the good event behind the garbage recorded', () => metricSum(split.recorder.baseUrl, 'hub_events_recorded_total', { agency: 'police' }), (n) => n === 2);
    await waitUntilReady(split.recorder.baseUrl);
    const overview = await getJson(split.recorder.baseUrl, `/committee/v1/communities/${C}/overview?year=2025`);
    expect(overview.casualties.roadTraffic).toMatchObject({ incidents: 2, deaths: 3, injuries: 2 });

    const dead = await waitUntil('dead letters readable with kcat', () => kcatConsume(deadletterTopic(names.prefix)), (r) => r.length >= 3);
    expect(dead).toHaveLength(3);
    const byReason = Object.fromEntries(dead.map((r) => [headersOf(r).deadletterReason, r]));
    expect(Object.keys(byReason).sort()).toEqual(['agency_mismatch', 'bad_magic', 'unknown_fingerprint']);
    const garbage = byReason.bad_magic!;
    expect(garbage.key).toBe(C);
    expect(garbage.payload).toBe('{"type":"TrafficCrashReported","deaths":1}\n');
    expect(headersOf(garbage)).toMatchObject({ sourceTopic: police, sourcePartition: expect.stringMatching(/^\d+$/), sourceOffset: expect.stringMatching(/^\d+$/) });
    expect(headersOf(garbage).deadletterDetail).toMatch(/single-object/);
    expect(headersOf(byReason.agency_mismatch!)).toMatchObject({ sourceTopic: fire, deadletterDetail: expect.stringContaining('police') });
    expect(await metricSum(split.recorder.baseUrl, 'hub_events_deadlettered_total')).toBe(3);
  });
});
