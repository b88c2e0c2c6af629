// What crosses to the SQLite writer thread: a group packed into flat lists and one byte array
// must unpack, on the other side of a real MessageChannel, into the very same requests.
import { MessageChannel } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExpectedRevision, NewEvent, StreamAppend } from '../../services/kernel/store/eventStore';
import { packGroup, unpackGroup, type PackedGroup } from '../../services/kernel/store/sqliteWriterProtocol';

const metadata = fc.record({
  agency: fc.constantFrom('police', 'fire', 'health', 'transport', 'safety'),
  tokenId: fc.string(),
  receivedAt: fc.constant('2025-01-02T03:04:05.000Z'),
  sourceRecordId: fc.string({ unit: 'grapheme' }),
  revision: fc.integer({ min: 1, max: 1_000_000 }),
  schemaFingerprint: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 16 }),
});

// Bytes as views at an offset into a bigger buffer too, as Buffer slices of a pool are.
const bytes = fc.tuple(fc.uint8Array({ maxLength: 300 }), fc.nat({ max: 16 })).map(([content, pad]) => {
  const backing = new Uint8Array(content.length + pad);
  backing.set(content, pad);
  return backing.subarray(pad);
});

const event = fc.record({ eventId: fc.uuid(), type: fc.constantFrom('TrafficCrashReported', 'HazardIdentified'), data: bytes, metadata }) as fc.Arbitrary<NewEvent>;
const expected: fc.Arbitrary<ExpectedRevision> = fc.oneof(fc.constant('no_stream' as const), fc.constant('any' as const), fc.bigInt({ min: 0n, max: 2n ** 62n }));
const append = fc.record({ stream: fc.string({ unit: 'binary' }), expectedRevision: expected, events: fc.array(event, { maxLength: 5 }) });
const group = fc.array(fc.array(append, { maxLength: 4 }), { minLength: 1, maxLength: 4 });

/** The requests as plain values: metadata as an object, bytes as arrays. */
function plain(requests: readonly (readonly StreamAppend[])[]) {
  return requests.map((appends) =>
    appends.map((a) => ({
      stream: a.stream,
      expectedRevision: a.expectedRevision,
      events: a.events.map((e) => ({ eventId: e.eventId, type: e.type, data: [...e.data], metadata: e.metadata })),
    })),
  );
}

function crossThreadBoundary(packed: PackedGroup, transfer: ArrayBuffer[]): Promise<PackedGroup> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port2.once('message', (received: PackedGroup) => {
      port1.close();
      port2.close();
      resolve(received);
    });
    port1.postMessage(packed, transfer);
  });
}

describe('packing a group for the writer thread', () => {
  it('unpacks into the same requests, streams, revisions, ids, types, bytes and metadata', async () => {
    await fc.assert(
      fc.asyncProperty(group, async (requests) => {
        const before = plain(requests);
        const { group: packed, transfer } = packGroup(requests);
        const unpacked = unpackGroup(await crossThreadBoundary(packed, transfer));
        expect(plain(unpacked)).toEqual(before);
        // The store writes the metadata text it was given, byte for byte what JSON.stringify made.
        unpacked.flat().flatMap((a) => a.events).forEach((e, i) => {
          expect((e as NewEvent & { metadataJson: string }).metadataJson).toBe(JSON.stringify(requests.flat().flatMap((a) => a.events)[i]!.metadata));
        });
      }),
      { numRuns: 300 },
    );
  });
});
