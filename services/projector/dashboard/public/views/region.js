// #/regions/{code}?year= : region summary (5.2), its communities and designations.
import { h } from '../dom.js';
import { changePct, date, dateTime, decimal1, num, pct } from '../format.js';
import { communityHref, codeHref, parentRegions } from '../router.js';
import { sortableTable } from '../table.js';
import { casualtiesCard } from './casualties.js';
import { hazardsCard } from './hazards.js';
import { badge, card, chartBox, downloads, fig, kpi, kpiRow, notice, raw, table } from './widgets.js';

const CONTROL_ORDER = ['ALL_ACCIDENTS', 'PRODUCTION', 'ROAD_TRAFFIC', 'FIRE'];
const LEVELS = ['CITY', 'PROVINCIAL', 'NATIONAL', 'INTERNATIONAL'];

/**
 * @param {import('./context.js').ViewContext} ctx
 * @param {{ code: string, year: number | null }} route
 * @returns {Promise<import('./context.js').ViewResult>}
 */
export async function regionView(ctx, route) {
  const [summary, list, designations, names] = await Promise.all([
    ctx.api.regionSummary(route.code, route.year),
    ctx.api.communities(route.code),
    ctx.api.designations(route.code),
    ctx.api.divisionNames(parentRegions(route.code)),
  ]);
  const regionName = typeof summary.region?.name === 'string' ? summary.region.name : null;
  const { t } = ctx;
  const year = Number(summary.year);
  const communities = /** @type {any[]} */ (list.communities ?? []);
  const all = summary.casualties?.allAccidents ?? {};

  const node = h(
    'div',
    { class: 'view', testid: 'region-view', 'data-code': route.code, 'data-year': String(year) },
    h(
      'div',
      { class: 'view-head' },
      breadcrumbs(ctx, route.code, year, names, regionName),
      h(
        'h1',
        null,
        regionName ? [raw(regionName, 'region-name'), ' ', h('span', { class: 'code-tag' }, route.code)] : t('regionTitle', { code: route.code }),
        ' ',
        h('span', { class: 'year-tag' }, t('yearLabel', { year })),
      ),
      h('p', { class: 'muted meta' }, t('asOfLabel'), ' ', fig(dateTime(summary.asOf), 'as-of', summary.asOf)),
    ),
    isEmpty(summary) ? notice(t('noDataForYear', { year }), 'info', 'empty-notice') : null,
    kpiRow(
      kpi({ label: t('kpiCommunities'), value: num(summary.communities), testid: 'region-communities', raw: summary.communities }),
      kpi({ label: t('kpiPopulation'), value: num(summary.population), testid: 'region-population', raw: summary.population }),
      kpi({
        label: t('kpiAccidentDeaths'),
        value: num(all.deaths),
        testid: 'region-deaths',
        raw: all.deaths,
        sub: `${t('vsPreviousYear')} ${changePct(all.deathsChangePct)}`,
      }),
      kpi({
        label: t('kpiInjuryCases'),
        value: num(summary.injurySurveillance?.cases),
        testid: 'region-injury-cases',
        raw: summary.injurySurveillance?.cases,
        sub: h(
          'span',
          null,
          `${t('ratePer100k')} `,
          fig(decimal1(summary.injurySurveillance?.ratePer100k), 'region-injury-rate', summary.injurySurveillance?.ratePer100k),
        ),
      }),
      kpi({
        label: t('kpiZeroProduction3y'),
        value: pct(summary.zeroProductionDeaths3YearsPct),
        testid: 'region-zero-production-3y-pct',
        raw: summary.zeroProductionDeaths3YearsPct,
      }),
    ),
    h(
      'div',
      { class: 'grid' },
      deathControlCard(ctx, summary.deathControl ?? []),
      designationsCard(ctx, summary.designations ?? {}, designations.designations ?? [], year, route.code),
      casualtiesCard(ctx, summary.casualties ?? {}, year),
      hazardsCard(ctx, summary.hazards ?? {}, { span: 'full' }),
      communitiesCard(ctx, communities, year, route.code),
    ),
  );
  return { node, year };
}

/** @param {any} s */
function isEmpty(s) {
  const c = s.casualties ?? {};
  const counted = ['allAccidents', 'publicSecurity'].some((k) => Number(c[k]?.incidents ?? 0) > 0);
  return !counted && !Number(s.injurySurveillance?.cases ?? 0) && !Number(s.hazards?.identified ?? 0) && !(s.deathControl ?? []).length;
}

