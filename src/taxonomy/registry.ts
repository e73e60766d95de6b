/**
 * The scheme registry: built-in schemes plus the ones an organisation imports, each
 * versioned. Lookups fail with an error that lists the closest valid ids or codes.
 */
import { createHash } from 'node:crypto';
import { NotFoundError, TesseraError, ValidationError, type Problem } from '../shared/errors.ts';
import { validateAgeRange } from './age.ts';
import { ACT_ATOMS, FLAGS, INCIDENT_ATOMS } from './axes.ts';
import { builtinSchemes } from './schemes/index.ts';
import { closest } from './similar.ts';
import { LANGUAGES, REALNESS, type Concept, type Language, type Scheme } from './types.ts';

export const SCHEME_ID = /^[a-z0-9][a-z0-9.-]{0,62}$/;
const LEGAL = ['illegal', 'illegal-everywhere', 'nationally-illegal', 'not-illegal', 'harmful-not-illegal', 'no-assessment'];
const KINDS = ['content-severity', 'legal-status', 'legal-definition', 'incident', 'contact', 'annotation', 'cdm-axis'];
const UNITS = ['image', 'url', 'domain', 'hash', 'file', 'media-item', 'material', 'depiction', 'report', 'contact', 'incident'];
const ACT_IDS = new Set(ACT_ATOMS.map((a) => a.id));
const INCIDENT_IDS = new Set(INCIDENT_ATOMS.map((a) => a.id));

export interface ResolvedCode {
  scheme: Scheme;
  concept: Concept;
  /** Set when the input matched an alias or a different spelling; says what was matched. */
  note?: string;
}

export interface SchemeSummary {
  id: string;
  version: string;
  kind: string;
  title: string;
  publisher: string;
  codes: number;
  confidence: string;
  imported: boolean;
  languages: Language[];
  warnings: string[];
  digest: string;
}

/** Loose form of a code for forgiving lookups: case, spaces, hyphens and underscores ignored. */
export function looseCode(s: string): string {
  return s.trim().toLowerCase().replace(/[\s_-]+/g, '');
}

/** sha256 of a scheme's canonical JSON: the identity of one version. */
export function schemeDigest(s: Scheme): string {
  return createHash('sha256').update(canonical(s)).digest('hex');
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return '{' + Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => JSON.stringify(k) + ':' + canonical(o[k])).join(',') + '}';
  }
  return JSON.stringify(v);
}

interface Entry {
  scheme: Scheme;
  digest: string;
  byCode: Map<string, Concept>;
  byAlias: Map<string, { concept: Concept; note: string }>;
  byLoose: Map<string, Concept[]>;
}

function index(scheme: Scheme): Entry {
  const byCode = new Map<string, Concept>();
  const byAlias = new Map<string, { concept: Concept; note: string }>();
  const byLoose = new Map<string, Concept[]>();
  for (const c of scheme.concepts) {
    byCode.set(c.code, c);
    for (const a of c.aliases ?? []) byAlias.set(looseCode(a.text), { concept: c, note: a.note });
    const k = looseCode(c.code);
    byLoose.set(k, [...(byLoose.get(k) ?? []), c]);
  }
  return { scheme, digest: schemeDigest(scheme), byCode, byAlias, byLoose };
}

/**
 * Structural checks of a scheme (for built-ins and imports alike). Returns every problem
 * found, each with the concept path, so an import can report them all at once.
 */
