import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OFFICE_VIEWPORT, launchChromium } from './browser.js';
import {
  checkCommunitiesSortable,
  checkCommunityView,
  checkEmptyYear,
  checkEnglishComplete,
  checkForbidden,
  checkNoHorizontalScroll,
  checkPercentFormat,
  checkRegionView,
  checkTokenKeptPrivate,
  openHash,
  runDashboardChecks,
  signIn,
  waitForView,
  watchConsoleErrors,
  watchRequests,
} from './checks.js';
import {
  CITY_SUMMARY,
  COMMUNITIES,
  DESIGNATIONS,
  DISTRICT_SUMMARY,
  FIXTURE_YEAR,
  LAOCHENG_OVERVIEW,
  OVERDUE_HAZARDS,
} from './fixtures.js';
import { startDashboardTestServer, type DashboardTestServer } from './server.js';

const CITY_TOKEN = 'cmt_6109_Jq8vR2xLm4TzW9pK';
const DISTRICT_TOKEN = 'cmt_610902_Hd3nB7sQe5YcU1fA';
const REVOCABLE_TOKEN = 'cmt_6109_Rv6wZ0kPa2MbN8tC';
const SHOTS = 'test-results/dashboard';

const cityExpectation = { summary: CITY_SUMMARY, communities: COMMUNITIES, designations: DESIGNATIONS };

