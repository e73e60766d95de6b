/**
 * SKOS as JSON-LD: export of every scheme and crosswalk; parsing of an organisation's scheme.
 *
 * Export writes compact JSON-LD with the `skos:`, `dct:`, `owl:` and `tessera:` prefixes; the
 * axis bundle travels as a JSON literal (`"@type": "@json"`) so a scheme round-trips exactly.
 * Parsing accepts the subset of JSON-LD such files use without a JSON-LD processor: an inline
 * `@context` of prefixes and simple term definitions (strings or `{"@id"}`, `@container:
 * @language`), `@graph` or a node array, full IRIs or prefixed names, language-tagged values,
 * language maps and plain strings. Remote contexts are refused (no network access).
 */
import { ValidationError, type Problem } from '../shared/errors.ts';
import { crosswalk as defaultCrosswalk, type Crosswalk } from './crosswalk.ts';
import { LANGUAGES, RELATION_SKOS, type Axes, type Concept, type Language, type LangMap, type Relation, type Scheme } from './types.ts';

export const SKOS = 'http://www.w3.org/2004/02/skos/core#';
export const DCT = 'http://purl.org/dc/terms/';
export const OWL = 'http://www.w3.org/2002/07/owl#';
export const TESSERA = 'urn:tessera:vocab#';
export const SCHEME_IRI = 'urn:tessera:scheme:';

export const CONTEXT = { skos: SKOS, dct: DCT, owl: OWL, tessera: TESSERA } as const;

export type JsonLd = { '@context': Record<string, unknown>; '@graph': Array<Record<string, unknown>> };

export function schemeIri(id: string): string {
  return SCHEME_IRI + id;
}

export function conceptIri(schemeId: string, code: string): string {
  return `${SCHEME_IRI}${schemeId}:${encodeURIComponent(code)}`;
}

/** `urn:tessera:scheme:uk-2014:A` → { scheme: 'uk-2014', code: 'A' }. */
export function parseConceptIri(iri: string): { scheme: string; code: string } | undefined {
  if (!iri.startsWith(SCHEME_IRI)) return undefined;
  const rest = iri.slice(SCHEME_IRI.length);
  const i = rest.indexOf(':');
  if (i <= 0) return undefined;
  try {
    return { scheme: rest.slice(0, i), code: decodeURIComponent(rest.slice(i + 1)) };
  } catch {
    return undefined;
  }
}

const langValues = (m: Partial<Record<string, string>> | undefined) =>
  Object.entries(m ?? {})
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([l, v]) => ({ '@value': v, '@language': l }));

const json = (v: unknown) => ({ '@type': '@json', '@value': v });

/** One scheme as a SKOS ConceptScheme with its concepts. */
export function exportSchemeSkos(s: Scheme): JsonLd {
  const top = s.concepts.filter((c) => c.broader === undefined).map((c) => ({ '@id': conceptIri(s.id, c.code) }));
  const schemeNode: Record<string, unknown> = {
    '@id': schemeIri(s.id),
    '@type': 'skos:ConceptScheme',
    'dct:identifier': s.id,
    'owl:versionInfo': s.version,
    'dct:title': langValues(s.title),
    'dct:description': s.description,
    'dct:publisher': s.publisher,
    'dct:source': s.sources,
    'tessera:kind': s.kind,
    'tessera:confidence': s.confidence,
    'skos:hasTopConcept': top,
  };
  if (s.unit) schemeNode['tessera:unit'] = s.unit;
  if (s.warnings?.length) schemeNode['tessera:warnings'] = s.warnings;
  const nodes = s.concepts.map((c) => conceptNode(s, c));
  return { '@context': { ...CONTEXT }, '@graph': [schemeNode, ...nodes] };
}