export function validateScheme(s: Scheme, where: (i: number | null, field: string) => Problem['where'] = (i, field) => ({ path: i === null ? field : `concepts[${i}].${field}` })): Problem[] {
  const issues: Problem[] = [];
  const add = (i: number | null, field: string, code: string, message: string) => issues.push({ code, message, where: where(i, field) });
  if (!SCHEME_ID.test(s.id ?? '')) add(null, 'id', 'invalid_scheme_id', `Scheme id "${s.id}" must be lower case letters, digits, dots and hyphens (e.g. "my-hotline"), at most 63 characters.`);
  if (!s.version || typeof s.version !== 'string') add(null, 'version', 'missing_version', 'A scheme needs a version (e.g. "1" or "2026-01").');
  if (!s.title?.en) add(null, 'title', 'missing_label', 'A scheme needs an English title.');
  if (!KINDS.includes(s.kind)) add(null, 'kind', 'invalid_kind', `Unknown scheme kind "${s.kind}"; use one of ${KINDS.join(', ')}.`);
  if (!s.concepts?.length) add(null, 'concepts', 'empty_scheme', 'A scheme needs at least one concept.');
  const codes = new Map<string, number>();
  (s.concepts ?? []).forEach((c, i) => {
    if (typeof c.code !== 'string' || c.code.trim() === '' || c.code.length > 200) add(i, 'code', 'invalid_code', 'Each concept needs a code of 1 to 200 characters.');
    else if (codes.has(c.code)) add(i, 'code', 'duplicate_code', `Code "${c.code}" is already used by concept ${codes.get(c.code)}.`);
    else codes.set(c.code, i);
    if (!c.prefLabel?.en) add(i, 'prefLabel', 'missing_label', `Concept "${c.code}" needs an English prefLabel (other languages fall back to it).`);
    for (const lang of Object.keys(c.prefLabel ?? {})) if (!LANGUAGES.includes(lang as Language)) add(i, 'prefLabel', 'unsupported_language', `Language "${lang}" is not supported; use ${LANGUAGES.join(', ')}.`);
    const ax = c.axes ?? {};
    for (const a of ax.act ?? []) if (!ACT_IDS.has(a)) add(i, 'axes.act', 'unknown_atom', `Unknown content atom "${a}"; known: ${[...ACT_IDS].join(', ')}.`);
    for (const a of ax.actConditional?.atoms ?? []) if (!ACT_IDS.has(a)) add(i, 'axes.actConditional', 'unknown_atom', `Unknown content atom "${a}".`);
    for (const a of ax.incident ?? []) if (!INCIDENT_IDS.has(a)) add(i, 'axes.incident', 'unknown_atom', `Unknown incident atom "${a}"; known: ${[...INCIDENT_IDS].join(', ')}.`);
    for (const r of ax.realness ?? []) if (!REALNESS.includes(r)) add(i, 'axes.realness', 'invalid_realness', `Unknown realness "${r}"; use ${REALNESS.join(', ')}.`);
    for (const f of ax.flags ?? []) if (!(f in FLAGS)) add(i, 'axes.flags', 'unknown_flag', `Unknown context flag "${f}"; known: ${Object.keys(FLAGS).join(', ')}.`);
    if (ax.legal && !LEGAL.includes(ax.legal.status)) add(i, 'axes.legal', 'invalid_legal_status', `Unknown legal status "${ax.legal.status}"; use ${LEGAL.join(', ')}.`);
    if (ax.legal?.jurisdiction && !/^[A-Z]{2}$/.test(ax.legal.jurisdiction)) add(i, 'axes.legal.jurisdiction', 'invalid_jurisdiction', `Jurisdiction "${ax.legal.jurisdiction}" must be an ISO 3166-1 alpha-2 code (or EU).`);
    if (ax.unit && !UNITS.includes(ax.unit)) add(i, 'axes.unit', 'invalid_unit', `Unknown unit "${ax.unit}"; use ${UNITS.join(', ')}.`);
    if (ax.age) {
      try {
        validateAgeRange(ax.age);
      } catch (e) {
        add(i, 'axes.age', 'invalid_age', (e as Error).message);
      }
    }
  });
  (s.concepts ?? []).forEach((c, i) => {
    if (c.broader !== undefined && !codes.has(c.broader)) add(i, 'broader', 'unknown_broader', `Broader concept "${c.broader}" of "${c.code}" is not in the scheme.`);
  });
  // cycles in the hierarchy
  const parent = new Map((s.concepts ?? []).map((c) => [c.code, c.broader]));
  (s.concepts ?? []).forEach((c, i) => {
    const seen = new Set<string>([c.code]);
    let p = c.broader;
    while (p !== undefined) {
      if (seen.has(p)) {
        add(i, 'broader', 'hierarchy_cycle', `Concept "${c.code}" is its own ancestor (cycle through "${p}").`);
        break;
      }
      seen.add(p);
      p = parent.get(p);
    }
  });
  return issues;
}

export class TaxonomyRegistry {
  private readonly versions = new Map<string, Map<string, Entry>>();
  private readonly latest = new Map<string, Entry>();
  private readonly builtin = new Set<string>();
  /** Increments on every change; the crosswalk engine uses it to drop stale translations. */
  revision = 0;

  constructor(schemes: Scheme[] = builtinSchemes()) {
    for (const s of schemes) {
      this.register(s);
      this.builtin.add(s.id);
    }
  }

  /**
   * Registers a scheme version. Re-registering an identical version is a no-op; a different
   * scheme under an existing id+version, or an import over a built-in id, is refused.
   */
  /**
   * Every problem that would stop `register(scheme)`: structure, mapping targets, a built-in
   * id, an existing version with different content. Nothing is changed.
   */
  check(scheme: Scheme, where?: (i: number | null, field: string) => Problem['where']): Problem[] {
    const loc = where ?? ((i: number | null, field: string) => ({ path: i === null ? field : `concepts[${i}].${field}` }));
    const issues = validateScheme(scheme, loc);
    (scheme.concepts ?? []).forEach((c, i) => {
      for (const m of c.mappings ?? []) {
        const target = this.latest.get(m.scheme);
        if (!target) issues.push({ code: 'unknown_scheme', message: `Mapping target scheme "${m.scheme}" is not registered. Closest: ${closest(m.scheme, [...this.latest.keys()]).join(', ')}.`, where: loc(i, 'mappings') });
        else if (!target.byCode.has(m.code)) {
          const near = closest(m.code, [...target.byCode.keys()]);
          issues.push({ code: 'unknown_code', message: `Mapping target "${m.scheme}:${m.code}" does not exist. Closest valid codes: ${near.join(', ')}.`, where: loc(i, 'mappings'), details: { closest: near } });
        }
      }
    });
    if (this.builtin.has(scheme.id)) issues.push({ code: 'scheme_id_reserved', message: `"${scheme.id}" is a built-in scheme id; give your scheme its own id (e.g. "org-${scheme.id}").`, where: loc(null, 'id') });
    const existing = this.versions.get(scheme.id)?.get(scheme.version);
    if (existing && issues.length === 0 && existing.digest !== schemeDigest(scheme)) {
      issues.push({
        code: 'scheme_version_conflict',
        message: `Scheme "${scheme.id}" version "${scheme.version}" is already registered with different content; give the new content a new version.`,
        where: loc(null, 'version'),
        details: { registeredDigest: existing.digest },
      });
    }
    return issues;
  }

