/** Labels in the reader's language, falling back visibly to English. */
import type { Concept, Language, LangMap, Scheme } from './types.ts';
import { LANGUAGES } from './types.ts';

export interface ShownLabel {
  text: string;
  lang: Language;
  /** true when the requested language had no label and English is shown instead. */
  fallback: boolean;
}

export function labelIn(labels: LangMap, lang: Language = 'en'): ShownLabel {
  const text = labels[lang];
  return text ? { text, lang, fallback: false } : { text: labels.en, lang: 'en', fallback: lang !== 'en' };
}

/** "Category A" or "Category A (en)" when the requested language fell back. */
export function showLabel(labels: LangMap, lang: Language = 'en'): string {
  const l = labelIn(labels, lang);
  return l.fallback ? `${l.text} (en)` : l.text;
}

export function isLanguage(x: string): x is Language {
  return (LANGUAGES as readonly string[]).includes(x);
}

/** One scheme's codes with labels in a language (for `tessera schemes show` and the API). */
export function conceptsIn(s: Scheme, lang: Language = 'en'): Array<{ code: string; label: string; labelLang: Language; fallback: boolean; broader?: string; sourceLabel?: string; definition?: string; confidence: string; warnings: string[] }> {
  return s.concepts.map((c: Concept) => {
    const l = labelIn(c.prefLabel, lang);
    const d = c.definition?.[lang] ?? c.definition?.en;
    const out: ReturnType<typeof conceptsIn>[number] = { code: c.code, label: l.text, labelLang: l.lang, fallback: l.fallback, confidence: c.confidence, warnings: c.warnings ?? [] };
    if (c.broader !== undefined) out.broader = c.broader;
    if (c.sourceLabel !== undefined) out.sourceLabel = c.sourceLabel;
    if (d !== undefined) out.definition = d;
    return out;
  });
}