/**
 * The enclosing regions, by name where the division list has one.
 * @param {import('./context.js').ViewContext} ctx @param {string} code @param {number} year
 * @param {Record<string, string>} [names] names of the enclosing regions @param {string | null} [name] this one's
 */
export function breadcrumbs(ctx, code, year, names = {}, name = null) {
  const parents = parentRegions(code);
  return h(
    'nav',
    { class: 'crumbs', 'aria-label': ctx.t('breadcrumbs') },
    parents.map((p) => [
      h('a', { href: codeHref(p, year), testid: `crumb-${p}`, title: p }, names[p] ? raw(names[p]) : p),
      h('span', { 'aria-hidden': 'true' }, ' / '),
    ]),
    h('span', { 'aria-current': 'page', title: code }, name ? raw(name) : code),
  );
}

/** @param {import('./context.js').ViewContext} ctx @param {any[]} entries */
function deathControlCard(ctx, entries) {
  const { t, label } = ctx;
  const sorted = [...entries].sort((a, b) => CONTROL_ORDER.indexOf(a.category) - CONTROL_ORDER.indexOf(b.category));
  if (sorted.length === 0) {
    return card(t('deathControlTitle'), { testid: 'death-control' }, h('p', { class: 'muted', testid: 'death-control-empty' }, t('deathControlNone')));
  }
  const chart = chartBox(t('chartUsedVsElapsed'), Math.max(160, 56 * sorted.length + 50));
  ctx.after(() =>
    ctx.charts.usedVsElapsed(chart.canvas, {
      labels: sorted.map((e) => label('controlCategory', e.category)),
      used: sorted.map((e) => (typeof e.usedPct === 'number' ? e.usedPct : null)),
      elapsed: sorted.map((e) => Number(e.elapsedPct ?? 0)),
      statuses: sorted.map((e) => String(e.status)),
      usedLabel: t('usedPct'),
      elapsedLabel: t('elapsedPct'),
    }),
  );
  const swatch = (/** @type {string} */ tone, /** @type {string} */ text) =>
    h('span', { class: 'legend-item' }, h('span', { class: `swatch swatch-${tone}`, 'aria-hidden': 'true' }), text);
  return card(
    t('deathControlTitle'),
    { testid: 'death-control', note: t('deathControlNote') },
    h(
      'figure',
      null,
      chart.box,
      h(
        'figcaption',
        { class: 'legend' },
        swatch('elapsed', t('elapsedPct')),
        `${t('usedPct')}:`,
        swatch('good', label('controlStatus', 'WITHIN_SCHEDULE')),
        swatch('warn', label('controlStatus', 'OVER_SCHEDULE')),
        swatch('bad', label('controlStatus', 'OVER_CAP')),
      ),
    ),
    table({
      testid: 'death-control-table',
      columns: [
        { label: t('colCategory') },
        { label: t('colCap'), numeric: true, phoneHidden: true },
        { label: t('colDeaths'), numeric: true },
        { label: t('usedPct'), numeric: true },
        { label: t('elapsedPct'), numeric: true, phoneHidden: true },
        { label: t('colStatus') },
      ],
      rows: sorted.map((e) => {
        const id = (/** @type {string} */ f) => `death-control-${e.category}-${f}`;
        return [
          label('controlCategory', e.category),
          fig(num(e.cap), id('cap'), e.cap),
          fig(num(e.deaths), id('deaths'), e.deaths),
          fig(pct(e.usedPct), id('usedPct'), e.usedPct),
          fig(pct(e.elapsedPct), id('elapsedPct'), e.elapsedPct),
          badge(label('controlStatus', e.status), statusTone(e.status), id('status'), e.status),
        ];
      }),
    }),
  );
}

/** @param {string} status @returns {'bad' | 'warn' | 'good'} */
function statusTone(status) {
  return status === 'OVER_CAP' ? 'bad' : status === 'OVER_SCHEDULE' ? 'warn' : 'good';
}