function conceptNode(s: Scheme, c: Concept): Record<string, unknown> {
  const n: Record<string, unknown> = {
    '@id': conceptIri(s.id, c.code),
    '@type': 'skos:Concept',
    'skos:inScheme': { '@id': schemeIri(s.id) },
    'skos:notation': c.code,
    'skos:prefLabel': langValues(c.prefLabel),
  };
  const alt = Object.entries(c.altLabel ?? {}).flatMap(([l, vs]) => (vs ?? []).map((v) => ({ '@value': v, '@language': l })));
  if (alt.length) n['skos:altLabel'] = alt;
  if (c.definition && Object.keys(c.definition).length) n['skos:definition'] = langValues(c.definition);
  if (c.broader !== undefined) n['skos:broader'] = { '@id': conceptIri(s.id, c.broader) };
  else n['skos:topConceptOf'] = { '@id': schemeIri(s.id) };
  if (c.sourceLabel !== undefined) n['tessera:sourceLabel'] = c.sourceLabel;
  n['tessera:axes'] = json(c.axes);
  n['tessera:confidence'] = c.confidence;
  if (c.sources?.length) n['dct:source'] = c.sources;
  if (c.warnings?.length) n['tessera:warnings'] = c.warnings;
  if (c.aliases?.length) n['tessera:aliases'] = json(c.aliases);
  for (const m of c.mappings ?? []) {
    const key = RELATION_SKOS[m.relation];
    const list = (n[key] as Array<{ '@id': string }> | undefined) ?? [];
    list.push({ '@id': conceptIri(m.scheme, m.code) });
    n[key] = list;
  }
  return n;
}

/**
 * A crosswalk as SKOS mapping relations: one node per source concept with its
 * exactMatch/broadMatch/narrowMatch/relatedMatch to the target, plus Tessera's notes
 * (lost, assumed, review) as a JSON literal. Computed without a jurisdiction.
 */
export function exportCrosswalkSkos(from: string, to: string, cw: Crosswalk = defaultCrosswalk()): JsonLd {
  const s = cw.registry.get(from);
  cw.registry.get(to);
  const nodes = s.concepts.map((c) => {
    const t = cw.translate(from, c.code, to);
    const n: Record<string, unknown> = { '@id': conceptIri(from, c.code), 'skos:notation': c.code };
    for (const tc of t.codes) {
      const key = RELATION_SKOS[tc.relation];
      const list = (n[key] as Array<{ '@id': string }> | undefined) ?? [];
      list.push({ '@id': conceptIri(to, tc.code) });
      n[key] = list;
    }
    n['tessera:crosswalk'] = json({ relation: t.relation, lost: t.lost, assumed: t.assumed, warnings: t.warnings, review: t.review });
    return n;
  });
  const head = {
    '@id': `urn:tessera:crosswalk:${from}:${to}`,
    '@type': 'tessera:Crosswalk',
    'tessera:from': { '@id': schemeIri(from) },
    'tessera:to': { '@id': schemeIri(to) },
    'dct:description': `Crosswalk from ${from} to ${to}, derived from the axis bundles of each code (no jurisdiction given).`,
  };
  return { '@context': { ...CONTEXT }, '@graph': [head, ...nodes] };
}

// ----------------------------------------------------------------------------------- parse

interface Ctx {
  prefixes: Map<string, string>;
  terms: Map<string, { iri: string; languageMap: boolean }>;
  language?: string;
}

const FULL = {
  ConceptScheme: SKOS + 'ConceptScheme',
  Concept: SKOS + 'Concept',
  prefLabel: SKOS + 'prefLabel',
  altLabel: SKOS + 'altLabel',
  definition: SKOS + 'definition',
  notation: SKOS + 'notation',
  broader: SKOS + 'broader',
  narrower: SKOS + 'narrower',
  inScheme: SKOS + 'inScheme',
  exactMatch: SKOS + 'exactMatch',
  broadMatch: SKOS + 'broadMatch',
  narrowMatch: SKOS + 'narrowMatch',
  relatedMatch: SKOS + 'relatedMatch',
  closeMatch: SKOS + 'closeMatch',
  title: DCT + 'title',
  description: DCT + 'description',
  publisher: DCT + 'publisher',
  source: DCT + 'source',
  identifier: DCT + 'identifier',
  version: OWL + 'versionInfo',
  kind: TESSERA + 'kind',
  confidence: TESSERA + 'confidence',
  unit: TESSERA + 'unit',
  warnings: TESSERA + 'warnings',
  axes: TESSERA + 'axes',
  aliases: TESSERA + 'aliases',
  sourceLabel: TESSERA + 'sourceLabel',
};

