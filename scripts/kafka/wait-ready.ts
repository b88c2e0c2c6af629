// Waits until a Kafka broker answers a metadata request with a registered broker and an
// active controller. Used by scripts/kafka-start.sh:
//   tsx scripts/kafka/wait-ready.ts --brokers 127.0.0.1:19092 [--pid 1234] [--timeout-ms 90000]
// Exits 0 when ready, 1 on timeout or when the broker process (--pid) has exited.
import { parseArgs } from 'node:util';
import { setTimeout as delay } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';

async function probe(brokers: string[]): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'hub-kafka-wait-ready',
    brokers,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0 || cluster.controller === null || cluster.controller < 0) return false;
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { brokers: { type: 'string' }, pid: { type: 'string' }, 'timeout-ms': { type: 'string' } },
  });
  if (!values.brokers) {
    process.stderr.write('wait-ready: --brokers host:port[,host:port] is required\n');
    return 2;
  }
  const brokers = values.brokers.split(',');
  const pid = values.pid ? Number(values.pid) : undefined;
  const deadline = Date.now() + Number(values['timeout-ms'] ?? 90_000);
  while (Date.now() < deadline) {
    if (!alive(pid)) {
      process.stderr.write(`wait-ready: the broker process ${pid} has exited\n`);
      return 1;
    }
    if (await probe(brokers)) return 0;
    await delay(250);
  }
  process.stderr.write(`wait-ready: ${brokers.join(',')} not ready in time\n`);
  return 1;
}

process.exitCode = await main();
