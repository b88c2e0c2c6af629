import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { DEADLETTER_TOPIC, agencyTopic, agencyTopics, ensureTopics, hubTopics } from '../../services/kernel/bus/kafkaTopics';
import { testKafka, uniqueName } from './support';

describe('Kafka topics', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = testKafka().admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.disconnect();
  });

  it('names one topic per bureau and one dead-letter topic', () => {
    expect(agencyTopic('police')).toBe('hub.events.police');
    expect(agencyTopics()).toEqual(['hub.events.police', 'hub.events.fire', 'hub.events.health', 'hub.events.transport', 'hub.events.safety']);
    expect(DEADLETTER_TOPIC).toBe('hub.events.deadletter');
    expect(hubTopics()).toEqual([...agencyTopics(), DEADLETTER_TOPIC]);
  });

  it('creates missing topics with the requested partitions, and creating them again changes nothing', async () => {
    const topics = [uniqueName('topics-a'), uniqueName('topics-b')];
    await ensureTopics(admin, topics, 3);
    await ensureTopics(admin, topics, 3);
    await ensureTopics(admin, topics, 5); // existing topics keep their partition count

    const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
    expect(metadata.map((t) => [t.name, t.partitions.length]).sort()).toEqual(topics.map((t) => [t, 3]).sort());
    expect(metadata.every((t) => t.partitions.every((p) => p.leader >= 0))).toBe(true);
  });

  it('creates topics with the configured replication factor and min.insync.replicas', async () => {
    const topic = uniqueName('topics-isr');
    // One development broker: replication 1; min.insync.replicas 2 is accepted at creation (and
    // then refuses acks=all writes), which shows the setting reaches the topic.
    await ensureTopics(admin, [topic], 1, { replicationFactor: 1, minInsyncReplicas: 2 });
    const described = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas'] }], includeSynonyms: false });
    expect(described.resources[0]!.configEntries.find((e) => e.configName === 'min.insync.replicas')?.configValue).toBe('2');
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata[0]!.partitions[0]!.replicas).toHaveLength(1);
  });

  it('lets several processes ensure the same topics at once', async () => {
    const topic = uniqueName('topics-race');
    const others = [testKafka().admin(), testKafka().admin()];
    await Promise.all(others.map((a) => a.connect()));
    try {
      await Promise.all([admin, ...others].map((a) => ensureTopics(a, [topic], 2)));
    } finally {
      await Promise.all(others.map((a) => a.disconnect()));
    }
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(topics[0]?.partitions).toHaveLength(2);
  });
});
