// What can be checked of the EventStoreDB adapter without an EventStoreDB server: error mapping
// through the real client against unreachable and silent endpoints, the record mapping, and the
// $all scanning loop (system events skipped, pages crossed) over an in-memory stand-in for the
// client's readAll. The full contract runs in esdb-store.test.ts when ESDB_URL is set.
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import type { AllStreamRecordedEvent, EventStoreDBClient, ReadAllOptions } from '@eventstore/db-client';
import { afterEach, describe, expect, it } from 'vitest';
import { PoisonEventError, UnavailableError } from '../../services/kernel/errors';
import { EsdbEventStore, openEsdbEventStore } from '../../services/kernel/store/esdb';
import { isHubEvent, toPosition, toStoredEvent } from '../../services/kernel/store/esdbMapping';
import { StoreIncompatibleError } from '../../services/kernel/store/errors';

const metadata = {
  agency: 'police',
  tokenId: 'token-police',
  receivedAt: '2025-02-03T04:05:06.000Z',
  sourceRecordId: 'TC-1',
  revision: 1,
  schemaFingerprint: '8899aabbccddeeff',
};

function record(position: bigint, overrides: Partial<AllStreamRecordedEvent> = {}): AllStreamRecordedEvent {
  return {
    streamId: `record-police-${position}`,
    id: randomUUID(),
    isJson: false,
    revision: 0n,
    type: 'TrafficCrashReported',
    created: new Date(0),
    data: Uint8Array.from([0xc3, 0x01, Number(position % 256n)]),
    metadata,
    position: toPosition(position),
    ...overrides,
  } as AllStreamRecordedEvent;
}

function systemRecord(position: bigint): AllStreamRecordedEvent {
  return record(position, { streamId: '$stats-127.0.0.1:2113', type: '$statistics-collected' });
}

describe('EventStoreDB record mapping', () => {
  it('maps a hub record to a StoredEvent positioned at its commit position', () => {
    const r = record(4242n, { revision: 3n });
    const stored = toStoredEvent(r, r.position);
    expect(stored).toMatchObject({ eventId: r.id, type: 'TrafficCrashReported', stream: r.streamId, streamRevision: 3n, position: 4242n, metadata, recordedAt: '1970-01-01T00:00:00.000Z' });
    expect(Buffer.isBuffer(stored.data)).toBe(true);
    expect([...stored.data]).toEqual([0xc3, 0x01, 4242 % 256]);
  });

  it('refuses a record without a real $all position (servers before 22.6)', () => {
    const r = record(1n);
    expect(() => toStoredEvent(r, undefined)).toThrow(StoreIncompatibleError);
    expect(() => toStoredEvent(r, { commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n })).toThrow(StoreIncompatibleError);
  });

  it('refuses a record whose metadata is not a JSON object or whose data is JSON', () => {
    expect(() => toStoredEvent(record(1n, { metadata: Uint8Array.from([1, 2]) }), toPosition(1n))).toThrow(PoisonEventError);
    expect(() => toStoredEvent(record(1n, { data: { a: 1 } as never, isJson: true as never }), toPosition(1n))).toThrow(PoisonEventError);
  });

  it('tells hub events from system and foreign events', () => {
    expect(isHubEvent(record(1n))).toBe(true);
    expect(isHubEvent(systemRecord(1n))).toBe(false);
    expect(isHubEvent(record(1n, { type: '$>' }))).toBe(false);
    expect(isHubEvent(record(1n, { streamId: '$$record-police-1', type: 'X' }))).toBe(false);
    expect(isHubEvent(record(1n, { metadata: undefined }))).toBe(false);
  });
});

/**
 * Stand-in for the client's readAll over `log`. Backwards reads exclude the start position (as the
 * server does); forwards reads include it unless `forwardInclusive` is false, so the adapter is
 * checked to be right either way.
 */
