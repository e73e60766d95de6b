/** Helpline contacts CSV adapter: any helpline's export, read through a mapping file. */
import type { z } from 'zod';
import { fastId } from '../../generator/ids.ts';
import { ContactEntity, SchemeCode, sha256Digest, type Contact } from '../../model/index.ts';
import { checkedLineage, entityWithLineage, lineageWithDigest, rawDigestOf, type LineageContext } from '../entity.ts';
import { ValidationError, type ErrorLocation, type Problem } from '../../shared/errors.ts';
import { displayLabel, registry } from '../../taxonomy/index.ts';
import { readCsvRecord, readCsvRecords, type CsvRow } from '../csv-reader.ts';
import type { Adapter, MapEnv, Mapped, Note, RawRecord } from '../types.ts';
import { isCanonicalUtc, parseContactDate } from './dates.ts';
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

/** What one category text of a mapping column resolves to, with what the row needs to say about it. */
interface CategoryInfo {
  code: SchemeCode;
  known: boolean;
  /** The preferred_label note's message (the terminology linter's display label), when it has one. */
  preferredMessage: string | null;
  /** The unknown_category note's message, when the text is not a code or label of the scheme. */
  unknownMessage: string | null;
  /** Whether the code passes the CDM's SchemeCode schema. */
  valid: boolean;
}

/** What one row's text in a category column (and its subcolumn) gives; see `ContactRows#column`. */
interface ColumnCategories {
  codes: SchemeCode[];
  notes: Array<{ code: string; message: string; value: string }>;
  valid: boolean;
}

