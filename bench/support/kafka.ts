// A Kafka broker for the distributed-mode benchmarks: KAFKA_BROKERS when set, otherwise a
// fresh single-node broker from scripts/kafka-start.sh (temp KAFKA_DATA_DIR, free KAFKA_PORT),
// stopped with scripts/kafka-stop.sh at the end (also on Ctrl-C).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseBrokers } from '../../services/kernel/bus/kafkaClient';
import { note } from './report';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

export interface Broker {
  brokers: string[];
  /** True when this benchmark started the broker (a fresh one: empty topics, no groups). */
  owned: boolean;
  stop(): Promise<void>;
}

export async function ensureBroker(): Promise<Broker> {
  const given = process.env.KAFKA_BROKERS?.trim();
  if (given) return { brokers: parseBrokers(given), owned: false, stop: async () => {} };

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-kafka-'));
  const env = { ...process.env, KAFKA_DATA_DIR: dataDir, KAFKA_PORT: String(await freePort()) };
  const started = Date.now();
  let stdout: string;
  try {
    ({ stdout } = await run('bash', [path.join(root, 'scripts/kafka-start.sh')], { env, cwd: root, timeout: 300_000 }));
  } catch (err) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`Cannot start a Kafka broker (or set KAFKA_BROKERS):\n${(err as { stderr?: string }).stderr ?? ''}`, { cause: err });
  }
  const line = /^KAFKA_BROKERS=(\S+)$/m.exec(stdout)?.[1];
  if (!line) throw new Error(`scripts/kafka-start.sh printed no KAFKA_BROKERS line:\n${stdout}`);
  note(`kafka: broker ${line} started in ${Date.now() - started} ms (${dataDir})`);

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      try {
        await run('bash', [path.join(root, 'scripts/kafka-stop.sh')], { env, cwd: root, timeout: 60_000 });
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    })());
  const onSignal = () => {
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    brokers: parseBrokers(line),
    owned: true,
    stop: async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await stop();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
