// Safety promotion: projects across the 12 domains, vulnerable groups, activities, awareness.
import { h } from '../dom.js';
import { num, pct, pointChange } from '../format.js';
import { card, chartBox, fig, kpi, kpiRow, table } from './widgets.js';

export const DOMAINS = ['TRAFFIC', 'FIRE', 'WORKPLACE', 'HOME', 'ELDERLY', 'CHILDREN', 'SCHOOL', 'PUBLIC_PLACE', 'SPORTS', 'WATER', 'PUBLIC_SECURITY', 'DISASTER_ENVIRONMENT'];
export const TARGET_GROUPS = ['ELDERLY', 'CHILDREN', 'STUDENTS', 'DISABLED', 'WORKERS', 'MIGRANT_WORKERS', 'GENERAL'];
export const ACTIVITY_KINDS = ['PUBLICITY', 'TRAINING', 'DRILL', 'HEALTH_SERVICE'];
export const AWARENESS_ITEMS = ['EMERGENCY_NUMBERS', 'FIRE_SAFETY', 'TRAFFIC_RULES', 'EARTHQUAKE_SAFETY', 'ELECTRICITY_GAS_SAFETY', 'DROWNING_PREVENTION', 'OVERALL'];

/** @param {import('./context.js').ViewContext} ctx @param {any} p the `promotionProjects` object of 5.1 */
export function projectsCard(ctx, p) {
  const { t, label } = ctx;
  const covered = new Set(p.domainsCovered ?? []);
  const groups = new Set(p.vulnerableGroupsCovered ?? []);
  const tile = (/** @type {string} */ kind, /** @type {string} */ key, /** @type {boolean} */ on, /** @type {string} */ testid) =>
    h(
      'li',
      { class: `tile ${on ? 'on' : 'off'}`, testid, 'data-covered': String(on) },
      h('span', { class: 'tile-mark', 'aria-hidden': 'true' }, on ? '✓' : '·'),
      h('span', null, label(kind, key)),
      h('span', { class: 'sr-only' }, on ? t('covered') : t('notCovered')),
    );
  return card(
    t('projectsTitle'),
    { testid: 'projects', note: t('projectsNote') },
    kpiRow(
      kpi({ label: t('projectsTotal'), value: num(p.total), testid: 'projects-total', raw: p.total }),
      kpi({ label: t('projectsActive'), value: num(p.active), testid: 'projects-active', raw: p.active }),
      kpi({ label: t('projectsCompleted'), value: num(p.completed), testid: 'projects-completed', raw: p.completed }),
      kpi({
        label: t('domainsCovered'),
        value: `${DOMAINS.filter((d) => covered.has(d)).length} / ${DOMAINS.length}`,
        testid: 'domains-covered-count',
        raw: DOMAINS.filter((d) => covered.has(d)).length,
      }),
    ),
    h('h3', null, t('domainsTitle')),
    h('ul', { class: 'tiles', testid: 'domain-grid' }, DOMAINS.map((d) => tile('domain', d, covered.has(d), `domain-${d}`))),
    h('h3', null, t('groupsTitle')),
    h('ul', { class: 'tiles tiles-small', testid: 'group-grid' }, TARGET_GROUPS.map((g) => tile('targetGroup', g, groups.has(g), `group-${g}`))),
  );
}

/** @param {import('./context.js').ViewContext} ctx @param {any} a the `activities` object of 5.1 */
export function activitiesCard(ctx, a) {
  const { t, label } = ctx;
  const kinds = [...ACTIVITY_KINDS, ...Object.keys(a ?? {}).filter((k) => !ACTIVITY_KINDS.includes(k))];
  return card(
    t('activitiesTitle'),
    { testid: 'activities', span: 'third', note: t('activitiesNote') },
    table({
      testid: 'activities-table',
      columns: [
        { label: t('colKind') },
        { label: t('colCount'), numeric: true },
        { label: t('colParticipants'), numeric: true },
        { label: t('colMaterials'), numeric: true },
      ],
      rows: kinds.map((k) => {
        const v = a?.[k] ?? {};
        return [
          label('activityKind', k),
          fig(num(v.count ?? 0), `activity-${k}-count`, v.count ?? 0),
          fig(num(v.participants ?? 0), `activity-${k}-participants`, v.participants ?? 0),
          fig(num(v.materials ?? 0), `activity-${k}-materials`, v.materials ?? 0),
        ];
      }),
    }),
  );
}

/** @param {import('./context.js').ViewContext} ctx @param {Record<string, any>} aw the `awareness` object of 5.1 @param {number} year */
export function awarenessCard(ctx, aw, year) {
  const { t, label } = ctx;
  const items = [...AWARENESS_ITEMS.filter((i) => aw?.[i]), ...Object.keys(aw ?? {}).filter((i) => !AWARENESS_ITEMS.includes(i))];
  if (items.length === 0) {
    return card(t('awarenessTitle'), { testid: 'awareness' }, h('p', { class: 'muted', testid: 'awareness-empty' }, t('awarenessNone')));
  }
  const chart = chartBox(t('chartAwareness'), Math.max(160, 34 * items.length + 60));
  ctx.after(() => {
    ctx.charts.comparison(chart.canvas, {
      labels: items.map((i) => label('awarenessItem', i)),
      current: items.map((i) => Number(aw[i]?.ratePct ?? 0)),
      previous: items.map((i) => aw[i]?.previousYearRatePct ?? null),
      currentLabel: t('yearLabel', { year }),
      previousLabel: t('yearLabel', { year: year - 1 }),
      horizontal: true,
      percent: true,
    });
  });
  return card(
    t('awarenessTitle'),
    { testid: 'awareness', note: t('awarenessNote') },
    h('figure', null, chart.box),
    table({
      testid: 'awareness-table',
      columns: [
        { label: t('colItem') },
        { label: t('yearLabel', { year }), numeric: true },
        { label: t('yearLabel', { year: year - 1 }), numeric: true },
        { label: t('colPointChange'), numeric: true },
        { label: t('colRespondents'), numeric: true },
      ],
      rows: items.map((i) => {
        const v = aw[i] ?? {};
        return [
          label('awarenessItem', i),
          fig(pct(v.ratePct), `awareness-${i}-ratePct`, v.ratePct ?? null),
          fig(pct(v.previousYearRatePct), `awareness-${i}-previousYearRatePct`, v.previousYearRatePct ?? null),
          fig(pointChange(v.ratePct, v.previousYearRatePct), `awareness-${i}-change`),
          fig(num(v.respondents), `awareness-${i}-respondents`, v.respondents ?? null),
        ];
      }),
    }),
  );
}
