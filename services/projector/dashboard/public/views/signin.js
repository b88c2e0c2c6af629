// Sign-in: one password field for the committee token. Enter submits. The form is never
// sent anywhere by the browser (the handler stops it; the CSP forbids form targets).
import { h } from '../dom.js';
import { notice } from './widgets.js';

/**
 * @param {{ t: import('../i18n.js').I18n['t'], message: string | null, onToken(token: string): Promise<string | null> }} o
 *   onToken returns an error message to show, or null when signed in
 */
export function signInView({ t, message, onToken }) {
  const input = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'token',
      name: 'token',
      type: 'password',
      autocomplete: 'off',
      spellcheck: 'false',
      required: true,
      testid: 'token-input',
      'aria-describedby': 'token-help',
    })
  );
  const messages = h('div', { class: 'signin-messages', 'aria-live': 'polite' }, message ? notice(message, 'error', 'signin-error') : null);
  const button = /** @type {HTMLButtonElement} */ (h('button', { type: 'submit', class: 'primary', testid: 'signin-submit' }, t('signIn')));
  const form = h(
    'form',
    {
      class: 'signin-form',
      method: 'post',
      action: '#',
      novalidate: true,
      testid: 'signin-form',
      onsubmit: async (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        const token = input.value.trim();
        if (token === '') {
          messages.replaceChildren(notice(t('tokenRequired'), 'error', 'signin-error'));
          input.focus();
          return;
        }
        button.disabled = true;
        const error = await onToken(token);
        button.disabled = false;
        if (error) {
          input.value = '';
          messages.replaceChildren(notice(error, 'error', 'signin-error'));
          input.focus();
        }
      },
    },
    h('label', { for: 'token' }, t('tokenLabel')),
    input,
    h('p', { id: 'token-help', class: 'muted small' }, t('tokenHelp')),
    button,
  );
  const node = h(
    'div',
    { class: 'signin', testid: 'signin-view' },
    h('section', { class: 'card signin-card' }, h('h1', null, t('signInTitle')), h('p', { class: 'muted' }, t('signInIntro')), messages, form),
  );
  return { node, focus: () => input.focus() };
}
