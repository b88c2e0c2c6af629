// The committee dashboard against the REAL hub (docs/api/committee.md#dashboard): the whole embedded hub in
// this process, fed through the gateway code path — a small demo district (loadDemoDistrict,
// the ingest use case the bureaus' HTTP requests call) and the e2e fixture published over
// HTTP with the test tokens — then Chromium signs in with a committee token and every
// figure on screen is compared with the API's answer for the same token.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoDistrict } from '../../services/hub/demoLoader';
import { silentLogger } from '../../services/kernel/logger';
import { A, REGION, buildSteps, expectedOverviewA } from '../e2e/fixture';
import { TEST_TOKENS, waitUntilReady } from '../support/hubProcess';
import { publish, startTestHub, type TestHub } from '../support/inProcessHub';
import { OFFICE_VIEWPORT, launchChromium } from './browser.js';
import {
  checkCommunitiesSortable,
  checkCommunityView,
  checkEnglishComplete,
  checkForbidden,
  checkNoHorizontalScroll,
  checkPercentFormat,
  checkRegionView,
  checkTokenKeptPrivate,
  fetchExpected,
  openHash,
  runDashboardChecks,
  signIn,
  waitForView,
  watchConsoleErrors,
  watchRequests,
  type DashboardExpectation,
} from './checks.js';
import type { Agreement, CommunityOverview, HazardRow } from './contract.js';

const TIME_ZONE = 'Asia/Shanghai';
const SHOTS = 'test-results/dashboard';
/** A demo community (老城街道) and one outside the district token's region (杭州, 3301). */
const DEMO_COMMUNITY = '610902001';
const OUTSIDE = '330102001';
const token = TEST_TOKENS.committeeDistrict; // region 610902

const localDate = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(d);

async function api<T>(hub: TestHub, path: string, tok: string = token): Promise<{ status: number; body: T }> {
  const res = await fetch(`${hub.baseUrl}${path}`, { headers: { authorization: `Bearer ${tok}`, accept: 'application/json' } });
  return { status: res.status, body: (await res.json()) as T };
}

/** In Chinese, the readiness evidence is in Chinese (the hub's English text kept in data-value). */
async function checkEvidenceInChinese(page: Page, overview: CommunityOverview): Promise<void> {
  for (const i of overview.readiness.indicators) {
    const el = page.locator(`[data-testid="readiness-${i.id}-evidence"]`);
    expect(await el.getAttribute('data-value')).toBe(i.evidence);
    const text = (await el.textContent()) ?? '';
    expect(text).toMatch(/[\u3400-\u9fff]/);
    expect(text).not.toMatch(/[A-Za-z]{3,}/);
  }
}

