// The developer commands of docs/api/configuration.md: `npm run kafka:start` / `npm run kafka:stop`, on a port
// and data dir of their own (the run's broker from the global setup is left alone).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../services/kernel/errors';
import { silentLogger } from '../../services/kernel/logger';
import { KafkaEventPublisher } from '../../services/kernel/bus/kafkaBus';
import type { BusMessage } from '../../services/kernel/bus/kafkaMessages';
import { ensureTopics } from '../../services/kernel/bus/kafkaTopics';
import { closedPort } from './closedPort';
import { readMessages, testKafka, uniqueName } from './support';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

function npmRun(script: string, env: Record<string, string>) {
  return exec('npm', ['run', '--silent', script], { cwd: root, env: { ...process.env, ...env }, timeout: 240_000 });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run kafka:start / kafka:stop', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hub-kafka-script-'));
    env = { KAFKA_DATA_DIR: dataDir, KAFKA_PORT: String(await closedPort()) };
  });
  afterAll(async () => {
    await npmRun('kafka:stop', env).catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts a broker, prints only its address, says the same when it is already running, and stops it', { timeout: 240_000 }, async () => {
    const first = await npmRun('kafka:start', env);
    expect(first.stdout).toBe(`KAFKA_BROKERS=127.0.0.1:${env.KAFKA_PORT}\n`);
    const pid = Number(readFileSync(join(dataDir, 'kafka.pid'), 'utf8'));
    expect(alive(pid)).toBe(true);

    const admin = testKafka([`127.0.0.1:${env.KAFKA_PORT}`]).admin();
    await admin.connect();
    const cluster = await admin.describeCluster();
    await admin.disconnect();
    expect(cluster.brokers).toEqual([expect.objectContaining({ host: '127.0.0.1', port: Number(env.KAFKA_PORT) })]);

    const again = await npmRun('kafka:start', env);
    expect(again.stdout).toBe(first.stdout);
    expect(Number(readFileSync(join(dataDir, 'kafka.pid'), 'utf8'))).toBe(pid);

    await npmRun('kafka:stop', env);
    expect(alive(pid)).toBe(false);
    expect(existsSync(join(dataDir, 'kafka.pid'))).toBe(false);
  });

  it('keeps its data across a restart, and a publisher recovers once the broker is back', { timeout: 300_000 }, async () => {
    await npmRun('kafka:start', env);
    const kafka = testKafka([`127.0.0.1:${env.KAFKA_PORT}`]);
    const topic = uniqueName('restart');
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [topic], 1);
    await admin.disconnect();
    const publisher = new KafkaEventPublisher({ kafka, logger: silentLogger });
    const msg = (id: string): BusMessage => ({ topic, key: 'k', value: Buffer.from(id), headers: { eventId: id } });
    try {
      await publisher.publish([msg('before')]);
      await npmRun('kafka:stop', env);

      await expect(publisher.publish([msg('while-down')])).rejects.toBeInstanceOf(UnavailableError);
      await expect(publisher.ping()).rejects.toBeInstanceOf(UnavailableError);

      await npmRun('kafka:start', env);
      await publisher.publish([msg('after')]);
      await publisher.ping();
    } finally {
      await publisher.close();
    }
    const read = await readMessages(kafka, [topic], 2);
    expect(read.map((m) => m.headers.eventId)).toEqual(['before', 'after']);
    await npmRun('kafka:stop', env);
  });

  it('fails with a clear message when java is missing', async () => {
    const failure = await npmRun('kafka:start', { ...env, JAVA_HOME: join(dataDir, 'no-jdk') }).then(
      () => null,
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toMatch(/java not found/);
    expect(failure?.stdout).not.toMatch(/KAFKA_BROKERS/);
  });
});