/** @param {import('./context.js').ViewContext} ctx @param {any} counts @param {any[]} list @param {number} year @param {string} region */
function designationsCard(ctx, counts, list, year, region) {
  const { t, label } = ctx;
  return card(
    t('designationsTitle'),
    { testid: 'designations' },
    kpiRow(
      ...LEVELS.map((l) => kpi({ label: label('designationLevel', l), value: num(counts[l]), testid: `designations-${l}`, raw: counts[l] })),
      kpi({
        label: t('dueForReEvaluation'),
        value: num(counts.dueForReEvaluation),
        testid: 'designations-dueForReEvaluation',
        raw: counts.dueForReEvaluation,
        tone: counts.dueForReEvaluation > 0 ? 'warn' : undefined,
      }),
      kpi({ label: t('expired'), value: num(counts.expired), testid: 'designations-expired', raw: counts.expired }),
    ),
    list.length === 0
      ? h('p', { class: 'muted', testid: 'designations-list-empty' }, t('designationsNone'))
      : downloads(ctx, { path: '/designations', query: { region }, filename: `designations-${region}`, testid: 'designations-download' }),
    list.length === 0
      ? null
      : table({
          testid: 'designations-list',
          columns: [
            { label: t('colCommunity') },
            { label: t('colLevel') },
            { label: t('colStatus') },
            { label: t('colDesignatedOn'), phoneHidden: true },
            { label: t('colValidUntil') },
            { label: t('colReEvaluation') },
          ],
          rows: list.map((d) => [
            h('a', { href: communityHref(d.communityCode, year), testid: `designation-${d.communityCode}` }, raw(String(d.name ?? d.communityCode))),
            label('designationLevel', d.level),
            designationBadge(ctx, d.status),
            date(d.designatedOn),
            date(d.validUntil),
            d.reEvaluationDue ? badge(t('reEvaluationDue'), 'warn') : '—',
          ]),
        }),
  );
}

/** @param {import('./context.js').ViewContext} ctx @param {string} status @param {string} [testid] */
export function designationBadge(ctx, status, testid) {
  const tone = status === 'DESIGNATED' ? 'good' : status === 'EXPIRED' ? 'warn' : status === 'REVOKED' ? 'bad' : 'muted';
  return badge(ctx.label('designationStatus', status ?? 'NONE'), tone, testid, status ?? 'NONE');
}

/** @param {import('./context.js').ViewContext} ctx @param {any[]} communities @param {number} year @param {string} region */
function communitiesCard(ctx, communities, year, region) {
  const { t, label } = ctx;
  const levelRank = (/** @type {any} */ c) => (c.designation?.level ? LEVELS.indexOf(c.designation.level) : null);
  return card(
    t('communitiesTitle', { n: communities.length }),
    { span: 'full', testid: 'communities', note: t('communitiesNote') },
    communities.length === 0
      ? null
      : downloads(ctx, { path: '/communities', query: { region }, filename: `communities-${region}`, testid: 'communities-download' }),
    communities.length === 0
      ? h('p', { class: 'muted', testid: 'communities-empty' }, t('communitiesNone'))
      : sortableTable({
          testid: 'communities-table',
          rows: communities,
          sortLabel: t('sortHint'),
          rowTestid: (c) => `community-row-${c.code}`,
          columns: [
            { key: 'code', label: t('colCode'), sortValue: (c) => c.code, cell: (c) => h('a', { href: communityHref(c.code, year) }, c.code) },
            {
              key: 'name',
              label: t('colName'),
              sortValue: (c) => c.name ?? null,
              cell: (c) => h('a', { href: communityHref(c.code, year), testid: `community-link-${c.code}` }, raw(String(c.name ?? c.code))),
            },
            { key: 'type', label: t('colType'), phoneHidden: true, sortValue: (c) => (c.type ? label('communityType', c.type) : null), cell: (c) => (c.type ? label('communityType', c.type) : '—') },
            {
              key: 'population',
              label: t('colPopulation'),
              numeric: true,
              sortValue: (c) => (typeof c.population === 'number' ? c.population : null),
              cell: (c) => fig(num(c.population), `community-${c.code}-population`, c.population ?? null),
            },
            {
              key: 'level',
              label: t('colLevel'),
              sortValue: levelRank,
              cell: (c) => (c.designation?.level ? label('designationLevel', c.designation.level) : '—'),
            },
            {
              key: 'status',
              label: t('colStatus'),
              sortValue: (c) => c.designation?.status ?? 'NONE',
              cell: (c) => designationBadge(ctx, c.designation?.status ?? 'NONE', `community-${c.code}-status`),
            },
          ],
        }),
  );
}
