// The hand-over from gateways to the recorder. Embedded mode: an in-process call into the
// recorder (a 202 means committed to the store). Distributed mode: Kafka (a 202 means
// acknowledged by all in-sync replicas).
import type { NewEvent } from '../store/eventStore';

export interface OutgoingEvent extends NewEvent {
  /** Partition key on Kafka: the community (or region) the event is about. */
  key: string;
}

export interface EventBus {
  /**
   * Resolves once every event is durable. Rejects with RecordTypeConflictError (where the
   * bus can know) or UnavailableError (cannot take the write now); then nothing is written.
   */
  publish(events: OutgoingEvent[]): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Stream of one bureau record: every revision of it is one event of this stream. */
export function recordStream(agency: string, sourceRecordId: string): string {
  return `record-${agency}-${sourceRecordId}`;
}