describe('committee dashboard against the real embedded hub', () => {
  let hub: TestHub;
  let browser: Browser;
  let context: BrowserContext | null = null;
  let requests: ReturnType<typeof watchRequests>;
  let consoleErrors: string[];
  let current: DashboardExpectation;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const now = new Date();
    hub = await startTestHub({ HUB_TIMEZONE: TIME_ZONE });
    // The demo district's history (each weekly batch stamped with its receipt time)...
    const loaded = await loadDemoDistrict({ ingest: hub.hub.ingest!, now, timeZone: TIME_ZONE, logger: silentLogger, scale: 0.2 });
    expect(loaded.submissions).toBeGreaterThan(1000);
    // ...then today's uploads of the fixture over HTTP (communities 610902120/902, year 2025).
    for (const step of buildSteps(localDate(now))) {
      const res = await publish(hub.baseUrl, step.agency, { events: step.events });
      expect(res.status, await res.clone().text()).toBe(202);
    }
    await waitUntilReady(hub.baseUrl, 60_000);
    current = await fetchExpected(hub.baseUrl, token, { region: REGION, community: DEMO_COMMUNITY });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  async function newPage(): Promise<Page> {
    context = await browser.newContext({ viewport: OFFICE_VIEWPORT, locale: 'zh-CN', timezoneId: TIME_ZONE });
    const page = await context.newPage();
    requests = watchRequests(page);
    consoleErrors = watchConsoleErrors(page);
    return page;
  }

  afterEach(async () => {
    // Every test: nothing asked of a host other than the hub on loopback, no script or CSP error.
    const open = context;
    context = null;
    if (!open) return;
    try {
      expect(requests.offHost()).toEqual([]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await open.close();
    }
  });

  const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: `${SHOTS}/real-hub-${name}.png`, fullPage });

  it('has data to show: the API answers with the demo district and the fixture', () => {
    const codes = current.communities.map((c) => c.code);
    expect(codes).toContain(DEMO_COMMUNITY);
    expect(codes).toContain(A);
    expect(current.summary.year).toBe(Number(localDate(new Date()).slice(0, 4)));
    expect(current.summary.casualties.allAccidents.incidents).toBeGreaterThan(0);
    expect(current.summary.deathControl.length).toBeGreaterThan(0);
    expect(current.overview.injurySurveillance.cases).toBeGreaterThan(0);
    for (const i of current.overview.readiness.indicators) expect(typeof i.evidence).toBe('string');
  });

  it('signs in through the form (Enter), opens the token’s region and shows the API’s figures for the region and a community', async () => {
    const page = await newPage();
    await page.goto(`${hub.baseUrl}/`);
    await waitForView(page, 'signin');
    await page.fill('input[name="token"]', token);
    await page.press('input[name="token"]', 'Enter');
    await waitForView(page, 'region');
    expect(new URL(page.url()).hash).toBe(`#/regions/${REGION}`);
    // Without a year the API's default (the current year) is shown.
    await checkRegionView(page, current);
    await checkPercentFormat(page);
    await checkNoHorizontalScroll(page);
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(3);
    await shot(page, 'region', true);

    await page.click(`[data-testid="community-link-${DEMO_COMMUNITY}"]`);
    await waitForView(page, 'community');
    expect(new URL(page.url()).hash).toBe(`#/communities/${DEMO_COMMUNITY}?year=${current.summary.year}`);
    await checkCommunityView(page, current.overview, current.overdueHazards);
    await checkEvidenceInChinese(page, current.overview);
    await checkPercentFormat(page);
    await checkNoHorizontalScroll(page);
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(6);
    await checkTokenKeptPrivate(page, token, requests.urls);
    await shot(page, 'community', true);
  });

  it('passes the reusable end-to-end checks (sign-in, region with ?year, community from its table)', async () => {
    const page = await newPage();
    await runDashboardChecks(page, hub.baseUrl, token, current);
    await checkTokenKeptPrivate(page, token, requests.urls);
  });

  it('sorts the real communities table by the column clicked', async () => {
    const page = await newPage();
    await signIn(page, hub.baseUrl, token);
    await checkCommunitiesSortable(page, current.communities);
  });

  it('shows the region\'s sharing agreements as the API lists them: who shares what with whom, status and dates', async () => {
    const { status, body } = await api<{ agreements: Agreement[] }>(hub, `/committee/v1/agreements?region=${REGION}`);
    expect(status).toBe(200);
    expect(body.agreements.map((a) => a.status).sort()).toEqual(['ACTIVE', 'ACTIVE', 'REVOKED']);
    const page = await newPage();
    await signIn(page, hub.baseUrl, token);
    await openHash(page, `#/regions/${REGION}`, 'region');
    const rows = page.locator('[data-testid="agreements-list"] tbody tr');
    expect(await rows.count()).toBe(body.agreements.length);
    for (const a of body.agreements) {
      expect(await page.getAttribute(`[data-testid="agreement-status-${a.agreementId}"]`, 'data-value')).toBe(a.status);
      expect(await page.textContent(`[data-testid="agreement-types-${a.agreementId}"]`)).toBe(a.types.join(', '));
    }
    const text = (await page.textContent('[data-testid="agreements"]')) ?? '';
    for (const a of body.agreements) expect(text).toContain(a.validUntil);
    expect(text).toContain('公安');
    expect(text).toContain('卫健');
    await shot(page, 'agreements', true);
  });

  it('shows a past year of a fixture community with the figures worked out by hand', async () => {
    const { body: overview } = await api<CommunityOverview>(hub, `/committee/v1/communities/${A}/overview?year=2025`);
    const { body: overdue } = await api<{ hazards: HazardRow[] }>(hub, `/committee/v1/hazards?region=${A}&status=overdue`);
    // The API's answer is the fixture's hand-worked one (checked in full by the e2e test)...
    expect(overview.casualties).toEqual(expectedOverviewA.casualties);
    expect(overview.hazards).toEqual(expectedOverviewA.hazards);
    expect(overview.designation.lastEvaluation).toMatchObject({ level: 'CITY', evaluatedOn: '2024-10-01', score: 85, maxScore: 100, zeroIndicators: 0, result: 'PASS' });
    expect(overdue.hazards.map((h) => [h.hazardRecordId, h.status])).toEqual([['HZ-S2', 'OVERDUE']]);

    // ...and the page shows it, reached through the year selector.
    const page = await newPage();
    await signIn(page, hub.baseUrl, token);
    await openHash(page, `#/communities/${A}`, 'community');
    await page.selectOption('[data-testid="year-select"]', '2025');
    await page.waitForSelector(`[data-testid="community-view"][data-code="${A}"][data-year="2025"]`);
    expect(new URL(page.url()).hash).toBe(`#/communities/${A}?year=2025`);
    await checkCommunityView(page, overview, overdue.hazards);
    await checkPercentFormat(page);
    expect(await page.textContent('[data-testid="hazards-rectificationRatePct"]')).toBe('50.0%');
    expect(await page.textContent('[data-testid="casualties-allAccidents-deathsChangePct"]')).toBe('+150.0%');
    expect(await page.textContent('[data-testid="designation-lastEvaluation"]')).toContain('85');
    await checkEvidenceInChinese(page, overview);
    await shot(page, 'fixture-2025', true);
  });

  it('has a Chinese rendering of every readiness sentence the hub writes', async () => {
    const browserModule = '../../services/projector/dashboard/public/evidence.js'; // plain JS, served as is
    const { localizeEvidence } = (await import(browserModule)) as {
      localizeEvidence(text: unknown, lang: 'zh' | 'en', label: (kind: string, value: unknown) => string): string | null;
    };
    const label = (kind: string, value: unknown) => `${kind}:${String(value)}`;
    const sentences = new Set<string>();
    const year = current.summary.year;
    for (const c of current.communities) {
      for (const y of [year, year - 1, year - 3]) {
        const { status, body } = await api<CommunityOverview>(hub, `/committee/v1/communities/${c.code}/overview?year=${y}`);
        expect(status).toBe(200);
        for (const i of body.readiness.indicators) sentences.add(String(i.evidence));
      }
    }
    const untranslated = [...sentences].filter((s) => localizeEvidence(s, 'zh', label) === null);
    expect(untranslated).toEqual([]);
    // Met and not met, with and without a survey, both groups or not, all seen.
    expect([...sentences].some((s) => s.startsWith('No awareness survey'))).toBe(true);
    expect([...sentences].some((s) => / no[,;]/.test(s))).toBe(true);
    // In English the hub's own sentence, with the API's term asOf said in words.
    for (const s of sentences) {
      const en = localizeEvidence(s, 'en', label) ?? s;
      expect(en).not.toMatch(/\basOf\b/);
      expect(en.replace('before the data date', 'before asOf')).toBe(s);
    }
  });

  it('shows a clear message (403) for a region or community outside the token’s region', async () => {
    const page = await newPage();
    await signIn(page, hub.baseUrl, token);
    expect((await api(hub, `/committee/v1/communities/${OUTSIDE}/overview`)).status).toBe(403);

    await openHash(page, `#/communities/${OUTSIDE}`, 'error');
    await checkForbidden(page, OUTSIDE);
    await shot(page, 'forbidden');

    // The breadcrumb leads up to the city (6109), which this token may not see either.
    await openHash(page, `#/regions/${REGION}`, 'region');
    await page.click('[data-testid="crumb-6109"]');
    await checkForbidden(page, '6109');

    await page.click('[data-testid="lang-toggle"]');
    await waitForView(page, 'error');
    expect(await page.textContent('[data-testid="error-forbidden"]')).toContain('no access');
  });

  it('refuses the district’s community to the token of another region (3301)', async () => {
    const other = TEST_TOKENS.committeeOther;
    expect((await api(hub, `/committee/v1/communities/${DEMO_COMMUNITY}/overview`, other)).status).toBe(403);
    const page = await newPage();
    // That token sees no community at all: the page says so instead of opening a region.
    await signIn(page, hub.baseUrl, other, 'home');
    expect(await page.locator('[data-testid="no-communities"]').isVisible()).toBe(true);
    await openHash(page, `#/communities/${DEMO_COMMUNITY}`, 'error');
    await checkForbidden(page, DEMO_COMMUNITY);
    await openHash(page, `#/regions/${REGION}`, 'error');
    await checkForbidden(page, REGION);
    await checkTokenKeptPrivate(page, other, requests.urls);
  });

  it('switches to English with every interface string translated and the same figures', async () => {
    const page = await newPage();
    await signIn(page, hub.baseUrl, token);
    await page.click('[data-testid="lang-toggle"]');
    await waitForView(page, 'region');
    await checkEnglishComplete(page);
    await checkRegionView(page, current);
    await shot(page, 'region-en');

    await page.click(`[data-testid="community-link-${DEMO_COMMUNITY}"]`);
    await waitForView(page, 'community');
    await checkEnglishComplete(page);
    await checkCommunityView(page, current.overview, current.overdueHazards);
    // In English the evidence is the hub's own text.
    for (const i of current.overview.readiness.indicators) {
      expect(await page.textContent(`[data-testid="readiness-${i.id}-evidence"]`)).toBe(String(i.evidence).replace('before asOf', 'before the data date'));
    }
    await shot(page, 'community-en', true);
  });

  it('refuses an unknown token at sign-in, keeping nothing', async () => {
    const page = await newPage();
    await page.goto(`${hub.baseUrl}/`);
    await waitForView(page, 'signin');
    await page.fill('input[name="token"]', 'tok-not-issued');
    await page.press('input[name="token"]', 'Enter');
    await page.waitForSelector('[data-testid="signin-error"]');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    // An agency's token is not a committee token.
    await page.fill('input[name="token"]', TEST_TOKENS.police);
    await page.press('input[name="token"]', 'Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="signin-error"]')?.textContent !== '');
    await waitForView(page, 'signin');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('names the region and its enclosing regions in the header and the breadcrumbs', async () => {
    const page = await newPage();
    await signIn(page, hub.baseUrl, token);
    expect(await page.textContent('[data-testid="region-name"]')).toBe('汉滨区');
    expect(await page.textContent('[data-testid="crumb-61"]')).toBe('陕西省');
    expect(await page.textContent('[data-testid="crumb-6109"]')).toBe('安康市');
    await openHash(page, `#/communities/${DEMO_COMMUNITY}`, 'community');
    expect(await page.textContent('[data-testid="crumb-610902"]')).toBe('汉滨区');
  });

  it('downloads every list it shows as CSV (UTF-8 with a BOM) and as an Excel workbook of the same rows', async () => {
    const { readSheet } = await import('read-excel-file/node');
    const page = await newPage();
    await signIn(page, hub.baseUrl, token);
    const fetchFile = async (testid: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${testid}"]`)]);
      return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
    };
    const lists: Array<[string, number, string]> = [
      ['communities-download', current.communities.length, `communities-${REGION}`],
      ['designations-download', (await api<{ designations: unknown[] }>(hub, `/committee/v1/designations?region=${REGION}`)).body.designations.length, `designations-${REGION}`],
    ];
    for (const [testid, rows, filename] of lists) {
      const csv = await fetchFile(`${testid}-csv`);
      expect(csv.name).toBe(`${filename}.csv`);
      expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(csv.bytes.toString('utf8').trimEnd().split('\r\n')).toHaveLength(rows + 1);
      expect(csv.bytes.toString('utf8')).toContain('老城街道');
      const xlsx = await fetchFile(`${testid}-xlsx`);
      expect(xlsx.name).toBe(`${filename}.xlsx`);
      const sheet = await readSheet(xlsx.bytes);
      expect(sheet).toHaveLength(rows + 1);
      expect(JSON.stringify(sheet)).toContain('老城街道');
    }
    if (current.overdueHazards.length > 0) {
      await openHash(page, `#/communities/${DEMO_COMMUNITY}`, 'community');
      const sheet = await readSheet((await fetchFile('hazards-overdue-download-xlsx')).bytes);
      expect(sheet).toHaveLength(current.overdueHazards.length + 1);
      expect(sheet[0]).toContain('description');
    }
  });

  it('keeps the status columns of death control and of the overdue hazards in view on a 390 px phone', async () => {
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB', timezoneId: TIME_ZONE, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    requests = watchRequests(page);
    consoleErrors = watchConsoleErrors(page);
    for (const lang of ['zh', 'en']) {
      await signIn(page, hub.baseUrl, token);
      if (lang === 'en') {
        await page.click('[data-testid="lang-toggle"]');
        await waitForView(page, 'region');
      }
      const inView = async (selector: string) => {
        const boxes = await page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
        expect(boxes.length).toBeGreaterThan(0);
        for (const b of boxes) {
          expect(b.width).toBeGreaterThan(0);
          expect(b.right).toBeLessThanOrEqual(390);
        }
      };
      await inView('[data-testid^="death-control-"][data-testid$="-status"]');
      await checkNoHorizontalScroll(page);
      await shot(page, `phone-region-${lang}`, true);
      if (current.overdueHazards.length > 0) {
        await openHash(page, `#/communities/${DEMO_COMMUNITY}`, 'community');
        await shot(page, `phone-community-${lang}`, true);
        await inView('[data-testid^="overdue-"][data-testid$="-days"]');
        await checkNoHorizontalScroll(page);
      }
      await page.evaluate(() => sessionStorage.clear());
    }
  });
});
