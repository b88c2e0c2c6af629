// Injury surveillance (伤害监测): cases by cause, age group, place, intent and sex.
import { h } from '../dom.js';
import { decimal1, num } from '../format.js';
import { COLORS } from '../charts.js';
import { card, chartBox, fig, kpi, kpiRow, table } from './widgets.js';

export const CAUSES = ['MOTOR_VEHICLE', 'NON_MOTOR_VEHICLE', 'FALL', 'BLUNT_FORCE', 'FIREARM', 'CUT_PIERCE', 'BURN', 'SUFFOCATION', 'DROWNING', 'POISONING', 'ANIMAL_BITE', 'SEXUAL_ASSAULT', 'OTHER', 'UNKNOWN'];
export const PLACES = ['HOME', 'PUBLIC_RESIDENTIAL', 'SCHOOL_PUBLIC', 'SPORTS', 'ROAD_STREET', 'TRADE_SERVICE', 'INDUSTRIAL_CONSTRUCTION', 'FARM', 'OTHER', 'UNKNOWN'];
export const INTENTS = ['UNINTENTIONAL', 'SELF_HARM', 'ASSAULT', 'UNKNOWN'];
export const SEXES = ['MALE', 'FEMALE', 'UNKNOWN'];
export const AGE_GROUPS = ['CHILD_0_14', 'YOUTH_15_24', 'ADULT_25_64', 'ELDERLY_65_PLUS'];

/** @param {import('./context.js').ViewContext} ctx @param {any} inj the `injurySurveillance` object of 5.1 */
export function injuriesCard(ctx, inj) {
  const { t, label } = ctx;
  const byCause = chartBox(t('chartInjuryCause'), 430);
  const byAge = chartBox(t('chartInjuryAge'), 220);
  const keysOf = (/** @type {string[]} */ order, /** @type {Record<string, number>} */ map) => [
    ...order,
    ...Object.keys(map ?? {}).filter((k) => !order.includes(k)),
  ];
  const causes = keysOf(CAUSES, inj.byCause);
  ctx.after(() => {
    ctx.charts.bars(byCause.canvas, {
      labels: causes.map((k) => label('injuryCause', k)),
      values: causes.map((k) => Number(inj.byCause?.[k] ?? 0)),
      label: t('colCases'),
      horizontal: true,
    });
    ctx.charts.bars(byAge.canvas, {
      labels: AGE_GROUPS.map((k) => label('ageGroup', k)),
      values: AGE_GROUPS.map((k) => Number(inj.byAgeGroup?.[k] ?? 0)),
      label: t('colCases'),
      color: COLORS.neutral,
    });
  });

  /** @param {string} kind label kind @param {string} prefix testid prefix @param {string[]} order @param {Record<string, number>} map @param {string} title */
  const breakdown = (kind, prefix, order, map, title) =>
    table({
      testid: `${prefix}-table`,
      columns: [{ label: title }, { label: t('colCases'), numeric: true }],
      rows: keysOf(order, map).map((k) => [label(kind, k), fig(num(map?.[k] ?? 0), `${prefix}-${k}`, map?.[k] ?? 0)]),
    });

  return card(
    t('injuriesTitle'),
    { span: 'full', testid: 'injuries', note: t('injuriesNote') },
    kpiRow(
      kpi({ label: t('injuryCases'), value: num(inj.cases), testid: 'injury-cases', raw: inj.cases }),
      kpi({ label: t('injuryDeaths'), value: num(inj.deaths), testid: 'injury-deaths', raw: inj.deaths }),
      kpi({ label: t('ratePer100k'), value: decimal1(inj.ratePer100k), testid: 'injury-rate', raw: inj.ratePer100k }),
    ),
    h(
      'div',
      { class: 'tri' },
      h('figure', { class: 'span-2' }, h('figcaption', null, t('chartInjuryCause')), byCause.box),
      breakdown('injuryCause', 'injury-cause', CAUSES, inj.byCause, t('colCause')),
      h('figure', null, h('figcaption', null, t('chartInjuryAge')), byAge.box, breakdown('ageGroup', 'injury-age', AGE_GROUPS, inj.byAgeGroup, t('colAgeGroup'))),
      breakdown('injuryPlace', 'injury-place', PLACES, inj.byPlace, t('colPlace')),
      h(
        'div',
        { class: 'stack' },
        breakdown('injuryIntent', 'injury-intent', INTENTS, inj.byIntent, t('colIntent')),
        breakdown('sex', 'injury-sex', SEXES, inj.bySex, t('colSex')),
      ),
    ),
  );
}
