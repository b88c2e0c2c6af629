// Pure mapping between EventStoreDB records and the port's StoredEvent.
//
// Positions: EventStoreDB places an event by {commit, prepare} in its transaction log. The gRPC
// API has no explicit transactions, so every event the hub writes is self-committed and its
// commit position equals its prepare position (its own log position): unique per event and
// strictly increasing in $all order. The commit position alone is therefore our bigint
// position, and {commit: p, prepare: p} is the exact read position of that event again.
import type { Position, RecordedEvent } from '@eventstore/db-client';
import type { EventType } from '../events.generated';
import { PoisonEventError } from '../errors';
import { StoreIncompatibleError } from './errors';
import type { EventMetadata, StoredEvent } from './eventStore';

/** The gRPC encoding of "no position" (servers before 22.6 on stream reads). */
const NO_POSITION = 2n ** 64n - 1n;

export function toPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

/**
 * Events the hub wrote: binary data with a JSON metadata object, outside system streams. System
 * events have $-prefixed types ($>, $metadata, $statistics-collected…) or $-prefixed streams;
 * anything else foreign (another program's JSON events) is not part of the hub's log either.
 */
export function isHubEvent(record: RecordedEvent): boolean {
  return (
    !record.type.startsWith('$') &&
    !record.streamId.startsWith('$') &&
    record.data instanceof Uint8Array &&
    isMetadataObject(record.metadata)
  );
}

export function toStoredEvent(record: RecordedEvent, position: Position | undefined): StoredEvent {
  if (position === undefined || position.commit === NO_POSITION) {
    throw new StoreIncompatibleError(
      `EventStoreDB returned event ${record.id} without its $all position; the hub needs EventStoreDB 22.6 or later.`,
    );
  }
  const metadata = toMetadata(record.metadata, record.id);
  // The server stamps `created` when it writes the event: the instant it entered the log.
  const created = (record as { created?: unknown }).created;
  const recordedAt = created instanceof Date && !Number.isNaN(created.getTime()) ? created.toISOString() : metadata.receivedAt;
  return {
    eventId: record.id,
    type: record.type as EventType,
    data: toBuffer(record.data, record.id),
    metadata,
    stream: record.streamId,
    streamRevision: record.revision,
    position: position.commit,
    recordedAt,
  };
}

/** A Buffer view (no copy), so avsc decodes it directly, as with the SQLite store. */
function toBuffer(data: unknown, id: string): Buffer {
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  throw new PoisonEventError('not_binary', `Event ${id} is not a binary event; the hub writes only Avro bytes.`);
}

/** The client parses JSON metadata into an object; anything else was not written by the hub. */
function toMetadata(metadata: unknown, id: string): EventMetadata {
  if (isMetadataObject(metadata)) return metadata as EventMetadata;
  throw new PoisonEventError('bad_metadata', `Event ${id} has no JSON metadata object.`);
}

function isMetadataObject(metadata: unknown): boolean {
  return metadata !== null && typeof metadata === 'object' && !(metadata instanceof Uint8Array) && !Array.isArray(metadata);
}
