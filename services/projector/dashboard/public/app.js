// The committee dashboard's entry point: the page shell (header, sign-in, routing).
// State lives in one object made in main(); nothing is kept in module scope.
import { ApiError, TOKEN_KEY, createApi } from './api.js';
import { createCharts } from './charts.js';
import { h, replaceChildren } from './dom.js';
import { createI18n } from './i18n.js';
import { codeHref, communityHref, defaultRegion, isRegionCode, parseHash, regionHref } from './router.js';
import { communityView } from './views/community.js';
import { createViewContext } from './views/context.js';
import { chooseRegionView, errorView } from './views/messages.js';
import { regionView } from './views/region.js';
import { signInView } from './views/signin.js';
import { notice } from './views/widgets.js';

function main() {
  const session = window.sessionStorage;
  const i18n = createI18n(window.localStorage);
  const charts = createCharts();
  const topbar = /** @type {HTMLElement} */ (document.getElementById('topbar'));
  const mainEl = /** @type {HTMLElement} */ (document.getElementById('main'));
  const state = { seq: 0, /** @type {string | null} */ flash: null, /** @type {string[] | null} */ signInCodes: null };

  const getToken = () => session.getItem(TOKEN_KEY);
  const api = createApi({
    getToken,
    onUnauthorized: () => {
      session.removeItem(TOKEN_KEY);
      state.flash = 'sessionExpired';
    },
  });

  /** @param {string} view */
  const setView = (view) => {
    document.body.dataset.view = view;
  };

  async function render() {
    const seq = ++state.seq;
    charts.destroyAll();
    document.documentElement.lang = i18n.lang === 'en' ? 'en' : 'zh-CN';
    document.title = i18n.t('appName');
    const route = parseHash(window.location.hash);

    if (!getToken()) {
      renderHeader(null);
      const message = state.flash ? i18n.t(state.flash) : null;
      state.flash = null;
      const view = signInView({ t: i18n.t, message, onToken: signIn });
      replaceChildren(mainEl, view.node);
      setView('signin');
      view.focus();
      return;
    }

    const { ctx, runAfter } = createViewContext({ api, i18n, charts });
    renderHeader(route);
    setView('loading');
    mainEl.setAttribute('aria-busy', 'true');
    replaceChildren(mainEl, h('div', { class: 'loading', testid: 'loading' }, i18n.t('loading')));
    try {
      if (route.name === 'home' || route.name === 'unknown') {
        const codes = state.signInCodes ?? (await api.communities()).communities?.map((/** @type {any} */ c) => String(c.code)) ?? [];
        state.signInCodes = null;
        if (seq !== state.seq) return;
        const region = defaultRegion(codes);
        if (region) {
          window.location.replace(codeHref(region));
          return;
        }
        const names = await api.divisionNames([...new Set(codes.map((c) => c.slice(0, 2)))].sort().slice(0, 20));
        if (seq !== state.seq) return;
        replaceChildren(mainEl, chooseRegionView(ctx, codes, names));
        setView('home');
        return;
      }
      const result = route.name === 'region' ? await regionView(ctx, route) : await communityView(ctx, route);
      if (seq !== state.seq) return;
      replaceChildren(mainEl, result.node);
      runAfter();
      renderHeader(route, result.year);
      setView(route.name);
    } catch (err) {
      if (seq !== state.seq) return;
      if (err instanceof ApiError && err.kind === 'unauthorized') {
        void render();
        return;
      }
      if (!(err instanceof ApiError)) console.error(err);
      replaceChildren(mainEl, errorView(ctx, err, 'code' in route ? route.code : '', () => void render()));
      setView('error');
    } finally {
      if (seq === state.seq) mainEl.removeAttribute('aria-busy');
    }
  }

  /** @param {string} token @returns {Promise<string | null>} */
  async function signIn(token) {
    session.setItem(TOKEN_KEY, token);
    try {
      const list = await api.communities();
      state.signInCodes = (list.communities ?? []).map((/** @type {any} */ c) => String(c.code));
    } catch (err) {
      state.flash = null;
      session.removeItem(TOKEN_KEY);
      if (err instanceof ApiError && err.kind === 'unauthorized') return i18n.t('tokenRejected');
      if (err instanceof ApiError && err.kind === 'network') return i18n.t('errorNetwork');
      if (err instanceof ApiError && err.kind === 'forbidden') return i18n.t('tokenNotCommittee');
      return i18n.t('errorServer', { status: err instanceof ApiError ? err.status : '?' });
    }
    void render();
    return null;
  }

  function signOut() {
    session.removeItem(TOKEN_KEY);
    state.flash = 'signedOut';
    if (window.location.hash && window.location.hash !== '#/') window.location.hash = '#/';
    else void render();
  }

  function toggleLang() {
    i18n.setLang(i18n.lang === 'zh' ? 'en' : 'zh');
    void render();
  }

  /** @param {import('./router.js').Route | null} route @param {number | null} [shownYear] */
  function renderHeader(route, shownYear = null) {
    const { t } = i18n;
    const other = i18n.lang === 'zh' ? 'Safe Community Exchange Hub' : '安全社区数据交换平台';
    const brand = h(
      'a',
      { class: 'brand', href: '#/' },
      h('img', { src: 'dashboard/favicon.svg', alt: '', width: '30', height: '30' }),
      h('span', { class: 'brand-text' }, h('span', { class: 'brand-name' }, t('appName')), h('span', { class: 'brand-sub', 'data-raw': '' }, other)),
    );
    const controls = h('div', { class: 'controls' });
    if (route && getToken()) {
      if (route.name === 'region' || route.name === 'community') controls.append(yearSelect(route, shownYear));
      controls.append(jumpForm(route));
    }
    controls.append(
      h('button', { type: 'button', class: 'ghost', testid: 'lang-toggle', 'data-raw': '', lang: i18n.lang === 'zh' ? 'en' : 'zh-CN', onclick: toggleLang }, t('switchLang')),
    );
    if (getToken()) controls.append(h('button', { type: 'button', class: 'ghost', testid: 'sign-out', onclick: signOut }, t('signOut')));
    replaceChildren(topbar, h('div', { class: 'topbar-inner' }, brand, h('span', { class: 'brand-role' }, t('committeeDashboard')), controls));
  }

  /** @param {{ name: 'region' | 'community', code: string, year: number | null }} route @param {number | null} shownYear */
  function yearSelect(route, shownYear) {
    const current = new Date().getFullYear();
    const selected = route.year ?? shownYear ?? current;
    const years = new Set([selected]);
    for (let y = current; y > current - 10; y -= 1) years.add(y);
    const select = /** @type {HTMLSelectElement} */ (
      h(
        'select',
        {
          id: 'year',
          testid: 'year-select',
          onchange: () => {
            const year = Number(select.value);
            window.location.hash = route.name === 'region' ? regionHref(route.code, year) : communityHref(route.code, year);
          },
        },
        [...years].sort((a, b) => b - a).map((y) => h('option', { value: String(y), selected: y === selected }, String(y))),
      )
    );
    return h('label', { class: 'control' }, h('span', null, i18n.t('yearPicker')), select);
  }

  /** @param {import('./router.js').Route} route */
  function jumpForm(route) {
    const input = /** @type {HTMLInputElement} */ (
      h('input', { name: 'code', inputmode: 'numeric', placeholder: i18n.t('jumpPlaceholder'), 'aria-label': i18n.t('jumpPlaceholder'), testid: 'jump-input', size: '12' })
    );
    return h(
      'form',
      {
        class: 'jump',
        role: 'search',
        onsubmit: (/** @type {SubmitEvent} */ e) => {
          e.preventDefault();
          const code = input.value.trim();
          if (!isRegionCode(code)) {
            input.setAttribute('aria-invalid', 'true');
            input.title = i18n.t('jumpInvalid');
            return;
          }
          window.location.hash = codeHref(code, 'year' in route ? route.year : null);
        },
      },
      input,
      h('button', { type: 'submit', class: 'ghost' }, i18n.t('jumpGo')),
    );
  }

  window.addEventListener('hashchange', () => void render());
  window.addEventListener('unhandledrejection', (e) => {
    replaceChildren(mainEl, notice(i18n.t('errorUnexpected'), 'error', 'error-unexpected'));
    console.error(e.reason);
  });
  void render();
}

main();
