// Vitest global setup: one real Kafka broker for the whole run.
// - KAFKA_BROKERS already set (CI service, a broker you started with `npm run kafka:start`):
//   used as is.
// - Otherwise starts one with scripts/kafka-start.sh on a free port and a fresh data dir under
//   the system temp dir, and stops it (and removes the dir) on teardown.
// Workers get the address through process.env.KAFKA_BROKERS (read when the pool forks, after
// this setup) and `inject('kafkaBrokers')`. A broker that cannot start fails the run: tests
// that need Kafka are never skipped.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
  }
}

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.KAFKA_BROKERS?.trim();
  if (given) {
    project.provide('kafkaBrokers', given);
    return undefined;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'hub-kafka-test-'));
  const env = { ...process.env, KAFKA_DATA_DIR: dataDir, KAFKA_PORT: String(await freePort()) };
  const started = Date.now();
  let stdout: string;
  try {
    ({ stdout } = await run('bash', [join(root, 'scripts/kafka-start.sh')], { env, cwd: root, timeout: 300_000 }));
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`Kafka tests need a broker and none could be started (set KAFKA_BROKERS to use one):\n${stderr}`, { cause: error });
  }
  const brokers = /^KAFKA_BROKERS=(\S+)$/m.exec(stdout)?.[1];
  if (!brokers) throw new Error(`scripts/kafka-start.sh printed no KAFKA_BROKERS line:\n${stdout}`);
  process.stderr.write(`kafka: test broker ${brokers} ready in ${Date.now() - started} ms (${dataDir})\n`);
  process.env.KAFKA_BROKERS = brokers;
  project.provide('kafkaBrokers', brokers);

  return async () => {
    try {
      await run('bash', [join(root, 'scripts/kafka-stop.sh')], { env, cwd: root, timeout: 240_000 });
    } finally {
      delete process.env.KAFKA_BROKERS;
      await rm(dataDir, { recursive: true, force: true });
    }
  };
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}