  /**
   * Registers a scheme version, all or nothing. Re-registering an identical version is a
   * no-op; a different scheme under an existing id+version, or an import over a built-in id,
   * is refused.
   */
  register(scheme: Scheme): SchemeSummary {
    const issues = this.check(scheme);
    if (issues.length) throw new ValidationError(issues, `Scheme "${scheme.id}" is not valid: ${issues[0]?.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`);
    const entry = index(scheme);
    const vs = this.versions.get(scheme.id) ?? new Map<string, Entry>();
    const existing = vs.get(scheme.version);
    if (existing) return this.summary(existing);
    vs.set(scheme.version, entry);
    this.versions.set(scheme.id, vs);
    this.latest.set(scheme.id, entry);
    this.revision++;
    return this.summary(entry);
  }

  has(id: string): boolean {
    return this.latest.has(id);
  }

  isBuiltin(id: string): boolean {
    return this.builtin.has(id);
  }

  /** A scheme (latest version unless one is named); unknown ids list the closest. */
  get(id: string, version?: string): Scheme {
    return this.entry(id, version).scheme;
  }

  versionsOf(id: string): string[] {
    this.entry(id);
    return [...(this.versions.get(id)?.keys() ?? [])];
  }

  list(): Scheme[] {
    return [...this.latest.values()].map((e) => e.scheme);
  }

  summaries(): SchemeSummary[] {
    return [...this.latest.values()].map((e) => this.summary(e));
  }

  /**
   * Finds a code. Exact first; then a known alias (older label, a library's misspelling); then
   * the same code ignoring case, spaces and hyphens when that is unambiguous.
   */
  resolve(schemeId: string, code: string): ResolvedCode {
    const e = this.entry(schemeId);
    const exact = e.byCode.get(code);
    if (exact) return { scheme: e.scheme, concept: exact };
    const loose = looseCode(code);
    const alias = e.byAlias.get(loose);
    if (alias) return { scheme: e.scheme, concept: alias.concept, note: `"${code}" read as ${schemeId}:${alias.concept.code} (${alias.note})` };
    const hits = e.byLoose.get(loose);
    if (hits?.length === 1 && hits[0]) return { scheme: e.scheme, concept: hits[0], note: `"${code}" read as ${schemeId}:${hits[0].code}` };
    const candidates = [...e.byCode.keys()];
    const near = closest(code, candidates, 5);
    throw new TesseraError('unknown_code', `"${code}" is not a code of ${schemeId}. Closest valid codes: ${near.map((c) => JSON.stringify(c)).join(', ')}.`, {
      status: 404,
      details: { scheme: schemeId, code, closest: near },
    });
  }

  /** The concept with this exact code, or undefined. */
  concept(schemeId: string, code: string): Concept | undefined {
    return this.latest.get(schemeId)?.byCode.get(code);
  }

  private entry(id: string, version?: string): Entry {
    const e = this.latest.get(id);
    if (!e) {
      const near = closest(id, [...this.latest.keys()], 5);
      throw new TesseraError('unknown_scheme', `"${id}" is not a known scheme. Closest scheme ids: ${near.join(', ')}.`, { status: 404, details: { scheme: id, closest: near } });
    }
    if (version === undefined) return e;
    const v = this.versions.get(id)?.get(version);
    if (!v) throw new NotFoundError('scheme version', `${id}@${version}`, { versions: [...(this.versions.get(id)?.keys() ?? [])] });
    return v;
  }

  private summary(e: Entry): SchemeSummary {
    const s = e.scheme;
    const langs = new Set<Language>(['en']);
    for (const c of s.concepts) for (const l of Object.keys(c.prefLabel) as Language[]) langs.add(l);
    return {
      id: s.id,
      version: s.version,
      kind: s.kind,
      title: s.title.en,
      publisher: s.publisher,
      codes: s.concepts.length,
      confidence: s.confidence,
      imported: Boolean(s.imported),
      languages: LANGUAGES.filter((l) => langs.has(l)),
      warnings: s.warnings ?? [],
      digest: e.digest,
    };
  }
}

let defaultRegistry: TaxonomyRegistry | undefined;

/** The process-wide registry with the built-in schemes (imports are added to it by the caller). */
export function registry(): TaxonomyRegistry {
  defaultRegistry ??= new TaxonomyRegistry();
  return defaultRegistry;
}
