import { launchChromium } from './browser.ts';
import { startDashboardTestServer } from './server.ts';
const server = await startDashboardTestServer({ tok: '6109' });
const browser = await launchChromium();
const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, timezoneId: 'Asia/Shanghai' });
const page = await ctx.newPage();
page.on('console', (m) => console.log('console', m.type(), m.text()));
await page.goto(server.baseUrl + '/'); await page.fill('input[name=token]', 'tok'); await page.press('input[name=token]', 'Enter'); await page.waitForSelector('body[data-view="region"]');
const lang = process.argv[2] ?? 'zh';
if (lang === 'en') { await page.click('[data-testid="lang-toggle"]'); await page.waitForSelector('body[data-view="region"]'); }
for (const id of (process.argv[3] ?? 'death-control').split(',')) await page.locator(`[data-testid="${id}"]`).screenshot({ path: `/tmp/rv-${lang}-${id}.png` });
await page.evaluate(() => { location.hash = '#/communities/610902001?year=2024'; }); await page.waitForSelector('[data-testid="community-view"]');
for (const id of (process.argv[4] ?? 'injuries,projects,awareness,readiness,designation,accident-record,activities,freshness,hazards').split(',')) await page.locator(`[data-testid="${id}"]`).screenshot({ path: `/tmp/rv-${lang}-${id}.png` });
await browser.close(); await server.close();
