// One prom-client registry per process, created by the composition root and passed in.
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HubMetrics {
  registry: Registry;
  eventsAccepted: Counter<'agency' | 'type'>;
  eventsRejected: Counter<'agency' | 'reason'>;
  eventsRecorded: Counter<'agency' | 'type'>;
  eventsDuplicate: Counter<'agency'>;
  eventsDeadlettered: Counter<'reason'>;
  projectionLagEvents: Gauge;
  projectionLagSeconds: Gauge;
  kafkaConsumerLag: Gauge<'group' | 'topic' | 'partition'>;
  httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** Runs `measure` on every scrape before hub_kafka_consumer_lag is read; returns the unregister function. */
  measureConsumerLagOnScrape(measure: () => Promise<void>): () => void;
  feedEventsServed: Counter<'provider' | 'consumer'>;
  feedRequests: Counter<'consumer' | 'status_code'>;
  /** PostgreSQL connection pools (DATABASE_URL): open, idle, and requests waiting for a connection. */
  dbPoolConnections: Gauge<'pool'>;
  dbPoolIdleConnections: Gauge<'pool'>;
  dbPoolWaitingRequests: Gauge<'pool'>;
  /** 1 while this process holds the projector lease of a shared (PostgreSQL) read model, else 0. */
  projectorLeaseHeld: Gauge;
  /** Reports a pool's use under `pool` (e.g. "event_store") at every scrape. */
  watchDbPool(pool: string, use: () => DbPoolUse): void;
}

export interface DbPoolUse {
  total: number;
  idle: number;
  waiting: number;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): HubMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  // Consumer lag is measured when scraped, so it has values from the first scrape after a start.
  const lagMeasures = new Set<() => Promise<void>>();
  const pools = new Map<string, () => DbPoolUse>();
  const poolGauge = (name: string, help: string, pick: (use: DbPoolUse) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['pool'],
      registers,
      collect() {
        for (const [pool, use] of pools) this.set({ pool }, pick(use()));
      },
    });
  return {
    registry,
    eventsAccepted: new Counter({ name: 'hub_events_accepted_total', help: 'Events accepted by a gateway (202).', labelNames: ['agency', 'type'], registers }),
    eventsRejected: new Counter({ name: 'hub_events_rejected_total', help: 'Events rejected by a gateway, by reason.', labelNames: ['agency', 'reason'], registers }),
    eventsRecorded: new Counter({ name: 'hub_events_recorded_total', help: 'Events appended to the event store.', labelNames: ['agency', 'type'], registers }),
    eventsDuplicate: new Counter({ name: 'hub_events_duplicate_total', help: 'Events received again with an event id already recorded.', labelNames: ['agency'], registers }),
    eventsDeadlettered: new Counter({ name: 'hub_events_deadlettered_total', help: 'Bus messages moved to the dead-letter topic, by reason.', labelNames: ['reason'], registers }),
    projectionLagEvents: new Gauge({ name: 'hub_projection_lag_events', help: 'Events in the store not yet in the read model.', registers }),
    projectionLagSeconds: new Gauge({ name: 'hub_projection_lag_seconds', help: 'Age of the oldest event not yet in the read model (0 when caught up).', registers }),
    kafkaConsumerLag: new Gauge({
      name: 'hub_kafka_consumer_lag',
      help: 'Messages behind the end of each partition, per consumer group (measured when scraped).',
      labelNames: ['group', 'topic', 'partition'],
      registers,
      collect: async () => {
        await Promise.all([...lagMeasures].map((measure) => measure()));
      },
    }),
    httpRequestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by matched route.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    projectorLeaseHeld: new Gauge({
      name: 'hub_projector_lease_held',
      help: 'With DATABASE_URL: 1 while this process holds the projector lease (it alone writes the shared read model), else 0.',
      registers,
    }),
    dbPoolConnections: poolGauge('hub_db_pool_connections', 'PostgreSQL connections open in the pool (idle or in use).', (u) => u.total),
    dbPoolIdleConnections: poolGauge('hub_db_pool_idle_connections', 'PostgreSQL connections open in the pool and idle.', (u) => u.idle),
    dbPoolWaitingRequests: poolGauge('hub_db_pool_waiting_requests', 'Requests waiting for a free PostgreSQL connection (the pool is exhausted when above 0).', (u) => u.waiting),
    watchDbPool(pool, use) {
      pools.set(pool, use);
    },
    measureConsumerLagOnScrape(measure) {
      lagMeasures.add(measure);
      return () => lagMeasures.delete(measure);
    },
    feedEventsServed: new Counter({ name: 'hub_feed_events_served_total', help: 'Shared events served in feed answers, by provider and consumer.', labelNames: ['provider', 'consumer'], registers }),
    feedRequests: new Counter({ name: 'hub_feed_requests_total', help: 'Feed requests answered, by consumer and HTTP status.', labelNames: ['consumer', 'status_code'], registers }),
  };
}

/** Times every request; the route label is the matched route pattern, never the raw path. */
export function httpMetricsMiddleware(metrics: HubMetrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpRequestDuration.startTimer();
    res.on('finish', () => {
      const pattern = req.route?.path as string | undefined;
      const route = pattern === undefined ? 'unmatched' : `${req.baseUrl}${pattern === '/' && req.baseUrl ? '' : pattern}`;
      end({ method: req.method, route, status_code: String(res.statusCode) });
    });
    next();
  };
}
