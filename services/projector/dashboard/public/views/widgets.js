// Building blocks shared by the views: cards, headline figures, badges, tables, charts.
import { h } from '../dom.js';

/**
 * @param {string} title
 * @param {{ testid?: string, span?: 'full' | 'half' | 'third' | 'twothirds', note?: string }} opts
 * @param {...unknown} children
 */
export function card(title, opts, ...children) {
  return h(
    'section',
    { class: `card span-${opts.span ?? 'half'}`, testid: opts.testid },
    h('h2', { class: 'card-title' }, title),
    opts.note ? h('p', { class: 'card-note' }, opts.note) : null,
    ...children,
  );
}

/**
 * A figure as shown on screen, with its raw value in data-value.
 * @param {string} text @param {string} [testid] @param {unknown} [raw]
 */
export function fig(text, testid, raw) {
  return h('span', { class: 'fig', testid, 'data-value': raw === undefined ? undefined : JSON.stringify(raw) }, text);
}

/**
 * A headline figure.
 * @param {{ label: string, value: string, testid: string, raw?: unknown, sub?: Node | string | null, tone?: string }} o
 */
export function kpi(o) {
  return h(
    'div',
    { class: `kpi${o.tone ? ` tone-${o.tone}` : ''}` },
    h('div', { class: 'kpi-label' }, o.label),
    h('div', { class: 'kpi-value' }, fig(o.value, o.testid, o.raw)),
    o.sub ? h('div', { class: 'kpi-sub' }, o.sub) : null,
  );
}

/** @param {...Node} items */
export function kpiRow(...items) {
  return h('div', { class: 'kpi-row' }, ...items);
}

/** @param {string} text @param {'good' | 'warn' | 'bad' | 'muted' | 'info'} tone @param {string} [testid] @param {string} [value] */
export function badge(text, tone, testid, value) {
  return h('span', { class: `badge badge-${tone}`, testid, 'data-value': value }, text);
}

/** @param {string} text @param {'info' | 'warn' | 'error'} tone @param {string} [testid] @param {...unknown} extra */
export function notice(text, tone, testid, ...extra) {
  return h('div', { class: `notice notice-${tone}`, role: tone === 'error' ? 'alert' : 'status', testid }, h('p', null, text), ...extra);
}

/**
 * A chart area; the canvas is handed to a Chart.js factory after the view is attached.
 * @param {string} label accessible description @param {number} [height] px
 */
export function chartBox(label, height = 240) {
  const canvas = /** @type {HTMLCanvasElement} */ (h('canvas', { role: 'img', 'aria-label': label }));
  const box = h('div', { class: 'chart' }, canvas);
  box.style.height = `${height}px`; // CSSOM, allowed by the style-src 'self' policy
  return { box, canvas };
}

/**
 * A plain table. Cells are nodes or text; a column marked numeric is right-aligned, one marked
 * `phoneHidden` is left out on a narrow screen so that the columns that matter stay in view.
 * @param {{ columns: { label: string, numeric?: boolean, phoneHidden?: boolean }[], rows: unknown[][], testid?: string, caption?: string }} o
 */
export function table(o) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data', testid: o.testid },
      o.caption ? h('caption', null, o.caption) : null,
      h('thead', null, h('tr', null, o.columns.map((c) => h('th', { scope: 'col', class: columnClass(c) }, c.label)))),
      h(
        'tbody',
        null,
        o.rows.map((row) =>
          h(
            'tr',
            null,
            row.map((cell, i) => (i === 0 ? h('th', { scope: 'row' }, cell) : h('td', { class: columnClass(o.columns[i]) }, cell))),
          ),
        ),
      ),
    ),
  );
}

/** Definition-style list of label → value. @param {[string, unknown][]} pairs */
export function facts(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs.map(([label, value]) => h('div', { class: 'fact' }, h('dt', null, label), h('dd', null, value))),
  );
}

/** Text that comes from the data (names, evidence), not from the UI strings. @param {string} text @param {string} [testid] */
export function raw(text, testid) {
  return h('span', { 'data-raw': '', testid }, text);
}

/** @param {{ numeric?: boolean, phoneHidden?: boolean } | undefined} c */
export function columnClass(c) {
  const classes = [c?.numeric ? 'num' : '', c?.phoneHidden ? 'phone-hidden' : ''].filter(Boolean);
  return classes.length ? classes.join(' ') : null;
}

/**
 * Download buttons (CSV and Excel) for a committee list, fetched with the token.
 * @param {import('./context.js').ViewContext} ctx
 * @param {{ path: string, query: Record<string, string | null | undefined>, filename: string, testid: string }} o
 */
export function downloads(ctx, o) {
  const { t } = ctx;
  const status = h('span', { class: 'download-status', role: 'status' });
  const button = (/** @type {'csv' | 'xlsx'} */ format, /** @type {string} */ text) =>
    h(
      'button',
      {
        type: 'button',
        class: 'download',
        testid: `${o.testid}-${format}`,
        'data-format': format,
        onclick: async (/** @type {Event} */ event) => {
          const b = /** @type {HTMLButtonElement} */ (event.currentTarget);
          b.disabled = true;
          status.textContent = '';
          try {
            await ctx.api.download(o.path, o.query, format, o.filename);
          } catch {
            status.textContent = t('downloadFailed');
          } finally {
            b.disabled = false;
          }
        },
      },
      text,
    );
  return h(
    'div',
    { class: 'downloads', testid: o.testid },
    h('span', { class: 'muted small' }, `${t('download')}:`),
    button('csv', t('downloadCsv')),
    button('xlsx', t('downloadXlsx')),
    status,
  );
}
