// Regenerates the dashboard screenshots (docs/images/dashboard-*.png), zh and en, office screen
// and 390 px phone: the whole
// embedded hub in this process with the demo district (HUB_DEMO=1, scale 1, loaded through
// the gateways' ingest as `npm start` does), on a throw-away data dir, and Chromium at the
// office screen size (1366x768), in Chinese, signed in with the district's committee token.
//
//   npx tsx test/dashboard/readme-screenshots.ts [outDir]     (default: docs/images)
//
// Needs Debian's chromium (or CHROMIUM_PATH) and fonts-noto-cjk. See docs/images/README.md.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startHub } from '../../services/hub/compose';
import { parseConfig } from '../../services/kernel/config';
import { silentLogger } from '../../services/kernel/logger';
import { OFFICE_VIEWPORT, launchChromium } from './browser';

const TIME_ZONE = 'Asia/Shanghai';
const REGION = '610902';
const COMMUNITY = '610902001'; // 老城街道
const PHONE_VIEWPORT = { width: 390, height: 844 };

async function main(): Promise<void> {
  const outDir = path.resolve(process.argv[2] ?? 'docs/images');
  fs.mkdirSync(outDir, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-readme-shots-'));
  const started = Date.now();
  const hub = await startHub(parseConfig({ HUB_DATA_DIR: dataDir, HUB_DEMO: '1', HUB_TIMEZONE: TIME_ZONE }), { logger: silentLogger });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = hub.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  try {
    const token = hub.createdTokens?.find((t) => t.role === 'committee' && t.region === REGION)?.token;
    if (!token) throw new Error(`no committee token for ${REGION} was issued`);
    await waitUntilReady(baseUrl);
    console.log(`demo district loaded and projected in ${Date.now() - started} ms`);

    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric' }).format(new Date()));
    const views: Array<[string, string, string]> = [
      ['region', `#/regions/${REGION}?year=${year}`, `[data-testid="region-view"][data-code="${REGION}"][data-year="${year}"]`],
      ['community', `#/communities/${COMMUNITY}?year=${year}`, `[data-testid="community-view"][data-code="${COMMUNITY}"][data-year="${year}"]`],
    ];
    // The README's two images (Chinese, office screen), then each view in zh and en, on the
    // office screen and on a 390 px phone (the phone ones as the whole page).
    const runs: Array<{ lang: 'zh' | 'en'; device: 'desktop' | 'phone'; file: (view: string) => string }> = [
      { lang: 'zh', device: 'desktop', file: (v) => `dashboard-${v}.png` },
      { lang: 'en', device: 'desktop', file: (v) => `dashboard-${v}-en.png` },
      { lang: 'zh', device: 'phone', file: (v) => `dashboard-${v}-phone-zh.png` },
      { lang: 'en', device: 'phone', file: (v) => `dashboard-${v}-phone-en.png` },
    ];
    for (const run of runs) {
      const phone = run.device === 'phone';
      const context = await browser.newContext({
        viewport: phone ? PHONE_VIEWPORT : OFFICE_VIEWPORT,
        locale: run.lang === 'zh' ? 'zh-CN' : 'en-GB',
        timezoneId: TIME_ZONE,
        deviceScaleFactor: 1,
        isMobile: phone,
        hasTouch: phone,
      });
      // The language is a display preference kept in localStorage (see i18n.js).
      await context.addInitScript((lang) => window.localStorage.setItem('hub.dashboard.lang', lang), run.lang);
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error('page error:', e));
      await page.goto(`${baseUrl}/`);
      await page.waitForSelector('body[data-view="signin"]');
      await page.fill('input[name="token"]', token);
      await page.press('input[name="token"]', 'Enter');
      await page.waitForSelector('body[data-view="region"]');
      for (const [view, hash, ready] of views) {
        await page.evaluate((h) => {
          window.location.hash = h;
        }, hash);
        await page.waitForSelector(ready);
        await page.evaluate(async () => {
          await document.fonts.ready;
          window.scrollTo(0, 0);
        });
        await page.waitForTimeout(300); // charts are drawn after the view is in the document
        const target = path.join(outDir, run.file(view));
        await page.screenshot({ path: target, fullPage: phone });
        console.log(`${target}: ${fs.statSync(target).size} bytes`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await hub.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function waitUntilReady(baseUrl: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await fetch(`${baseUrl}/readyz`)).status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the hub was not ready after ${timeoutMs} ms`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