describe('committee dashboard in a browser', () => {
  let server: DashboardTestServer;
  let browser: Browser;
  let context: BrowserContext | null = null;
  let requests: ReturnType<typeof watchRequests>;
  let consoleErrors: string[];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startDashboardTestServer({ [CITY_TOKEN]: '6109', [DISTRICT_TOKEN]: '610902', [REVOCABLE_TOKEN]: '6109' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(): Promise<Page> {
    context = await browser.newContext({ viewport: OFFICE_VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    requests = watchRequests(page);
    consoleErrors = watchConsoleErrors(page);
    return page;
  }

  afterEach(async () => {
    // Every test: nothing was fetched from anywhere but the hub, and no script or CSP error.
    expect(requests.offHost()).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context?.close();
    context = null;
  });

  const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });

  it('signs in through the token form (Enter) and opens the region of the token with the API’s figures', async () => {
    const page = await newPage();
    await page.goto(`${server.baseUrl}/`);
    await waitForView(page, 'signin');
    await shot(page, '01-sign-in');
    await page.fill('input[name="token"]', CITY_TOKEN);
    await page.press('input[name="token"]', 'Enter');
    await waitForView(page, 'region');

    expect(new URL(page.url()).hash).toBe('#/regions/6109');
    await checkRegionView(page, cityExpectation);
    await checkPercentFormat(page);
    await checkNoHorizontalScroll(page);
    await checkTokenKeptPrivate(page, CITY_TOKEN, requests.urls);
    expect(server.api.calls.some((c) => c.authorization === `Bearer ${CITY_TOKEN}` && c.status === 200)).toBe(true);
    await shot(page, '02-region');
    await shot(page, '02-region-full', true);
  });

  it('sorts the communities table by the column header clicked', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, CITY_TOKEN);
    await checkCommunitiesSortable(page, COMMUNITIES);
  });

  it('opens a community from the region’s table and shows every figure of its overview', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, CITY_TOKEN);
    await page.click('[data-testid="community-link-610902001"]');
    await waitForView(page, 'community');

    expect(new URL(page.url()).hash).toBe(`#/communities/610902001?year=${FIXTURE_YEAR}`);
    await checkCommunityView(page, LAOCHENG_OVERVIEW, OVERDUE_HAZARDS);
    await checkPercentFormat(page);
    await checkNoHorizontalScroll(page);
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(6);
    await shot(page, '03-community');
    await shot(page, '03-community-full', true);
  });

  it('changes the year from the selector and says so when a year has no data', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, CITY_TOKEN);
    await openHash(page, `#/communities/610902001?year=${FIXTURE_YEAR}`, 'community');
    await page.selectOption('[data-testid="year-select"]', String(FIXTURE_YEAR - 3));

    await page.waitForSelector(`[data-testid="community-view"][data-year="${FIXTURE_YEAR - 3}"]`);
    expect(new URL(page.url()).hash).toBe(`#/communities/610902001?year=${FIXTURE_YEAR - 3}`);
    await checkEmptyYear(page, FIXTURE_YEAR - 3);
    expect(await page.textContent('[data-testid="hazards-rectificationRatePct"]')).toBe('—');
    expect(server.api.calls.some((c) => c.url === `/committee/v1/communities/610902001/overview?year=${FIXTURE_YEAR - 3}`)).toBe(true);
    await shot(page, '04-community-empty-year');
  });

  it('switches to English with every interface string translated, and keeps the choice', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, CITY_TOKEN);
    await page.click('[data-testid="lang-toggle"]');
    await waitForView(page, 'region');
    await checkEnglishComplete(page);
    await checkRegionView(page, cityExpectation);
    expect(await page.textContent('[data-testid="death-control-FIRE-status"]')).toBe('Over the cap');
    await shot(page, '05-region-en');

    await page.click('[data-testid="community-link-610902001"]');
    await waitForView(page, 'community');
    await checkEnglishComplete(page);
    await checkCommunityView(page, LAOCHENG_OVERVIEW, OVERDUE_HAZARDS);
    await shot(page, '06-community-en-full', true);

    await page.reload();
    await waitForView(page, 'community');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.click('[data-testid="lang-toggle"]');
    await waitForView(page, 'community');
    expect(await page.textContent('[data-testid="readiness"] h2')).toBe('安全社区指标达标情况');
  });

  it('shows a clear message, not a blank page, when the token may not see a region (403)', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, DISTRICT_TOKEN);
    expect(new URL(page.url()).hash).toBe('#/regions/610902');
    await checkRegionView(page, {
      summary: DISTRICT_SUMMARY,
      communities: COMMUNITIES.filter((c) => c.code.startsWith('610902')),
      designations: DESIGNATIONS.filter((d) => d.communityCode.startsWith('610902')),
    });

    await page.click('[data-testid="crumb-6109"]');
    await checkForbidden(page, '6109');
    expect(server.api.calls.some((c) => c.url.startsWith('/committee/v1/regions/6109/summary') && c.status === 403)).toBe(true);
    await shot(page, '07-forbidden');

    await openHash(page, '#/communities/610921100', 'error');
    await checkForbidden(page, '610921100');
    await page.click('[data-testid="lang-toggle"]');
    await waitForView(page, 'error');
    expect(await page.textContent('[data-testid="error-forbidden"]')).toContain('no access');
  });

  it('refuses an unknown token at sign-in and sends a revoked session back to sign-in', async () => {
    const page = await newPage();
    await page.goto(`${server.baseUrl}/`);
    await waitForView(page, 'signin');
    await page.fill('input[name="token"]', 'not-a-real-token');
    await page.press('input[name="token"]', 'Enter');
    await page.waitForSelector('[data-testid="signin-error"]');
    expect(await page.textContent('[data-testid="signin-error"]')).toContain('令牌无效');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await shot(page, '08-sign-in-refused');

    await signIn(page, server.baseUrl, REVOCABLE_TOKEN);
    server.api.revoke(REVOCABLE_TOKEN);
    await openHash(page, '#/communities/610902001', 'signin');
    expect(await page.textContent('[data-testid="signin-error"]')).toContain('登录已失效');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('says when the hub cannot be reached and loads again on retry', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, CITY_TOKEN);
    await page.route('**/committee/v1/communities/610902002/overview*', (route) => route.abort('connectionrefused'));
    await openHash(page, `#/communities/610902002?year=${FIXTURE_YEAR}`, 'error');
    expect(await page.locator('[data-testid="error-network"]').isVisible()).toBe(true);

    await page.unroute('**/committee/v1/communities/610902002/overview*');
    await page.click('[data-testid="retry"]');
    await waitForView(page, 'community');
    await page.waitForSelector('[data-testid="community-view"][data-code="610902002"]');
  });

  it('signs out, forgetting the token', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, CITY_TOKEN);
    await page.click('[data-testid="sign-out"]');
    await waitForView(page, 'signin');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.evaluate(() => document.cookie)).toBe('');
  });

  it('passes the reusable end-to-end checks (as the hub’s own browser test will run them)', async () => {
    const page = await newPage();
    await runDashboardChecks(page, server.baseUrl, CITY_TOKEN, {
      summary: DISTRICT_SUMMARY,
      communities: COMMUNITIES.filter((c) => c.code.startsWith('610902')),
      designations: DESIGNATIONS.filter((d) => d.communityCode.startsWith('610902')),
      overview: LAOCHENG_OVERVIEW,
      overdueHazards: OVERDUE_HAZARDS,
    });
  });
});
