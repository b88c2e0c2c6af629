// What /readyz of a distributed process reflects (docs/api/operations.md): the recorder's store, the
// broker only for the processes that use it, and what a process does without a broker at start.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { closedPort } from '../kafka/closedPort';
import { testBrokers } from '../kafka/support';
import { makeDataDir, startHubProcess, waitUntilReady, type HubProcess } from '../support/hubProcess';
import { GATEWAYS, RECORDER_PROJECTOR, distributedEnv, readyz, uniqueKafkaNames, waitUntil } from './support';

const brokers = testBrokers().join(',');
const started: HubProcess[] = [];
const dirs: string[] = [];

function dataDir(prefix: string) {
  const made = makeDataDir(prefix);
  dirs.push(made.dataDir);
  return made;
}

afterAll(async () => {
  await Promise.all(started.map((p) => p.stop('SIGKILL')));
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('readiness of distributed processes', () => {
  it('keeps a recorder whose event store is unreachable alive and not ready, naming the store and not the broker', async () => {
    const { dataDir: dir, authFile } = dataDir('hub-dist-ready-');
    const env = distributedEnv({ brokers, names: uniqueKafkaNames('store'), services: RECORDER_PROJECTOR, dataDir: dir, authFile });
    // An EventStoreDB address nothing listens on.
    const recorder = await startHubProcess({ ...env, ESDB_URL: `esdb://127.0.0.1:${await closedPort()}?tls=false` });
    started.push(recorder);
    const r = await waitUntil('joined its group, store still down', () => readyz(recorder.baseUrl), (r) => r.status === 503 && !r.body.reasons.some((x: string) => x.startsWith('kafka:')), { timeoutMs: 60_000 });
    expect(r.body.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/^store: .*EventStoreDB/)]));
    expect((await fetch(`${recorder.baseUrl}/healthz`)).status).toBe(200);
    expect(recorder.child.exitCode).toBeNull();
  });

  it('starts a projector-only process without touching Kafka, even when KAFKA_BROKERS names no broker', async () => {
    const { dataDir: dir, authFile } = dataDir('hub-dist-proj-');
    const env = distributedEnv({ brokers: `127.0.0.1:${await closedPort()}`, names: uniqueKafkaNames('proj'), services: 'projector', dataDir: dir, authFile });
    const projector = await startHubProcess(env);
    started.push(projector);
    await waitUntilReady(projector.baseUrl);
    expect(await readyz(projector.baseUrl)).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('exits with status 1 and says why when the gateways cannot reach any broker at start', async () => {
    const { dataDir: dir, authFile } = dataDir('hub-dist-nobroker-');
    const env = distributedEnv({ brokers: `127.0.0.1:${await closedPort()}`, names: uniqueKafkaNames('nobroker'), services: GATEWAYS, dataDir: dir, authFile });
    const error = await startHubProcess(env).then(
      (p) => {
        started.push(p);
        return undefined;
      },
      (err: Error) => err,
    );
    expect(error?.message).toMatch(/hub exited with 1 before listening/);
    expect(error?.message).toMatch(/"msg":"hub failed to start"/);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.sqlite'))).toEqual([]);
  });
});
