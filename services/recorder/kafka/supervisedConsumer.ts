// Keeps the recorder's consumer-group member alive for the life of the process:
// - started in the background, so the process listens (and answers /healthz, /readyz) while the
//   member joins its group, which after a crash of the previous member takes up to its session
//   timeout;
// - created again when kafkajs gives up on it (a crash it does not restart) or could not start it;
// - its state reported to /readyz: not ready until it has joined its group, nor after a crash
//   until it has joined again.
import { setTimeout as delay } from 'node:timers/promises';
import { runBatchConsumer, type BatchConsumerOptions, type RunningBatchConsumer } from './batchConsumer';

export interface SupervisedConsumer {
  /** undefined while a member of its group; otherwise why not. */
  notReadyReason(): string | undefined;
  /** Stops restarting it and stops it (leaving the group). */
  stop(): Promise<void>;
}

export function superviseConsumer(
  options: BatchConsumerOptions,
  settings: { retryMs?: { initial: number; max: number }; start?: typeof runBatchConsumer } = {},
): SupervisedConsumer {
  const start = settings.start ?? runBatchConsumer;
  const backoff = settings.retryMs ?? { initial: 1000, max: 10_000 };
  const { logger } = options;
  let stopped = false;
  let joined = false;
  let reason = 'the recorder is joining its consumer group';
  let current: RunningBatchConsumer | undefined;
  let gaveUp = false;
  let wake: () => void = () => {};
  const stopSignal = new AbortController();

  const pause = (attempt: number) =>
    delay(Math.min(backoff.initial * 2 ** attempt, backoff.max), undefined, { signal: stopSignal.signal }).catch(() => {});

  const loop = (async () => {
    for (let attempt = 0; !stopped; ) {
      gaveUp = false;
      try {
        current = await start({
          ...options,
          onGroupJoin: () => {
            joined = true;
            attempt = 0;
            options.onGroupJoin?.();
          },
          onError: (error, context) => {
            if (context.kind === 'crash') {
              joined = false;
              reason = `the recorder's consumer crashed (${(error as Error)?.message ?? String(error)}); ${context.restart ? 'restarting' : 'starting a new one'}`;
              if (context.restart === false) {
                gaveUp = true;
                wake();
              }
            }
            options.onError?.(error, context);
          },
        });
      } catch (error) {
        reason = `the recorder's consumer cannot start: ${(error as Error)?.message ?? String(error)}`;
        logger.warn('kafka consumer did not start; trying again', { err: error as Error, attempt });
        await pause(attempt++);
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (gaveUp || stopped) resolve();
      });
      if (stopped) return;
      logger.warn('kafka consumer stopped for good; starting a new one', { attempt });
      const dead = current;
      current = undefined;
      await dead.stop().catch(() => {});
      await pause(attempt++);
    }
  })();

  return {
    notReadyReason: () => (joined ? undefined : reason),
    async stop() {
      stopped = true;
      stopSignal.abort();
      wake();
      await loop;
      await current?.stop();
      current = undefined;
    },
  };
}