const MATCH: Array<[string, Exclude<Relation, 'none'>]> = [
  [FULL.exactMatch, 'exact'],
  [FULL.broadMatch, 'broader'],
  [FULL.narrowMatch, 'narrower'],
  [FULL.relatedMatch, 'related'],
  [FULL.closeMatch, 'related'],
];

function readContext(raw: unknown, issues: Problem[]): Ctx {
  const ctx: Ctx = { prefixes: new Map(), terms: new Map() };
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  for (const c of list) {
    if (typeof c === 'string') {
      issues.push({ code: 'remote_context', message: `Remote JSON-LD contexts ("${c}") are not fetched: inline the context as an object.`, where: { path: '@context' } });
      continue;
    }
    if (!c || typeof c !== 'object') continue;
    for (const [k, v] of Object.entries(c as Record<string, unknown>)) {
      if (k === '@language' && typeof v === 'string') ctx.language = v;
      else if (k.startsWith('@')) continue;
      else if (typeof v === 'string') {
        if (/[#/:]$/.test(v)) ctx.prefixes.set(k, v);
        else ctx.terms.set(k, { iri: v, languageMap: false });
      } else if (v && typeof v === 'object' && typeof (v as Record<string, unknown>)['@id'] === 'string') {
        ctx.terms.set(k, { iri: (v as Record<string, string>)['@id'] as string, languageMap: (v as Record<string, unknown>)['@container'] === '@language' });
      }
    }
  }
  // built-in prefixes when a file relies on them without declaring (common in hand-written files)
  for (const [p, iri] of Object.entries(CONTEXT)) if (!ctx.prefixes.has(p)) ctx.prefixes.set(p, iri);
  return ctx;
}

function expand(ctx: Ctx, key: string, depth = 0): string {
  const term = ctx.terms.get(key);
  if (term && depth < 8 && term.iri !== key) return expand(ctx, term.iri, depth + 1);
  const i = key.indexOf(':');
  if (i > 0) {
    const p = ctx.prefixes.get(key.slice(0, i));
    if (p && !key.startsWith('urn:') && !key.slice(i + 1).startsWith('//')) return p + key.slice(i + 1);
  }
  return key;
}

/** Node properties keyed by full IRI. */
function props(ctx: Ctx, node: Record<string, unknown>): Map<string, { value: unknown; languageMap: boolean }> {
  const m = new Map<string, { value: unknown; languageMap: boolean }>();
  for (const [k, v] of Object.entries(node)) {
    if (k === '@context') continue;
    m.set(k.startsWith('@') ? k : expand(ctx, k), { value: v, languageMap: ctx.terms.get(k)?.languageMap ?? false });
  }
  return m;
}

function asArray(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && '@value' in v) {
    const x = (v as Record<string, unknown>)['@value'];
    return typeof x === 'string' || typeof x === 'number' ? String(x) : undefined;
  }
  return undefined;
}

function ids(ctx: Ctx, v: unknown): string[] {
  return asArray(v)
    .map((x) => (typeof x === 'string' ? x : x && typeof x === 'object' ? (x as Record<string, unknown>)['@id'] : undefined))
    .filter((x): x is string => typeof x === 'string')
    .map((x) => expand(ctx, x));
}

export interface ParsedScheme {
  scheme: Scheme;
  warnings: string[];
  /** Where each concept came from (node path or CSV line), for error locations. */
  pathOf: string[];
}

/**
 * Reads a SKOS JSON-LD document into a scheme. Collects every problem with the node path
 * (`@graph[3].skos:prefLabel`) and throws one ValidationError; nothing is returned half-read.
 */
export function parseSkos(input: string | unknown, opts: { file?: string; id?: string; version?: string } = {}): ParsedScheme {
  const file = opts.file;
  const where = (path: string, extra: Partial<Problem['where']> = {}) => ({ ...(file ? { file } : {}), path, ...extra });
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      const msg = (e as Error).message;
      const pos = /position (\d+)/.exec(msg);
      const loc: Problem['where'] = file ? { file } : {};
      if (pos) {
        const before = input.slice(0, Number(pos[1]));
        loc.line = before.split('\n').length;
        loc.column = before.length - before.lastIndexOf('\n');
      }
      throw new ValidationError([{ code: 'invalid_json', message: `Not valid JSON: ${msg}`, where: loc }]);
    }
  }
  const issues: Problem[] = [];
  const warnings: string[] = [];
  if (!doc || typeof doc !== 'object') throw new ValidationError([{ code: 'invalid_jsonld', message: 'Expected a JSON-LD object or array of nodes.', where: where('$') }]);
  const root = doc as Record<string, unknown>;
  const ctx = readContext(Array.isArray(doc) ? undefined : root['@context'], issues);
  const graph: unknown[] = Array.isArray(doc) ? doc : Array.isArray(root['@graph']) ? (root['@graph'] as unknown[]) : [root];
  const base = Array.isArray(doc) ? '$' : Array.isArray(root['@graph']) ? '@graph' : '$';
  const nodes = graph.map((n, i) => ({ n, path: base === '$' && !Array.isArray(doc) ? '$' : `${base}[${i}]` }));

  const isType = (p: Map<string, { value: unknown }>, t: string) => ids(ctx, p.get('@type')?.value).includes(t) || asArray(p.get('@type')?.value).some((x) => typeof x === 'string' && expand(ctx, x) === t);
  const schemeNodes: Array<{ p: Map<string, { value: unknown; languageMap: boolean }>; path: string; id: string }> = [];
  const conceptNodes: Array<{ p: Map<string, { value: unknown; languageMap: boolean }>; path: string; id: string }> = [];
  for (const { n, path } of nodes) {
    if (!n || typeof n !== 'object' || Array.isArray(n)) {
      issues.push({ code: 'invalid_node', message: 'Each node must be a JSON object.', where: where(path) });
      continue;
    }
    const p = props(ctx, n as Record<string, unknown>);
    const id = str(p.get('@id')?.value);
    if (isType(p, FULL.ConceptScheme)) schemeNodes.push({ p, path, id: id ?? '' });
    else if (isType(p, FULL.Concept)) {
      if (!id) issues.push({ code: 'missing_id', message: 'A skos:Concept needs an "@id".', where: where(`${path}.@id`) });
      conceptNodes.push({ p, path, id: id ? expand(ctx, id) : '' });
    }
  }
  if (schemeNodes.length !== 1) {
    issues.push({ code: schemeNodes.length ? 'several_schemes' : 'missing_scheme', message: schemeNodes.length ? `Found ${schemeNodes.length} skos:ConceptScheme nodes; import one scheme per file.` : 'No skos:ConceptScheme node found: the file needs one node with "@type": "skos:ConceptScheme".', where: where(schemeNodes[1]?.path ?? base) });
    throw new ValidationError(issues);
  }
  const sn = schemeNodes[0] as (typeof schemeNodes)[number];
  const schemeIriValue = expand(ctx, sn.id);
  const lang = (v: unknown, languageMap: boolean, path: string, field: string): Partial<Record<Language, string[]>> => {
    const out: Partial<Record<Language, string[]>> = {};
    const push = (l: string, text: string) => {
      const short = l.toLowerCase().split('-')[0] as Language;
      if (!LANGUAGES.includes(short)) {
        warnings.push(`${path}.${field}: language "${l}" is not one of ${LANGUAGES.join(', ')}; label ignored.`);
        return;
      }
      (out[short] ??= []).push(text);
    };
    if (languageMap && v && typeof v === 'object' && !Array.isArray(v) && !('@value' in v)) {
      for (const [l, t] of Object.entries(v as Record<string, unknown>)) for (const x of asArray(t)) if (typeof x === 'string') push(l, x);
      return out;
    }
    for (const x of asArray(v)) {
      if (typeof x === 'string') {
        const l = ctx.language ?? 'en';
        if (!ctx.language) warnings.push(`${path}.${field}: "${x.slice(0, 40)}" has no language tag; read as English.`);
        push(l, x);
      } else if (x && typeof x === 'object' && typeof (x as Record<string, unknown>)['@value'] === 'string') {
        const l = ((x as Record<string, unknown>)['@language'] as string | undefined) ?? ctx.language ?? 'en';
        push(l, (x as Record<string, string>)['@value'] as string);
      } else issues.push({ code: 'invalid_label', message: `${field} values must be strings or {"@value", "@language"} objects.`, where: where(`${path}.${field}`) });
    }
    return out;
  };
  const single = (m: Partial<Record<Language, string[]>>, path: string, field: string): Partial<Record<Language, string>> => {
    const out: Partial<Record<Language, string>> = {};
    for (const [l, vs] of Object.entries(m) as Array<[Language, string[]]>) {
      if (vs.length > 1) issues.push({ code: 'duplicate_label', message: `${field} has ${vs.length} values in "${l}"; SKOS allows one per language.`, where: where(`${path}.${field}`) });
      if (vs[0] !== undefined) out[l] = vs[0];
    }
    return out;
  };
  const jsonLiteral = (v: unknown, path: string, field: string): unknown => {
    if (v === undefined) return undefined;
    if (v && typeof v === 'object' && '@value' in (v as Record<string, unknown>)) {
      const x = (v as Record<string, unknown>)['@value'];
      if (typeof x === 'string') {
        try {
          return JSON.parse(x);
        } catch {
          issues.push({ code: 'invalid_json_literal', message: `${field} is not valid JSON.`, where: where(`${path}.${field}`) });
          return undefined;
        }
      }
      return x;
    }
    return v;
  };

  // scheme metadata
  const title = single(lang(sn.p.get(FULL.title)?.value ?? sn.p.get(FULL.prefLabel)?.value, sn.p.get(FULL.title)?.languageMap ?? false, sn.path, 'dct:title'), sn.path, 'dct:title');
  const idFromIri = schemeIriValue.startsWith(SCHEME_IRI) ? schemeIriValue.slice(SCHEME_IRI.length) : (schemeIriValue.split(/[#/:]/).filter(Boolean).pop() ?? '');
  const id = opts.id ?? str(sn.p.get(FULL.identifier)?.value) ?? idFromIri.toLowerCase();
  const version = opts.version ?? str(sn.p.get(FULL.version)?.value);
  if (!version) issues.push({ code: 'missing_version', message: 'The scheme needs a version: add "owl:versionInfo" (or --scheme-version on the command line).', where: where(`${sn.path}.owl:versionInfo`) });

  // concepts
  const codeOf = new Map<string, string>();
  for (const cn of conceptNodes) {
    const notation = str(asArray(cn.p.get(FULL.notation)?.value)[0]);
    const code = notation ?? (cn.id.startsWith(SCHEME_IRI) ? parseConceptIri(cn.id)?.code : decodeURIComponent(cn.id.split(/[#/]/).pop() ?? ''));
    if (!code) issues.push({ code: 'missing_code', message: 'A concept needs a skos:notation (its code) or an @id ending in the code.', where: where(`${cn.path}.skos:notation`) });
    codeOf.set(cn.id, code ?? '');
  }
  const concepts: Concept[] = [];
  const pathOf: string[] = [];
  for (const cn of conceptNodes) {
    const inScheme = ids(ctx, cn.p.get(FULL.inScheme)?.value);
    if (inScheme.length && !inScheme.includes(schemeIriValue)) {
      warnings.push(`${cn.path}: concept belongs to another scheme (${inScheme.join(', ')}); skipped.`);
      continue;
    }
    const prefLabel = single(lang(cn.p.get(FULL.prefLabel)?.value, cn.p.get(FULL.prefLabel)?.languageMap ?? false, cn.path, 'skos:prefLabel'), cn.path, 'skos:prefLabel');
    const c: Concept = { code: codeOf.get(cn.id) ?? '', prefLabel: prefLabel as LangMap, axes: {}, confidence: 'X' };
    const alt = lang(cn.p.get(FULL.altLabel)?.value, cn.p.get(FULL.altLabel)?.languageMap ?? false, cn.path, 'skos:altLabel');
    if (Object.keys(alt).length) c.altLabel = alt;
    const def = single(lang(cn.p.get(FULL.definition)?.value, cn.p.get(FULL.definition)?.languageMap ?? false, cn.path, 'skos:definition'), cn.path, 'skos:definition');
    if (Object.keys(def).length) c.definition = def;
    const broader = ids(ctx, cn.p.get(FULL.broader)?.value);
    if (broader.length > 1) issues.push({ code: 'several_broader', message: 'Tessera schemes are trees: give at most one skos:broader per concept.', where: where(`${cn.path}.skos:broader`) });
    if (broader[0] !== undefined) {
      const b = codeOf.get(broader[0]);
      if (b === undefined) issues.push({ code: 'unknown_broader', message: `skos:broader points to "${broader[0]}", which is not a concept of this scheme.`, where: where(`${cn.path}.skos:broader`) });
      else c.broader = b;
    }
    const sl = str(cn.p.get(FULL.sourceLabel)?.value);
    if (sl !== undefined) c.sourceLabel = sl;
    const axes = jsonLiteral(cn.p.get(FULL.axes)?.value, cn.path, 'tessera:axes');
    if (axes !== undefined) {
      if (!axes || typeof axes !== 'object' || Array.isArray(axes)) issues.push({ code: 'invalid_axes', message: 'tessera:axes must be a JSON object.', where: where(`${cn.path}.tessera:axes`) });
      else c.axes = axes as Axes;
    }
    const conf = str(cn.p.get(FULL.confidence)?.value);
    if (conf !== undefined) {
      if (!['V', 'S', 'U', 'NF', 'X'].includes(conf)) issues.push({ code: 'invalid_confidence', message: `Confidence "${conf}" must be V, S, U, NF or X.`, where: where(`${cn.path}.tessera:confidence`) });
      else c.confidence = conf as Concept['confidence'];
    }
    const sources = asArray(cn.p.get(FULL.source)?.value).map(str).filter((x): x is string => x !== undefined);
    if (sources.length) c.sources = sources;
    const w = asArray(cn.p.get(FULL.warnings)?.value).map(str).filter((x): x is string => x !== undefined);
    if (w.length) c.warnings = w;
    const aliases = jsonLiteral(cn.p.get(FULL.aliases)?.value, cn.path, 'tessera:aliases');
    if (Array.isArray(aliases)) c.aliases = aliases as Concept['aliases'];
    const mappings: NonNullable<Concept['mappings']> = [];
    for (const [iri, relation] of MATCH) {
      for (const target of ids(ctx, cn.p.get(iri)?.value)) {
        const t = parseConceptIri(target) ?? parseShortRef(target);
        if (!t) issues.push({ code: 'unknown_mapping_target', message: `Mapping target "${target}" is not a Tessera concept IRI (urn:tessera:scheme:SCHEME:CODE) or SCHEME:CODE.`, where: where(`${cn.path}.${iri.replace(SKOS, 'skos:')}`) });
        else mappings.push({ relation, ...t });
      }
    }
    if (mappings.length) c.mappings = mappings;
    concepts.push(c);
    pathOf.push(cn.path);
  }
  const kind = str(sn.p.get(FULL.kind)?.value) ?? 'content-severity';
  const scheme: Scheme = {
    id,
    version: version ?? '',
    kind: kind as Scheme['kind'],
    title: (title.en ? title : { ...title, en: title.en ?? '' }) as LangMap,
    description: str(sn.p.get(FULL.description)?.value) ?? '',
    publisher: str(sn.p.get(FULL.publisher)?.value) ?? '',
    confidence: (str(sn.p.get(FULL.confidence)?.value) as Scheme['confidence'] | undefined) ?? 'X',
    sources: asArray(sn.p.get(FULL.source)?.value).map(str).filter((x): x is string => x !== undefined),
    concepts,
  };
  const unit = str(sn.p.get(FULL.unit)?.value);
  if (unit) scheme.unit = unit as Scheme['unit'];
  const sw = asArray(sn.p.get(FULL.warnings)?.value).map(str).filter((x): x is string => x !== undefined);
  if (sw.length) scheme.warnings = sw;
  if (issues.length) throw new ValidationError(issues);
  return { scheme, warnings, pathOf };
}

/** "uk-2014:A" (scheme id, colon, code) as a mapping target in hand-written files and CSV. */
export function parseShortRef(ref: string): { scheme: string; code: string } | undefined {
  const m = /^([a-z0-9][a-z0-9.-]{0,62}):(.+)$/.exec(ref.trim());
  return m ? { scheme: m[1] as string, code: m[2] as string } : undefined;
}

/** Throws when a document is not JSON-LD at all (used by format detection). */
export function looksLikeJson(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}
