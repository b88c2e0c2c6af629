// /healthz (alive), /readyz (every dependency usable) and /metrics.
import { Router } from 'express';
import type { HubMetrics } from './metrics';

export interface ReadinessCheck {
  name: string;
  /** Resolves when usable; rejects (or resolves with a reason string) when not. */
  check: () => Promise<void | string>;
}

export function createOperationsRouter(options: { metrics: HubMetrics; checks: () => ReadinessCheck[]; timeoutMs?: number }): Router {
  const router = Router();
  const timeoutMs = options.timeoutMs ?? 3000;
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const reasons: string[] = [];
    await Promise.all(
      options.checks().map(async ({ name, check }) => {
        try {
          const reason = await withTimeout(check(), timeoutMs);
          if (typeof reason === 'string') reasons.push(`${name}: ${reason}`);
        } catch (err) {
          reasons.push(`${name}: ${(err as Error).message}`);
        }
      }),
    );
    if (reasons.length === 0) res.json({ status: 'ready' });
    else res.status(503).setHeader('Retry-After', '5').json({ status: 'unavailable', reasons });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });
  return router;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => { clearTimeout(timer); resolve(v); },
      (e) => { clearTimeout(timer); reject(e); },
    );
  });
}
