/**
 * Terminology linter after the Luxembourg Guidelines (terminology-guidelines.md). All rules
 * of all languages and all exemptions are compiled into ONE automaton; a scan is a single
 * pass over the text whatever the number of rules.
 *
 * Severity: group 3 ("should be avoided") terms are errors only when the fact is verified
 * [V]; unverified, secondary or not-found facts are reported as warnings and say so. Group 2
 * ("attention to context") terms are warnings, style notes are info. Hits inside protocol
 * constants, legal titles, legal citations or quotation marks are info and never rewritten.
 */
import { TesseraError } from '../../shared/errors.ts';
import { CONFIDENCE_TEXT } from '../types.ts';
import { Automaton } from './automaton.ts';
import { CITATION_BEFORE, EXEMPTIONS, isQuoted, type Exemption } from './exemptions.ts';
import { fold } from './normalise.ts';
import { de } from './rules/de.ts';
import { en } from './rules/en.ts';
import { es } from './rules/es.ts';
import { fr } from './rules/fr.ts';
import { other } from './rules/other.ts';
import { pt } from './rules/pt.ts';
import { LINT_LANGS, type Finding, type LintLang, type Severity, type TermRule, type TermVariant } from './types.ts';

export const ALL_RULES: readonly TermRule[] = [...en, ...fr, ...es, ...pt, ...de, ...other];

export interface LintOptions {
  /** Only rules of these languages (exemptions always apply). Default: every language. */
  lang?: LintLang | readonly LintLang[];
}

export interface FixResult {
  text: string;
  applied: Finding[];
  /** Findings left for a person (warnings, context-sensitive, exempt, no safe replacement). */
  remaining: Finding[];
}

interface Entry {
  kind: 'rule' | 'exempt';
  index: number;
  variant?: TermVariant;
  /** Must equal the original text exactly (acronyms, protocol constants). */
  literal?: string;
  /** The variant as spelled (lower case): breaks ties between languages ("pornografía" es vs "pornografia" pt). */
  spelling?: string;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Expands `{a|b|}` alternatives; returns the variants with a trailing `*` kept. */
export function expandPattern(pattern: string): string[] {
  const m = /\{([^{}]*)\}/.exec(pattern);
  if (!m) return [pattern.replace(/\s+/g, ' ').trim()];
  const out: string[] = [];
  for (const alt of (m[1] ?? '').split('|')) out.push(...expandPattern(pattern.slice(0, m.index) + alt + pattern.slice(m.index + m[0].length)));
  return out;
}

export function severityOf(rule: TermRule): Severity {
  if (rule.usage === 'info') return 'info';
  if (rule.usage === 'context') return 'warning';
  return rule.confidence === 'V' ? 'error' : 'warning';
}

function reasonOf(rule: TermRule): string {
  if (rule.usage === 'avoid' && rule.confidence !== 'V') return `${rule.reason} Reported as a warning, not an error (basis: ${CONFIDENCE_TEXT[rule.confidence]}).`;
  return rule.reason;
}

function matchCase(original: string, replacement: string): string {
  const upper = original.toUpperCase();
  if (original === upper && original !== original.toLowerCase() && original.length > 1) return replacement.toUpperCase();
  const first = original.charAt(0);
  if (first !== first.toLowerCase() && first === upper.charAt(0)) return replacement.charAt(0).toUpperCase() + replacement.slice(1);
  return replacement;
}

/** Cheap pre-check before the citation pattern: a digit or "§", or the name of a code or directive. */
function mightCite(before: string): boolean {
  for (let i = 0; i < before.length; i++) {
    const c = before.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 0xa7) return true;
  }
  return CODE_NAMES.test(before);
}
const CODE_NAMES = /code|c[óo]digo|directiv|diretiva|richtlinie|stgb|strafgesetz/i;

export class TermLinter {
  private readonly automaton: Automaton;
  private readonly entries: Entry[] = [];
  /** Per rule, computed once: severity and reason text. */
  private readonly severity: Severity[];
  private readonly reason: string[];
  readonly rules: readonly TermRule[];
  readonly exemptions: readonly Exemption[];

