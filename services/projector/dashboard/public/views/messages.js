// Whole-page messages: refused or failed requests, and the region chooser.
import { h } from '../dom.js';
import { codeHref } from '../router.js';
import { notice } from './widgets.js';

/**
 * @param {import('./context.js').ViewContext} ctx
 * @param {unknown} err
 * @param {string} code the region or community asked for
 * @param {() => void} retry
 */
export function errorView(ctx, err, code, retry) {
  const { t } = ctx;
  const e = /** @type {{ kind?: string, status?: number, detail?: string }} */ (err ?? {});
  /** @type {[string, string]} */
  const [message, testid] =
    e.kind === 'forbidden'
      ? [t('errorForbidden', { code }), 'error-forbidden']
      : e.kind === 'notFound'
        ? [t('errorNotFound', { code }), 'error-not-found']
        : e.kind === 'network'
          ? [t('errorNetwork'), 'error-network']
          : e.kind === 'badRequest'
            ? [t('errorBadRequest'), 'error-bad-request']
            : [t('errorServer', { status: e.status ?? '?' }), 'error-server'];
  const canRetry = e.kind === 'network' || e.kind === 'server' || e.kind === undefined;
  return h(
    'div',
    { class: 'view message-view' },
    notice(
      message,
      'error',
      testid,
      e.kind === 'forbidden' ? h('p', { class: 'small' }, t('errorForbiddenHint')) : null,
      h(
        'p',
        { class: 'actions' },
        canRetry ? h('button', { type: 'button', onclick: retry, testid: 'retry' }, t('retry')) : null,
        h('a', { href: '#/', class: 'button-link', testid: 'go-home' }, t('goHome')),
      ),
    ),
  );
}

/**
 * For a token that sees several provinces: pick one.
 * @param {import('./context.js').ViewContext} ctx @param {string[]} codes community codes the token may see
 * @param {Record<string, string>} [names] province names from the division list
 */
export function chooseRegionView(ctx, codes, names = {}) {
  const { t } = ctx;
  if (codes.length === 0) return h('div', { class: 'view' }, notice(t('noCommunities'), 'info', 'no-communities'));
  const provinces = [...new Set(codes.map((c) => c.slice(0, 2)))].sort();
  return h(
    'div',
    { class: 'view', testid: 'choose-region' },
    h('h1', null, t('chooseRegion')),
    h(
      'ul',
      { class: 'tiles' },
      provinces.map((p) =>
        h('li', { class: 'tile on' }, h('a', { href: codeHref(p), testid: `province-${p}` }, names[p] ? `${names[p]} (${p})` : t('regionTitle', { code: p }))),
      ),
    ),
  );
}
