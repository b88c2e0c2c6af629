/**
 * The fold of one bureau record over its revisions (docs/api/events.md, revision rules).
 * Pure and immutable; the same event applied twice, or revisions applied in any
 * order, give the same state.
 */
import type { Agency } from '../../kernel/agency';
import { instantMs } from '../../kernel/time';
import type { ProjectedEvent, RecordState } from './types';

export function recordKey(agency: Agency, sourceRecordId: string): string {
  return `${agency}/${sourceRecordId}`;
}

export function evolveRecord(state: RecordState | undefined, event: ProjectedEvent): RecordState {
  const { body } = event;
  if (state === undefined) {
    return {
      key: recordKey(event.agency, body.sourceRecordId),
      agency: event.agency,
      sourceRecordId: body.sourceRecordId,
      type: body.type,
      revision: body.revision,
      current: body,
      currentEventId: event.eventId,
      currentReceivedAt: event.receivedAt,
      currentPosition: event.position,
      eventIds: [event.eventId],
      firstReceivedAt: event.receivedAt,
      latestReceivedAt: event.receivedAt,
    };
  }
  if (state.agency !== event.agency || state.sourceRecordId !== body.sourceRecordId) {
    throw new Error(`event ${event.eventId} belongs to ${recordKey(event.agency, body.sourceRecordId)}, not ${state.key}`);
  }
  // A type change is rejected or dead-lettered upstream; should one get here, it never counts.
  if (body.type !== state.type) return state;
  // A duplicate (same agency/sourceRecordId/revision) is recorded and counted once.
  if (state.eventIds.includes(event.eventId)) return state;

  // Only a higher revision replaces the current body; a stale one is kept for the trail.
  const becomesCurrent = body.revision > state.revision;
  return {
    ...state,
    ...(becomesCurrent
      ? {
          revision: body.revision,
          current: body,
          currentEventId: event.eventId,
          currentReceivedAt: event.receivedAt,
          currentPosition: event.position,
        }
      : {}),
    eventIds: [...state.eventIds, event.eventId].sort(),
    firstReceivedAt: earlier(state.firstReceivedAt, event.receivedAt),
    latestReceivedAt: later(state.latestReceivedAt, event.receivedAt),
  };
}

function earlier(a: string, b: string): string {
  return instantMs(b) < instantMs(a) ? b : a;
}

function later(a: string, b: string): string {
  return instantMs(b) > instantMs(a) ? b : a;
}
