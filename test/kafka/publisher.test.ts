import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka } from 'kafkajs';
import { UnavailableError } from '../../services/kernel/errors';
import { silentLogger } from '../../services/kernel/logger';
import { KafkaEventPublisher, type PublishBatchReport } from '../../services/kernel/bus/kafkaBus';
import { createKafkaClient } from '../../services/kernel/bus/kafkaClient';
import type { BusMessage } from '../../services/kernel/bus/kafkaMessages';
import { agencyTopic, ensureTopics, hubTopics } from '../../services/kernel/bus/kafkaTopics';
import { endOffsets, readMessages, testKafka, uniqueName } from './support';
import { closedPort } from './closedPort';

function eventMessage(topic: string, key: string, eventId: string): BusMessage {
  return {
    topic,
    key,
    value: Buffer.from([0xc3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x10, 0x20]),
    headers: {
      type: 'FireIncidentReported',
      fingerprint: '0102030405060708',
      agency: 'fire',
      eventId,
      tokenId: 'tok-fire-1',
      receivedAt: '2026-03-01T02:03:04.000Z',
    },
  };
}

describe('KafkaEventPublisher', () => {
  let kafka: Kafka;
  let admin: Admin;
  const publishers: KafkaEventPublisher[] = [];
  const publisher = (options: Partial<ConstructorParameters<typeof KafkaEventPublisher>[0]> = {}) => {
    const p = new KafkaEventPublisher({ kafka, logger: silentLogger, ...options });
    publishers.push(p);
    return p;
  };

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await Promise.all(publishers.map((p) => p.close()));
    await admin.disconnect();
  });

  it('counts as its backlog the messages it holds until the broker acknowledged them', async () => {
    // given a publisher and a topic
    const topic = uniqueName('pub-backlog');
    await ensureTopics(admin, [topic], 3);
    const p = publisher();
    expect(p.backlog()).toBe(0);
    // when two calls are made at once
    const first = p.publish([eventMessage(topic, '610902001', 'backlog-1'), eventMessage(topic, '610902002', 'backlog-2')]);
    const second = p.publish([eventMessage(topic, '610902003', 'backlog-3')]);
    // then all three messages are its backlog until both calls are settled
    expect(p.backlog()).toBe(3);
    await Promise.all([first, second]);
    expect(p.backlog()).toBe(0);
  });

  it('resolves once the broker has the messages, which consumers then read with key, value and headers intact', async () => {
    const topic = uniqueName('pub-ack');
    await ensureTopics(admin, [topic], 3);
    const sent = ['610902001', '610902002', '610902003'].map((key, i) => eventMessage(topic, key, `event-${i}`));

    await publisher().publish(sent);

    const written = [...(await endOffsets(kafka, topic)).values()].reduce((a, b) => a + b, 0);
    expect(written).toBeGreaterThanOrEqual(sent.length);
    const read = await readMessages(kafka, [topic], sent.length);
    const byId = new Map(read.map((m) => [m.headers.eventId, m]));
    for (const m of sent) {
      const got = byId.get(m.headers.eventId!);
      expect(got?.key).toBe(m.key);
      expect(got?.value?.equals(m.value)).toBe(true);
      expect(got?.headers).toEqual(m.headers);
    }
  });

  it("sends a bureau's message to the bureau's topic", async () => {
    await ensureTopics(admin, hubTopics(), 6);
    const key = uniqueName('610902');
    await publisher().publish([{ ...eventMessage('unused', key, uniqueName('e')), topic: undefined, agency: 'fire' }]);
    const [read] = await readMessages(kafka, [agencyTopic('fire')], 1, (m) => m.key === key);
    expect(read?.topic).toBe('hub.events.fire');
  });

  it('coalesces 50 concurrent publish calls into few sends; every message arrives once, in order per key', async () => {
    const topic = uniqueName('pub-coalesce');
    await ensureTopics(admin, [topic], 4);
    const reports: PublishBatchReport[] = [];
    const p = publisher({ onBatch: (r) => reports.push(r) });
    const keys = ['610902001', '610902002', '610902003', '610902004', '610902005'];
    const calls = Array.from({ length: 50 }, (_, caller) =>
      Array.from({ length: 4 }, (_, i) => eventMessage(topic, keys[(caller + i) % keys.length]!, `c${caller}-m${i}`)),
    );

    await Promise.all(calls.map((messages) => p.publish(messages)));

    expect(reports.every((r) => r.ok)).toBe(true);
    expect(reports.reduce((n, r) => n + r.callers, 0)).toBe(50);
    expect(reports.length).toBeLessThan(50);
    const read = await readMessages(kafka, [topic], 200);
    expect(new Set(read.map((m) => m.headers.eventId)).size).toBe(200);
    for (const key of keys) {
      const expected = calls.flat().filter((m) => m.key === key).map((m) => m.headers.eventId);
      expect(read.filter((m) => m.key === key).map((m) => m.headers.eventId)).toEqual(expected);
    }
  });

  it('writes all of a call or nothing: when one produce request of its transaction fails, the others are not visible', async () => {
    const topic = uniqueName('pub-atomic');
    await ensureTopics(admin, [topic], 1);
    const p = publisher({ maxRequestBytes: 1 }); // one produce request per message
    const failing = [eventMessage(topic, '610902001', 'first'), eventMessage(uniqueName('no-such-topic'), '610902001', 'second')];

    await expect(p.publish(failing)).rejects.toBeInstanceOf(UnavailableError);
    await p.publish([eventMessage(topic, '610902001', 'after')]);

    const read = await readMessages(kafka, [topic], 1);
    expect(read.map((m) => m.headers.eventId)).toEqual(['after']);
  });

  it('answers ping while the broker is up', async () => {
    await expect(publisher().ping()).resolves.toBeUndefined();
  });

  it('rejects with UnavailableError within seconds when no broker listens, for publish and ping', async () => {
    const dead = createKafkaClient({ brokers: [`127.0.0.1:${await closedPort()}`], clientId: 'dead', logger: silentLogger });
    const p = new KafkaEventPublisher({ kafka: dead, logger: silentLogger });
    publishers.push(p);
    const started = Date.now();
    const results = await Promise.allSettled([
      p.publish([eventMessage('hub.events.fire', '610902001', 'x')]),
      p.publish([eventMessage('hub.events.fire', '610902001', 'y')]),
    ]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const error = (r as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(UnavailableError);
      expect(error.retryAfterSeconds).toBeGreaterThan(0);
    }
    await expect(p.ping()).rejects.toBeInstanceOf(UnavailableError);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('rejects with UnavailableError after publishTimeoutMs when the broker accepts connections but never answers', async () => {
    const silent = createServer(() => {}); // accepts, reads nothing, answers nothing
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const stuck = createKafkaClient({ brokers: [`127.0.0.1:${port}`], clientId: 'stuck', logger: silentLogger, requestTimeoutMs: 1000, retries: 0 });
    const p = new KafkaEventPublisher({ kafka: stuck, logger: silentLogger, publishTimeoutMs: 500 });
    try {
      const started = Date.now();
      const error = await p.publish([eventMessage('hub.events.fire', '610902001', 'x')]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnavailableError);
      expect((error as Error).message).toMatch(/within 500 ms/);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      await p.close();
      silent.close();
    }
  });

  it('refuses to publish once closed', async () => {
    const p = publisher();
    await p.close();
    await expect(p.publish([eventMessage('any', 'k', 'e')])).rejects.toBeInstanceOf(UnavailableError);
  });
});
