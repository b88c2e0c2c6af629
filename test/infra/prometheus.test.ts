// Prometheus configuration and alert rules, checked with promtool (Debian package
// `prometheus`): config and rules are valid, every alert fires in its unit test, alerts read
// only contract metrics and link to their runbook in docs/operations.md. Also the metrics
// lint helper (checkMetricsText) on the hub's real metric registry.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createMetrics } from '../../services/kernel/http/metrics';
import { repoRoot } from './compose';
import { OPERATOR_METRICS, allowedSeriesNames, metricNamesInExpr } from './metricNames';
import { PROMTOOL_MISSING, checkMetricsText, promtoolPath, runPromtool } from './promtool';

const promDir = path.join(repoRoot, 'infra/prometheus');

interface Rule { alert?: string; record?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }
const rules = (parse(fs.readFileSync(path.join(promDir, 'alerts.yml'), 'utf8')) as { groups: Array<{ name: string; rules: Rule[] }> })
  .groups.flatMap((g) => g.rules);
const alerts = rules.filter((r): r is Rule & { alert: string } => typeof r.alert === 'string');

/** GitHub-style anchors of the Markdown headings in a file. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    out.add(m[1]!.toLowerCase().replace(/`/g, '').replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-'));
  }
  return out;
}

describe('promtool', () => {
  it('is installed (the Debian package prometheus; .ci/run installs it)', () => {
    expect(promtoolPath, PROMTOOL_MISSING).toBeTruthy();
  });

  it('accepts infra/prometheus/prometheus.yml', async () => {
    const r = await runPromtool(['check', 'config', path.join(promDir, 'prometheus.yml')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('accepts infra/prometheus/alerts.yml', async () => {
    const r = await runPromtool(['check', 'rules', path.join(promDir, 'alerts.yml')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('passes the alert unit tests (each alert fires on synthetic series)', async () => {
    const r = await runPromtool(['test', 'rules', 'alerts.test.yml'], { cwd: promDir, timeoutMs: 120_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain('SUCCESS');
  });
});

describe('alert rules', () => {
  it('cover the operational risks named in the contract', () => {
    const names = alerts.map((a) => a.alert);
    expect(names).toEqual(expect.arrayContaining([
      'HubEventsDeadLettered',
      'HubKafkaConsumerLagGrowing',
      'HubProjectionLagGrowing',
      'HubProjectionStale',
      'HubBureauSilent',
      'HubHighRejectionRatio',
      'HubProcessDown',
      'HubRequestLatencyHigh',
      'HubProjectorLeaseNotHeld',
      'HubProjectorLeaseHeldByMany',
    ]));
    expect(new Set(names).size).toBe(names.length);
  });

  it('watch the projector lease of the shared read model: none held for a minute, or more than one', () => {
    const byName = new Map(alerts.map((a) => [a.alert, a]));
    const none = byName.get('HubProjectorLeaseNotHeld')!;
    const flat = (e: string) => e.replace(/\s+/g, ' ').trim();
    expect(flat(none.expr)).toMatch(/^sum\(hub_projector_lease_held\) == 0 and on \(\) count\(hub_db_pool_connections\{pool="read_model"\}\) > 0$/);
    expect(none.for).toBe('1m');
    const many = byName.get('HubProjectorLeaseHeldByMany')!;
    expect(flat(many.expr)).toBe('sum(hub_projector_lease_held) > 1');
    expect(many.for).toBe('1m');
    for (const a of [none, many]) expect(a.labels?.severity, a.alert).toBe('critical');
  });

  it('read only contract metrics, prom-client defaults and up', async () => {
    const allowed = await allowedSeriesNames();
    for (const r of rules) {
      const names = metricNamesInExpr(r.expr);
      expect(names.length, `${r.alert ?? r.record} reads no metric`).toBeGreaterThan(0);
      for (const n of names) expect(allowed.has(n), `${r.alert ?? r.record}: unknown metric ${n}`).toBe(true);
    }
  });

  it('each have a severity, a summary, a description and a runbook section in docs/operations.md', () => {
    const docs = fs.readFileSync(path.join(repoRoot, 'docs/operations.md'), 'utf8');
    const docAnchors = anchors(docs);
    for (const a of alerts) {
      expect(['warning', 'critical'], a.alert).toContain(a.labels?.severity);
      expect(a.annotations?.summary, a.alert).toBeTruthy();
      expect(a.annotations?.description, a.alert).toBeTruthy();
      expect(a.annotations?.runbook, a.alert).toBe(`docs/operations.md#${a.alert.toLowerCase()}`);
      expect(docAnchors.has(a.alert.toLowerCase()), `docs/operations.md lacks a "${a.alert}" heading`).toBe(true);
    }
  });

  it('each have a promtool unit test that expects it to fire', () => {
    const tests = parse(fs.readFileSync(path.join(promDir, 'alerts.test.yml'), 'utf8')) as {
      rule_files: string[];
      tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }> }>;
    };
    expect(tests.rule_files).toEqual(['alerts.yml']);
    const firing = new Set(tests.tests.flatMap((t) => (t.alert_rule_test ?? []).filter((c) => c.exp_alerts.length > 0).map((c) => c.alertname)));
    for (const a of alerts) expect(firing.has(a.alert), `no test where ${a.alert} fires`).toBe(true);
  });
});

describe('checkMetricsText', () => {
  it('accepts the metrics page of the hub registry with every contract metric populated', async () => {
    const m = createMetrics();
    m.eventsAccepted.inc({ agency: 'police', type: 'TrafficCrashReported' });
    m.eventsRejected.inc({ agency: 'fire', reason: 'validation' });
    m.eventsRecorded.inc({ agency: 'police', type: 'TrafficCrashReported' });
    m.eventsDuplicate.inc({ agency: 'police' });
    m.eventsDeadlettered.inc({ reason: 'type_conflict' });
    m.projectionLagEvents.set(3);
    m.projectionLagSeconds.set(0.5);
    m.kafkaConsumerLag.set({ group: 'hub-recorder', topic: 'hub.events.police', partition: '0' }, 7);
    m.httpRequestDuration.observe({ method: 'POST', route: '/agencies/:agency/v1/events', status_code: '202' }, 0.012);
    m.feedEventsServed.inc({ provider: 'police', consumer: 'health' }, 100);
    m.feedRequests.inc({ consumer: 'health', status_code: '200' });
    m.projectorLeaseHeld.set(1);
    m.watchDbPool('event_store', () => ({ total: 4, idle: 3, waiting: 0 }));
    m.watchDbPool('read_model', () => ({ total: 2, idle: 1, waiting: 0 }));
    const text = await m.registry.metrics();
    for (const [name, { type }] of Object.entries(OPERATOR_METRICS)) {
      expect(text, name).toContain(`# TYPE ${name} ${type}`);
    }
    const result = await checkMetricsText(text);
    expect(result.ok, result.output).toBe(true);
  });

  it('accepts a clean hand-written page', async () => {
    const result = await checkMetricsText([
      '# HELP hub_events_accepted_total Events accepted by a gateway (202).',
      '# TYPE hub_events_accepted_total counter',
      'hub_events_accepted_total{agency="police",type="TrafficCrashReported"} 12',
      '# HELP hub_projection_lag_events Events in the store not yet in the read model.',
      '# TYPE hub_projection_lag_events gauge',
      'hub_projection_lag_events 0',
      '',
    ].join('\n'));
    expect(result).toEqual({ ok: true, output: '' });
  });

  it('rejects text that does not parse', async () => {
    const result = await checkMetricsText('hub_events_accepted_total{agency="police" 1\n');
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/pars/i);
  });

  it('rejects lint problems outside the tolerated prom-client defaults', async () => {
    const result = await checkMetricsText('# TYPE hub_events_accepted counter\nhub_events_accepted 1\n');
    expect(result.ok).toBe(false);
    expect(result.output).toContain('hub_events_accepted');
  });

  it('rejects an empty page without calling promtool', async () => {
    expect(await checkMetricsText('')).toEqual({ ok: false, output: 'no samples in the metrics text' });
    expect((await checkMetricsText('# HELP x y\n# TYPE x gauge\n')).ok).toBe(false);
  });
});
