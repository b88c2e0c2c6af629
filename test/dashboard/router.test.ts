import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardRouter } from '../../services/projector/dashboard/router.js';

describe('dashboard router', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(createDashboardRouter());
    app.get('/committee/v1/communities', (_req, res) => res.json({ communities: [] }));
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves the page at / with a strict content security policy and revalidation', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("form-action 'none'");
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toMatch(/src="dashboard\/vendor\/chart\.umd\.js\?v=[0-9a-f]{12}"/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves the Chart.js build from node_modules under a versioned, long-cached URL', async () => {
    const html = await (await fetch(`${base}/`)).text();
    const src = /src="(dashboard\/vendor\/chart\.umd\.js\?v=[0-9a-f]+)"/.exec(html)?.[1];
    const res = await fetch(`${base}/${src}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toContain('Chart.js');
  });

  it('serves the app modules and stylesheet with revalidation', async () => {
    for (const [path, type] of [
      ['app.js', /javascript/],
      ['views/community.js', /javascript/],
      ['styles.css', /^text\/css/],
    ] as const) {
      const res = await fetch(`${base}/dashboard/${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(type);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      expect(res.headers.get('content-security-policy'), path).toContain("default-src 'self'");
    }
  });

  it('serves nothing outside its public folder and leaves other paths to the app', async () => {
    expect((await fetch(`${base}/dashboard/..%2Frouter.ts`)).status).toBe(404);
    expect((await fetch(`${base}/dashboard/%2e%2e/router.ts`)).status).toBe(404);
    expect((await fetch(`${base}/dashboard/nope.js`)).status).toBe(404);
    const api = await fetch(`${base}/committee/v1/communities`);
    expect(api.status).toBe(200);
    expect(api.headers.get('content-security-policy')).toBeNull();
  });
});
