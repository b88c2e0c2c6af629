// The behaviour every EventStore adapter must have, as a vitest suite the adapters' tests run.
// Stream names carry a random suffix and readAll assertions look only at the test's own streams,
// so the suite also runs against a shared, non-empty EventStoreDB server.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubError, WrongExpectedRevisionError } from '../../services/kernel/errors';
import { EventIdConflictError } from '../../services/kernel/store/errors';
import type { EventMetadata, EventStore, NewEvent, StoredEvent } from '../../services/kernel/store/eventStore';

/** What an adapter can promise beyond the common contract. */
export interface EventStoreCapabilities {
  /** One append() call over several streams is all or nothing (SQLite). Otherwise stream by stream, stopping at the first failure (EventStoreDB). */
  atomicMultiStream: boolean;
  /** An event id already in one stream is refused in any other stream (SQLite's UNIQUE index). */
  uniqueEventIdsAcrossStreams: boolean;
  /** makeStore() returns an empty store (a fresh file), so absolute readAll/headPosition checks apply. */
  startsEmpty: boolean;
  /**
   * A retry must repeat the type too: an event id the stream holds under another type is refused
   * as a wrong expected revision (SQLite, PostgreSQL). EventStoreDB's own idempotency compares ids
   * only, and the adapter does not add the check.
   */
  retriesMatchType: boolean;
}

export interface StoreUnderTest {
  store: EventStore;
  cleanup: () => Promise<void>;
}

