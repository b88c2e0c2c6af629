// Hazards found and rectified (隐患排查治理), shared by the region and community views.
import { h } from '../dom.js';
import { date, num, pct } from '../format.js';
import { COLORS } from '../charts.js';
import { badge, card, chartBox, downloads, fig, kpi, kpiRow, raw, table } from './widgets.js';

/**
 * @param {import('./context.js').ViewContext} ctx
 * @param {Record<string, any>} hz the `hazards` object of 5.1 / 5.2
 * @param {{ overdueList?: any[] | null, span?: 'full' | 'half', region?: string }} [opts] overdue hazards (any year) to list, of `region`
 */
export function hazardsCard(ctx, hz, opts = {}) {
  const { t, label } = ctx;
  const chart = chartBox(t('chartHazardsByStatus'), 200);
  const openNotOverdue = Math.max(0, Number(hz.open ?? 0) - Number(hz.overdue ?? 0));
  ctx.after(() =>
    ctx.charts.doughnut(chart.canvas, {
      labels: [label('hazardStatus', 'RECTIFIED'), label('hazardStatus', 'OPEN'), label('hazardStatus', 'OVERDUE')],
      values: [Number(hz.rectified ?? 0), openNotOverdue, Number(hz.overdue ?? 0)],
      colors: [COLORS.good, COLORS.neutral, COLORS.bad],
    }),
  );

  const figures = kpiRow(
    kpi({ label: t('hazardsIdentified'), value: num(hz.identified), testid: 'hazards-identified', raw: hz.identified }),
    kpi({ label: t('hazardsRectified'), value: num(hz.rectified), testid: 'hazards-rectified', raw: hz.rectified }),
    kpi({ label: t('hazardsOpen'), value: num(hz.open), testid: 'hazards-open', raw: hz.open }),
    kpi({
      label: t('hazardsOverdue'),
      value: num(hz.overdue),
      testid: 'hazards-overdue',
      raw: hz.overdue,
      tone: hz.overdue > 0 ? 'bad' : undefined,
    }),
    kpi({ label: t('hazardsMajorOpen'), value: num(hz.majorOpen), testid: 'hazards-majorOpen', raw: hz.majorOpen }),
    kpi({
      label: t('hazardsRate'),
      value: pct(hz.rectificationRatePct),
      testid: 'hazards-rectificationRatePct',
      raw: hz.rectificationRatePct,
    }),
  );

  const list = opts.overdueList;
  return card(
    t('hazardsTitle'),
    { span: opts.span ?? 'full', testid: 'hazards', note: t('hazardsNote') },
    h('div', { class: 'split split-chart-first' }, h('figure', null, h('figcaption', null, t('chartHazardsByStatus')), chart.box), figures),
    list
      ? h(
          'div',
          { class: 'subsection' },
          h('h3', null, t('overdueListTitle')),
          list.length === 0 || !opts.region
            ? null
            : downloads(ctx, {
                path: '/hazards',
                query: { region: opts.region, status: 'overdue' },
                filename: `hazards-${opts.region}-overdue`,
                testid: 'hazards-overdue-download',
              }),
          list.length === 0
            ? h('p', { class: 'muted', testid: 'hazards-overdue-list-empty' }, t('overdueListEmpty'))
            : table({
                testid: 'hazards-overdue-list',
                columns: [
                  { label: t('colRecord') },
                  { label: t('colDescription') },
                  { label: t('colAgency'), phoneHidden: true },
                  { label: t('colSector'), phoneHidden: true },
                  { label: t('colLevel'), phoneHidden: true },
                  { label: t('colIdentifiedOn'), phoneHidden: true },
                  { label: t('colRectifyBy'), phoneHidden: true },
                  { label: t('colOverdueDays'), numeric: true },
                ],
                rows: list.map((x) => [
                  raw(String(x.hazardRecordId), `overdue-${x.agency}-${x.hazardRecordId}`),
                  raw(String(x.description ?? '')),
                  label('agency', x.agency),
                  label('hazardSector', x.sector),
                  x.level === 'MAJOR' ? badge(label('hazardLevel', x.level), 'bad') : label('hazardLevel', x.level),
                  date(x.identifiedOn),
                  date(x.rectifyBy),
                  fig(num(x.overdueDays), `overdue-${x.agency}-${x.hazardRecordId}-days`, x.overdueDays),
                ]),
              }),
        )
      : null,
  );
}
