// Grafana provisioning and the hub dashboard: the datasource and provider match the compose
// mounts, every query is valid PromQL (promtool) and reads only contract metrics, and every
// contract metric is on the dashboard.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadCompose, repoRoot } from './compose';
import { OPERATOR_METRICS, allowedSeriesNames, metricNamesInExpr, seriesNames } from './metricNames';
import { runPromtool } from './promtool';

const grafanaDir = path.join(repoRoot, 'infra/grafana');
const dashboardFile = path.join(grafanaDir, 'dashboards/hub.json');

interface Target { refId: string; expr: string; datasource?: { type: string; uid: string } }
interface Panel { id: number; type: string; title: string; description?: string; datasource?: { type: string; uid: string }; targets?: Target[]; panels?: Panel[]; gridPos: { h: number; w: number; x: number; y: number } }
interface Dashboard { uid: string; title: string; panels: Panel[]; templating: { list: Array<{ name: string; type: string; datasource?: { uid: string }; query: string | { query: string } }> } }

const dashboard = JSON.parse(fs.readFileSync(dashboardFile, 'utf8')) as Dashboard;
const allPanels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
const queryPanels = allPanels.filter((p) => p.type !== 'row');
const exprs = queryPanels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p, target: t })));
const variableQueries = dashboard.templating.list.filter((v) => v.type === 'query').map((v) => ({ name: v.name, query: typeof v.query === 'string' ? v.query : v.query.query }));

/** Grafana's variables replaced by values Prometheus accepts, so promtool can parse the query. */
function concrete(expr: string): string {
  return expr
    .replace(/\$__rate_interval|\$__interval|\$__range|\$\{__range\}/g, '5m')
    .replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, '.*');
}

describe('Grafana provisioning', () => {
  const compose = loadCompose();
  const grafana = compose.services.grafana!;
  const mounts = (grafana.volumes ?? []).filter((v): v is string => typeof v === 'string').map((v) => v.split(':'));

  it('provisions the stack Prometheus as the default datasource with the uid the dashboard uses', () => {
    const file = parse(fs.readFileSync(path.join(grafanaDir, 'provisioning/datasources/prometheus.yml'), 'utf8')) as {
      apiVersion: number; datasources: Array<{ uid: string; type: string; url: string; isDefault?: boolean }>;
    };
    expect(file.apiVersion).toBe(1);
    expect(file.datasources).toHaveLength(1);
    const ds = file.datasources[0]!;
    expect(ds).toMatchObject({ uid: 'prometheus', type: 'prometheus', url: 'http://prometheus:9090', isDefault: true });
    expect(compose.services.prometheus, 'the datasource host is a compose service').toBeDefined();
    expect(compose.services.prometheus!.ports).toContain('127.0.0.1:9090:9090');
  });

  it('loads dashboards from the folder compose mounts, and mounts provisioning where Grafana reads it', () => {
    const file = parse(fs.readFileSync(path.join(grafanaDir, 'provisioning/dashboards/hub.yml'), 'utf8')) as {
      apiVersion: number; providers: Array<{ type: string; options: { path: string } }>;
    };
    expect(file.apiVersion).toBe(1);
    const provider = file.providers[0]!;
    expect(provider.type).toBe('file');
    const dashMount = mounts.find(([, target]) => target === provider.options.path);
    expect(dashMount, `a volume mounted at ${provider.options.path}`).toBeDefined();
    expect(path.resolve(repoRoot, dashMount![0]!)).toBe(path.join(grafanaDir, 'dashboards'));
    const provMount = mounts.find(([, target]) => target === '/etc/grafana/provisioning');
    expect(path.resolve(repoRoot, provMount![0]!)).toBe(path.join(grafanaDir, 'provisioning'));
    const home = (grafana.environment as Record<string, string>).GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH;
    expect(home).toBe(`${provider.options.path}/hub.json`);
  });
});