function standInClient(log: AllStreamRecordedEvent[], forwardInclusive: boolean): EventStoreDBClient {
  return {
    readAll({ fromPosition = 'start', direction = 'forwards', maxCount = Number.MAX_SAFE_INTEGER }: ReadAllOptions = {}) {
      const forwards = direction === 'forwards';
      let list = forwards ? log : [...log].reverse();
      if (typeof fromPosition === 'object') {
        const at = fromPosition.commit;
        list = list.filter((r) =>
          forwards ? (forwardInclusive ? r.position.commit >= at : r.position.commit > at) : r.position.commit < at,
        );
      }
      return Readable.from(list.slice(0, Number(maxCount)).map((event) => ({ event })));
    },
  } as unknown as EventStoreDBClient;
}

/** 1400 records: hub events at every 97th position, system events everywhere else. */
function mixedLog(): AllStreamRecordedEvent[] {
  return Array.from({ length: 1400 }, (_, i) => {
    const position = BigInt(1000 + i * 10);
    return i % 97 === 5 ? record(position) : systemRecord(position);
  });
}

describe.each([true, false])('EventStoreDB $all scanning (forward start inclusive: %s)', (inclusive) => {
  const log = mixedLog();
  const hub = log.filter(isHubEvent);
  const store = new EsdbEventStore(standInClient(log, inclusive), { pingTimeoutMs: 1000 });

  it('skips system events across read pages until maxCount hub events are found', async () => {
    const page = await store.readAll(null, 10);
    expect(page.map((e) => e.eventId)).toEqual(hub.slice(0, 10).map((r) => r.id));
  });

  it('pages through every hub event exactly once with after and maxCount', async () => {
    const seen: string[] = [];
    let after: bigint | null = null;
    for (let pages = 0; pages < 100; pages += 1) {
      const page = await store.readAll(after, 3);
      if (page.length === 0) break;
      seen.push(...page.map((e) => e.eventId));
      after = page[page.length - 1]!.position;
    }
    expect(seen).toEqual(hub.map((r) => r.id));
  });

  it('finds the head below a long tail of system events, and null without hub events', async () => {
    expect(await store.headPosition()).toBe(hub[hub.length - 1]!.position.commit);
    const systemOnly = new EsdbEventStore(standInClient(log.filter((r) => !isHubEvent(r)), inclusive), { pingTimeoutMs: 1000 });
    expect(await systemOnly.headPosition()).toBeNull();
  });
});

describe('EventStoreDB adapter without a reachable server', () => {
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.destroy());
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  async function listen(onConnection: (socket: Socket) => void): Promise<number> {
    const server = createServer(onConnection);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }

  it('answers every operation with a retriable UnavailableError when nothing listens', async () => {
    const port = await listen(() => {});
    await new Promise((resolve) => servers.pop()!.close(resolve)); // the port is now closed
    const store = openEsdbEventStore({ connectionString: `esdb://127.0.0.1:${port}?tls=false` });
    try {
      const attempts: Array<() => Promise<unknown>> = [
        () => store.ping(),
        () => store.append([{ stream: `record-police-${randomUUID()}`, expectedRevision: 'no_stream', events: [] }]),
        () => store.readStream('record-police-x'),
        () => store.readAll(null, 10),
        () => store.headPosition(),
      ];
      for (const attempt of attempts) {
        const error = await attempt().then(() => null, (err: unknown) => err);
        expect(error).toBeInstanceOf(UnavailableError);
        expect((error as UnavailableError).retriable).toBe(true);
      }
    } finally {
      await store.close();
    }
  });

  it('fails ping within its timeout when the server accepts connections but never answers', async () => {
    const port = await listen((socket) => sockets.push(socket));
    const store = openEsdbEventStore({ connectionString: `esdb://127.0.0.1:${port}?tls=false`, pingTimeoutMs: 300 });
    try {
      const started = Date.now();
      await expect(store.ping()).rejects.toBeInstanceOf(UnavailableError);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await store.close();
    }
  });
});
