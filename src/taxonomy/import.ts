/**
 * Import of an organisation's own scheme and crosswalk (SKOS JSON-LD or CSV): parse,
 * derive axes from the declared mappings, validate against a registry — all or nothing.
 * `importScheme()` never changes the registry; the caller (CLI, API, store) registers the
 * result with `registry.register(imported.scheme)` when it decides to keep it.
 */
import { describeLocation, TesseraError, ValidationError, type Problem } from '../shared/errors.ts';
import { parseSchemeCsv } from './csv.ts';
import { registry as defaultRegistry, schemeDigest, type SchemeSummary, type TaxonomyRegistry } from './registry.ts';
import { looksLikeJson, parseSkos, type ParsedScheme } from './skos.ts';
import type { Axes, Concept, Scheme } from './types.ts';

export interface ImportInput {
  text: string;
  format?: 'skos' | 'csv' | 'auto';
  /** File name, for error locations. */
  file?: string;
  /** Overrides the id / version given in the file. */
  id?: string;
  version?: string;
}

export interface ImportedScheme {
  scheme: Scheme;
  /** sha256 of the scheme's canonical JSON: the identity of this version. */
  digest: string;
  format: 'skos' | 'csv';
  concepts: number;
  mappings: number;
  /** true when the same id+version with the same content is already registered. */
  alreadyRegistered: boolean;
  warnings: string[];
}

function deriveAxes(c: Concept, reg: TaxonomyRegistry, warnings: string[]): void {
  if (Object.keys(c.axes).length || !c.mappings?.length) return;
  const axesOf = (m: { scheme: string; code: string }) => (reg.has(m.scheme) ? reg.concept(m.scheme, m.code)?.axes : undefined);
  const exact = c.mappings.filter((m) => m.relation === 'exact');
  const broader = c.mappings.filter((m) => m.relation === 'broader');
  const narrower = c.mappings.filter((m) => m.relation === 'narrower');
  const first = exact[0];
  if (first) {
    const a = axesOf(first);
    if (a) {
      c.axes = { ...a };
      warnings.push(`${c.code}: axes taken from its exactMatch ${first.scheme}:${first.code}.`);
    }
    return;
  }
  if (broader.length === 1 && broader[0]) {
    const a = axesOf(broader[0]);
    if (a) {
      c.axes = { ...a, approx: 'subset' };
      warnings.push(`${c.code}: narrower than ${broader[0].scheme}:${broader[0].code}; translations through it are at best "broader".`);
    }
    return;
  }
  if (narrower.length) {
    const all = narrower.map(axesOf).filter((a): a is Axes => a !== undefined);
    if (!all.length) return;
    const union = (k: 'act' | 'incident') => {
      const v = all.flatMap((a) => a[k] ?? []);
      return v.length ? [...new Set(v)] : undefined;
    };
    const a: Axes = { ...all[0], approx: 'superset' };
    const act = union('act');
    const inc = union('incident');
    if (act) a.act = act;
    if (inc) a.incident = inc;
    c.axes = a;
    warnings.push(`${c.code}: broader than ${narrower.map((m) => `${m.scheme}:${m.code}`).join(', ')}; axes are their union.`);
  }
}

/** Parses and validates; throws one ValidationError listing every problem with its line or node. */
export function importScheme(input: ImportInput, reg: TaxonomyRegistry = defaultRegistry()): ImportedScheme {
  if (typeof input.text !== 'string' || input.text.trim() === '') throw new TesseraError('empty_input', 'Nothing to import: the input is empty.', { where: input.file ? { file: input.file } : {} });
  const format = !input.format || input.format === 'auto' ? (looksLikeJson(input.text) ? 'skos' : 'csv') : input.format;
  const opts = { ...(input.file ? { file: input.file } : {}), ...(input.id ? { id: input.id } : {}), ...(input.version ? { version: input.version } : {}) };
  const parsed: ParsedScheme = format === 'skos' ? parseSkos(input.text, opts) : parseSchemeCsv(input.text, opts);
  const scheme: Scheme = { ...parsed.scheme, imported: true };
  const warnings = [...parsed.warnings];
  for (const c of scheme.concepts) deriveAxes(c, reg, warnings);
  const where = (i: number | null, field: string): Problem['where'] => {
    const origin = i === null ? undefined : parsed.pathOf[i];
    const line = origin?.startsWith('line ') ? Number(origin.slice(5)) : undefined;
    return {
      ...(input.file ? { file: input.file } : {}),
      ...(line ? { line } : { path: origin ? `${origin}.${field}` : field }),
      field,
    };
  };
  const issues = reg.check(scheme, where);
  if (issues.length) {
    const loc = describeLocation(issues[0]?.where);
    throw new ValidationError(issues, `Import refused, nothing registered: ${issues.length} problem${issues.length > 1 ? 's' : ''}; first: ${loc ? loc + ': ' : ''}${issues[0]?.message}`);
  }
  const digest = schemeDigest(scheme);
  let alreadyRegistered = false;
  try {
    alreadyRegistered = reg.versionsOf(scheme.id).includes(scheme.version);
  } catch {
    alreadyRegistered = false;
  }
  return {
    scheme,
    digest,
    format,
    concepts: scheme.concepts.length,
    mappings: scheme.concepts.reduce((n, c) => n + (c.mappings?.length ?? 0), 0),
    alreadyRegistered,
    warnings,
  };
}

/** Imports and registers in one step (all or nothing). */
export function importAndRegister(input: ImportInput, reg: TaxonomyRegistry = defaultRegistry()): { imported: ImportedScheme; summary: SchemeSummary } {
  const imported = importScheme(input, reg);
  return { imported, summary: reg.register(imported.scheme) };
}