  constructor(rules: readonly TermRule[] = ALL_RULES, exemptions: readonly Exemption[] = EXEMPTIONS) {
    this.rules = rules;
    this.exemptions = exemptions;
    this.severity = rules.map(severityOf);
    this.reason = rules.map(reasonOf);
    const patterns: Array<{ text: string; stem: boolean }> = [];
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      for (const t of rule.terms) {
        const variant: TermVariant = typeof t === 'string' ? { pattern: t } : t;
        for (const expanded of expandPattern(variant.pattern)) {
          const stem = expanded.endsWith('*');
          const body = stem ? expanded.slice(0, -1) : expanded;
          if (body.includes('*')) throw new TesseraError('invalid_rule', `Rule ${rule.id}: "*" is allowed only at the end of a pattern ("${variant.pattern}").`);
          const text = fold(body);
          if (!text) throw new TesseraError('invalid_rule', `Rule ${rule.id}: pattern "${variant.pattern}" is empty after folding.`);
          const key = `${index}|${text}|${stem}`;
          if (seen.has(key)) continue;
          seen.add(key);
          patterns.push({ text, stem });
          const e: Entry = { kind: 'rule', index, variant, spelling: body.toLowerCase().replace(/\s+/g, ' ') };
          if (rule.caseSensitive) e.literal = body;
          this.entries.push(e);
        }
      }
    });
    exemptions.forEach((x, index) => {
      patterns.push({ text: fold(x.text), stem: false });
      // protocol constants count only when written exactly (case included); edges that fold to separators are trimmed
      const literal = x.text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      this.entries.push(x.kind === 'protocol-constant' ? { kind: 'exempt', index, literal } : { kind: 'exempt', index });
    });
    this.automaton = new Automaton(patterns);
  }

  /** Number of automaton states (for the benchmark report). */
  get states(): number {
    return this.automaton.states;
  }

  lint(text: string, opts: LintOptions = {}): Finding[] {
    const langs = opts.lang === undefined ? undefined : new Set(typeof opts.lang === 'string' ? [opts.lang] : opts.lang);
    if (langs) for (const l of langs) if (!LINT_LANGS.includes(l)) throw new TesseraError('unknown_language', `No terminology rules for language "${l}"; available: ${LINT_LANGS.join(', ')}.`, { details: { available: LINT_LANGS } });
    const hits = this.automaton.scan(text);
    if (hits.length === 0) return [];
    const exempt: Array<{ start: number; end: number; x: Exemption }> = [];
    // candidate hits by index into `hits`, sorted by start, longest first, most severe first
    const idx: number[] = [];
    for (let k = 0; k < hits.length; k++) {
      const e = this.entries[hits.pattern[k] as number] as Entry;
      const start = hits.start[k] as number;
      const end = hits.end[k] as number;
      if (e.kind === 'exempt') {
        if (e.literal !== undefined && text.slice(start, end).replace(/\s+/g, ' ') !== e.literal) continue;
        exempt.push({ start, end, x: this.exemptions[e.index] as Exemption });
        continue;
      }
      if (langs && !langs.has((this.rules[e.index] as TermRule).lang)) continue;
      if (e.literal !== undefined && text.slice(start, end) !== e.literal) continue;
      idx.push(k);
    }
    const sev = (k: number) => RANK[this.severity[(this.entries[hits.pattern[k] as number] as Entry).index] as Severity];
    idx.sort((a, b) => (hits.start[a] as number) - (hits.start[b] as number) || (hits.end[b] as number) - (hits.end[a] as number) || sev(a) - sev(b));
    const entryOf = (k: number) => this.entries[hits.pattern[k] as number] as Entry;
    // the same span matched in two languages (folded "pornografia infantil" is es and pt): the spelling decides
    for (let i = 1; i < idx.length; i++) {
      const a = idx[i - 1] as number;
      const b = idx[i] as number;
      if (hits.start[a] === hits.start[b] && hits.end[a] === hits.end[b]) {
        const ea = entryOf(a);
        const eb = entryOf(b);
        if ((this.rules[ea.index] as TermRule).lang === (this.rules[eb.index] as TermRule).lang) continue;
        const written = text.slice(hits.start[a] as number, hits.end[a] as number).toLowerCase().replace(/\s+/g, ' ');
        if (ea.spelling !== written && eb.spelling === written) {
          idx[i - 1] = b;
          idx[i] = a;
        }
      }
    }
    exempt.sort((a, b) => a.start - b.start || b.end - a.end);
    let ex = -1; // last exempt span starting at or before the candidate (both lists are sorted by start)
    const findings: Finding[] = [];
    let lastEnd = -1;
    let lines: number[] | undefined;
    let li = 0; // line index of the previous finding: findings come in order, so the search only moves forward
    for (let oi = 0; oi < idx.length; oi++) {
      const k = idx[oi] as number;
      const start = hits.start[k] as number;
      const end = hits.end[k] as number;
      if (start < lastEnd) continue;
      lastEnd = end;
      const e = entryOf(k);
      const rule = this.rules[e.index] as TermRule;
      const sev = this.severity[e.index] as Severity;
      let why: string | undefined;
      while (ex + 1 < exempt.length && (exempt[ex + 1] as (typeof exempt)[number]).start <= start) ex++;
      const x1 = exempt[ex];
      const x0 = exempt[ex - 1];
      const inside = x1 && x1.start <= start && end <= x1.end ? x1 : x0 && x0.start <= start && end <= x0.end ? x0 : undefined;
      if (inside) why = `${inside.x.kind === 'protocol-constant' ? 'protocol constant' : 'legal title'}: ${inside.x.note}`;
      else if (isQuoted(text, start, end)) why = 'quoted';
      else {
        const before = text.slice(Math.max(0, start - 80), start);
        if (mightCite(before) && CITATION_BEFORE.test(before)) why = 'legal citation';
      }
      lines ??= lineStarts(text);
      while (li + 1 < lines.length && (lines[li + 1] as number) <= start) li++;
      const line = li + 1;
      const column = start - (lines[li] as number) + 1;
      let le = li;
      while (le + 1 < lines.length && (lines[le + 1] as number) <= end) le++;
      const endLine = le + 1;
      const endColumn = end - (lines[le] as number) + 1;
      const term = text.slice(start, end);
      const replacement = e.variant?.replacement;
      const fixable = !why && sev === 'error' && !rule.contextSensitive && !rule.caseSensitive && replacement !== undefined && (rule.preferredConfidence ?? rule.confidence) === 'V';
      const f: Finding = {
        line,
        column,
        endLine,
        endColumn,
        offset: start,
        length: end - start,
        term,
        preferred: rule.preferred,
        severity: why ? 'info' : sev,
        reason: why ? `${this.reason[e.index]} (Exempt: ${why}.)` : (this.reason[e.index] as string),
        rule: rule.id,
        lang: rule.lang,
        confidence: rule.confidence,
        fixable,
        sources: rule.sources,
      };
      if (why) f.exempt = why;
      if (replacement !== undefined) f.replacement = matchCase(term, replacement);
      findings.push(f);
    }
    return findings;
  }

  /** Rewrites every safe finding to its first preferred term (case kept); the rest is listed. */
  fix(text: string, opts: LintOptions = {}): FixResult {
    const findings = this.lint(text, opts);
    const applied = findings.filter((f) => f.fixable && f.replacement !== undefined);
    const remaining = findings.filter((f) => !applied.includes(f));
    let out = text;
    for (let i = applied.length - 1; i >= 0; i--) {
      const f = applied[i] as Finding;
      out = out.slice(0, f.offset) + (f.replacement as string) + out.slice(f.offset + f.length);
    }
    return { text: out, applied, remaining };
  }

  /**
   * Display label for an ingested source label: the original text is kept as it is; the
   * display label replaces discouraged terms by their preferred term (warnings included),
   * except in protocol constants and legal titles.
   */
  displayLabel(original: string, opts: LintOptions = {}): { original: string; display: string; changed: boolean; findings: Finding[] } {
    const findings = this.lint(original, opts);
    let display = original;
    for (let i = findings.length - 1; i >= 0; i--) {
      const f = findings[i] as Finding;
      if (f.exempt || f.severity === 'info') continue;
      const rep = f.replacement ?? f.preferred[0];
      if (!rep) continue;
      display = display.slice(0, f.offset) + matchCase(f.term, rep) + display.slice(f.offset + f.length);
    }
    return { original, display, changed: display !== original, findings };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  let i = text.indexOf('\n');
  while (i !== -1) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return starts;
}

let shared: TermLinter | undefined;

/** The linter with every built-in rule (compiled once per process). */
export function linter(): TermLinter {
  shared ??= new TermLinter();
  return shared;
}

export function lint(text: string, opts: LintOptions = {}): Finding[] {
  return linter().lint(text, opts);
}

export function displayLabel(original: string, opts: LintOptions = {}): { original: string; display: string; changed: boolean; findings: Finding[] } {
  return linter().displayLabel(original, opts);
}

/** Rules as data, for `tessera lint --rules` and the API. */
export function listRules(lang?: LintLang): Array<{ id: string; lang: LintLang; terms: string[]; preferred: string[]; severity: Severity; confidence: string; reason: string }> {
  return ALL_RULES.filter((r) => !lang || r.lang === lang).map((r) => ({
    id: r.id,
    lang: r.lang,
    terms: r.terms.map((t) => (typeof t === 'string' ? t : t.pattern)),
    preferred: r.preferred,
    severity: severityOf(r),
    confidence: r.confidence,
    reason: reasonOf(r),
  }));
}
