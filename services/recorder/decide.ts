// Pure revision rules (docs/api/events.md): which incoming events are appended, which are
// duplicates, and which would change the type of an existing record.
import { recordStream } from '../kernel/bus/eventBus';
import type { ExpectedRevision, NewEvent, StreamAppend, StreamSummary } from '../kernel/store/eventStore';

/** What the recorder needs to know of a stream already in the store (defined by the store port). */
export type { StreamSummary } from '../kernel/store/eventStore';

export type RecordOutcome = 'recorded' | 'stale' | 'duplicate' | 'conflict';

export interface Decision {
  appends: StreamAppend[];
  /** One per incoming event, in order. 'stale' events are appended (audit) but never counted. */
  outcomes: RecordOutcome[];
}

export const emptyStream: StreamSummary = { type: undefined, eventIds: new Set(), lastRevision: null, highestRevision: 0 };

export function decide(streams: ReadonlyMap<string, StreamSummary>, incoming: readonly NewEvent[]): Decision {
  const working = new Map<string, { type: string | undefined; ids: Set<string>; highest: number; expected: ExpectedRevision; events: NewEvent[] }>();
  const outcomes: RecordOutcome[] = [];
  for (const event of incoming) {
    const stream = recordStream(event.metadata.agency, event.metadata.sourceRecordId);
    let state = working.get(stream);
    if (!state) {
      const known = streams.get(stream) ?? emptyStream;
      state = {
        type: known.type,
        ids: new Set(known.eventIds),
        highest: known.highestRevision,
        expected: known.lastRevision === null ? 'no_stream' : known.lastRevision,
        events: [],
      };
      working.set(stream, state);
    }
    // The type is checked first: the same revision re-sent under another type is a conflict,
    // not a duplicate (event ids do not include the type).
    if (state.type !== undefined && state.type !== event.type) {
      outcomes.push('conflict');
      continue;
    }
    if (state.ids.has(event.eventId)) {
      outcomes.push('duplicate');
      continue;
    }
    state.type = event.type;
    state.ids.add(event.eventId);
    outcomes.push(event.metadata.revision < state.highest ? 'stale' : 'recorded');
    state.highest = Math.max(state.highest, event.metadata.revision);
    state.events.push(event);
  }
  const appends: StreamAppend[] = [];
  for (const [stream, state] of working) {
    if (state.events.length > 0) appends.push({ stream, expectedRevision: state.expected, events: state.events });
  }
  return { appends, outcomes };
}
