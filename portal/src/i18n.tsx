/** Chinese first, English on request (remembered in localStorage); every string lives in locales/. */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import zhCN, { type Messages } from './locales/zh-CN.ts';
import en from './locales/en.ts';

export type Lang = 'zh-CN' | 'en';
export type MsgKey = keyof Messages;
const BUNDLES: Record<Lang, Messages> = { 'zh-CN': zhCN, en };
export const LANG_KEY = 'fq.portal.lang';

export function storedLang(): Lang {
  try { return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN'; } catch { return 'zh-CN'; }
}

interface I18n {
  lang: Lang;
  setLang(l: Lang): void;
  t(key: MsgKey, vars?: Record<string, string | number>): string;
  /** a label for a server value (status, action, purpose …), else the server's own label, else the value */
  tk(prefix: string, key: string, fallback?: string): string;
}
const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const setLang = useCallback((l: Lang) => {
    try { localStorage.setItem(LANG_KEY, l); } catch { /* private mode: the choice lasts for this page only */ }
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    const m = BUNDLES[lang] as Record<string, string>;
    const t = (key: MsgKey, vars?: Record<string, string | number>) => {
      let s = m[key] ?? key;
      if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
      return s;
    };
    const tk = (prefix: string, key: string, fallback?: string) => m[`${prefix}.${key}`] ?? fallback ?? key;
    return { lang, setLang, t, tk };
  }, [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
