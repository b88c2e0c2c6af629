// Assembles the HTTP app of one hub process from the routers of the services it runs.
// Returns the app without listening, so tests bind port 0.
import express, { type Express, type Router } from 'express';
import { createOperationsRouter, type ReadinessCheck } from '../kernel/http/health';
import { httpMetricsMiddleware, type HubMetrics } from '../kernel/http/metrics';
import { notFoundHandler, problemMiddleware } from '../kernel/http/problem';
import type { Logger } from '../kernel/logger';

export function createHubApp(deps: {
  metrics: HubMetrics;
  logger: Logger;
  readinessChecks: () => ReadinessCheck[];
  /** Mounted at the root, in order. */
  routers: Router[];
}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetricsMiddleware(deps.metrics));
  app.use(createOperationsRouter({ metrics: deps.metrics, checks: deps.readinessChecks }));
  for (const router of deps.routers) app.use(router);
  app.use(notFoundHandler);
  app.use(problemMiddleware(deps.logger));
  return app;
}
