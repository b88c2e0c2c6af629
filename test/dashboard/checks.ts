// Reusable browser checks of the committee dashboard (docs/api/committee.md#dashboard). They compare what
// the page shows (elements with data-testid) with the committee API's JSON, so they work
// against the fake API of the dashboard test and against the real hub alike:
//
//   const expected = await fetchExpected(baseUrl, token, { region: '610902', community: '610902001' });
//   await runDashboardChecks(page, baseUrl, token, expected);
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { PROJECT_DOMAINS, TARGET_GROUPS } from '../../services/projector/domain/enums.js';
import {
  CASUALTY_CATEGORIES,
  type Casualties,
  type CommunityOverview,
  type CommunityRow,
  type DesignationRow,
  type HazardRow,
  type HazardSummary,
  type RegionSummary,
} from './contract.js';

// ---- how figures are written on screen (docs/api/committee.md#dashboard: one decimal and a % sign) ----

export const DASH = '—';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const fmt = {
  num: (v: unknown) => (isNum(v) ? String(v) : DASH),
  pct: (v: unknown) => (isNum(v) ? `${v.toFixed(1)}%` : DASH),
  change: (v: unknown) => (isNum(v) ? `${v > 0 ? '+' : ''}${v.toFixed(1)}%` : DASH),
  decimal1: (v: unknown) => (isNum(v) ? v.toFixed(1) : DASH),
  date: (v: unknown) => (typeof v === 'string' && v !== '' ? v : DASH),
};

export type View = 'signin' | 'region' | 'community' | 'error' | 'home';

/** Shown text and data-value of every element with a data-testid. */
export async function readFigures(page: Page): Promise<Record<string, { text: string; value: string | null }>> {
  return page.evaluate(() => {
    const out: Record<string, { text: string; value: string | null }> = {};
    for (const el of Array.from(document.querySelectorAll('[data-testid]'))) {
      out[el.getAttribute('data-testid') ?? ''] = {
        text: (el.textContent ?? '').trim(),
        value: el.getAttribute('data-value') ?? el.getAttribute('data-covered'),
      };
    }
    return out;
  });
}

/** Compares the figures a view shows with the expected text (and attribute values). */
async function expectFigures(page: Page, texts: Record<string, string>, values: Record<string, string> = {}) {
  const shown = await readFigures(page);
  const actualTexts = Object.fromEntries(Object.keys(texts).map((k) => [k, shown[k]?.text ?? '(missing)']));
  const actualValues = Object.fromEntries(Object.keys(values).map((k) => [k, shown[k]?.value ?? '(missing)']));
  expect(actualTexts).toEqual(texts);
  expect(actualValues).toEqual(values);
}

export async function waitForView(page: Page, view: View, timeout = 15_000): Promise<void> {
  await page.waitForSelector(`body[data-view="${view}"]`, { timeout });
}

/** Opens the dashboard, types the token into the sign-in form and presses Enter. */
export async function signIn(page: Page, baseUrl: string, token: string, expectView: View = 'region'): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await waitForView(page, 'signin');
  await page.fill('input[name="token"]', token);
  await page.press('input[name="token"]', 'Enter');
  await waitForView(page, expectView);
}

export async function openHash(page: Page, hash: string, view: View): Promise<void> {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
  await page.waitForFunction((h) => window.location.hash === h, hash);
  await waitForView(page, view);
}

// ---- expected figures ----

function casualtyFigures(c: Casualties): Record<string, string> {
  const out: Record<string, string> = {};
  for (const cat of CASUALTY_CATEGORIES) {
    const v = c[cat];
    for (const f of ['incidents', 'deaths', 'injuries'] as const) {
      out[`casualties-${cat}-${f}`] = fmt.num(v[f]);
      out[`casualties-${cat}-previous-${f}`] = fmt.num(v.previousYear[f]);
    }
    out[`casualties-${cat}-deathsChangePct`] = fmt.change(v.deathsChangePct);
    out[`casualties-${cat}-injuriesChangePct`] = fmt.change(v.injuriesChangePct);
  }
  return out;
}

