// The event store port. SQLite (embedded), PostgreSQL and EventStoreDB (distributed) implement it,
// and all must pass the store contract suite (test/store/contract.ts).
import type { Agency } from '../agency';
import type { EventType } from '../events.generated';

/** What the hub knows about an event besides its Avro bytes. Stored as JSON metadata. */
export interface EventMetadata {
  agency: Agency;
  /** Id of the credential that published it (never the token itself). */
  tokenId: string;
  /** ISO 8601, UTC, assigned by the gateway. */
  receivedAt: string;
  sourceRecordId: string;
  revision: number;
  /** Hex CRC-64-AVRO fingerprint of the writer schema (also inside the single-object bytes). */
  schemaFingerprint: string;
}

export interface NewEvent {
  /** UUID; appends are idempotent by event id. */
  eventId: string;
  type: EventType;
  /** Avro single-object encoding: C3 01, 8-byte LE fingerprint, payload. */
  data: Uint8Array;
  metadata: EventMetadata;
}

export interface StoredEvent extends NewEvent {
  stream: string;
  /** 0-based position of the event within its stream. */
  streamRevision: bigint;
  /** Global position in the log: strictly increasing in read order. */
  position: bigint;
  /**
   * ISO 8601 UTC instant the event entered the log (assigned by the store at append, never lower
   * than the previous event's). "What the log held at asOf" is every event recorded by asOf.
   */
  recordedAt: string;
}

/**
 * `'no_stream'`: the stream must not exist. `'any'`: no check.
 * A bigint: the stream's last event must be at exactly this stream revision.
 */
export type ExpectedRevision = 'no_stream' | 'any' | bigint;

export interface StreamAppend {
  stream: string;
  expectedRevision: ExpectedRevision;
  events: NewEvent[];
}

export interface AppendOutcome {
  stream: string;
  /** Stream revision of the stream's last event after the append (-1n if it still has none). */
  nextExpectedRevision: bigint;
}

/** What the recorder's revision rules need to know of a stream already in the store. */
export interface StreamSummary {
  /** Type of the stream's first event; undefined for a stream that does not exist. */
  type: string | undefined;
  eventIds: ReadonlySet<string>;
  /** Stream revision of its last event, or null for a stream that does not exist. */
  lastRevision: bigint | null;
  /** Highest bureau revision recorded (metadata.revision), 0 when none. */
  highestRevision: number;
}

export interface EventStore {
  /**
   * Appends to one or more streams. Events whose eventId the stream already holds are not
   * written again (idempotency). On a wrong expected revision throws WrongExpectedRevisionError.
   * SQLite and PostgreSQL apply the whole call in one transaction; EventStoreDB stream by stream.
   */
  append(appends: StreamAppend[]): Promise<AppendOutcome[]>;
  /** All events of a stream in order; [] when it does not exist. */
  readStream(stream: string): Promise<StoredEvent[]>;
  /** Events with position > `after` (all from the start when null), at most `maxCount`, in order. */
  readAll(after: bigint | null, maxCount: number): Promise<StoredEvent[]>;
  /**
   * Optional fast path for the recorder: the summaries of many streams in one read, the same as
   * it would derive from readStream of each. Streams that do not exist are left out of the map.
   * The recorder falls back to readStream per stream without it (EventStoreDB).
   */
  readStreamSummaries?(streams: readonly string[]): Promise<Map<string, StreamSummary>>;
  /** Position of the last event in the log, or null when it is empty. */
  headPosition(): Promise<bigint | null>;
  /** Cheap liveness probe for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
