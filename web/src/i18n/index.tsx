import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, type Key } from './en';
import { es } from './es';
import { fr } from './fr';

/** The console's languages: a typed dictionary per language (a missing key fails the build). */
export const LANGS = { en, fr, es } as const;
export type Lang = keyof typeof LANGS;
export const LANG_NAMES: Record<Lang, string> = { en: 'English', fr: 'Français', es: 'Español' };

export type T = (key: Key, vars?: Record<string, string | number>) => string;
interface I18n { lang: Lang; setLang: (l: Lang) => void; t: T; num: (n: number) => string; date: (s: string | null | undefined) => string }
const Ctx = createContext<I18n | null>(null);

function initial(): Lang {
  const saved = localStorage.getItem('tessera.lang');
  if (saved && saved in LANGS) return saved as Lang;
  const nav = navigator.language.slice(0, 2);
  return nav in LANGS ? (nav as Lang) : 'en';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initial);
  const value = useMemo<I18n>(() => {
    const dict = LANGS[lang];
    const nf = new Intl.NumberFormat(lang);
    const df = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    document.documentElement.lang = lang;
    return {
      lang,
      setLang: (l) => {
        localStorage.setItem('tessera.lang', l);
        setLangState(l);
      },
      t: (key, vars) => {
        let s: string = dict[key] ?? en[key];
        if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, typeof v === 'number' ? nf.format(v) : v);
        return s;
      },
      num: (n) => nf.format(n),
      date: (s) => (s ? df.format(new Date(s)) + ' UTC' : '—'),
    };
  }, [lang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