function hazardFigures(h: HazardSummary): Record<string, string> {
  return {
    'hazards-identified': fmt.num(h.identified),
    'hazards-rectified': fmt.num(h.rectified),
    'hazards-open': fmt.num(h.open),
    'hazards-overdue': fmt.num(h.overdue),
    'hazards-majorOpen': fmt.num(h.majorOpen),
    'hazards-rectificationRatePct': fmt.pct(h.rectificationRatePct),
  };
}

export interface RegionExpectation {
  summary: RegionSummary;
  communities: CommunityRow[];
  designations: DesignationRow[];
}

/** The region view (#/regions/{code}) shows the summary, death control, designations and communities. */
export async function checkRegionView(page: Page, { summary, communities, designations }: RegionExpectation): Promise<void> {
  await page.waitForSelector(`[data-testid="region-view"][data-code="${summary.region.code}"][data-year="${summary.year}"]`);
  const texts: Record<string, string> = {
    'region-communities': fmt.num(summary.communities),
    'region-population': fmt.num(summary.population),
    'region-deaths': fmt.num(summary.casualties.allAccidents.deaths),
    'region-injury-cases': fmt.num(summary.injurySurveillance.cases),
    'region-injury-rate': fmt.decimal1(summary.injurySurveillance.ratePer100k),
    'region-zero-production-3y-pct': fmt.pct(summary.zeroProductionDeaths3YearsPct),
    ...casualtyFigures(summary.casualties),
    ...hazardFigures(summary.hazards),
  };
  const values: Record<string, string> = {};
  for (const d of summary.deathControl) {
    const id = `death-control-${d.category}`;
    texts[`${id}-cap`] = fmt.num(d.cap);
    texts[`${id}-deaths`] = fmt.num(d.deaths);
    texts[`${id}-usedPct`] = fmt.pct(d.usedPct);
    texts[`${id}-elapsedPct`] = fmt.pct(d.elapsedPct);
    values[`${id}-status`] = d.status;
  }
  for (const [k, v] of Object.entries(summary.designations)) texts[`designations-${k}`] = fmt.num(v);
  for (const c of communities) {
    texts[`community-${c.code}-population`] = fmt.num(c.population);
    values[`community-${c.code}-status`] = c.designation.status;
  }
  await expectFigures(page, texts, values);

  const rowCodes = await page.$$eval('[data-testid="communities-table"] tbody tr', (rows) =>
    rows.map((r) => (r.getAttribute('data-testid') ?? '').replace('community-row-', '')),
  );
  expect(rowCodes.sort()).toEqual(communities.map((c) => c.code).sort());
  for (const d of designations) {
    expect(await page.locator(`[data-testid="designation-${d.communityCode}"]`).count()).toBe(1);
  }
}

/** Clicking a column header of the communities table sorts by it; clicking again reverses. */
export async function checkCommunitiesSortable(page: Page, communities: CommunityRow[]): Promise<void> {
  const codesInOrder = () =>
    page.$$eval('[data-testid="communities-table"] tbody tr', (rows) =>
      rows.map((r) => (r.getAttribute('data-testid') ?? '').replace('community-row-', '')),
    );
  const byPopulation = [...communities].filter((c) => c.population !== null).sort((a, b) => (a.population ?? 0) - (b.population ?? 0));
  await page.click('[data-testid="sort-population"]');
  expect((await codesInOrder()).slice(0, byPopulation.length)).toEqual(byPopulation.map((c) => c.code));
  await page.click('[data-testid="sort-population"]');
  expect((await codesInOrder()).slice(0, byPopulation.length)).toEqual(byPopulation.map((c) => c.code).reverse());
  await page.click('[data-testid="sort-code"]');
  expect(await codesInOrder()).toEqual(communities.map((c) => c.code).sort());
}