/** The CDM schema of each contact field (the shape `entityWithLineage` validates with). */
const SHAPE = (ContactEntity.input as unknown as z.ZodObject<z.ZodRawShape>).shape;
const schemaOf = (field: string): z.ZodType => SHAPE[field] as z.ZodType;
const MAX_CATEGORIES = 50;
const SOURCE_REF_MAX = 200;
const CANONICAL_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const AGE = /^(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?$/;
const NO_PLACE = {};

/**
 * A copy of a string that shares no storage with the input. A value read from a row is a slice of
 * the decoded chunk it came from, and a slice kept as a cache key (or in a cached result) keeps
 * the whole chunk alive: caching category combinations kept nearly every chunk of the file (peak
 * RSS 609 → 865 MB at 500,000 rows). Only made when a cache misses.
 */
function own(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

/**
 * Whether a value passes its field's CDM schema, remembered per value: a helpline export repeats
 * a few dozen regions, languages, countries, ages and durations over millions of rows, so each
 * distinct value is checked once, by the schema itself (the same rule, not a copy of it).
 */
class Checked<K extends string | number> {
  readonly #memo = new Map<K, boolean>();
  constructor(private readonly schema: z.ZodType) {}
  /** `value` (by default the key itself) passes the schema; `key` names it in the memo. */
  ok(key: K, value: unknown = key): boolean {
    let r = this.#memo.get(key);
    if (r === undefined) {
      r = this.schema.safeParse(value).success;
      if (this.#memo.size > 10_000) this.#memo.clear();
      this.#memo.set(typeof key === 'string' ? (own(key) as K) : key, r);
    }
    return r;
  }
}

/** The header's position of each column the mapping reads (−1: not in the header), worked out once per file. */
interface Plan {
  idx: Map<string, number>;
  sourceRef: number;
  contactAt: number;
  channel: number;
  duration: number;
  age: number;
  gender: number;
  country: number;
  region: number;
  language: number;
  categories: Array<{ main: number; sub: number }>;
}

export interface HelplineCsvOptions {
  /**
   * Validate every mapped contact with the CDM schema (zod), as `entityWithLineage` does, instead of
   * the per-field checks of the values the row brought. The two give the same contacts and the
   * same problems (tested); this is for that test.
   */
  schemaOnly?: boolean;
}

type CategoryColumn = HelplineMapping['fields']['categories'][number];

/** What a column's text gives, worked out once per text: see `ContactRows#memo`. */
interface ChannelOf {
  channel: string;
  /** The unknown_channel note's message and value, when the text is not in the mapping. */
  note: string | null;
  value: string;
}
interface GenderOf {
  gender: string | undefined;
  /** The unknown_gender note's message and value, when the text is not in the mapping. */
  note: string | null;
  value: string;
  ok: boolean;
}
interface AgeOf {
  /** Undefined for an unknown age (no age), or when `problem` says why the text is not one. */
  age: { readonly min: number; readonly max: number; readonly basis: string } | undefined;
  problem: string | null;
  ok: boolean;
}
interface DurationOf {
  minutes: number | undefined;
  problem: string | null;
  ok: boolean;
}
interface TextOf {
  /** The value the contact gets (undefined: none). */
  value: string | undefined;
  ok: boolean;
}

/** Memos keep at most this many texts per column, then start again (a column of free text must not grow one without bound). */
const MEMO_MAX = 10_000;
/**
 * Category combinations are more varied: a generated export of 500,000 rows has 11,539, and a
 * memo of 10,000 started again and missed 17,019 times instead of 11,539 (a miss is a few µs).
 * An entry of a generated export is about 200 bytes: 50,000 are about 10 MB.
 */
const COLUMN_MEMO_MAX = 50_000;

/** Whether a place has exactly the keys `file` and `line`, in that order (a reader's). */
function isFileLine(w: ErrorLocation): boolean {
  const keys = Object.keys(w);
  return keys.length === 2 && keys[0] === 'file' && keys[1] === 'line';
}

/** A contact without notes shares this empty list (notes are only read once mapped). */
const NO_NOTES: Note[] = Object.freeze([]) as unknown as Note[];

/**
 * Maps one CSV row to a contact. One per adapter, its per-row state in fields rather than in
 * closures made for each row (they were a tenth of the mapping time). `map` is synchronous, so
 * rows never share the state.
 */
class ContactRows {
  readonly #f: HelplineMapping['fields'];
  readonly #plans = new WeakMap<string[], Plan>();
  /** Category texts → what they resolve to, per mapping column (an export repeats a few dozen texts over millions of rows). */
  readonly #categories: Array<Map<string, CategoryInfo>>;
  /** Category column texts → what they give, per mapping column (see `#column`). */
  readonly #columns: Array<Map<string, ColumnCategories>>;
  readonly #env = new WeakMap<MapEnv, boolean>();
  readonly #duration = new Checked<number>(schemaOf('durationMinutes'));
  readonly #age = new Checked<string>(schemaOf('age'));
  readonly #country = new Checked<string>(schemaOf('country'));
  readonly #region = new Checked<string>(schemaOf('region'));
  readonly #language = new Checked<string>(schemaOf('language'));
  readonly #gender = new Checked<string>(schemaOf('gender'));
  readonly #ageUnknown: Set<string>;
  /*
   * What each column's text gives, keyed by the text as the row has it (before trimming): an
   * export repeats a few dozen channels, genders, ages, durations, countries, regions and
   * languages over millions of rows, so a row's value costs one lookup instead of a trim, the
   * mapping's lookup, a case conversion and the schema check's own lookup. What is kept is made
   * of copies (see `own`), so a row's value is a string every row with that text shares.
   */
  readonly #channels = new Map<string, ChannelOf>();
  readonly #genders = new Map<string, GenderOf>();
  readonly #ages = new Map<string, AgeOf>();
  readonly #durations = new Map<string, DurationOf>();
  readonly #countries = new Map<string, TextOf>();
  readonly #regions = new Map<string, TextOf>();
  readonly #languages = new Map<string, TextOf>();
  // The last header, run context and lineage context seen, and what they gave (every row of a file shares them).
  #header: string[] | undefined;
  #headerPlan!: Plan;
  #lastEnv: MapEnv | undefined;
  #lastEnvOk = false;
  #lineageIn: MapEnv['lineage'] | undefined;
  #lineage: LineageContext | undefined;
  // The row being mapped.
  #rec!: RawRecord<CsvRow>;
  #plan!: Plan;
  #fields: string[] = [];
  #problems: Problem[] | undefined;

  constructor(private readonly mapping: HelplineMapping, private readonly options: HelplineCsvOptions) {
    this.#f = mapping.fields;
    this.#categories = this.#f.categories.map(() => new Map<string, CategoryInfo>());
    this.#columns = this.#f.categories.map(() => new Map<string, ColumnCategories>());
    this.#ageUnknown = new Set(this.#f.age?.unknown ?? []);
  }

  #planOf(header: string[]): Plan {
    if (header === this.#header) return this.#headerPlan;
    let p = this.#plans.get(header);
    if (!p) {
      const f = this.#f;
      const idx = new Map(header.map((h, i) => [h, i] as const));
      const at = (column: string | undefined) => (column === undefined ? -1 : (idx.get(column) ?? -1));
      p = {
        idx, sourceRef: at(f.sourceRef), contactAt: at(f.contactAt), channel: at(f.channel.column), duration: at(f.durationMinutes?.column), age: at(f.age?.column), gender: at(f.gender?.column),
        country: at(f.country), region: at(f.region), language: at(f.language), categories: f.categories.map((c) => ({ main: at(c.column), sub: at(c.subcolumn) })),
      };
      this.#plans.set(header, p);
    }
    this.#header = header;
    this.#headerPlan = p;
    return p;
  }

  #category(k: number, c: CategoryColumn, text: string): CategoryInfo {
    const m = this.#categories[k] as Map<string, CategoryInfo>;
    let info = m.get(text);
    if (!info) {
      const r = resolveCategory(c.scheme, text, c.values);
      Object.freeze(r.code);
      const preferred = preferredLabel(text);
      info = {
        code: r.code, known: r.known, valid: SchemeCode.safeParse(r.code).success,
        preferredMessage: preferred ? `shown as "${preferred}" (terminology guidelines); the source label is kept verbatim` : null,
        unknownMessage: r.known ? null : `category "${text}" is not a ${c.scheme} code or label; kept verbatim (scheme x-unmapped) and flagged for review`,
      };
      if (m.size > 10_000) m.clear();
      m.set(text, info);
    }
    return info;
  }

  /**
   * What a category column's text (and its subcolumn's) gives: the codes in order without repeats,
   * the notes, and whether every code is valid. Remembered per text as the row has it (untrimmed):
   * an export repeats a few thousand combinations over millions of rows, and splitting and looking
   * up each label again was a tenth of the mapping time.
   */
  #column(k: number, c: CategoryColumn, main: string, sub: string | undefined): ColumnCategories {
    const m = this.#columns[k] as Map<string, ColumnCategories>;
    const key = sub === undefined ? main : main + '\u0000' + sub;
    let r = m.get(key);
    if (!r) {
      // What is kept is made of copies (see `own`).
      main = own(main.trim());
      if (sub !== undefined) sub = own(sub.trim());
      const items = c.split ? splitTrimmed(main, c.split, true) : main ? [main] : [];
      const subs = sub === undefined ? [] : c.split ? splitTrimmed(sub, c.split, false) : [sub];
      r = { codes: [], notes: [], valid: true };
      for (let i = 0; i < items.length; i++) {
        const item = items[i] as string;
        const text = c.subcolumn && subs[i] ? `${item}/${subs[i]}` : item;
        const info = this.#category(k, c, text);
        const code = info.code;
        if (!r.codes.some((x) => x.scheme === code.scheme && x.code === code.code)) r.codes.push(code);
        r.valid &&= info.valid;
        if (info.preferredMessage) r.notes.push({ code: 'preferred_label', message: info.preferredMessage, value: text });
        if (info.unknownMessage) r.notes.push({ code: 'unknown_category', message: info.unknownMessage, value: text });
      }
      if (m.size > COLUMN_MEMO_MAX) m.clear();
      m.set(own(key), r);
    }
    return r;
  }

  #envOk(env: MapEnv): boolean {
    if (env === this.#lastEnv) return this.#lastEnvOk;
    let r = this.#env.get(env);
    if (r === undefined) {
      r = schemaOf('datasetId').safeParse(env.datasetId).success && schemaOf('sourceOrgId').safeParse(env.orgId).success;
      this.#env.set(env, r);
    }
    this.#lastEnv = env;
    this.#lastEnvOk = r;
    return r;
  }

  /** The run's lineage context, validated once per run (undefined when it is not valid: the schema path reports it). */
  #checkedLineage(context: MapEnv['lineage']): LineageContext | undefined {
    if (context !== this.#lineageIn) {
      let checked: LineageContext | undefined;
      try {
        checked = checkedLineage(context, NO_PLACE);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
      }
      this.#lineageIn = context;
      this.#lineage = checked;
    }
    return this.#lineage;
  }

  /** Where a column's value is: the record's place, the column's name and its 1-based position. */
  #where(column: string): ErrorLocation {
    const i = this.#plan.idx.get(column);
    const w = this.#rec.where;
    // A reader's place is { file, line }: copied as a literal, as the spread below would copy it
    // (same keys, same order). V8's spread of an object with properties after it took 1.4 µs
    // (2 million copies of { file, line } with field and column: 1,400 ns against 25 ns on
    // Node 20), and a quarter of the rows of a generated export have a note.
    if (isFileLine(w)) return i === undefined ? { file: w.file, line: w.line, field: column } : { file: w.file, line: w.line, field: column, column: i + 1 };
    return i === undefined ? { ...w, field: column } : { ...w, field: column, column: i + 1 };
  }

  #problem(code: string, message: string, column: string): void {
    (this.#problems ??= []).push({ code, message, where: this.#where(column) });
  }

  /** A column's trimmed value; a column the mapping names but the header lacks is a problem. */
  #value(i: number, column: string): string | undefined {
    if (i < 0) {
      this.#problem('csv_missing_column', `column "${column}" is not in the file's header`, column);
      return undefined;
    }
    return this.#fields[i]?.trim();
  }

  /** A column's value as the row has it (untrimmed), '' when there is none; a column the header lacks is a problem. */
  #text(i: number, column: string): string {
    if (i < 0) {
      this.#problem('csv_missing_column', `column "${column}" is not in the file's header`, column);
      return '';
    }
    return this.#fields[i] ?? '';
  }

  #channelOf(text: string | undefined): ChannelOf {
    const f = this.#f;
    let channel = f.channel.values[text ?? ''] ?? (text ?? '').toLowerCase();
    let note: string | null = null;
    if (!CHANNELS.has(channel)) {
      note = `channel "${text}" is not in the mapping; recorded as "other"`;
      channel = 'other';
    }
    return { channel: own(channel), note, value: own(text ?? '') };
  }

  #genderOf(g: string): GenderOf {
    const f = this.#f;
    let gender: string | undefined;
    let note: string | null = null;
    const v = f.gender?.values[g];
    if (v) gender = v;
    else if (g) {
      note = `gender "${g}" is not in the mapping; recorded as "unknown"`;
      gender = 'unknown';
    }
    return { gender, note, value: g, ok: gender === undefined || this.#gender.ok(gender) };
  }

  #ageOf(a: string): AgeOf {
    const f = this.#f;
    if (!f.age || this.#ageUnknown.has(a)) return { age: undefined, problem: null, ok: true };
    const m = AGE.exec(a);
    if (!m) return { age: undefined, problem: `age "${a.slice(0, 40)}" is not a whole number or a range like 13-15 (unknown values: ${f.age.unknown.map((u) => JSON.stringify(u)).join(', ')})`, ok: true };
    // Rows with the same text share the (frozen) object.
    const age = Object.freeze({ min: Number(m[1]), max: Number(m[2] ?? m[1]), basis: f.age.basis });
    return { age, problem: null, ok: this.#age.ok(a, age) };
  }

  #durationOf(d: string): DurationOf {
    const f = this.#f;
    if (!d || !f.durationMinutes) return { minutes: undefined, problem: null, ok: true };
    const n = Number(d.replace(',', '.'));
    if (!Number.isFinite(n) || n < 0) return { minutes: undefined, problem: `duration "${d}" is not a non-negative number`, ok: true };
    const minutes = f.durationMinutes.unit === 'seconds' ? Math.round((n / 60) * 100) / 100 : n;
    return { minutes, problem: null, ok: this.#duration.ok(minutes) };
  }

  /**
   * What `text` (a column's value as the row has it) gives, from `memo` or worked out by `of`
   * from the trimmed text and remembered under a copy of the text.
   */
  #memo<T>(memo: Map<string, T>, text: string, of: (trimmed: string) => T): T {
    let r = memo.get(text);
    if (r === undefined) {
      r = of.call(this, own(text.trim()));
      if (memo.size > MEMO_MAX) memo.clear();
      memo.set(own(text), r);
    }
    return r;
  }

  map(rec: RawRecord<CsvRow>, env: MapEnv): Mapped | { problems: Problem[] } {
    const f = this.#f;
    this.#rec = rec;
    const plan = (this.#plan = this.#planOf((rec.context?.header as string[] | undefined) ?? []));
    const fields = (this.#fields = rec.parsed?.fields ?? []);
    this.#problems = undefined;
    let notes: Note[] | undefined;
    const sourceRef = this.#value(plan.sourceRef, f.sourceRef);
    const dateText = this.#value(plan.contactAt, f.contactAt);
    const channelAt = plan.channel;
    if (channelAt < 0) this.#problem('csv_missing_column', `column "${f.channel.column}" is not in the file's header`, f.channel.column);
    if (this.#problems) return { problems: this.#problems };
    // A date written as toISOString writes it is its own value (dates.ts); anything else is parsed.
    let contactAt: string;
    let canonical = true;
    if (dateText !== undefined && isCanonicalUtc(dateText)) contactAt = dateText;
    else {
      const date = parseContactDate(dateText ?? '', this.mapping);
      if ('error' in date) {
        this.#problem('invalid_date', date.error, f.contactAt);
        contactAt = '';
      } else contactAt = date.iso;
      canonical = CANONICAL_TIMESTAMP.test(contactAt);
    }
    const channelText = fields[channelAt];
    const ch = channelText === undefined ? this.#channelOf(undefined) : this.#memo(this.#channels, channelText, this.#channelOf);
    if (ch.note !== null) (notes ??= []).push({ code: 'unknown_channel', message: ch.note, value: ch.value, where: this.#where(f.channel.column) });
    // Every value the row brought is checked against its field's schema: `ok` stays true only
    // when all pass, and then the contact is built here; otherwise the CDM schema validates it
    // whole and names every bad field, as for any other record.
    let ok = canonical && !this.options.schemaOnly && this.#envOk(env) && sourceRef !== undefined && sourceRef.length >= 1 && sourceRef.length <= SOURCE_REF_MAX;
    let durationMinutes: number | undefined;
    if (f.durationMinutes) {
      const d = this.#memo(this.#durations, this.#text(plan.duration, f.durationMinutes.column), this.#durationOf);
      if (d.problem !== null) this.#problem('invalid_number', d.problem, f.durationMinutes.column);
      else if (d.minutes !== undefined) {
        durationMinutes = d.minutes;
        ok &&= d.ok;
      }
    }
    let age: AgeOf['age'];
    if (f.age) {
      const a = this.#memo(this.#ages, this.#text(plan.age, f.age.column), this.#ageOf);
      if (a.problem !== null) this.#problem('invalid_age', a.problem, f.age.column);
      else if (a.age) {
        age = a.age;
        ok &&= a.ok;
      }
    }
    let gender: string | undefined;
    if (f.gender) {
      const g = this.#memo(this.#genders, this.#text(plan.gender, f.gender.column), this.#genderOf);
      if (g.note !== null) (notes ??= []).push({ code: 'unknown_gender', message: g.note, value: g.value, where: this.#where(f.gender.column) });
      gender = g.gender;
      ok &&= g.ok;
    }
    let country: string | undefined;
    if (f.country !== undefined) {
      const c = this.#memo(this.#countries, this.#text(plan.country, f.country), this.#countryOf);
      country = c.value;
      ok &&= c.ok;
    }
    let region: string | undefined;
    if (f.region !== undefined) {
      const r = this.#memo(this.#regions, this.#text(plan.region, f.region), this.#regionOf);
      region = r.value;
      ok &&= r.ok;
    }
    let language: string | undefined;
    if (f.language !== undefined) {
      const l = this.#memo(this.#languages, this.#text(plan.language, f.language), this.#languageOf);
      language = l.value;
      ok &&= l.ok;
    }
    // The first column's codes are already without repeats: the list is a copy of them, of its own length.
    let categories: SchemeCode[] | undefined;
    let grown = false;
    for (let k = 0; k < f.categories.length; k++) {
      const c = f.categories[k] as CategoryColumn;
      const at = plan.categories[k] as Plan['categories'][number];
      const main = this.#text(at.main, c.column);
      const sub = c.subcolumn ? this.#text(at.sub, c.subcolumn) : undefined;
      const column = this.#column(k, c, main, sub);
      if (categories === undefined) categories = copyOf(column.codes);
      else {
        for (const code of column.codes) {
          let seen = false;
          for (let j = 0; j < categories.length && !seen; j++) seen = (categories[j] as SchemeCode).scheme === code.scheme && (categories[j] as SchemeCode).code === code.code;
          if (!seen) {
            categories.push(code);
            grown = true;
          }
        }
      }
      ok &&= column.valid;
      if (column.notes.length) {
        const where = this.#where(c.column);
        notes ??= [];
        for (const n of column.notes) notes.push({ code: n.code, message: n.message, value: n.value, where });
      }
    }
    if (categories === undefined) categories = [];
    else if (grown) categories = fit(categories);
    ok &&= categories.length <= MAX_CATEGORIES;
    const raw = rec.raw;
    // The digest is of the row without its line end (\n or \r\n).
    const rawDigest = rawDigestOf(raw.charCodeAt(raw.length - 1) === 10 ? raw.slice(0, raw.length - (raw.charCodeAt(raw.length - 2) === 13 ? 2 : 1)) : raw);
    if (this.#problems) return { problems: this.#problems };
    const lineage = ok ? this.#checkedLineage(env.lineage) : undefined;
    const rowNotes = notes === undefined ? NO_NOTES : fit(notes);
    if (lineage && country !== undefined && region !== undefined && language !== undefined) {
      // The common contact (every field a generated export has), as one object literal per shape,
      // with the same keys in the same order as below: a contact built key by key kept its last
      // eight keys in a separate property array (85 bytes, measured in a heap snapshot of 20,000
      // mapped rows), copied by the garbage collector with every contact until its batch is written.
      const g = gender ?? 'unknown';
      const l = lineageWithDigest(lineage, rawDigest);
      const id = fastId(ContactEntity.type, [env.orgId, sourceRef as string]);
      const c = ch.channel;
      const contact: Contact = (durationMinutes !== undefined
        ? age
          ? { datasetId: env.datasetId, sourceOrgId: env.orgId, sourceRef, channel: c, contactAt, durationMinutes, age, gender: g, country, region, language, categories, lineage: l, id }
          : { datasetId: env.datasetId, sourceOrgId: env.orgId, sourceRef, channel: c, contactAt, durationMinutes, gender: g, country, region, language, categories, lineage: l, id }
        : age
          ? { datasetId: env.datasetId, sourceOrgId: env.orgId, sourceRef, channel: c, contactAt, age, gender: g, country, region, language, categories, lineage: l, id }
          : { datasetId: env.datasetId, sourceOrgId: env.orgId, sourceRef, channel: c, contactAt, gender: g, country, region, language, categories, lineage: l, id }) as unknown as Contact;
      return { units: [{ kind: 'contact', contact }], notes: rowNotes, rawDigest };
    }
    // Built in the order the schema's output has. With a checked lineage every value has passed
    // its field's schema and the contact is complete here (gender given the schema's default);
    // otherwise the schema validates it whole below.
    const contact: Record<string, unknown> = { datasetId: env.datasetId, sourceOrgId: env.orgId, sourceRef, channel: ch.channel, contactAt };
    if (durationMinutes !== undefined) contact.durationMinutes = durationMinutes;
    if (age) contact.age = age;
    if (gender !== undefined || lineage) contact.gender = gender ?? 'unknown';
    if (country !== undefined) contact.country = country;
    if (region !== undefined) contact.region = region;
    if (language !== undefined) contact.language = language;
    contact.categories = categories;
    if (lineage) {
      contact.lineage = lineageWithDigest(lineage, rawDigest);
      contact.id = fastId(ContactEntity.type, [env.orgId, sourceRef as string]);
      return { units: [{ kind: 'contact', contact: contact as Contact }], notes: rowNotes, rawDigest };
    }
    try {
      const parsed = entityWithLineage(ContactEntity, contact, env.lineage, rawDigest, { file: rec.where.file ?? '', ...(rec.where.line ? { line: rec.where.line } : {}) }) as Contact;
      return { units: [{ kind: 'contact', contact: parsed }], notes: rowNotes, rawDigest };
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      // Name the CSV column beside the CDM field.
      const column: Record<string, string | undefined> = { sourceRef: f.sourceRef, contactAt: f.contactAt, channel: f.channel.column, durationMinutes: f.durationMinutes?.column, age: f.age?.column, gender: f.gender?.column, country: f.country, region: f.region, language: f.language };
      return {
        problems: e.issues.map((p) => {
          const top = (p.where?.path ?? '').split(/[.[]/)[0] ?? '';
          const col = column[top];
          return { ...p, message: col ? `column "${col}" (${top}): ${p.message}` : p.message, where: { ...rec.where, ...(col ? this.#where(col) : {}), ...(p.where?.path ? { path: p.where.path } : {}) } };
        }),
      };
    }
  }

  #countryOf(c: string): TextOf {
    if (!c) return { value: undefined, ok: true };
    const value = c.toUpperCase();
    return { value, ok: this.#country.ok(value) };
  }

  #regionOf(r: string): TextOf {
    return r ? { value: r, ok: this.#region.ok(r) } : { value: undefined, ok: true };
  }

  #languageOf(l: string): TextOf {
    return l ? { value: l, ok: this.#language.ok(l) } : { value: undefined, ok: true };
  }
}

/** `list.slice()`; a list of one or two (most rows) as an array literal (5 million copies: 9 against 14-25 ns for slice on Node 20). */
function copyOf<T>(list: T[]): T[] {
  const n = list.length;
  return n === 1 ? [list[0] as T] : n === 2 ? [list[0] as T, list[1] as T] : list.slice();
}

/**
 * A list grown by `push` as an array of its own length: a row keeps its categories and notes
 * until its batch is written, and an array that grew from empty carries room for 17 elements
 * (about 150 bytes for one or two), which the garbage collector copied with every row.
 */
function fit<T>(list: T[]): T[] {
  return list.length ? list.slice() : [];
}

/** `text.split(sep).map((s) => s.trim())`, without the empty strings when `dropEmpty` (`.filter(Boolean)`). */
function splitTrimmed(text: string, sep: string, dropEmpty: boolean): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf(sep, from);
    const part = (at < 0 ? text.slice(from) : text.slice(from, at)).trim();
    if (part || !dropEmpty) out.push(part);
    if (at < 0) return out;
    from = at + sep.length;
  }
}

export function helplineCsvAdapter(mapping: HelplineMapping, options: HelplineCsvOptions = {}): Adapter<CsvRow> {
  const f = mapping.fields;
  const required = [f.sourceRef, f.contactAt, f.channel.column];
  const context = { mapping, sourceSystem: mapping.sourceSystem };
  const rows = new ContactRows(mapping, options);
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
    map: (rec: RawRecord<CsvRow>, env: MapEnv): Mapped | { problems: Problem[] } => rows.map(rec, env),
  };
}

export { HelplineMapping };
