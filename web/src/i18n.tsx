import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import zhCN, { type Messages } from './locales/zh-CN.ts';
import en from './locales/en.ts';

export type Lang = 'zh-CN' | 'en';
export type MsgKey = keyof Messages;
const BUNDLES: Record<Lang, Messages> = { 'zh-CN': zhCN, en };

interface I18n { lang: Lang; setLang(l: Lang): void; t(key: MsgKey, vars?: Record<string, string | number>): string; tk(prefix: string, key: string): string }
const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('fq.lang') === 'en' ? 'en' : 'zh-CN'));
  const setLang = useCallback((l: Lang) => { localStorage.setItem('fq.lang', l); document.documentElement.lang = l; setLangState(l); }, []);
  const value = useMemo<I18n>(() => {
    const m = BUNDLES[lang];
    const t = (key: MsgKey, vars?: Record<string, string | number>) => {
      let s = m[key] ?? key;
      if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v));
      return s;
    };
    /** a label for a server value (status, channel, action …), falling back to the value itself */
    const tk = (prefix: string, key: string) => (m as Record<string, string>)[`${prefix}.${key}`] ?? key;
    return { lang, setLang, t, tk };
  }, [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
