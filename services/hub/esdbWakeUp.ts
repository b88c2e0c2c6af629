// EventStoreDB only: a $all subscription (system events filtered on the server) wakes the
// projector as events arrive; the projector still applies them in pages and persists only the
// positions of events it handled, never the subscription's checkpoint positions. The projector
// also polls, so the subscription only shortens the delay: when it fails (the server is
// unreachable, restarting) it is logged and opened again after a pause, never left to crash the
// process with an unhandled rejection.
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../kernel/logger';
import type { EsdbEventStore } from '../kernel/store/esdb';
import type { ProjectorService } from '../projector/service';

export function wakeProjectorOnEsdbEvents(
  store: EsdbEventStore,
  projector: Pick<ProjectorService, 'notify' | 'checkpoint'>,
  logger: Logger,
  retryMs = 5000,
): { stop(): Promise<void> } {
  const stopped = new AbortController();
  let current: { stop(): Promise<void> } | undefined;
  const loop = (async () => {
    while (!stopped.signal.aborted) {
      const subscription = store.subscribeAll(await projector.checkpoint(), async () => projector.notify());
      current = subscription;
      try {
        await subscription.done;
      } catch (err) {
        if (!stopped.signal.aborted) logger.warn('EventStoreDB subscription failed; the projector polls meanwhile', { err: err as Error });
      }
      await delay(retryMs, undefined, { signal: stopped.signal }).catch(() => {});
    }
  })();
  return {
    async stop() {
      stopped.abort();
      await current?.stop();
      await loop;
    },
  };
}