describe('hub dashboard', () => {
  it('is a well-formed dashboard: unique ids, panels on the 24-column grid, the provisioned datasource', () => {
    expect(dashboard.uid).toBe('safe-community-hub');
    const ids = allPanels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of allPanels) {
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
      expect(p.gridPos.w, p.title).toBeGreaterThan(0);
      expect(p.gridPos.h, p.title).toBeGreaterThan(0);
    }
    for (const p of queryPanels) {
      expect(p.datasource?.uid, p.title).toBe('prometheus');
      expect(p.description, `${p.title}: say how to read it`).toBeTruthy();
      expect((p.targets ?? []).length, p.title).toBeGreaterThan(0);
      const refIds = (p.targets ?? []).map((t) => t.refId);
      expect(new Set(refIds).size, p.title).toBe(refIds.length);
    }
    for (const v of dashboard.templating.list) expect(v.datasource?.uid ?? 'prometheus', v.name).toBe('prometheus');
  });

  it('queries only contract metrics, prom-client defaults and up', async () => {
    const allowed = await allowedSeriesNames();
    for (const { panel, target } of exprs) {
      const names = metricNamesInExpr(target.expr);
      expect(names.length, `${panel.title} ${target.refId} reads no metric`).toBeGreaterThan(0);
      for (const n of names) expect(allowed.has(n), `${panel.title} ${target.refId}: unknown metric ${n}`).toBe(true);
    }
    for (const v of variableQueries) {
      for (const n of metricNamesInExpr(v.query)) expect(allowed.has(n), `variable ${v.name}: unknown metric ${n}`).toBe(true);
    }
  });

  it('shows every contract metric', () => {
    const used = new Set(exprs.flatMap(({ target }) => metricNamesInExpr(target.expr)));
    for (const [name, { type }] of Object.entries(OPERATOR_METRICS)) {
      expect(seriesNames(name, type).some((s) => used.has(s)), `${name} is on no panel`).toBe(true);
    }
  });

  it('has the panels operators need', () => {
    const all = exprs.map(({ target }) => target.expr.replace(/\s+/g, ' '));
    const has = (re: RegExp) => all.some((e) => re.test(e));
    expect(has(/sum by \(agency\) \(rate\(hub_events_accepted_total/)).toBe(true); // ingest per bureau
    expect(has(/sum by \(agency, reason\) \(rate\(hub_events_rejected_total/)).toBe(true);
    expect(has(/hub_events_deadlettered_total/)).toBe(true);
    expect(has(/hub_kafka_consumer_lag/)).toBe(true);
    expect(has(/hub_projection_lag_events/)).toBe(true);
    expect(has(/hub_projection_lag_seconds/)).toBe(true);
    for (const q of ['0.5', '0.95', '0.99']) {
      expect(has(new RegExp(`histogram_quantile\\(${q.replace('.', '\\.')}, sum by \\(le, route\\) \\(rate\\(http_request_duration_seconds_bucket`)), `p${q}`).toBe(true);
    }
    expect(has(/hub_events_recorded_total/) && has(/hub_events_duplicate_total/)).toBe(true);
    // The shared PostgreSQL read model: who holds the projector lease, per instance, and how
    // many do; the read model's connection pool per instance.
    expect(has(/^max by \(instance\) \(hub_projector_lease_held\{/)).toBe(true);
    expect(has(/^sum\(hub_projector_lease_held\{job="hub"\}\)$/)).toBe(true);
    for (const gauge of ['hub_db_pool_connections', 'hub_db_pool_idle_connections', 'hub_db_pool_waiting_requests']) {
      expect(has(new RegExp(`sum by \\(instance\\) \\(${gauge}\\{[^}]*pool="read_model"`)), gauge).toBe(true);
    }
  });

  it('uses only valid PromQL (every query checked by promtool as a rule)', async () => {
    const rules = [
      ...exprs.map(({ panel, target }) => ({ record: `dashboard:panel_${panel.id}_${target.refId}`, expr: concrete(target.expr) })),
      ...variableQueries.map((v) => ({
        record: `dashboard:variable_${v.name}`,
        expr: concrete(/^label_values\(\s*(.*?)\s*,\s*\w+\s*\)$/s.exec(v.query)?.[1] ?? v.query),
      })),
    ];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-dashboard-'));
    try {
      const file = path.join(dir, 'dashboard-queries.yml');
      fs.writeFileSync(file, stringify({ groups: [{ name: 'dashboard', rules }] }));
      const r = await runPromtool(['check', 'rules', file]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain(`SUCCESS: ${rules.length} rules found`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('metricNamesInExpr', () => {
  it('finds selected metrics and ignores functions, labels, ranges, keywords and variables', () => {
    expect(metricNamesInExpr('sum by (agency) (rate(hub_events_accepted_total{agency=~"$agency"}[$__rate_interval]))')).toEqual(['hub_events_accepted_total']);
    expect(metricNamesInExpr('histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket{route!="unmatched"}[5m]))) > 2')).toEqual(['http_request_duration_seconds_bucket']);
    expect(metricNamesInExpr('a_total / ignoring(x) group_left(y) b offset 1d and on () count(up{job="hub"}) > 0 or vector(0)').sort()).toEqual(['a_total', 'b', 'up']);
    expect(metricNamesInExpr('label_values(up{job="hub"}, service)')).toEqual(['up']);
    expect(metricNamesInExpr('sum(x) without (instance) / 1e3')).toEqual(['x']);
  });
});
