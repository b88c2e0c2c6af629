// What a view gets: the API client, translations, the chart registry, and after(), which
// queues work (drawing charts) to run once the view is in the document and has a size.

/**
 * @typedef {{
 *   api: import('../api.js').Api,
 *   t: import('../i18n.js').I18n['t'],
 *   label: import('../i18n.js').I18n['label'],
 *   lang: import('../i18n.js').Lang,
 *   charts: import('../charts.js').Charts,
 *   after(job: () => unknown): void,
 * }} ViewContext
 * @typedef {{ node: Node, year: number | null }} ViewResult
 */

/**
 * @param {{ api: import('../api.js').Api, i18n: import('../i18n.js').I18n, charts: import('../charts.js').Charts }} deps
 */
export function createViewContext({ api, i18n, charts }) {
  /** @type {(() => unknown)[]} */
  const jobs = [];
  /** @type {ViewContext} */
  const ctx = {
    api,
    t: i18n.t,
    label: i18n.label,
    lang: i18n.lang,
    charts,
    after: (job) => void jobs.push(job),
  };
  return {
    ctx,
    runAfter() {
      for (const job of jobs.splice(0)) job();
    },
  };
}
