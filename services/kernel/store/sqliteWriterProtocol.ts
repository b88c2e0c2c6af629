// Messages between the hub and its SQLite writer thread. Errors cross the thread boundary as
// plain objects and are rebuilt as the same error classes, so callers see what the
// in-thread store would have thrown.
import { UnavailableError, WrongExpectedRevisionError } from '../errors';
import { EventIdConflictError } from './errors';
import type { AppendOutcome, EventMetadata, ExpectedRevision, NewEvent, StreamAppend } from './eventStore';
import type { EventType } from '../events.generated';

/** `nowMs`: the hub's clock when the group was sent; the writer stamps recordedAt from it. */
export type WriterRequest = { kind: 'group'; id: number; group: PackedGroup; nowMs: number } | { kind: 'close' };

/**
 * A group's requests as a few flat lists and one byte array, which cross to the thread far more
 * cheaply than thousands of event objects (structured clone copies each object, each metadata
 * object and each small Buffer; the packed form is a handful of arrays of strings, and the
 * Avro bytes move without a copy). Metadata goes as the JSON text the store writes.
 */
export interface PackedGroup {
  appendsPerRequest: number[];
  streams: string[];
  expected: ExpectedRevision[];
  eventsPerAppend: number[];
  eventIds: string[];
  types: string[];
  metadata: string[];
  /** Every event's Avro bytes, one after another; event i ends at dataEnds[i]. */
  data: Uint8Array;
  dataEnds: Uint32Array;
}

export function packGroup(requests: readonly (readonly StreamAppend[])[]): { group: PackedGroup; transfer: ArrayBuffer[] } {
  let events = 0;
  let bytes = 0;
  for (const appends of requests) {
    for (const a of appends) {
      events += a.events.length;
      for (const e of a.events) bytes += e.data.byteLength;
    }
  }
  const group: PackedGroup = {
    appendsPerRequest: [], streams: [], expected: [], eventsPerAppend: [], eventIds: [], types: [], metadata: [],
    data: new Uint8Array(bytes),
    dataEnds: new Uint32Array(events),
  };
  let offset = 0;
  let i = 0;
  for (const appends of requests) {
    group.appendsPerRequest.push(appends.length);
    for (const a of appends) {
      group.streams.push(a.stream);
      group.expected.push(a.expectedRevision);
      group.eventsPerAppend.push(a.events.length);
      for (const e of a.events) {
        group.eventIds.push(e.eventId);
        group.types.push(e.type);
        group.metadata.push(JSON.stringify(e.metadata));
        group.data.set(e.data, offset);
        offset += e.data.byteLength;
        group.dataEnds[i++] = offset;
      }
    }
  }
  return { group, transfer: [group.data.buffer as ArrayBuffer, group.dataEnds.buffer as ArrayBuffer] };
}

/** An event unpacked on the writer thread: its metadata stays the JSON text it came as. */
export class PackedEvent implements NewEvent {
  constructor(
    readonly eventId: string,
    readonly type: EventType,
    readonly data: Buffer,
    readonly metadataJson: string,
  ) {}

  get metadata(): EventMetadata {
    return JSON.parse(this.metadataJson) as EventMetadata;
  }
}

export function unpackGroup(group: PackedGroup): StreamAppend[][] {
  const requests: StreamAppend[][] = [];
  const { buffer, byteOffset } = group.data;
  let append = 0;
  let event = 0;
  let start = 0;
  for (const appendCount of group.appendsPerRequest) {
    const appends: StreamAppend[] = [];
    for (let a = 0; a < appendCount; a += 1, append += 1) {
      const events: NewEvent[] = [];
      for (let n = group.eventsPerAppend[append]!; n > 0; n -= 1, event += 1) {
        const end = group.dataEnds[event]!;
        events.push(new PackedEvent(group.eventIds[event]!, group.types[event] as EventType, Buffer.from(buffer, byteOffset + start, end - start), group.metadata[event]!));
        start = end;
      }
      appends.push({ stream: group.streams[append]!, expectedRevision: group.expected[append]!, events });
    }
    requests.push(appends);
  }
  return requests;
}

export type SerialisedError =
  | { name: 'WrongExpectedRevisionError'; stream: string; expected: string; actual: string }
  | { name: 'EventIdConflictError'; eventId: string; stream: string; existingStream: string }
  | { name: 'UnavailableError'; message: string; retryAfterSeconds: number }
  | { name: 'Error'; message: string };

export type WriterReply =
  | { kind: 'ready' }
  | { kind: 'failed'; error: SerialisedError }
  | {
      kind: 'group';
      id: number;
      results?: Array<{ ok: true; outcomes: AppendOutcome[] } | { ok: false; error: SerialisedError }>;
      /** The whole group failed; nothing of it was committed. */
      failure?: SerialisedError;
    };

export function serialiseError(err: unknown): SerialisedError {
  if (err instanceof WrongExpectedRevisionError) return { name: 'WrongExpectedRevisionError', stream: err.stream, expected: err.expected, actual: err.actual };
  if (err instanceof EventIdConflictError) return { name: 'EventIdConflictError', eventId: err.eventId, stream: err.stream, existingStream: err.existingStream };
  if (err instanceof UnavailableError) return { name: 'UnavailableError', message: err.message, retryAfterSeconds: err.retryAfterSeconds };
  return { name: 'Error', message: err instanceof Error ? err.message : String(err) };
}

export function rebuildError(e: SerialisedError): Error {
  switch (e.name) {
    case 'WrongExpectedRevisionError':
      return new WrongExpectedRevisionError(e.stream, e.expected, e.actual);
    case 'EventIdConflictError':
      return new EventIdConflictError(e.eventId, e.stream, e.existingStream);
    case 'UnavailableError':
      return new UnavailableError(e.message, e.retryAfterSeconds);
    default:
      return new Error(e.message);
  }
}
