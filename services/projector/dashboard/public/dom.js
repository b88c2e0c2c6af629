// Tiny DOM builder. Text is always set as text (never parsed as HTML), so data from the
// API cannot inject markup, and the strict CSP needs no inline script or style.

/**
 * @param {string} tag
 * @param {Record<string, unknown> | null} [attrs] `class`, `testid` (data-testid),
 *   `on<Event>` listeners, booleans (true → empty attribute, false/null → omitted), others as attributes.
 * @param {...(Node | string | number | null | undefined | false | Array<unknown>)} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = String(value);
    else if (key === 'testid') el.setAttribute('data-testid', String(value));
    else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
    } else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** @param {Node} parent @param {Array<unknown>} children */
function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/** @param {Element} el @param {...unknown} children */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}
