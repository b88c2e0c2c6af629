// The community's standing: designation and readiness (6 ISCCC indicators), production
// accidents by grade, zero-death years, and how fresh each bureau's data is.
import { h } from '../dom.js';
import { localizeEvidence } from '../evidence.js';
import { date, dateTime, num } from '../format.js';
import { designationBadge } from './region.js';
import { badge, card, facts, fig, raw, table } from './widgets.js';

export const GRADES = ['GENERAL', 'LARGER', 'SERIOUS', 'ESPECIALLY_SERIOUS'];
export const ZERO_DEATH_CATEGORIES = ['production', 'roadTraffic', 'fire', 'waterwayRail', 'publicSecurity'];
export const AGENCIES = ['police', 'fire', 'health', 'transport', 'safety'];
export const INDICATORS = ['GOVERNANCE', 'SURVEILLANCE', 'COMPREHENSIVE', 'VULNERABLE_GROUPS', 'EVALUATION', 'NETWORKING'];

/** @param {import('./context.js').ViewContext} ctx @param {any} d the `designation` object of 5.1 */
export function designationCard(ctx, d) {
  const { t, label } = ctx;
  const ev = d?.lastEvaluation;
  return card(
    t('designationTitle'),
    { testid: 'designation', span: 'third' },
    facts([
      [t('colLevel'), fig(d?.level ? label('designationLevel', d.level) : '—', 'designation-level', d?.level ?? null)],
      [t('colStatus'), designationBadge(ctx, d?.status ?? 'NONE', 'designation-status')],
      [t('colDesignatedOn'), fig(date(d?.designatedOn), 'designation-designatedOn', d?.designatedOn ?? null)],
      [t('colValidUntil'), fig(date(d?.validUntil), 'designation-validUntil', d?.validUntil ?? null)],
      [
        t('colReEvaluation'),
        d?.reEvaluationDue
          ? badge(t('reEvaluationDue'), 'warn', 'designation-reEvaluationDue', 'true')
          : fig(t('notDue'), 'designation-reEvaluationDue', false),
      ],
      [
        t('lastEvaluation'),
        ev
          ? h(
              'span',
              { class: 'lines', testid: 'designation-lastEvaluation' },
              h('span', null, `${date(ev.evaluatedOn)} · ${label('designationLevel', ev.level)}`),
              h(
                'span',
                null,
                `${t('scoreOf', { score: num(ev.score), max: num(ev.maxScore) })} `,
                badge(label('evaluationResult', ev.result), ev.result === 'PASS' ? 'good' : ev.result === 'FAIL' ? 'bad' : 'warn'),
              ),
              Number(ev.zeroIndicators) > 0 ? h('span', { class: 'muted small' }, t('zeroIndicators', { n: num(ev.zeroIndicators) })) : null,
            )
          : fig('—', 'designation-lastEvaluation'),
      ],
    ]),
  );
}

/** @param {import('./context.js').ViewContext} ctx @param {any} r the `readiness` object of 5.1 */
export function readinessCard(ctx, r) {
  const { t, label } = ctx;
  const indicators = /** @type {any[]} */ (r?.indicators ?? []);
  const ordered = [...indicators].sort((a, b) => rank(a.id) - rank(b.id));
  return card(
    t('readinessTitle'),
    { testid: 'readiness', span: 'twothirds', note: t('readinessNote') },
    h(
      'p',
      { class: 'readiness-score' },
      t('readinessScore'),
      ' ',
      fig(num(r?.met), 'readiness-met', r?.met ?? null),
      ' / ',
      fig(num(r?.total), 'readiness-total', r?.total ?? null),
    ),
    table({
      testid: 'readiness-table',
      columns: [{ label: t('colIndicator') }, { label: t('colResult') }, { label: t('colEvidence') }],
      rows: ordered.map((i) => [
        label('readiness', i.id),
        i.met === true
          ? badge(t('met'), 'good', `readiness-${i.id}`, 'true')
          : i.met === false
            ? badge(t('notMet'), 'bad', `readiness-${i.id}`, 'false')
            : badge(t('notDerivable'), 'muted', `readiness-${i.id}`, 'null'),
        evidence(ctx, i.evidence, `readiness-${i.id}-evidence`),
      ]),
    }),
  );
}

/** @param {string} id */
function rank(id) {
  const i = INDICATORS.indexOf(id);
  return i < 0 ? INDICATORS.length : i;
}

/**
 * Evidence as the hub wrote it: text, or a small object of facts. A sentence the hub is
 * known to write is shown in Chinese in the Chinese interface, the original in `title`
 * and `data-value`.
 * @param {import('./context.js').ViewContext} ctx @param {unknown} value @param {string} testid
 */
function evidence(ctx, value, testid) {
  if (value === null || value === undefined) return raw('—', testid);
  const localized = localizeEvidence(value, ctx.lang, ctx.label);
  if (localized !== null) return h('span', { 'data-raw': '', testid, 'data-value': String(value), title: String(value) }, localized);
  if (typeof value !== 'object') return raw(String(value), testid);
  const parts = Object.entries(/** @type {Record<string, unknown>} */ (value)).map(
    ([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`,
  );
  return raw(parts.join('; '), testid);
}

/** @param {import('./context.js').ViewContext} ctx @param {any} grades @param {any} zero */
export function accidentsCard(ctx, grades, zero) {
  const { t, label } = ctx;
  return card(
    t('accidentRecordTitle'),
    { testid: 'accident-record', span: 'third' },
    table({
      testid: 'grades-table',
      columns: [{ label: t('colGrade') }, { label: t('colProductionAccidents'), numeric: true }],
      rows: GRADES.map((g) => [label('grade', g), fig(num(grades?.[g] ?? 0), `grade-${g}`, grades?.[g] ?? 0)]),
    }),
    table({
      testid: 'zero-death-table',
      columns: [{ label: t('colCategory') }, { label: t('colZeroDeathYears'), numeric: true }],
      rows: ZERO_DEATH_CATEGORIES.map((c) => [label('category', c), fig(num(zero?.[c]), `zero-death-${c}`, zero?.[c] ?? null)]),
    }),
  );
}

const STALE_DAYS = 30;

/**
 * @param {import('./context.js').ViewContext} ctx
 * @param {any} fresh the `dataFreshness` object of 5.1
 * @param {string} asOf the instant the figures are for
 */
export function freshnessCard(ctx, fresh, asOf) {
  const { t, label } = ctx;
  const asOfMs = Date.parse(asOf);
  /** @param {string} at */
  const age = (at) => {
    const days = Math.floor((asOfMs - Date.parse(at)) / 86_400_000);
    if (!Number.isFinite(days) || days < 0) return null;
    if (days >= STALE_DAYS) return badge(t('staleData', { n: STALE_DAYS }), 'warn');
    return h('span', { class: 'muted small' }, days === 0 ? t('sameDay') : days === 1 ? t('oneDayAgo') : t('daysAgo', { n: days }));
  };
  return card(
    t('freshnessTitle'),
    { testid: 'freshness', span: 'third', note: t('freshnessNote') },
    table({
      testid: 'freshness-table',
      columns: [{ label: t('colAgency') }, { label: t('colLastReceived') }, { label: '' }],
      rows: AGENCIES.map((a) => [
        label('agency', a),
        fresh?.[a] ? fig(dateTime(fresh[a]), `freshness-${a}`, fresh[a]) : h('span', { class: 'muted', testid: `freshness-${a}`, 'data-value': 'null' }, t('noDataYet')),
        fresh?.[a] ? age(fresh[a]) : null,
      ]),
    }),
  );
}
