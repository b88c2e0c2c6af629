// Appends published events to the event store under the revision rules. Used in-process
// by the embedded bus and by the Kafka consumer in distributed mode.
import { recordStream } from '../kernel/bus/eventBus';
import { RecordTypeConflictError, UnavailableError, WrongExpectedRevisionError, type FieldError, HubError } from '../kernel/errors';
import type { HubMetrics } from '../kernel/http/metrics';
import type { Logger } from '../kernel/logger';
import type { EventStore, NewEvent } from '../kernel/store/eventStore';
import { decide, type RecordOutcome, type StreamSummary } from './decide';

export interface Recorder {
  /**
   * Records a batch. With `conflicts: 'reject'` (embedded gateways) a type conflict rejects
   * the whole batch with RecordTypeConflictError and nothing is written; with 'skip'
   * (Kafka consumer) conflicting events are reported as 'conflict' and the rest recorded.
   */
  record(events: readonly NewEvent[], options: { conflicts: 'reject' | 'skip' }): Promise<RecordOutcome[]>;
}

const MAX_ATTEMPTS = 8;
const YIELD_ABOVE_EVENTS = 250;

export function createRecorder(deps: {
  store: EventStore;
  metrics: HubMetrics;
  logger: Logger;
  /** Called after events were appended (the embedded projector wakes up). */
  onRecorded?: () => void;
}): Recorder {
  const { store, metrics, logger } = deps;

  async function summarise(streams: Set<string>): Promise<ReadonlyMap<string, StreamSummary>> {
    // One read for the whole batch when the store offers it (SQLite); otherwise stream by stream.
    if (store.readStreamSummaries) return store.readStreamSummaries([...streams]);
    const out = new Map<string, StreamSummary>();
    await Promise.all(
      [...streams].map(async (stream) => {
        const events = await store.readStream(stream);
        const last = events[events.length - 1];
        out.set(stream, {
          type: events[0]?.type,
          eventIds: new Set(events.map((e) => e.eventId)),
          lastRevision: last ? last.streamRevision : null,
          highestRevision: events.reduce((max, e) => Math.max(max, e.metadata.revision), 0),
        });
      }),
    );
    return out;
  }

  return {
    async record(events, options) {
      const streams = new Set(events.map((e) => recordStream(e.metadata.agency, e.metadata.sourceRecordId)));
      for (let attempt = 1; ; attempt++) {
        const summaries = await summarise(streams);
        // A big batch gives the event loop back between reading its streams and deciding, so a
        // small request waiting meanwhile goes ahead (the store checks revisions at append anyway).
        if (events.length > YIELD_ABOVE_EVENTS) await new Promise<void>((resolve) => setImmediate(resolve));
        const decision = decide(summaries, events);
        if (options.conflicts === 'reject' && decision.outcomes.includes('conflict')) {
          const conflicts: FieldError[] = decision.outcomes.flatMap((o, index) =>
            o === 'conflict'
              ? [{ index, path: 'type', message: `Record ${events[index]!.metadata.sourceRecordId} already exists with another event type.` }]
              : [],
          );
          throw new RecordTypeConflictError(conflicts);
        }
        try {
          if (decision.appends.length > 0) await store.append(decision.appends);
        } catch (err) {
          // A concurrent writer moved a stream on: read again and re-decide.
          if (err instanceof WrongExpectedRevisionError && attempt < MAX_ATTEMPTS) continue;
          if (err instanceof HubError) throw err;
          throw new UnavailableError('The event store cannot take the write now.', 5, { cause: err });
        }
        countOutcomes(metrics, events, decision.outcomes);
        if (decision.appends.length > 0) {
          logger.debug('recorded', { events: decision.appends.reduce((n, a) => n + a.events.length, 0) });
          deps.onRecorded?.();
        }
        return decision.outcomes;
      }
    },
  };
}

/** One counter update per agency and type of the batch, not one per event. */
function countOutcomes(metrics: HubMetrics, events: readonly NewEvent[], outcomes: readonly RecordOutcome[]): void {
  const recorded = new Map<string, { agency: string; type: string; n: number }>();
  const duplicates = new Map<string, number>();
  outcomes.forEach((outcome, i) => {
    const { type, metadata } = events[i]!;
    if (outcome === 'recorded' || outcome === 'stale') {
      const key = `${metadata.agency}\n${type}`;
      const entry = recorded.get(key);
      if (entry) entry.n += 1;
      else recorded.set(key, { agency: metadata.agency, type, n: 1 });
    } else if (outcome === 'duplicate') duplicates.set(metadata.agency, (duplicates.get(metadata.agency) ?? 0) + 1);
  });
  for (const { agency, type, n } of recorded.values()) metrics.eventsRecorded.inc({ agency, type }, n);
  for (const [agency, n] of duplicates) metrics.eventsDuplicate.inc({ agency }, n);
}
