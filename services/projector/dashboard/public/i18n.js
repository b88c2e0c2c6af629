// Chinese by default; English on a switch. The choice is a display preference, kept in
// localStorage (it is not a secret, unlike the token).
import { LABELS } from './labels.js';
import { STRINGS } from './strings.js';

export const LANG_KEY = 'hub.dashboard.lang';

/**
 * @typedef {'zh' | 'en'} Lang
 * @typedef {{ lang: Lang, setLang(next: Lang): void, t(key: string, params?: Record<string, string | number>): string, label(kind: string, value: unknown): string }} I18n
 */

/** @param {Pick<Storage, 'getItem' | 'setItem'> | null} storage @returns {I18n} */
export function createI18n(storage) {
  /** @type {Lang} */
  let lang = storage?.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  const index = () => (lang === 'en' ? 1 : 0);
  return {
    get lang() {
      return lang;
    },
    setLang(next) {
      lang = next === 'en' ? 'en' : 'zh';
      storage?.setItem(LANG_KEY, lang);
    },
    t(key, params) {
      const pair = STRINGS[key];
      // A third entry is the English singular, used when the parameter n is 1.
      const singular = lang === 'en' && pair?.[2] !== undefined && params !== undefined && String(params.n) === '1';
      const text = pair ? (singular ? /** @type {string} */ (pair[2]) : pair[index()]) : key;
      return params ? text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m)) : text;
    },
    label(kind, value) {
      const pair = LABELS[kind]?.[String(value)];
      return pair ? pair[index()] : String(value ?? '');
    },
  };
}
