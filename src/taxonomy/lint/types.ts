import type { Confidence } from '../types.ts';

/** Languages with rules. en, fr, es, pt and de are claimed and tested; nl, it and lb have a few rules. */
export type LintLang = 'en' | 'fr' | 'es' | 'pt' | 'de' | 'nl' | 'it' | 'lb';
export const LINT_LANGS: readonly LintLang[] = ['en', 'fr', 'es', 'pt', 'de', 'nl', 'it', 'lb'];

/**
 * Luxembourg Guidelines usage groups: 'avoid' (group 3, "should be avoided"), 'context'
 * (group 2, "use with attention to context"), 'info' (a style note, never an error).
 */
export type Usage = 'avoid' | 'context' | 'info';
export type Severity = 'error' | 'warning' | 'info';

/**
 * A term variant. Pattern syntax: words separated by spaces; `{a|b|}` alternatives (an empty
 * one makes the part optional); a trailing `*` matches any word ending (stem). Matching is
 * case-insensitive, diacritic-insensitive, and treats hyphens, line breaks and whitespace runs
 * between words as one space.
 */
export interface TermVariant {
  pattern: string;
  /** Replacement for `--fix` and display labels; only on variants where it is grammatical. */
  replacement?: string;
}

export interface TermRule {
  id: string;
  lang: LintLang;
  terms: Array<string | TermVariant>;
  preferred: string[];
  /** Paraphrased reason (the Guidelines are CC BY-NC-ND: we cite, we do not copy). */
  reason: string;
  usage: Usage;
  /** Confidence that the term is discouraged. */
  confidence: Confidence;
  /** Confidence in the preferred wording, when it differs (e.g. avoid [V], wording [U]). */
  preferredConfidence?: Confidence;
  sources: string[];
  /** Only a problem in some contexts (e.g. about a child): never auto-fixed. */
  contextSensitive?: boolean;
  /** Acronyms: the original text must match one variant exactly, case included. */
  caseSensitive?: boolean;
}

export interface Finding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** UTF-16 offset and length in the input. */
  offset: number;
  length: number;
  /** The text as written. */
  term: string;
  preferred: string[];
  severity: Severity;
  reason: string;
  rule: string;
  lang: LintLang;
  confidence: Confidence;
  /** Why the hit is only informational: quoted, legal citation, protocol constant, legal title. */
  exempt?: string;
  /** true when --fix would rewrite it. */
  fixable: boolean;
  replacement?: string;
  sources: string[];
}
