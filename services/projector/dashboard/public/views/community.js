// #/communities/{code}?year= : the community overview (5.1) and its overdue hazards.
import { h } from '../dom.js';
import { changePct, dateTime, decimal1, num } from '../format.js';
import { casualtiesCard } from './casualties.js';
import { hazardsCard } from './hazards.js';
import { injuriesCard } from './injuries.js';
import { activitiesCard, awarenessCard, projectsCard } from './programme.js';
import { breadcrumbs, designationBadge } from './region.js';
import { parentRegions } from '../router.js';
import { accidentsCard, designationCard, freshnessCard, readinessCard } from './standing.js';
import { fig, kpi, kpiRow, notice, raw } from './widgets.js';

/**
 * @param {import('./context.js').ViewContext} ctx
 * @param {{ code: string, year: number | null }} route
 * @returns {Promise<import('./context.js').ViewResult>}
 */
export async function communityView(ctx, route) {
  const [ov, overdue, names] = await Promise.all([
    ctx.api.communityOverview(route.code, route.year),
    ctx.api.hazards(route.code, 'overdue'),
    ctx.api.divisionNames(parentRegions(route.code)),
  ]);
  const { t, label } = ctx;
  const year = Number(ov.year);
  const c = ov.community ?? {};
  const all = ov.casualties?.allAccidents ?? {};
  const inj = ov.injurySurveillance ?? {};
  const provisional = Number(ov.provisional?.records ?? 0);
  const overdueList = /** @type {any[]} */ (overdue.hazards ?? []).sort((a, b) => Number(b.overdueDays ?? 0) - Number(a.overdueDays ?? 0));

  const node = h(
    'div',
    { class: 'view', testid: 'community-view', 'data-code': route.code, 'data-year': String(year) },
    h(
      'div',
      { class: 'view-head' },
      breadcrumbs(ctx, route.code, year, names, typeof ov.community?.name === 'string' ? ov.community.name : null),
      h(
        'h1',
        null,
        raw(String(c.name ?? route.code), 'community-name'),
        ' ',
        h('span', { class: 'year-tag' }, t('yearLabel', { year })),
        ' ',
        designationBadge(ctx, ov.designation?.status ?? 'NONE'),
      ),
      h(
        'p',
        { class: 'muted meta' },
        `${t('colCode')} `,
        fig(String(c.code ?? route.code), 'community-code'),
        ` · ${t('colType')} `,
        fig(c.type ? label('communityType', c.type) : '—', 'community-type', c.type ?? null),
        ` · ${t('colPopulation')} `,
        fig(num(c.population), 'community-population', c.population ?? null),
        ` · ${t('asOfLabel')} `,
        fig(dateTime(ov.asOf), 'as-of', ov.asOf),
        ` · ${t('provisionalLabel')} `,
        fig(num(provisional), 'provisional-records', provisional),
      ),
    ),
    provisional > 0 ? notice(t('provisionalNote', { n: provisional }), 'warn', 'provisional-note') : null,
    isEmpty(ov) ? notice(t('noDataForYear', { year }), 'info', 'empty-notice') : null,
    kpiRow(
      kpi({
        label: t('kpiAccidentDeaths'),
        value: num(all.deaths),
        testid: 'community-deaths',
        raw: all.deaths,
        sub: `${t('vsPreviousYear')} ${changePct(all.deathsChangePct)}`,
      }),
      kpi({
        label: t('kpiAccidentInjuries'),
        value: num(all.injuries),
        testid: 'community-injuries',
        raw: all.injuries,
        sub: `${t('vsPreviousYear')} ${changePct(all.injuriesChangePct)}`,
      }),
      kpi({
        label: t('kpiInjuryCases'),
        value: num(inj.cases),
        testid: 'community-injury-cases',
        raw: inj.cases,
        sub: `${t('ratePer100k')} ${decimal1(inj.ratePer100k)}`,
      }),
      kpi({
        label: t('hazardsOverdue'),
        value: num(ov.hazards?.overdue),
        testid: 'community-hazards-overdue',
        raw: ov.hazards?.overdue,
        tone: ov.hazards?.overdue > 0 ? 'bad' : undefined,
      }),
      kpi({
        label: t('readinessScore'),
        value: `${num(ov.readiness?.met)} / ${num(ov.readiness?.total)}`,
        testid: 'community-readiness',
      }),
    ),
    h(
      'div',
      { class: 'grid' },
      casualtiesCard(ctx, ov.casualties ?? {}, year),
      accidentsCard(ctx, ov.productionAccidentsByGrade, ov.zeroDeathYears),
      activitiesCard(ctx, ov.activities ?? {}),
      freshnessCard(ctx, ov.dataFreshness, ov.asOf),
      injuriesCard(ctx, inj),
      hazardsCard(ctx, ov.hazards ?? {}, { overdueList, span: 'full', region: route.code }),
      projectsCard(ctx, ov.promotionProjects ?? {}),
      awarenessCard(ctx, ov.awareness ?? {}, year),
      designationCard(ctx, ov.designation),
      readinessCard(ctx, ov.readiness),
    ),
  );
  return { node, year };
}

/** Nothing happened in the year: no incidents, injury cases, hazards, activities or surveys. @param {any} ov */
function isEmpty(ov) {
  const c = ov.casualties ?? {};
  const incidents = ['allAccidents', 'publicSecurity'].some((k) => Number(c[k]?.incidents ?? 0) > 0);
  const activities = Object.values(ov.activities ?? {}).some((a) => Number(/** @type {any} */ (a)?.count ?? 0) > 0);
  const surveys = Object.values(ov.awareness ?? {}).some((a) => typeof (/** @type {any} */ (a)?.ratePct) === 'number');
  return !incidents && !activities && !surveys && !Number(ov.injurySurveillance?.cases ?? 0) && !Number(ov.hazards?.identified ?? 0);
}
