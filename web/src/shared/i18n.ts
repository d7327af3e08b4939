// Language: Japanese first, English on request. The choice comes from ?lang=en|ja, then from what the browser
// remembered (localStorage), else Japanese; switching updates all three and <html lang>.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Lang = 'ja' | 'en';

const STORAGE_KEY = 'mamoru.lang';

const isLang = (v: unknown): v is Lang => v === 'ja' || v === 'en';

function stored(): Lang | null {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return isLang(v) ? v : null;
  } catch {
    // Storage can be disabled (private mode, policies): the URL and the default still work.
    return null;
  }
}

export function initialLang(): Lang {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  return isLang(fromUrl) ? fromUrl : (stored() ?? 'ja');
}

/** Remember the choice, reflect it in the URL (shareable) and in <html lang> (screen readers, fonts). */
export function applyLang(lang: Lang): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // See stored().
  }
  const url = new URL(window.location.href);
  if (lang === 'en') url.searchParams.set('lang', 'en');
  else url.searchParams.delete('lang');
  window.history.replaceState(window.history.state, '', url);
  document.documentElement.lang = lang;
}

export const LangContext = createContext<Lang>('ja');

export const useLang = (): Lang => useContext(LangContext);

/** The current language's half of a `{ ja, en }` dictionary. */
export function useText<T>(dict: Record<Lang, T>): T {
  return dict[useLang()];
}

export const locale = (lang: Lang): string => (lang === 'ja' ? 'ja-JP' : 'en-US');
