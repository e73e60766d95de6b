/** Helpline contacts CSV adapter: any helpline's export, read through a mapping file. */
import { ContactEntity, sha256Digest, type Contact, type SchemeCode } from '../../model/index.ts';
import { entityWithLineage, rawDigestOf } from '../entity.ts';
import { ValidationError, type Problem } from '../../shared/errors.ts';
import { displayLabel, registry } from '../../taxonomy/index.ts';
import { readCsvRecord, readCsvRecords, type CsvRow } from '../csv-reader.ts';
import type { Adapter, MapEnv, Mapped, Note, RawRecord } from '../types.ts';
import { parseContactDate } from './dates.ts';
import { HelplineMapping } from './mapping.ts';

let chiIndex: Map<string, string> | undefined;
const norm = (s: string) => s.toLowerCase().replace(/\s*\/\s*/g, '/').replace(/\s+/g, ' ').trim();

/** chi-helpline labels ("Violence/Sexual violence", "Violence") and codes, normalised → code. */
function chiLookup(): Map<string, string> {
  if (chiIndex) return chiIndex;
  const m = new Map<string, string>();
  const scheme = registry().get('chi-helpline');
  const labelOf = new Map(scheme.concepts.map((c) => [c.code, c.prefLabel.en ?? c.code]));
  for (const c of scheme.concepts) {
    m.set(c.code.toLowerCase(), c.code);
    const label = c.broader ? `${labelOf.get(c.broader) ?? c.broader}/${c.prefLabel.en ?? ''}` : (c.prefLabel.en ?? c.code);
    m.set(norm(label), c.code);
  }
  chiIndex = m;
  return m;
}

const shown = new Map<string, string | null>();
/** The terminology linter's preferred display label for a source label (null when it needs none); cached. */
function preferredLabel(text: string): string | null {
  let d = shown.get(text);
  if (d === undefined) {
    const r = displayLabel(text);
    d = r.changed ? r.display : null;
    if (shown.size > 10_000) shown.clear();
    shown.set(text, d);
  }
  return d;
}

type Resolved = { code: SchemeCode; known: boolean };
const resolvedCache = new WeakMap<object, Map<string, Resolved>>();
const NO_VALUES = {};

/**
 * `resolveCategory`, remembered per mapping column (a helpline export repeats a few dozen
 * category texts over millions of rows; normalising and looking each up again was a twentieth of
 * the mapping time). The result is frozen: rows share it.
 */
function resolveCategoryCached(scheme: string, text: string, values: Record<string, string> | undefined): Resolved {
  const owner = values ?? NO_VALUES;
  let m = resolvedCache.get(owner);
  if (!m) {
    m = new Map();
    resolvedCache.set(owner, m);
  }
  const key = scheme + '\u0000' + text;
  let r = m.get(key);
  if (!r) {
    r = resolveCategory(scheme, text, values);
    Object.freeze(r.code);
    if (m.size > 10_000) m.clear();
    m.set(key, r);
  }
  return r;
}

const CHANNELS = new Set(['phone', 'chat', 'email', 'sms', 'web-form', 'social-media', 'in-person', 'other']);

function resolveCategory(scheme: string, text: string, values: Record<string, string> | undefined): Resolved {
  const verbatim = text.trim();
  const mapped = values?.[verbatim];
  if (scheme === 'chi-helpline') {
    const key = norm(mapped ?? verbatim);
    const code = chiLookup().get(key);
    if (code) return { code: { scheme, code, label: verbatim }, known: true };
    return { code: { scheme: 'x-unmapped', code: verbatim.slice(0, 200), label: verbatim.slice(0, 500) }, known: false };
  }
  // The helpline's own scheme: its codes are whatever it uses, kept verbatim.
  return { code: { scheme, code: (mapped ?? verbatim).slice(0, 200), label: verbatim.slice(0, 500) }, known: true };
}

