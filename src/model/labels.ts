/**
 * Field labels in several languages. English is always present; other languages are given
 * where the field's meaning is settled in the field's own literature. Readers fall back to
 * English, visibly (the data dictionary marks a fallback with "(en)").
 */
export type Language = 'en' | 'fr' | 'es' | 'pt' | 'de';
export const LANGUAGES: readonly Language[] = ['en', 'fr', 'es', 'pt', 'de'];
export type Labels = { en: string } & Partial<Record<Exclude<Language, 'en'>, string>>;

/** Zod `.meta()` payload for a field: a title, a description and its labels. */
export function field(description: string, labels: Labels, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: labels.en, description, 'x-labels': labels, ...extra };
}

export function labelIn(labels: Labels, lang: Language): { text: string; fallback: boolean } {
  const text = labels[lang];
  return text ? { text, fallback: false } : { text: labels.en, fallback: lang !== 'en' };
}