/** The community view (#/communities/{code}) shows every figure of the overview (5.1). */
export async function checkCommunityView(page: Page, overview: CommunityOverview, overdueHazards: HazardRow[] = []): Promise<void> {
  await page.waitForSelector(`[data-testid="community-view"][data-code="${overview.community.code}"][data-year="${overview.year}"]`);
  const ov = overview;
  const inj = ov.injurySurveillance;
  const texts: Record<string, string> = {
    'community-code': ov.community.code,
    'community-population': fmt.num(ov.community.population),
    'provisional-records': fmt.num(ov.provisional.records),
    ...casualtyFigures(ov.casualties),
    ...hazardFigures(ov.hazards),
    'injury-cases': fmt.num(inj.cases),
    'injury-deaths': fmt.num(inj.deaths),
    'injury-rate': fmt.decimal1(inj.ratePer100k),
    'projects-total': fmt.num(ov.promotionProjects.total),
    'projects-active': fmt.num(ov.promotionProjects.active),
    'projects-completed': fmt.num(ov.promotionProjects.completed),
    'designation-designatedOn': fmt.date(ov.designation.designatedOn),
    'designation-validUntil': fmt.date(ov.designation.validUntil),
    'readiness-met': fmt.num(ov.readiness.met),
    'readiness-total': fmt.num(ov.readiness.total),
  };
  if (ov.community.name) texts['community-name'] = ov.community.name;
  const values: Record<string, string> = { 'designation-status': ov.designation.status };
  for (const [g, n] of Object.entries(ov.productionAccidentsByGrade)) texts[`grade-${g}`] = fmt.num(n);
  for (const [c, n] of Object.entries(ov.zeroDeathYears)) texts[`zero-death-${c}`] = fmt.num(n);
  const maps = [
    ['injury-cause', inj.byCause],
    ['injury-place', inj.byPlace],
    ['injury-intent', inj.byIntent],
    ['injury-sex', inj.bySex],
    ['injury-age', inj.byAgeGroup],
  ] as const;
  for (const [prefix, map] of maps) for (const [k, n] of Object.entries(map)) texts[`${prefix}-${k}`] = fmt.num(n);
  for (const [kind, a] of Object.entries(ov.activities)) {
    texts[`activity-${kind}-count`] = fmt.num(a.count);
    texts[`activity-${kind}-participants`] = fmt.num(a.participants);
    texts[`activity-${kind}-materials`] = fmt.num(a.materials);
  }
  for (const [item, a] of Object.entries(ov.awareness)) {
    texts[`awareness-${item}-ratePct`] = fmt.pct(a.ratePct);
    texts[`awareness-${item}-previousYearRatePct`] = fmt.pct(a.previousYearRatePct);
    texts[`awareness-${item}-respondents`] = fmt.num(a.respondents);
  }
  const covered = new Set(ov.promotionProjects.domainsCovered);
  for (const d of PROJECT_DOMAINS) values[`domain-${d}`] = String(covered.has(d));
  const groups = new Set(ov.promotionProjects.vulnerableGroupsCovered);
  for (const g of TARGET_GROUPS) values[`group-${g}`] = String(groups.has(g));
  for (const i of ov.readiness.indicators) values[`readiness-${i.id}`] = String(i.met);
  for (const [agency, at] of Object.entries(ov.dataFreshness)) values[`freshness-${agency}`] = at === null ? 'null' : JSON.stringify(at);
  for (const h of overdueHazards) {
    texts[`overdue-${h.agency}-${h.hazardRecordId}`] = h.hazardRecordId;
    texts[`overdue-${h.agency}-${h.hazardRecordId}-days`] = fmt.num(h.overdueDays);
  }
  await expectFigures(page, texts, values);
  if (overdueHazards.length === 0) expect(await page.locator('[data-testid="hazards-overdue-list-empty"]').count()).toBe(1);
  if (ov.provisional.records > 0) expect(await page.locator('[data-testid="provisional-note"]').isVisible()).toBe(true);
}

/** A refused request (403) shows a clear message naming the code, not a blank page. */
export async function checkForbidden(page: Page, code: string): Promise<void> {
  await waitForView(page, 'error');
  const message = page.locator('[data-testid="error-forbidden"]');
  expect(await message.isVisible()).toBe(true);
  expect(await message.textContent()).toContain(code);
}

/** "No data for this year" instead of a page of zeros without explanation. */
export async function checkEmptyYear(page: Page, year: number): Promise<void> {
  const notice = page.locator('[data-testid="empty-notice"]');
  await notice.waitFor({ state: 'visible' });
  expect(await notice.textContent()).toContain(String(year));
}

