/**
 * A simple CSV form of an organisation's scheme and crosswalk, for stewards who keep their
 * categories in a spreadsheet:
 *
 *   # scheme: my-hotline
 *   # version: 2026-01
 *   # title: My hotline categories
 *   # publisher: My hotline
 *   # kind: content-severity
 *   code,broader,prefLabel@en,prefLabel@fr,altLabel@en,definition@en,exactMatch,broadMatch,narrowMatch,relatedMatch
 *   H1,,Most severe,Le plus grave,,Penetrative or sadistic,uk-2014:A,,,
 *
 * Multi-valued cells use "|". Mapping targets are SCHEME:CODE. Optional axis columns: act,
 * incident, realness (atoms separated by "|"), legal, jurisdiction, age_min, age_max,
 * age_basis, stage, unit. Quoted fields (RFC 4180) may span lines; errors give the line.
 */
import { ValidationError, type Problem } from '../shared/errors.ts';
import { parseShortRef, type ParsedScheme } from './skos.ts';
import { LANGUAGES, type Axes, type Concept, type Language, type Relation, type Scheme } from './types.ts';

export interface CsvRow {
  line: number;
  cells: string[];
}

/** RFC 4180 parser that keeps the line number each record starts on. */
export function parseCsv(text: string, file?: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    let atStart = true;
    for (;;) {
      if (i >= n) {
        if (quoted) throw new ValidationError([{ code: 'unterminated_quote', message: 'A quoted field is not closed before the end of the file.', where: { ...(file ? { file } : {}), line: startLine } }]);
        cells.push(cell);
        break;
      }
      const ch = text[i] as string;
      if (quoted) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (ch === '\n') line++;
          cell += ch;
          i++;
        }
        continue;
      }
      if (ch === '"' && atStart) {
        quoted = true;
        atStart = false;
        i++;
        continue;
      }
      if (ch === ',') {
        cells.push(cell);
        cell = '';
        atStart = true;
        i++;
        continue;
      }
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (ch === '\n' || ch === '\r') {
        cells.push(cell);
        i++;
        line++;
        break;
      }
      cell += ch;
      atStart = false;
      i++;
    }
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: startLine, cells });
  }
  return rows;
}

const MATCH_COLS: Record<string, Exclude<Relation, 'none'>> = { exactmatch: 'exact', broadmatch: 'broader', narrowmatch: 'narrower', relatedmatch: 'related' };
const AXIS_COLS = new Set(['act', 'incident', 'realness', 'legal', 'jurisdiction', 'age_min', 'age_max', 'age_basis', 'stage', 'unit']);
const META = new Set(['scheme', 'id', 'version', 'title', 'publisher', 'kind', 'description', 'unit']);

