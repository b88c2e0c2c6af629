// A table whose rows can be sorted by clicking a column header (again to reverse).
import { h, replaceChildren } from './dom.js';
import { columnClass } from './views/widgets.js';

/**
 * @template T
 * @typedef {{ key: string, label: string, numeric?: boolean, phoneHidden?: boolean, sortValue(row: T): string | number | null, cell(row: T): unknown }} Column
 */

/**
 * @template T
 * @param {{ columns: Column<T>[], rows: T[], testid: string, rowTestid(row: T): string, initial?: string, sortLabel: string }} o
 */
export function sortableTable(o) {
  let sortKey = o.initial ?? o.columns[0]?.key ?? '';
  let ascending = true;
  const tbody = h('tbody');
  /** @type {Map<string, HTMLElement>} */
  const headers = new Map();

  const render = () => {
    const column = o.columns.find((c) => c.key === sortKey);
    const rows = [...o.rows];
    if (column) rows.sort((a, b) => compare(column.sortValue(a), column.sortValue(b), ascending));
    replaceChildren(
      tbody,
      rows.map((row) =>
        h('tr', { testid: o.rowTestid(row) }, o.columns.map((c) => h('td', { class: columnClass(c) }, c.cell(row)))),
      ),
    );
    for (const [key, th] of headers) {
      th.setAttribute('aria-sort', key === sortKey ? (ascending ? 'ascending' : 'descending') : 'none');
    }
  };

  const headRow = h(
    'tr',
    null,
    o.columns.map((c) => {
      const th = h(
        'th',
        { scope: 'col', class: columnClass(c), 'data-sort-key': c.key },
        h(
          'button',
          {
            type: 'button',
            class: 'sort',
            title: o.sortLabel,
            testid: `sort-${c.key}`,
            onclick: () => {
              if (sortKey === c.key) ascending = !ascending;
              else {
                sortKey = c.key;
                ascending = true;
              }
              render();
            },
          },
          c.label,
          h('span', { class: 'sort-mark', 'aria-hidden': 'true' }),
        ),
      );
      headers.set(c.key, th);
      return th;
    }),
  );
  render();
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data sortable', testid: o.testid }, h('thead', null, headRow), tbody));
}

/**
 * Numbers numerically, text in locale order; empty values last in either direction.
 * @param {string | number | null} a @param {string | number | null} b @param {boolean} ascending
 */
function compare(a, b, ascending) {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'zh-CN');
  return ascending ? order : -order;
}
