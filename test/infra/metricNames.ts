// The metric names operators may rely on (docs/api/operations.md) and a small PromQL scanner
// that finds which metric names an expression reads, for checking dashboards and alerts.
import { Registry, collectDefaultMetrics } from 'prom-client';

/** docs/api/operations.md: name -> type and labels. */
export const OPERATOR_METRICS = {
  hub_events_accepted_total: { type: 'counter', labels: ['agency', 'type'] },
  hub_events_rejected_total: { type: 'counter', labels: ['agency', 'reason'] },
  hub_events_recorded_total: { type: 'counter', labels: ['agency', 'type'] },
  hub_events_duplicate_total: { type: 'counter', labels: ['agency'] },
  hub_events_deadlettered_total: { type: 'counter', labels: ['reason'] },
  hub_projection_lag_events: { type: 'gauge', labels: [] },
  hub_projection_lag_seconds: { type: 'gauge', labels: [] },
  hub_kafka_consumer_lag: { type: 'gauge', labels: ['group', 'topic', 'partition'] },
  hub_projector_lease_held: { type: 'gauge', labels: [] },
  hub_db_pool_connections: { type: 'gauge', labels: ['pool'] },
  hub_db_pool_idle_connections: { type: 'gauge', labels: ['pool'] },
  hub_db_pool_waiting_requests: { type: 'gauge', labels: ['pool'] },
  http_request_duration_seconds: { type: 'histogram', labels: ['method', 'route', 'status_code'] },
  hub_feed_events_served_total: { type: 'counter', labels: ['provider', 'consumer'] },
  hub_feed_requests_total: { type: 'counter', labels: ['consumer', 'status_code'] },
} as const satisfies Record<string, { type: 'counter' | 'gauge' | 'histogram'; labels: readonly string[] }>;

export type ContractMetric = keyof typeof OPERATOR_METRICS;

/** Series names a metric family exposes (histograms: _bucket, _sum, _count). */
export function seriesNames(name: string, type: string): string[] {
  return type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
}

/** prom-client's default process metrics, as the hub's registry exposes them. */
export async function defaultMetricSeriesNames(): Promise<string[]> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const families = await registry.getMetricsAsJSON();
  return families.flatMap((f) => seriesNames(f.name, String(f.type)));
}

/** Every series name a query may read: the contract, prom-client defaults, and Prometheus' `up`. */
export async function allowedSeriesNames(): Promise<Set<string>> {
  const names = new Set<string>(['up']);
  for (const [name, { type }] of Object.entries(OPERATOR_METRICS)) for (const s of seriesNames(name, type)) names.add(s);
  for (const s of await defaultMetricSeriesNames()) names.add(s);
  return names;
}

const KEYWORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'inf', 'nan', 'atan2']);

/**
 * The metric names a PromQL expression selects. Handles label matchers, ranges, grouping
 * clauses, functions and aggregations, string literals and Grafana's $variables. Also
 * accepts a Grafana `label_values(<selector>, <label>)` variable query.
 */
export function metricNamesInExpr(expr: string): string[] {
  let e = expr;
  const lv = /^\s*label_values\(\s*(.*?)\s*,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)\s*$/s.exec(e);
  if (lv) e = lv[1]!;
  e = e
    .replace(/#[^\n]*/g, ' ') // comments
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ') // string literals
    .replace(/\{[^{}]*\}/g, ' ') // label matchers (after strings, so braces inside strings are gone)
    .replace(/\[[^\]]*\]/g, ' ') // ranges and subqueries, including [$__rate_interval]
    .replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, ' 0 ') // Grafana variables elsewhere
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' '); // grouping label lists
  const names = new Set<string>();
  const token = /([0-9][0-9a-zA-Z_.]*)|([a-zA-Z_:][a-zA-Z0-9_:]*)/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(e))) {
    const word = m[2];
    if (!word) continue; // a number or duration
    if (KEYWORDS.has(word.toLowerCase())) continue;
    const rest = e.slice(token.lastIndex);
    if (/^\s*\(/.test(rest)) continue; // a function or aggregation: sum(, rate(, ...
    if (/^\s*(by|without)\b/.test(rest)) continue; // aggregation with a trailing clause: sum by (...) (...)
    names.add(word);
  }
  return [...names];
}
