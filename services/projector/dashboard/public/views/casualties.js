// Casualties by category against the previous year (shared by the region and community views).
import { h } from '../dom.js';
import { changePct, num } from '../format.js';
import { card, chartBox, fig } from './widgets.js';

export const CATEGORIES = ['production', 'roadTraffic', 'fire', 'waterwayRail', 'publicSecurity', 'allAccidents'];
const CHART_CATEGORIES = CATEGORIES.filter((c) => c !== 'allAccidents');

/**
 * @param {import('./context.js').ViewContext} ctx
 * @param {Record<string, any>} casualties the `casualties` object of 5.1 / 5.2
 * @param {number} year
 */
export function casualtiesCard(ctx, casualties, year) {
  const { t, label } = ctx;
  const deaths = chartBox(t('chartDeathsByCategory'), 220);
  const injuries = chartBox(t('chartInjuriesByCategory'), 220);
  ctx.after(() => {
    const labels = CHART_CATEGORIES.map((c) => label('category', c));
    const series = (/** @type {string} */ field, /** @type {boolean} */ previous) =>
      CHART_CATEGORIES.map((c) => Number((previous ? casualties[c]?.previousYear?.[field] : casualties[c]?.[field]) ?? 0));
    for (const [box, field] of /** @type {const} */ ([
      [deaths, 'deaths'],
      [injuries, 'injuries'],
    ])) {
      ctx.charts.comparison(box.canvas, {
        labels,
        current: series(field, false),
        previous: series(field, true),
        currentLabel: t('yearLabel', { year }),
        previousLabel: t('yearLabel', { year: year - 1 }),
      });
    }
  });

  const rows = CATEGORIES.map((c) => {
    const v = casualties[c] ?? {};
    const p = v.previousYear ?? {};
    const id = (/** @type {string} */ f) => `casualties-${c}-${f}`;
    return [
      label('category', c),
      fig(num(v.incidents), id('incidents'), v.incidents),
      fig(num(p.incidents), id('previous-incidents'), p.incidents),
      fig(num(v.deaths), id('deaths'), v.deaths),
      fig(num(p.deaths), id('previous-deaths'), p.deaths),
      change(v.deathsChangePct, id('deathsChangePct')),
      fig(num(v.injuries), id('injuries'), v.injuries),
      fig(num(p.injuries), id('previous-injuries'), p.injuries),
      change(v.injuriesChangePct, id('injuriesChangePct')),
    ];
  });

  return card(
    t('casualtiesTitle'),
    { span: 'full', testid: 'casualties', note: t('casualtiesNote') },
    h(
      'div',
      { class: 'split' },
      h('figure', null, h('figcaption', null, t('chartDeathsByCategory')), deaths.box),
      h('figure', null, h('figcaption', null, t('chartInjuriesByCategory')), injuries.box),
    ),
    groupedTable(ctx, rows),
  );
}

/** A year-on-year change: rises are marked (more casualties is worse). @param {number | null | undefined} value @param {string} testid */
export function change(value, testid) {
  const el = fig(changePct(value), testid, value ?? null);
  if (typeof value === 'number' && value > 0) el.classList.add('up');
  if (typeof value === 'number' && value < 0) el.classList.add('down');
  return el;
}

/**
 * Category | incidents (this, previous) | deaths (this, previous, change) | injuries (…).
 * @param {import('./context.js').ViewContext} ctx @param {unknown[][]} rows
 */
function groupedTable(ctx, rows) {
  const { t } = ctx;
  const groups = /** @type {const} */ ([
    ['colIncidents', ['colThisYear', 'colPrevious']],
    ['colDeaths', ['colThisYear', 'colPrevious', 'colChange']],
    ['colInjuries', ['colThisYear', 'colPrevious', 'colChange']],
  ]);
  const starts = new Set([1, 3, 6]);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data', testid: 'casualties-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col', rowspan: '2' }, t('colCategory')),
          groups.map(([g, cols]) => h('th', { scope: 'colgroup', colspan: String(cols.length), class: 'group group-start' }, t(g))),
        ),
        h(
          'tr',
          null,
          groups.flatMap(([, cols]) => cols.map((c, i) => h('th', { scope: 'col', class: i === 0 ? 'num group-start' : 'num' }, t(c)))),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((row, r) =>
          h(
            'tr',
            { class: r === rows.length - 1 ? 'total' : null },
            row.map((cell, i) =>
              i === 0 ? h('th', { scope: 'row' }, cell) : h('td', { class: starts.has(i) ? 'num group-start' : 'num' }, cell),
            ),
          ),
        ),
      ),
    ),
  );
}