export function describeEventStoreContract(
  name: string,
  makeStore: () => Promise<StoreUnderTest>,
  capabilities: EventStoreCapabilities,
): void {
  describe(`EventStore contract: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: EventStore;
    beforeEach(async () => {
      subject = await makeStore();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    describe('appending', () => {
      it("creates a stream with 'no_stream' and numbers its events from 0", async () => {
        const stream = uniqueStream();
        const events = [newEvent(), newEvent(), newEvent()];
        const outcomes = await store.append([{ stream, expectedRevision: 'no_stream', events }]);
        expect(outcomes).toEqual([{ stream, nextExpectedRevision: 2n }]);
        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
        expect(stored.map((e) => e.streamRevision)).toEqual([0n, 1n, 2n]);
        expect(stored.every((e) => e.stream === stream)).toBe(true);
      });

      it('appends when the expected revision is exactly the last revision', async () => {
        const stream = uniqueStream();
        await store.append([{ stream, expectedRevision: 'no_stream', events: [newEvent(), newEvent()] }]);
        const outcomes = await store.append([{ stream, expectedRevision: 1n, events: [newEvent()] }]);
        expect(outcomes[0]?.nextExpectedRevision).toBe(2n);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('refuses a stale expected revision with WrongExpectedRevisionError and writes nothing', async () => {
        const stream = uniqueStream();
        await store.append([{ stream, expectedRevision: 'no_stream', events: [newEvent(), newEvent()] }]);
        const error = await failureOf(store.append([{ stream, expectedRevision: 0n, events: [newEvent()] }]));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toBeInstanceOf(HubError);
        expect((error as WrongExpectedRevisionError).stream).toBe(stream);
        expect((error as WrongExpectedRevisionError).retriable).toBe(true);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('refuses an expected revision ahead of the stream', async () => {
        const stream = uniqueStream();
        await store.append([{ stream, expectedRevision: 'no_stream', events: [newEvent()] }]);
        const error = await failureOf(store.append([{ stream, expectedRevision: 5n, events: [newEvent()] }]));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('refuses an exact expected revision on a stream that does not exist', async () => {
        const stream = uniqueStream();
        const error = await failureOf(store.append([{ stream, expectedRevision: 0n, events: [newEvent()] }]));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(stream)).toEqual([]);
      });

      it("refuses 'no_stream' on a stream that exists", async () => {
        const stream = uniqueStream();
        await store.append([{ stream, expectedRevision: 'no_stream', events: [newEvent()] }]);
        const error = await failureOf(store.append([{ stream, expectedRevision: 'no_stream', events: [newEvent()] }]));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).expected).toBe('no_stream');
        expect((error as WrongExpectedRevisionError).actual).toBe('0');
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it("appends with 'any' to a new and to an existing stream", async () => {
        const stream = uniqueStream();
        const first = await store.append([{ stream, expectedRevision: 'any', events: [newEvent()] }]);
        const second = await store.append([{ stream, expectedRevision: 'any', events: [newEvent(), newEvent()] }]);
        expect(first[0]?.nextExpectedRevision).toBe(0n);
        expect(second[0]?.nextExpectedRevision).toBe(2n);
        expect((await store.readStream(stream)).map((e) => e.streamRevision)).toEqual([0n, 1n, 2n]);
      });

      it('treats an append of no events as a revision check that writes nothing', async () => {
        const stream = uniqueStream();
        expect(await store.append([{ stream, expectedRevision: 'no_stream', events: [] }])).toEqual([
          { stream, nextExpectedRevision: -1n },
        ]);
        await store.append([{ stream, expectedRevision: 'no_stream', events: [newEvent()] }]);
        expect(await store.append([{ stream, expectedRevision: 0n, events: [] }])).toEqual([
          { stream, nextExpectedRevision: 0n },
        ]);
        const error = await failureOf(store.append([{ stream, expectedRevision: 'no_stream', events: [] }]));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('idempotency by event id', () => {
      it("accepts a repeated 'no_stream' append of the same events and writes them once", async () => {
        const stream = uniqueStream();
        const events = [newEvent(), newEvent()];
        const first = await store.append([{ stream, expectedRevision: 'no_stream', events }]);
        const retry = await store.append([{ stream, expectedRevision: 'no_stream', events }]);
        expect(retry).toEqual(first);
        expect((await store.readStream(stream)).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      });

      it('accepts a repeated append at the same exact revision and writes it once', async () => {
        const stream = uniqueStream();
        await store.append([{ stream, expectedRevision: 'no_stream', events: [newEvent()] }]);
        const later = newEvent();
        const first = await store.append([{ stream, expectedRevision: 0n, events: [later] }]);
        const retry = await store.append([{ stream, expectedRevision: 0n, events: [later] }]);
        expect(retry).toEqual(first);
        const stored = await store.readStream(stream);
        expect(stored).toHaveLength(2);
        expect(stored.filter((e) => e.eventId === later.eventId)).toHaveLength(1);
      });

      if (capabilities.retriesMatchType) {
        it('refuses an event id the stream holds under another type as a wrong expected revision, writing nothing', async () => {
          const stream = uniqueStream();
          const first = newEvent();
          await store.append([{ stream, expectedRevision: 'no_stream', events: [first] }]);
          const sameIdOtherType: NewEvent = { ...newEvent(), eventId: first.eventId, type: 'HazardIdentified' };
          for (const expectedRevision of ['no_stream', 0n, 'any'] as const) {
            const error = await failureOf(store.append([{ stream, expectedRevision, events: [sameIdOtherType] }]));
            expect(error).toBeInstanceOf(WrongExpectedRevisionError);
            expect((error as WrongExpectedRevisionError).stream).toBe(stream);
          }
          // Beside a fresh event in the same call: the call writes nothing at all.
          const error = await failureOf(store.append([{ stream, expectedRevision: 0n, events: [newEvent(), sameIdOtherType] }]));
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          const stored = await store.readStream(stream);
          expect(stored.map((e) => [e.eventId, e.type])).toEqual([[first.eventId, first.type]]);
          // The true retry (same id, same type) still succeeds.
          expect(await store.append([{ stream, expectedRevision: 'no_stream', events: [first] }])).toEqual([{ stream, nextExpectedRevision: 0n }]);
        });
      }

      if (capabilities.uniqueEventIdsAcrossStreams) {
        it('refuses an event id that another stream already holds', async () => {
          const [a, b] = [uniqueStream(), uniqueStream()];
          const event = newEvent();
          await store.append([{ stream: a, expectedRevision: 'no_stream', events: [event] }]);
          const error = await failureOf(store.append([{ stream: b, expectedRevision: 'no_stream', events: [event] }]));
          expect(error).toBeInstanceOf(EventIdConflictError);
          expect(await store.readStream(b)).toEqual([]);
        });
      }
    });

    describe('appending to several streams in one call', () => {
      it('returns one outcome per stream, in order, and writes all of them', async () => {
        const [a, b] = [uniqueStream(), uniqueStream()];
        const outcomes = await store.append([
          { stream: a, expectedRevision: 'no_stream', events: [newEvent()] },
          { stream: b, expectedRevision: 'no_stream', events: [newEvent(), newEvent()] },
        ]);
        expect(outcomes).toEqual([
          { stream: a, nextExpectedRevision: 0n },
          { stream: b, nextExpectedRevision: 1n },
        ]);
        expect(await store.readStream(a)).toHaveLength(1);
        expect(await store.readStream(b)).toHaveLength(2);
      });

      if (capabilities.atomicMultiStream) {
        it('writes none of the streams when one expected revision is wrong', async () => {
          const [a, b, c] = [uniqueStream(), uniqueStream(), uniqueStream()];
          await store.append([{ stream: b, expectedRevision: 'no_stream', events: [newEvent()] }]);
          const error = await failureOf(
            store.append([
              { stream: a, expectedRevision: 'no_stream', events: [newEvent()] },
              { stream: b, expectedRevision: 'no_stream', events: [newEvent()] },
              { stream: c, expectedRevision: 'no_stream', events: [newEvent()] },
            ]),
          );
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect((error as WrongExpectedRevisionError).stream).toBe(b);
          expect(await store.readStream(a)).toEqual([]);
          expect(await store.readStream(b)).toHaveLength(1);
          expect(await store.readStream(c)).toEqual([]);
        });
      } else {
        it('appends stream by stream and stops at the first wrong expected revision', async () => {
          const [a, b, c] = [uniqueStream(), uniqueStream(), uniqueStream()];
          await store.append([{ stream: b, expectedRevision: 'no_stream', events: [newEvent()] }]);
          const error = await failureOf(
            store.append([
              { stream: a, expectedRevision: 'no_stream', events: [newEvent()] },
              { stream: b, expectedRevision: 'no_stream', events: [newEvent()] },
              { stream: c, expectedRevision: 'no_stream', events: [newEvent()] },
            ]),
          );
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect(await store.readStream(a)).toHaveLength(1);
          expect(await store.readStream(c)).toEqual([]);
        });
      }
    });

    describe('reading a stream', () => {
      it('returns [] for a stream that does not exist', async () => {
        expect(await store.readStream(uniqueStream())).toEqual([]);
      });

      it('returns the events in append order across several appends', async () => {
        const stream = uniqueStream();
        const events = [newEvent(), newEvent(), newEvent(), newEvent()];
        await store.append([{ stream, expectedRevision: 'no_stream', events: events.slice(0, 1) }]);
        await store.append([{ stream, expectedRevision: 0n, events: events.slice(1, 3) }]);
        await store.append([{ stream, expectedRevision: 2n, events: events.slice(3) }]);
        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
        expect(stored.map((e) => e.type)).toEqual(events.map((e) => e.type));
        expect(isStrictlyIncreasing(stored.map((e) => e.position))).toBe(true);
      });
    });

    describe('reading the global log', () => {
      it('returns events of all streams in append order with strictly increasing positions', async () => {
        const before = await store.headPosition();
        const [a, b] = [uniqueStream(), uniqueStream()];
        const written = await appendInterleaved(store, a, b);
        const page = await store.readAll(before, 10_000);
        const ours = page.filter((e) => e.stream === a || e.stream === b);
        expect(ours.map((e) => e.eventId)).toEqual(written.map((e) => e.eventId));
        expect(isStrictlyIncreasing(page.map((e) => e.position))).toBe(true);
        expect(page.every((e) => before === null || e.position > before)).toBe(true);
      });

      it('pages with after and maxCount without gaps or repeats', async () => {
        const before = await store.headPosition();
        const [a, b] = [uniqueStream(), uniqueStream()];
        const written = await appendInterleaved(store, a, b);
        const seen: StoredEvent[] = [];
        let cursor = before;
        for (let pages = 0; pages < 1000; pages += 1) {
          const page = await store.readAll(cursor, 2);
          expect(page.length).toBeLessThanOrEqual(2);
          const last = page[page.length - 1];
          if (last === undefined) break;
          expect(page.every((e) => cursor === null || e.position > cursor)).toBe(true);
          seen.push(...page);
          cursor = last.position;
        }
        const ours = seen.filter((e) => e.stream === a || e.stream === b);
        expect(ours.map((e) => e.eventId)).toEqual(written.map((e) => e.eventId));
        expect(isStrictlyIncreasing(seen.map((e) => e.position))).toBe(true);
      });

      it('returns at most maxCount events, from the start when after is null', async () => {
        const stream = uniqueStream();
        const events = [newEvent(), newEvent(), newEvent()];
        await store.append([{ stream, expectedRevision: 'no_stream', events }]);
        const page = await store.readAll(null, 2);
        expect(page).toHaveLength(2);
        const [first] = await store.readStream(stream);
        expect(page[0]!.position).toBeLessThanOrEqual(first!.position);
        if (capabilities.startsEmpty) {
          expect(page.map((e) => e.eventId)).toEqual(events.slice(0, 2).map((e) => e.eventId));
        }
      });

      it('returns [] after the last position', async () => {
        const stream = uniqueStream();
        await store.append([{ stream, expectedRevision: 'no_stream', events: [newEvent()] }]);
        const [event] = await store.readStream(stream);
        const after = await store.readAll(event!.position, 10_000);
        expect(after.some((e) => e.stream === stream)).toBe(false);
        if (capabilities.startsEmpty) expect(after).toEqual([]);
      });
    });

    describe('head position', () => {
      if (capabilities.startsEmpty) {
        it('is null on an empty store', async () => {
          expect(await store.headPosition()).toBeNull();
        });
      }

      it('is the position of the last event appended', async () => {
        const stream = uniqueStream();
        await store.append([{ stream, expectedRevision: 'no_stream', events: [newEvent(), newEvent()] }]);
        const last = (await store.readStream(stream))[1]!;
        const head = await store.headPosition();
        expect(head).not.toBeNull();
        if (capabilities.startsEmpty) expect(head).toBe(last.position);
        else expect(head! >= last.position).toBe(true);
      });
    });

    describe('round trips', () => {
      it('keeps binary data byte for byte, through readStream and readAll', async () => {
        const stream = uniqueStream();
        const before = await store.headPosition();
        const data = allByteValues();
        const event = newEvent({ data });
        await store.append([{ stream, expectedRevision: 'no_stream', events: [event] }]);
        const [fromStream] = await store.readStream(stream);
        const fromLog = (await store.readAll(before, 10_000)).find((e) => e.eventId === event.eventId);
        expect(Buffer.from(fromStream!.data).equals(Buffer.from(data))).toBe(true);
        expect(Buffer.from(fromLog!.data).equals(Buffer.from(data))).toBe(true);
        expect(fromLog!.position).toBe(fromStream!.position);
      });

      it('keeps the type and metadata, including non-ASCII text', async () => {
        const stream = uniqueStream();
        const metadata: EventMetadata = {
          agency: 'health',
          tokenId: 'tok-卫健-01',
          receivedAt: '2025-03-01T02:03:04.567Z',
          sourceRecordId: 'INJ:2025.0001-a_b',
          revision: 7,
          schemaFingerprint: 'c3f1a2b4d5e6f708',
        };
        const event = newEvent({ type: 'InjuryCaseReported', metadata });
        await store.append([{ stream, expectedRevision: 'no_stream', events: [event] }]);
        const [stored] = await store.readStream(stream);
        expect(stored!.type).toBe('InjuryCaseReported');
        expect(stored!.metadata).toEqual(metadata);
      });
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}

function uniqueStream(): string {
  return `record-contract-${randomUUID()}`;
}

function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  // Shaped like Avro single-object encoding (C3 01, 8-byte fingerprint, payload); no codec needed.
  const data = Buffer.concat([Buffer.from([0xc3, 0x01]), randomBytes(8), randomBytes(24)]);
  return {
    eventId: randomUUID(),
    type: 'FireIncidentReported',
    data,
    metadata: {
      agency: 'fire',
      tokenId: 'token-fire-1',
      receivedAt: '2025-01-02T03:04:05.000Z',
      sourceRecordId: `FIRE-${randomUUID().slice(0, 8)}`,
      revision: 1,
      schemaFingerprint: '0011223344556677',
    },
    ...overrides,
  };
}

/** Appends a0, b0, a1, b1, a2 as five separate calls and returns them in that order. */
async function appendInterleaved(store: EventStore, a: string, b: string): Promise<NewEvent[]> {
  const plan: Array<[string, bigint | 'no_stream']> = [
    [a, 'no_stream'],
    [b, 'no_stream'],
    [a, 0n],
    [b, 0n],
    [a, 1n],
  ];
  const written: NewEvent[] = [];
  for (const [stream, expectedRevision] of plan) {
    const event = newEvent();
    await store.append([{ stream, expectedRevision, events: [event] }]);
    written.push(event);
  }
  return written;
}

function allByteValues(): Uint8Array {
  const bytes = new Uint8Array(512);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 7) % 256;
  return bytes;
}

function isStrictlyIncreasing(values: bigint[]): boolean {
  return values.every((v, i) => i === 0 || v > values[i - 1]!);
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  return expect.fail('expected the operation to fail, but it succeeded');
}

/** A work-safety HazardIdentified event with a fixed single-object payload, for the adapters' own tests. */
export function hazardEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'HazardIdentified',
    data: Buffer.from([0xc3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0xff]),
    metadata: {
      agency: 'safety',
      tokenId: 'token-safety',
      receivedAt: '2025-06-01T00:00:00.000Z',
      sourceRecordId: `HZ-${randomUUID()}`,
      revision: 1,
      schemaFingerprint: '0102030405060708',
    },
    ...overrides,
  };
}