export function parseSchemeCsv(text: string, opts: { file?: string; id?: string; version?: string } = {}): ParsedScheme {
  const file = opts.file;
  const at = (line: number, field?: string): Problem['where'] => ({ ...(file ? { file } : {}), line, ...(field ? { field } : {}) });
  const issues: Problem[] = [];
  const meta = new Map<string, string>();
  // metadata comment lines at the top
  const lines = text.split(/\r?\n/);
  let skip = 0;
  for (const l of lines) {
    const m = /^\s*#\s*([A-Za-z_-]+)\s*:\s*(.*)$/.exec(l);
    if (m) {
      const k = (m[1] as string).toLowerCase();
      if (!META.has(k)) issues.push({ code: 'unknown_metadata', message: `Unknown metadata "${k}"; use ${[...META].join(', ')}.`, where: at(skip + 1) });
      meta.set(k === 'id' ? 'scheme' : k, (m[2] as string).trim());
      skip++;
    } else if (/^\s*(#.*)?$/.test(l)) skip++;
    else break;
  }
  const rows = parseCsv(lines.slice(skip).join('\n'), file).map((r) => ({ ...r, line: r.line + skip }));
  const header = rows.shift();
  if (!header) throw new ValidationError([{ code: 'empty_csv', message: 'The CSV has no header row (expected: code,prefLabel@en,...).', where: at(skip + 1) }]);
  const cols = header.cells.map((c) => c.trim());
  const colIndex = new Map<string, number>();
  cols.forEach((c, i) => {
    const key = c.toLowerCase();
    const [base, lang] = key.split('@') as [string, string | undefined];
    const known = base === 'code' || base === 'broader' || base in MATCH_COLS || AXIS_COLS.has(base) || ((base === 'preflabel' || base === 'altlabel' || base === 'definition') && lang !== undefined);
    if (!known) issues.push({ code: 'unknown_column', message: `Unknown column "${c}". Columns: code, broader, prefLabel@LANG, altLabel@LANG, definition@LANG, exactMatch, broadMatch, narrowMatch, relatedMatch and optional axis columns (${[...AXIS_COLS].join(', ')}).`, where: at(header.line, c) });
    else if (lang !== undefined && !LANGUAGES.includes(lang as Language)) issues.push({ code: 'unsupported_language', message: `Column "${c}": language "${lang}" is not one of ${LANGUAGES.join(', ')}.`, where: at(header.line, c) });
    if (colIndex.has(key)) issues.push({ code: 'duplicate_column', message: `Column "${c}" appears twice.`, where: at(header.line, c) });
    colIndex.set(key, i);
  });
  if (!colIndex.has('code')) issues.push({ code: 'missing_column', message: 'The CSV needs a "code" column.', where: at(header.line) });
  if (!colIndex.has('preflabel@en')) issues.push({ code: 'missing_column', message: 'The CSV needs a "prefLabel@en" column (other languages fall back to it).', where: at(header.line) });
  const concepts: Concept[] = [];
  const pathOf: string[] = [];
  const get = (r: CsvRow, k: string) => {
    const i = colIndex.get(k);
    return i === undefined ? '' : (r.cells[i] ?? '').trim();
  };
  const multi = (v: string) => v.split('|').map((x) => x.trim()).filter(Boolean);
  for (const r of rows) {
    if (r.cells.length !== cols.length) issues.push({ code: 'column_count', message: `Row has ${r.cells.length} cells, the header has ${cols.length}.`, where: at(r.line) });
    const c: Concept = { code: get(r, 'code'), prefLabel: { en: get(r, 'preflabel@en') }, axes: {}, confidence: 'X' };
    const alt: Partial<Record<Language, string[]>> = {};
    const def: Partial<Record<Language, string>> = {};
    for (const l of LANGUAGES) {
      const p = get(r, `preflabel@${l}`);
      if (p && l !== 'en') c.prefLabel[l] = p;
      const a = multi(get(r, `altlabel@${l}`));
      if (a.length) alt[l] = a;
      const d = get(r, `definition@${l}`);
      if (d) def[l] = d;
    }
    if (Object.keys(alt).length) c.altLabel = alt;
    if (Object.keys(def).length) c.definition = def;
    const b = get(r, 'broader');
    if (b) c.broader = b;
    const mappings: NonNullable<Concept['mappings']> = [];
    for (const [col, relation] of Object.entries(MATCH_COLS)) {
      for (const ref of multi(get(r, col))) {
        const t = parseShortRef(ref);
        if (!t) issues.push({ code: 'invalid_mapping', message: `"${ref}" is not SCHEME:CODE (e.g. uk-2014:A).`, where: at(r.line, col) });
        else mappings.push({ relation, ...t });
      }
    }
    if (mappings.length) c.mappings = mappings;
    const axes: Axes = {};
    const act = multi(get(r, 'act'));
    if (act.length) axes.act = act;
    const inc = multi(get(r, 'incident'));
    if (inc.length) axes.incident = inc;
    const real = multi(get(r, 'realness'));
    if (real.length) axes.realness = real as Axes['realness'];
    const legal = get(r, 'legal');
    if (legal) axes.legal = { status: legal as NonNullable<Axes['legal']>['status'], ...(get(r, 'jurisdiction') ? { jurisdiction: get(r, 'jurisdiction').toUpperCase() } : {}) };
    const amin = get(r, 'age_min');
    const amax = get(r, 'age_max');
    const basis = get(r, 'age_basis');
    if (amin || amax || basis) {
      const num = (v: string, f: string) => {
        if (v === '') return null;
        const x = Number(v);
        if (!Number.isInteger(x)) issues.push({ code: 'invalid_age', message: `${f} must be a whole number of years, got "${v}".`, where: at(r.line, f) });
        return x;
      };
      axes.age = { min: num(amin, 'age_min'), max: num(amax, 'age_max'), basis: (basis || 'estimated') as NonNullable<Axes['age']>['basis'] };
      const st = get(r, 'stage');
      if (st) axes.age.stage = st;
    }
    const unit = get(r, 'unit');
    if (unit) axes.unit = unit as Axes['unit'];
    c.axes = axes;
    concepts.push(c);
    pathOf.push(`line ${r.line}`);
  }
  const id = opts.id ?? meta.get('scheme');
  const version = opts.version ?? meta.get('version');
  if (!id) issues.push({ code: 'missing_scheme_id', message: 'Give the scheme id: a "# scheme: my-org-scheme" line at the top, or --id.', where: at(1) });
  if (!version) issues.push({ code: 'missing_version', message: 'Give the version: a "# version: 1" line at the top (or --scheme-version on the command line).', where: at(1) });
  if (issues.length) throw new ValidationError(issues);
  const scheme: Scheme = {
    id: id as string,
    version: version as string,
    kind: (meta.get('kind') ?? 'content-severity') as Scheme['kind'],
    title: { en: meta.get('title') ?? (id as string) },
    description: meta.get('description') ?? '',
    publisher: meta.get('publisher') ?? '',
    confidence: 'X',
    sources: file ? [file] : [],
    concepts,
  };
  const unit = meta.get('unit');
  if (unit) scheme.unit = unit as Scheme['unit'];
  return { scheme, warnings: [], pathOf };
}
