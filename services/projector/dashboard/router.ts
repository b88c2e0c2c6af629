import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Response, type Router } from 'express';
import type { Divisions } from '../../kernel/divisions';
import { BadRequestError } from '../../kernel/errors';

/**
 * The committee dashboard (docs/api/committee.md#dashboard): `GET /` serves the single page, `/dashboard/*`
 * its ES modules, stylesheet and icon, `/dashboard/vendor/chart.umd.js` the Chart.js
 * build from node_modules. Everything comes from this process: no CDN, no web fonts.
 *
 * Mount it on the app that serves `/committee/v1` (the page calls that API on its own
 * origin). It only answers `GET|HEAD /` and `/dashboard/...`, so it can sit in front of
 * the API routes.
 */
export function createDashboardRouter(deps: { divisions?: Pick<Divisions, 'nameOf'> } = {}): Router {
  const publicDir = fileURLToPath(new URL('./public/', import.meta.url));
  const chartFile = resolveChartUmd();
  const chartVersion = createHash('sha256').update(readFileSync(chartFile)).digest('hex').slice(0, 12);
  const indexHtml = readFileSync(path.join(publicDir, 'index.html'), 'utf8').replaceAll(
    '__CHART_VERSION__',
    chartVersion,
  );

  const router = express.Router();

  router.get('/', (_req, res) => {
    setSecurityHeaders(res);
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(indexHtml);
  });

  // Names of division codes for headers and breadcrumbs: the national list is public data, so
  // no token is needed (the committee API names only the region asked for).
  const divisions = deps.divisions;
  if (divisions) {
    router.get('/dashboard/division-names', (req, res) => {
      const codes = typeof req.query.codes === 'string' ? req.query.codes.split(',') : [];
      if (codes.length === 0 || codes.length > 20 || !codes.every((c) => /^(\d{2}|\d{4}|\d{6}|\d{9})$/.test(c))) {
        throw new BadRequestError('Parameter codes: 1 to 20 division codes of 2, 4, 6 or 9 digits, comma-separated.', 'codes');
      }
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.json({ names: Object.fromEntries(codes.map((c) => [c, divisions.nameOf(c)]).filter(([, name]) => name !== null)) });
    });
  }

  router.get('/dashboard/vendor/chart.umd.js', (_req, res, next) => {
    setSecurityHeaders(res);
    // The page asks for it with ?v=<content hash>, so a new Chart.js gets a new URL.
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.sendFile(chartFile, { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } }, (err) => {
      if (err) next(err);
    });
  });

  router.use(
    '/dashboard',
    express.static(publicDir, {
      index: false,
      dotfiles: 'ignore',
      redirect: false,
      // App files keep stable names: the browser revalidates them (ETag) on every load;
      // the icon may be kept for a day.
      cacheControl: false,
      setHeaders: (res, file) => {
        setSecurityHeaders(res);
        res.setHeader('Cache-Control', file.endsWith('.svg') ? 'public, max-age=86400' : 'no-cache');
      },
    }),
  );

  return router;
}

export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function setSecurityHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
}

function resolveChartUmd(): string {
  // chart.js does not export its UMD build; find it beside the CommonJS entry point.
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.js');
}
