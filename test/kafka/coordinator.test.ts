// Which kafkajs failures the publisher tries once more: the coordinator not ready yet (a broker
// that just started), never a dead broker (that must be a quick 503).
import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isCoordinatorNotReady } from '../../services/kernel/bus/kafkaClient';

const { KafkaJSProtocolError, KafkaJSGroupCoordinatorNotFound, KafkaJSNumberOfRetriesExceeded, KafkaJSConnectionError } = kafkajs;
// kafkajs builds protocol errors from the broker's error entries.
const protocolError = (type: string, code: number) => new KafkaJSProtocolError({ type, code, retriable: true, message: type } as never);

describe('isCoordinatorNotReady', () => {
  it('recognises a coordinator that is loading, moving or not found, also behind kafkajs retries', () => {
    expect(isCoordinatorNotReady(protocolError('COORDINATOR_LOAD_IN_PROGRESS', 14))).toBe(true);
    expect(isCoordinatorNotReady(protocolError('NOT_COORDINATOR', 16))).toBe(true);
    // As kafkajs' cluster throws it (its typings omit the constructor's message).
    expect(isCoordinatorNotReady(new (KafkaJSGroupCoordinatorNotFound as unknown as new (message: string) => Error)('Failed to find group coordinator'))).toBe(true);
    const exhausted = new KafkaJSNumberOfRetriesExceeded(protocolError('COORDINATOR_NOT_AVAILABLE', 15), { retryCount: 2, retryTime: 400 });
    expect(isCoordinatorNotReady(exhausted)).toBe(true);
  });

  it('leaves a dead broker and other failures alone', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED', { broker: '127.0.0.1:1', code: 'ECONNREFUSED' });
    expect(isCoordinatorNotReady(refused)).toBe(false);
    expect(isCoordinatorNotReady(new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 2, retryTime: 400 }))).toBe(false);
    expect(isCoordinatorNotReady(protocolError('MESSAGE_TOO_LARGE', 10))).toBe(false);
    expect(isCoordinatorNotReady(new Error('boom'))).toBe(false);
    expect(isCoordinatorNotReady(undefined)).toBe(false);
  });
});
