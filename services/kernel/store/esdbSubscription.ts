// Catch-up subscription to the hub's events in EventStoreDB's $all, for the projector.
//
// Checkpointing: persist only the positions of events actually handled. Filtered $all
// subscriptions also emit "checkpoint reached" positions, and servers have reported checkpoints
// that are not safe resume points (past the last event delivered, or with a prepare part of 0),
// so resuming from one can skip events. This helper never surfaces those checkpoints.
import { START, excludeSystemEvents, type EventStoreDBClient } from '@eventstore/db-client';
import type { StoredEvent } from './eventStore';
import { isHubEvent, toPosition, toStoredEvent } from './esdbMapping';
import { translateEsdbError } from './esdbErrors';

export interface EsdbSubscription {
  /** Stops the subscription; resolves once no further onEvent call will start. */
  stop(): Promise<void>;
  /**
   * Settles when the subscription ends: resolves after stop(), rejects with the server's error
   * (mapped like the store's) or with the error onEvent threw. Callers should await or catch it.
   */
  done: Promise<void>;
}

/** Events after `after` (all when null), one at a time in log order; onEvent is awaited. */
export function subscribeToHubEvents(
  client: EventStoreDBClient,
  after: bigint | null,
  onEvent: (event: StoredEvent) => Promise<void>,
): EsdbSubscription {
  const subscription = client.subscribeToAll({
    fromPosition: after === null ? START : toPosition(after),
    filter: excludeSystemEvents(),
  });
  let stopping = false;
  const done = (async () => {
    try {
      for await (const resolved of subscription) {
        const record = resolved.event;
        if (!record || !isHubEvent(record)) continue;
        // A subscription starts after its position; the guard only makes that explicit.
        if (after !== null && record.position.commit <= after) continue;
        await onEvent(toStoredEvent(record, record.position));
      }
    } catch (err) {
      if (!stopping) throw translateEsdbError(err);
    } finally {
      if (!stopping) await subscription.unsubscribe();
    }
  })();
  return {
    async stop() {
      if (stopping) return;
      stopping = true;
      await subscription.unsubscribe();
      subscription.destroy(); // ends the for-await loop even if the server stream never closes
      await done.catch(() => undefined); // its outcome is reported through `done` itself
    },
    done,
  };
}