export function helplineCsvAdapter(mapping: HelplineMapping): Adapter<CsvRow> {
  const f = mapping.fields;
  const required = [f.sourceRef, f.contactAt, f.channel.column];
  const optional = [f.durationMinutes?.column, f.age?.column, f.gender?.column, f.country, f.region, f.language, ...f.categories.flatMap((c) => [c.column, c.subcolumn])].filter((x): x is string => !!x);
  const indexCache = new WeakMap<string[], Map<string, number>>();
  const indexOf = (header: string[]) => {
    let m = indexCache.get(header);
    if (!m) {
      m = new Map(header.map((h, i) => [h, i] as const));
      indexCache.set(header, m);
    }
    return m;
  };
  const context = { mapping, sourceSystem: mapping.sourceSystem };
  return {
    format: 'helpline-csv',
    name: 'tessera-ingest/helpline-csv',
    version: '1.0.0',
    sourceSystem: mapping.sourceSystem,
    optionsKey: sha256Digest(JSON.stringify(mapping)).slice(7, 23),
    read: (text, { file }) =>
      readCsvRecords(text, {
        file, delimiter: mapping.delimiter, header: true, contextExtra: context,
        onHeader: (header) => {
          const missing = required.filter((c) => !header.includes(c));
          return missing.length ? [{ code: 'csv_missing_columns', message: `the header lacks the column(s) ${missing.map((c) => `"${c}"`).join(', ')} that mapping "${mapping.name}" needs; columns found: ${header.map((h) => `"${h}"`).join(', ')}`, where: { file, line: 1, path: 'header' } }] : [];
        },
      }),
    readOne: async (raw, ctx, where) => readCsvRecord(raw, ctx, where),
    map: (rec: RawRecord<CsvRow>, env: MapEnv): Mapped | { problems: Problem[] } => {
      const header = (rec.context?.header as string[] | undefined) ?? [];
      const idx = indexOf(header);
      const fields = rec.parsed?.fields ?? [];
      const problems: Problem[] = [];
      const notes: Note[] = [];
      const where = (column: string) => ({ ...rec.where, field: column, ...(idx.has(column) ? { column: (idx.get(column) as number) + 1 } : {}) });
      const get = (column: string | undefined, need = false): string | undefined => {
        if (!column) return undefined;
        const i = idx.get(column);
        if (i === undefined) {
          if (need || optional.includes(column)) problems.push({ code: 'csv_missing_column', message: `column "${column}" is not in the file's header`, where: where(column) });
          return undefined;
        }
        return fields[i]?.trim();
      };
      const sourceRef = get(f.sourceRef, true);
      const dateText = get(f.contactAt, true);
      const channelText = get(f.channel.column, true);
      if (problems.length) return { problems };
      const date = parseContactDate(dateText ?? '', mapping);
      if ('error' in date) problems.push({ code: 'invalid_date', message: date.error, where: where(f.contactAt) });
      let channel = f.channel.values[channelText ?? ''] ?? (channelText ?? '').toLowerCase();
      if (!CHANNELS.has(channel)) {
        notes.push({ code: 'unknown_channel', message: `channel "${channelText}" is not in the mapping; recorded as "other"`, value: channelText ?? '', where: where(f.channel.column) });
        channel = 'other';
      }
      const contact: Record<string, unknown> = { datasetId: env.datasetId, sourceOrgId: env.orgId, sourceRef, channel, contactAt: 'iso' in date ? date.iso : '' };
      if (f.durationMinutes) {
        const d = get(f.durationMinutes.column);
        if (d) {
          const n = Number(d.replace(',', '.'));
          if (!Number.isFinite(n) || n < 0) problems.push({ code: 'invalid_number', message: `duration "${d}" is not a non-negative number`, where: where(f.durationMinutes.column) });
          else contact.durationMinutes = f.durationMinutes.unit === 'seconds' ? Math.round((n / 60) * 100) / 100 : n;
        }
      }
      if (f.age) {
        const a = get(f.age.column) ?? '';
        if (!f.age.unknown.includes(a)) {
          const m = /^(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?$/.exec(a);
          if (!m) problems.push({ code: 'invalid_age', message: `age "${a.slice(0, 40)}" is not a whole number or a range like 13-15 (unknown values: ${f.age.unknown.map((u) => JSON.stringify(u)).join(', ')})`, where: where(f.age.column) });
          else contact.age = { min: Number(m[1]), max: Number(m[2] ?? m[1]), basis: f.age.basis };
        }
      }
      if (f.gender) {
        const g = get(f.gender.column) ?? '';
        const v = f.gender.values[g];
        if (v) contact.gender = v;
        else if (g) {
          notes.push({ code: 'unknown_gender', message: `gender "${g}" is not in the mapping; recorded as "unknown"`, value: g, where: where(f.gender.column) });
          contact.gender = 'unknown';
        }
      }
      const country = get(f.country);
      if (country) contact.country = country.toUpperCase();
      const region = get(f.region);
      if (region) contact.region = region;
      const language = get(f.language);
      if (language) contact.language = language;
      const categories: SchemeCode[] = [];
      for (const c of f.categories) {
        const main = get(c.column) ?? '';
        const items = c.split ? main.split(c.split).map((s) => s.trim()).filter(Boolean) : main ? [main] : [];
        const subs = c.subcolumn ? (c.split ? (get(c.subcolumn) ?? '').split(c.split).map((s) => s.trim()) : [get(c.subcolumn) ?? '']) : [];
        items.forEach((item, i) => {
          const text = c.subcolumn && subs[i] ? `${item}/${subs[i]}` : item;
          const r = resolveCategoryCached(c.scheme, text, c.values);
          if (!categories.some((x) => x.scheme === r.code.scheme && x.code === r.code.code)) categories.push(r.code);
          const preferred = preferredLabel(text);
          if (preferred) notes.push({ code: 'preferred_label', message: `shown as "${preferred}" (terminology guidelines); the source label is kept verbatim`, value: text, where: where(c.column) });
          if (!r.known) notes.push({ code: 'unknown_category', message: `category "${text}" is not a ${c.scheme} code or label; kept verbatim (scheme x-unmapped) and flagged for review`, value: text, where: where(c.column) });
        });
      }
      contact.categories = categories;
      const raw = rec.raw;
      // The digest is of the row without its line end (\n or \r\n).
      const rawDigest = rawDigestOf(raw.charCodeAt(raw.length - 1) === 10 ? raw.slice(0, raw.length - (raw.charCodeAt(raw.length - 2) === 13 ? 2 : 1)) : raw);
      if (problems.length) return { problems };
      try {
        const parsed = entityWithLineage(ContactEntity, contact, env.lineage, rawDigest, { file: rec.where.file ?? '', ...(rec.where.line ? { line: rec.where.line } : {}) }) as Contact;
        return { units: [{ kind: 'contact', contact: parsed }], notes, rawDigest };
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        // Name the CSV column beside the CDM field.
        const column: Record<string, string | undefined> = { sourceRef: f.sourceRef, contactAt: f.contactAt, channel: f.channel.column, durationMinutes: f.durationMinutes?.column, age: f.age?.column, gender: f.gender?.column, country: f.country, region: f.region, language: f.language };
        return {
          problems: e.issues.map((p) => {
            const top = (p.where?.path ?? '').split(/[.[]/)[0] ?? '';
            const col = column[top];
            return { ...p, message: col ? `column "${col}" (${top}): ${p.message}` : p.message, where: { ...rec.where, ...(col ? where(col) : {}), ...(p.where?.path ? { path: p.where.path } : {}) } };
          }),
        };
      }
    },
  };
}

export { HelplineMapping };
