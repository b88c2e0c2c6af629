// The distributed event store: EventStoreDB (client 6.x, server 22.6 or later) behind the
// EventStore port.
//
// Differences from the SQLite store (the contract's capability flags cover them):
// - append() over several streams is applied stream by stream, in order, stopping at the first
//   failure: EventStoreDB has no multi-stream transaction, so atomicity is per stream. A failure
//   can leave the earlier streams written; the recorder re-reads each stream and skips event ids
//   it already holds, so retrying the whole (partially applied) batch is safe.
// - Idempotency by event id is the server's: it is guaranteed only when the same events are
//   appended again with the same exact expected revision (or 'no_stream'), which is what the
//   recorder does; with 'any' it is best effort. Event ids are not unique across streams.
import {
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  FORWARDS,
  START,
  binaryEvent,
  isCommandError,
  type AllStreamRecordedEvent,
  type ReadPosition,
} from '@eventstore/db-client';
import { UnavailableError, WrongExpectedRevisionError } from '../errors';
import { translateEsdbError } from './esdbErrors';
import type { AppendOutcome, EventStore, NewEvent, StoredEvent, StreamAppend } from './eventStore';
import { isHubEvent, toPosition, toStoredEvent } from './esdbMapping';
import { subscribeToHubEvents, type EsdbSubscription } from './esdbSubscription';
import { describeRevision, expectedRevisionHolds } from './revision';

export interface EsdbEventStoreOptions {
  /** An esdb:// (or esdb+discover://) connection string. */
  connectionString: string;
  /** ping() fails with UnavailableError after this long (default 5000 ms). */
  pingTimeoutMs?: number;
}

/** Raw $all records per read while skipping system events. */
const SCAN_PAGE = 500;

export function openEsdbEventStore(options: EsdbEventStoreOptions): EsdbEventStore {
  return new EsdbEventStore(EventStoreDBClient.connectionString(options.connectionString), {
    pingTimeoutMs: options.pingTimeoutMs ?? 5000,
  });
}

export class EsdbEventStore implements EventStore {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly settings: { pingTimeoutMs: number },
  ) {}

  async append(appends: StreamAppend[]): Promise<AppendOutcome[]> {
    const outcomes: AppendOutcome[] = [];
    for (const append of appends) outcomes.push(await this.appendToStream(append));
    return outcomes;
  }

  async readStream(stream: string): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, { direction: FORWARDS, fromRevision: START })) {
        if (resolved.event) events.push(toStoredEvent(resolved.event, resolved.event.position));
      }
    } catch (err) {
      if (err instanceof Error && isCommandError(err) && err.type === ErrorType.STREAM_NOT_FOUND) return [];
      throw translateEsdbError(err);
    }
    return events;
  }

  /**
   * The 6.x client's readAll has no server-side filter (only subscribeToAll has), so system and
   * foreign events are skipped here, reading on until `maxCount` hub events or the end of the log.
   */
  async readAll(after: bigint | null, maxCount: number): Promise<StoredEvent[]> {
    const found: StoredEvent[] = [];
    if (!(maxCount > 0)) return found;
    // Reading $all forwards from a position includes the event at that position: skip up to it.
    let floor = after;
    let from: ReadPosition = after === null ? START : toPosition(after);
    for (;;) {
      const page = await this.readAllPage(from, FORWARDS);
      for (const record of page) {
        const position = record.position.commit;
        if (floor !== null && position <= floor) continue;
        floor = position;
        if (!isHubEvent(record)) continue;
        found.push(toStoredEvent(record, record.position));
        if (found.length >= maxCount) return found;
      }
      const last = page[page.length - 1];
      if (page.length < SCAN_PAGE || last === undefined) return found;
      from = last.position;
    }
  }

  /** Reads $all backwards from the end to the newest hub event. */
  async headPosition(): Promise<bigint | null> {
    let from: ReadPosition = END;
    for (;;) {
      const page = await this.readAllPage(from, BACKWARDS);
      const newest = page.find(isHubEvent);
      if (newest) return newest.position.commit;
      const last = page[page.length - 1];
      if (page.length < SCAN_PAGE || last === undefined) return null;
      from = last.position; // backwards reads exclude the event at the start position
    }
  }

  /**
   * A one-record read of $all: needs a live connection and read access to the log. The client
   * gives reads no deadline, so the probe sets its own.
   */
  async ping(): Promise<void> {
    const read = this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 });
    const timeoutMs = this.settings.pingTimeoutMs;
    const timer = setTimeout(() => {
      void read.cancel();
      read.destroy(new UnavailableError(`EventStoreDB did not answer within ${timeoutMs} ms.`));
    }, timeoutMs);
    try {
      for await (const _ of read) {
        // one record or none: either way the server answered
      }
    } catch (err) {
      throw translateEsdbError(err);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  /**
   * Catch-up subscription to the hub events after `after` (for the projector), filtered on the
   * server with excludeSystemEvents(). See esdbSubscription.ts for checkpointing rules.
   */
  subscribeAll(after: bigint | null, onEvent: (event: StoredEvent) => Promise<void>): EsdbSubscription {
    return subscribeToHubEvents(this.client, after, onEvent);
  }

  private async appendToStream(append: StreamAppend): Promise<AppendOutcome> {
    if (append.events.length === 0) return this.checkOnly(append);
    try {
      // The port's expected revisions ('no_stream', 'any', exact bigint) are the client's own values.
      const result = await this.client.appendToStream(append.stream, append.events.map(toEventData), {
        expectedRevision: append.expectedRevision,
      });
      return { stream: append.stream, nextExpectedRevision: result.nextExpectedRevision };
    } catch (err) {
      if (err instanceof Error && isCommandError(err) && err.type === ErrorType.WRONG_EXPECTED_VERSION) {
        throw new WrongExpectedRevisionError(
          append.stream,
          describeRevision(append.expectedRevision),
          describeActual(err.actualVersion),
        );
      }
      throw translateEsdbError(err);
    }
  }

  /** An append of no events only checks the expected revision (the server would not say "no stream"). */
  private async checkOnly(append: StreamAppend): Promise<AppendOutcome> {
    let current: bigint | null = null;
    try {
      for await (const resolved of this.client.readStream(append.stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        if (resolved.event) current = resolved.event.revision;
      }
    } catch (err) {
      if (!(err instanceof Error && isCommandError(err) && err.type === ErrorType.STREAM_NOT_FOUND)) throw translateEsdbError(err);
    }
    if (!expectedRevisionHolds(append.expectedRevision, current)) {
      throw new WrongExpectedRevisionError(append.stream, describeRevision(append.expectedRevision), describeRevision(current));
    }
    return { stream: append.stream, nextExpectedRevision: current ?? -1n };
  }

  private async readAllPage(from: ReadPosition, direction: typeof FORWARDS | typeof BACKWARDS): Promise<AllStreamRecordedEvent[]> {
    const records: AllStreamRecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readAll({ fromPosition: from, direction, maxCount: SCAN_PAGE })) {
        if (resolved.event) records.push(resolved.event);
      }
    } catch (err) {
      throw translateEsdbError(err);
    }
    return records;
  }
}

function toEventData(event: NewEvent) {
  return binaryEvent({
    id: event.eventId,
    type: event.type,
    data: event.data,
    // JSON bytes rather than an object: stored exactly as given, parsed back by the client on read.
    metadata: Buffer.from(JSON.stringify(event.metadata), 'utf8'),
  });
}

function describeActual(actual: bigint | 'no_stream'): string {
  return actual === 'no_stream' || actual < 0n ? 'no_stream' : actual.toString();
}
