import { describe, expect, it } from 'vitest';
import { takeBatch, toProduceRequests, type PendingPublish } from '../../services/kernel/bus/kafkaBatches';
import { messageSize, type BusMessage } from '../../services/kernel/bus/kafkaMessages';

const msg = (topic: string, id: string, bytes = 10): BusMessage => ({ topic, key: 'k', value: Buffer.alloc(bytes), headers: { eventId: id } });
const pending = (messages: BusMessage[], settled = false): PendingPublish => ({
  messages,
  bytes: messages.reduce((n, m) => n + messageSize(m), 0),
  settled,
  resolve: () => {},
  reject: () => {},
});

describe('publisher batching', () => {
  it('takes queued calls in order up to the message limit, but always at least one', () => {
    const queue = [pending([msg('t', 'a'), msg('t', 'b')]), pending([msg('t', 'c')]), pending([msg('t', 'd'), msg('t', 'e')])];
    expect(takeBatch(queue, { maxMessages: 3, maxBytes: 1e9 }).flatMap((p) => p.messages.map((m) => m.headers.eventId))).toEqual(['a', 'b', 'c']);
    expect(takeBatch(queue, { maxMessages: 1, maxBytes: 1e9 })).toHaveLength(1);
    expect(queue).toHaveLength(0);
  });

  it('leaves out calls that already timed out', () => {
    const queue = [pending([msg('t', 'a')], true), pending([msg('t', 'b')])];
    expect(takeBatch(queue, { maxMessages: 10, maxBytes: 1e9 }).map((p) => p.messages[0]?.headers.eventId)).toEqual(['b']);
  });

  it('cuts produce requests by size, grouped by topic, keeping the order', () => {
    const messages = [msg('x', '1', 400), msg('y', '2', 400), msg('x', '3', 400), msg('x', '4', 2000)];
    const requests = toProduceRequests(messages, 1000);
    const ids = requests.map((r) => r.map((t) => [t.topic, t.messages.map((m) => (m.headers as Record<string, string>).eventId)]));
    expect(ids).toEqual([[['x', ['1']], ['y', ['2']]], [['x', ['3']]], [['x', ['4']]]]);
  });
});