/** Percentages on screen have one decimal and a % sign (text from the data, data-raw, excepted). */
export async function checkPercentFormat(page: Page): Promise<void> {
  const bad = await page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-testid]'))
      .filter((el) => el.children.length === 0 && !el.closest('[data-raw]'))
      .map((el) => (el.textContent ?? '').trim())
      .filter((t) => t.includes('%') && !/^[+-]?\d+\.\d%$/.test(t)),
  );
  expect(bad).toEqual([]);
}

/** Usable at 1366x768: nothing wider than the window. */
export async function checkNoHorizontalScroll(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(client);
}

/** In English, no UI text is left in Chinese (names and evidence from the data excepted). */
export async function checkEnglishComplete(page: Page): Promise<void> {
  const leftover = await page.evaluate(() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found: string[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent ?? '';
      if (!/[\u3400-\u9fff]/.test(text)) continue;
      if (n.parentElement?.closest('[data-raw], noscript, option')) continue;
      found.push(text.trim());
    }
    return found;
  });
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  expect(leftover).toEqual([]);
}

/** Records every URL the page asks for, to prove nothing leaves the hub. */
export function watchRequests(page: Page): { urls: string[]; offHost(allowedHosts?: string[]): string[] } {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return {
    urls,
    offHost: (allowedHosts = ['127.0.0.1', 'localhost', '[::1]']) =>
      urls.filter((u) => {
        const url = new URL(u);
        if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return false;
        return !allowedHosts.includes(url.hostname);
      }),
  };
}

/** Console errors other than the browser's own "failed to load" lines for refused requests. */
export function watchConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** The token is in the tab's sessionStorage only: not in the URL, a cookie or localStorage. */
export async function checkTokenKeptPrivate(page: Page, token: string, requestedUrls: string[]): Promise<void> {
  const where = await page.evaluate((t) => {
    const inSession = Object.keys(sessionStorage).some((k) => sessionStorage.getItem(k) === t);
    const inLocal = Object.keys(localStorage).some((k) => (localStorage.getItem(k) ?? '').includes(t));
    return { url: window.location.href.includes(t), cookie: document.cookie.includes(t), inSession, inLocal };
  }, token);
  expect(where).toEqual({ url: false, cookie: false, inSession: true, inLocal: false });
  expect(requestedUrls.filter((u) => u.includes(token))).toEqual([]);
}

// ---- against a real hub ----

async function getJson<T>(baseUrl: string, token: string, path: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as T;
}

export interface DashboardExpectation extends RegionExpectation {
  overview: CommunityOverview;
  overdueHazards: HazardRow[];
}

/** What the dashboard should show, read from the committee API with the same token. */
export async function fetchExpected(
  baseUrl: string,
  token: string,
  o: { region: string; community: string; year?: number },
): Promise<DashboardExpectation> {
  const year = o.year === undefined ? '' : `?year=${o.year}`;
  const [summary, list, designations, overview, hazards] = await Promise.all([
    getJson<RegionSummary>(baseUrl, token, `/committee/v1/regions/${o.region}/summary${year}`),
    getJson<{ communities: CommunityRow[] }>(baseUrl, token, `/committee/v1/communities?region=${o.region}`),
    getJson<{ designations: DesignationRow[] }>(baseUrl, token, `/committee/v1/designations?region=${o.region}`),
    getJson<CommunityOverview>(baseUrl, token, `/committee/v1/communities/${o.community}/overview${year}`),
    getJson<{ hazards: HazardRow[] }>(baseUrl, token, `/committee/v1/hazards?region=${o.community}&status=overdue`),
  ]);
  return { summary, communities: list.communities, designations: designations.designations, overview, overdueHazards: hazards.hazards };
}

/**
 * Signs in with the form, checks the default region view, opens the expected region and
 * the community from its table, and checks both against the API's figures.
 */
export async function runDashboardChecks(page: Page, baseUrl: string, token: string, expected: DashboardExpectation): Promise<void> {
  const { summary, overview } = expected;
  await signIn(page, baseUrl, token);
  await openHash(page, `#/regions/${summary.region.code}?year=${summary.year}`, 'region');
  await checkRegionView(page, expected);
  await checkNoHorizontalScroll(page);
  await page.click(`[data-testid="community-link-${overview.community.code}"]`);
  await waitForView(page, 'community');
  await checkCommunityView(page, overview, expected.overdueHazards);
  await checkNoHorizontalScroll(page);
}
