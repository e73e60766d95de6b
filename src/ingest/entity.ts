import * as crypto from 'node:crypto';
import { z } from 'zod';
import { fastId } from '../generator/ids.ts';
import { Lineage, identify, parseWith, problemsFromZod, sha256Digest, type EntityDefinition } from '../model/index.ts';
import { ValidationError, type ErrorLocation, type Problem } from '../shared/errors.ts';

/** Where a record's problem is; a function when working it out costs something (it is only called on a problem). */
export type Where = ErrorLocation | (() => ErrorLocation);
const locate = (where: Where): ErrorLocation => (typeof where === 'function' ? where() : where);

/**
 * `parseEntity` with the fast identifier path: the same validation (the entity's zod input
 * schema) and the same deterministic id, computed with the generator's `fastId` — SHA-1 in
 * JavaScript with a cached midstate, tested identical to the model's `deterministicId` — when
 * every identity value is a string (it falls back to `identify` otherwise). Ids were a quarter
 * of the mapping time of a CyberTipline report.
 */
export function entity<Shape extends z.ZodRawShape>(def: EntityDefinition<Shape>, value: unknown, where: Where = {}): z.output<z.ZodObject<Shape>> & { id: string } {
  const problems: Problem[] = [];
  const r = entityOr(problems, def, value, where);
  if (!r) throw new ValidationError(problems);
  return r;
}

/** `entity` that adds the problems to `problems` and returns undefined instead of throwing. */
export function entityOr<Shape extends z.ZodRawShape>(problems: Problem[], def: EntityDefinition<Shape>, value: unknown, where: Where): (z.output<z.ZodObject<Shape>> & { id: string }) | undefined {
  return entityAt(problems, def, value, locate, where);
}

/**
 * `entityOr` with the place of a problem worked out by `at(x)`: a mapper passes its locator and the
 * element instead of a closure made for every entity (and almost never called).
 */
export function entityAt<Shape extends z.ZodRawShape, X>(problems: Problem[], def: EntityDefinition<Shape>, value: unknown, at: (x: X) => ErrorLocation, x: X): (z.output<z.ZodObject<Shape>> & { id: string }) | undefined {
  const fast = fieldwiseOf(def.input, false)?.(value);
  if (fast !== undefined && fast !== FAIL) return withId(def, fast as Record<string, unknown>) as z.output<z.ZodObject<Shape>> & { id: string };
  const r = def.input.safeParse(value);
  if (r.success) return withId(def, r.data as Record<string, unknown>) as z.output<z.ZodObject<Shape>> & { id: string };
  for (const p of problemsFromZod(r.error, at(x))) problems.push(p);
  return undefined;
}

/** The parsed record with its id; zod's output is a fresh object, so the id is added to it (not to a copy). */
function withId<Shape extends z.ZodRawShape>(def: EntityDefinition<Shape>, parsed: Record<string, unknown>): Record<string, unknown> & { id: string } {
  if (typeof parsed.id === 'string') return parsed as Record<string, unknown> & { id: string };
  const identity = def.identity;
  // The identity values in a list kept per length (fastId reads it and keeps nothing of it): an
  // array per entity was a tenth of the mapping's garbage.
  const values = (IDENTITY_VALUES[identity.length] ??= []);
  let strings = true;
  for (let i = 0; i < identity.length; i++) {
    const x = parsed[identity[i] as string];
    if (typeof x !== 'string') strings = false;
    values[i] = x as string;
  }
  parsed.id = strings ? fastId(def.type, values) : identify(def, parsed);
  return parsed as Record<string, unknown> & { id: string };
}
const IDENTITY_VALUES: string[][] = [];

/** The lineage every record of a run shares (everything but the raw digest). */
export type LineageContext = Omit<Lineage, 'rawDigest'>;
const LineageContextSchema = Lineage.omit({ rawDigest: true });
const checkedContexts = new WeakMap<object, LineageContext>();

/**
 * Validates a run's lineage context once (it is the same object for every record of a run) and
 * returns the validated form: records then carry it without validating it again each time — a
 * report's lineage was validated once for the report and again for each of its files.
 */
export function checkedLineage(context: LineageContext, where: Where = {}): LineageContext {
  let v = checkedContexts.get(context);
  if (!v) {
    v = parseWith(LineageContextSchema, context, { ...locate(where), path: 'lineage' }) as LineageContext;
    checkedContexts.set(context, v);
    checkedContexts.set(v, v);
  }
  return v;
}

const RAW_DIGEST = /^sha256:[0-9a-f]{64}$/;
const withoutLineage = new WeakMap<object, z.ZodType>();

/**
 * `entity` for a record whose lineage the adapter builds itself from the run's context and its
 * own SHA-256 of the raw text: every other field (from the untrusted input) is validated as
 * before; the lineage context is validated once per run (`checkedLineage`) and the digest format
 * is checked here, so the record is exactly what `entity` would give.
 */
export function entityWithLineage<Shape extends z.ZodRawShape>(def: EntityDefinition<Shape>, value: Record<string, unknown>, context: LineageContext, rawDigest: string, where: Where = {}): z.output<z.ZodObject<Shape>> & { id: string } {
  const problems: Problem[] = [];
  const r = entityWithLineageOr(problems, def, value, context, rawDigest, where);
  if (!r) throw new ValidationError(problems);
  return r;
}

/** `entityWithLineage` that adds the problems to `problems` and returns undefined instead of throwing. */
export function entityWithLineageOr<Shape extends z.ZodRawShape>(problems: Problem[], def: EntityDefinition<Shape>, value: Record<string, unknown>, context: LineageContext, rawDigest: string, where: Where): (z.output<z.ZodObject<Shape>> & { id: string }) | undefined {
  let schema = withoutLineage.get(def);
  if (!schema) {
    schema = (def.input as unknown as z.ZodObject<z.ZodRawShape>).omit({ lineage: true } as never);
    withoutLineage.set(def, schema);
  }
  // A digest rawDigestOf just made is one (the pattern was 1% of a CyberTipline ingest's profile).
  if (rawDigest !== lastDigest && !RAW_DIGEST.test(rawDigest)) throw new TypeError(`not a sha256 digest: ${rawDigest}`);
  const checked = checkedLineage(context, where);
  let parsed = fieldwiseOf(schema, true)?.(value) as Record<string, unknown> | typeof FAIL | undefined;
  if (parsed === undefined || parsed === FAIL) {
    const r = schema.safeParse(value);
    if (!r.success) {
      for (const p of problemsFromZod(r.error, locate(where))) problems.push(p);
      return undefined;
    }
    parsed = r.data as Record<string, unknown>;
  }
  parsed.lineage = lineageWithDigest(checked, rawDigest);
  return withId(def, parsed) as z.output<z.ZodObject<Shape>> & { id: string };
}

const LINEAGE_KEYS = ['sourceOrgId', 'sourceSystem', 'collectionPurpose', 'legalBasis', 'adapter', 'receivedAt', 'hops'];
const literalLineage = new WeakMap<object, boolean>();

/**
 * `{ ...context, rawDigest }`, as an object literal when the context has exactly the keys it is
 * known to have: V8's copy of a spread object was four times the size of a literal (417 against
 * 96 bytes, measured for the helpline CSV mapper), and every record keeps one until its batch is
 * written, so the garbage collector copies those bytes again and again.
 */
export function lineageWithDigest(c: LineageContext, rawDigest: string): Lineage {
  let literal = literalLineage.get(c);
  if (literal === undefined) {
    const keys = Object.keys(c);
    literal = keys.length === LINEAGE_KEYS.length && keys.every((k, i) => k === LINEAGE_KEYS[i]);
    literalLineage.set(c, literal);
  }
  if (!literal) return { ...c, rawDigest };
  return { sourceOrgId: c.sourceOrgId, sourceSystem: c.sourceSystem, collectionPurpose: c.collectionPurpose, legalBasis: c.legalBasis, adapter: c.adapter, receivedAt: c.receivedAt, hops: c.hops, rawDigest };
}

/*
 * Field-wise validation. zod's whole-object parse of a mapped entity copies every nested object
 * and array, allocates a result and an issue list per field, and checks identifiers the mapper
 * made itself or that every record of a run shares (dataset, organisation, the report's id) with
 * their regular expressions each time. Each field is checked here with the entity schema's own
 * field schema (or, for a plain length-limited string, an enumeration, a boolean or a list, with
 * the limits and values read from that schema), remembering the last value that passed per
 * field, and the mapper's own objects are kept instead of copied. Anything it is not sure of —
 * a failing value, a missing field with a default, an unknown key, keys out of the schema's
 * order, a field schema of a kind it does not know — returns FAIL and the caller runs the whole
 * schema as before, so problems (codes, messages, places) are always zod's own. Tested equal to
 * the schema's output, key order included (entity.test.ts).
 */
export const FAIL: unique symbol = Symbol('fieldwise: not sure, run the schema');
type Fieldwise = (value: unknown) => unknown;
const fieldwiseCache = new WeakMap<object, Fieldwise | null>();

/** The field-wise check of an entity's input schema (lineage left out when told): the value as the schema would give it, or FAIL. Exported for its test. */
export function fieldwiseOf(schema: z.ZodType, withoutLineage: boolean): Fieldwise | undefined {
  let f = fieldwiseCache.get(schema);
  if (f === undefined) {
    f = compileObject(schema, withoutLineage ? 'lineage' : null, true) ?? null;
    fieldwiseCache.set(schema, f);
  }
  return f ?? undefined;
}

interface ZodInternals {
  _zod: { def: { type: string; checks?: Array<{ _zod: { def: { check: string; minimum?: number; maximum?: number } } }>; defaultValue?: unknown; [k: string]: unknown } };
}
const defOf = (s: unknown) => (s as ZodInternals)._zod.def;

/**
 * Length limits of a string or array schema whose only checks are min_length / max_length; null
 * when it has anything else (a format such as z.iso.datetime is a schema of type string with its
 * own pattern and no checks: only a definition with nothing but its type, element and checks counts).
 */
function lengthLimits(s: z.ZodType): { min: number; max: number } | null {
  for (const k of Object.keys(defOf(s))) if (k !== 'type' && k !== 'checks' && k !== 'element') return null;
  let min = 0;
  let max = Infinity;
  for (const c of defOf(s).checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'min_length' && typeof d.minimum === 'number') min = Math.max(min, d.minimum);
    else if (d.check === 'max_length' && typeof d.maximum === 'number') max = Math.min(max, d.maximum);
    else return null;
  }
  return { min, max };
}

/** Whether a schema's definition holds nothing but these keys (anything more — a format, a pattern, a coercion — is a rule this code does not read). */
function only(def: ZodInternals['_zod']['def'], ...keys: string[]): boolean {
  for (const k of Object.keys(def)) if (!keys.includes(k) && !(k === 'checks' && !def.checks?.length)) return false;
  return true;
}

const DATETIME_KEYS = new Set(['type', 'checks', 'format', 'check', 'offset', 'local', 'precision', 'pattern']);

/**
 * The rules of a string schema made only of length limits and regular expressions (`.regex()`,
 * and `z.iso.datetime`, which zod checks with its own pattern), read from the schema: zod tests
 * each pattern (lastIndex reset) and each limit, nothing else. Null for any other string schema.
 */
function stringRules(s: z.ZodType): { min: number; max: number; patterns: RegExp[] } | null {
  const def = defOf(s) as ZodInternals['_zod']['def'] & { format?: string; check?: string; pattern?: unknown };
  const patterns: RegExp[] = [];
  if (def.format === 'datetime') {
    for (const k of Object.keys(def)) if (!DATETIME_KEYS.has(k)) return null;
    if (def.check !== 'string_format' || !(def.pattern instanceof RegExp)) return null;
    patterns.push(def.pattern);
  } else if (!only(def, 'type', 'checks')) return null;
  let min = 0;
  let max = Infinity;
  for (const c of def.checks ?? []) {
    const d = c._zod.def as { check: string; minimum?: number; maximum?: number; format?: string; pattern?: unknown };
    if (d.check === 'min_length' && typeof d.minimum === 'number') min = Math.max(min, d.minimum);
    else if (d.check === 'max_length' && typeof d.maximum === 'number') max = Math.min(max, d.maximum);
    else if (d.check === 'string_format' && d.format === 'regex' && d.pattern instanceof RegExp) patterns.push(d.pattern);
    else return null;
  }
  return { min, max, patterns };
}

/**
 * A pattern's test. The model's hash and identifier patterns (`^[0-9a-f]{N}$`, `^<type>--` and
 * the UUID's hex groups, no flags) are read character by character: their regular expressions
 * were 4% of a CyberTipline report's mapping (profiled). Any other pattern is tested as zod tests
 * it (lastIndex reset). Exported for its test.
 */
export function patternTest(p: RegExp): (s: string) => boolean {
  if (p.flags === '') {
    const hex = /^\^\[0-9a-f\]\{(\d+)\}\$$/.exec(p.source);
    if (hex) {
      const n = Number(hex[1]);
      return (v) => v.length === n && isLowerHex(v, 0, n);
    }
    const id = /^\^([a-z][a-z-]*)--\[0-9a-f\]\{8\}-\[0-9a-f\]\{4\}-\[0-9a-f\]\{4\}-\[0-9a-f\]\{4\}-\[0-9a-f\]\{12\}\$$/.exec(p.source);
    if (id) {
      const prefix = `${id[1]}--`;
      const at = prefix.length;
      return (v) =>
        v.length === at + 36 && v.startsWith(prefix) && isLowerHex(v, at, at + 8) && v.charCodeAt(at + 8) === 45 && isLowerHex(v, at + 9, at + 13) && v.charCodeAt(at + 13) === 45 &&
        isLowerHex(v, at + 14, at + 18) && v.charCodeAt(at + 18) === 45 && isLowerHex(v, at + 19, at + 23) && v.charCodeAt(at + 23) === 45 && isLowerHex(v, at + 24, at + 36);
    }
  }
  return (v) => {
    p.lastIndex = 0;
    return p.test(v);
  };
}

function isLowerHex(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

function compileField(s: z.ZodType): Fieldwise {
  const def = defOf(s);
  if (def.type === 'string') {
    const rules = stringRules(s);
    if (rules) {
      const { min, max, patterns } = rules;
      const tests = patterns.map(patternTest);
      // The last value that passed (the run's dataset and organisation, the report id of its files and signals).
      let last: unknown = FAIL;
      return (v) => {
        if (v === last) return v;
        if (typeof v !== 'string' || v.length < min || v.length > max) return FAIL;
        for (let i = 0; i < tests.length; i++) if (!(tests[i] as (s: string) => boolean)(v)) return FAIL;
        last = v;
        return v;
      };
    }
  } else if (def.type === 'enum' && only(def, 'type', 'entries')) {
    const values = Object.values(def.entries as Record<string, unknown>);
    if (values.every((x) => typeof x === 'string')) {
      const set = new Set(values);
      return (v) => (typeof v === 'string' && set.has(v) ? v : FAIL);
    }
  } else if (def.type === 'boolean' && only(def, 'type')) {
    return (v) => (typeof v === 'boolean' ? v : FAIL);
  } else if (def.type === 'array') {
    const lim = lengthLimits(s);
    const element = compileField(def.element as z.ZodType);
    if (lim) {
      return (v) => {
        if (!Array.isArray(v) || v.length < lim.min || v.length > lim.max) return FAIL;
        for (let i = 0; i < v.length; i++) if (element(v[i]) !== v[i]) return FAIL;
        return v;
      };
    }
  } else if (def.type === 'object') {
    const o = compileObject(s, null, false);
    if (o) return o;
  } else if (def.type === 'nullable' && only(def, 'type', 'innerType')) {
    // zod's nullable: null passes as itself, anything else goes to the inner schema.
    const inner = compileField(def.innerType as z.ZodType);
    return (v) => (v === null ? null : inner(v));
  }
  // Any other schema: the schema itself, remembering the primitive values that passed (the run's
  // dataset and organisation, the report id of its files and signals, a batch's countries, ages and
  // PDQ qualities): a schema of a primitive gives the same answer for the same value.
  const passed = new Set<unknown>();
  const primitive = def.type === 'string' || def.type === 'number';
  return (v) => {
    if (primitive && v !== 0 && passed.has(v)) return v;
    const r = s.safeParse(v);
    if (!r.success) return FAIL;
    if (!primitive) return r.data;
    if (r.data !== v) return FAIL;
    if (passed.size >= 256) passed.clear();
    passed.add(v);
    return v;
  };
}

/**
 * A strict object schema, checked field by field. The top level builds a fresh object in the
 * schema's key order (the entity gets its lineage and id added), with a missing field's default
 * filled in when the default is a primitive (zod returns the default unchecked, read from the
 * schema each time), and runs the schema's own refinements (`superRefine` checks, through zod's
 * check function) on it: a refinement that adds an issue hands the value to the schema, which
 * reports it. A nested object is kept as the mapper built it when its keys are in the schema's
 * order (zod's copy would have that order); a nested default or refinement is not read here.
 */
function compileObject(s: z.ZodType, omit: string | null, top: boolean): Fieldwise | undefined {
  const def = defOf(s);
  if (def.type !== 'object' || defOf(def.catchall).type !== 'never') return undefined;
  const refinements = superRefinements(def);
  if (refinements === null) return undefined;
  const keys: string[] = [];
  const fields: Fieldwise[] = [];
  const optional: boolean[] = [];
  const defaults: Array<ZodInternals['_zod']['def'] | null> = [];
  for (const [k, sub] of Object.entries(def.shape as Record<string, z.ZodType>)) {
    if (k === omit) continue;
    let inner = sub;
    let opt = false;
    let dflt: ZodInternals['_zod']['def'] | null = null;
    if (defOf(inner).type === 'default') {
      if (top && only(defOf(inner), 'type', 'innerType', 'defaultValue')) dflt = defOf(inner);
      inner = defOf(inner).innerType as z.ZodType;
    } else if (defOf(inner).type === 'optional') {
      opt = true;
      inner = defOf(inner).innerType as z.ZodType;
    }
    keys.push(k);
    fields.push(compileField(inner));
    optional.push(opt);
    defaults.push(dflt);
  }
  const n = keys.length;
  const known = new Set(keys);
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return FAIL;
    const v = value as Record<string, unknown>;
    const out: Record<string, unknown> | null = top ? {} : null;
    // Own keys, each known; in a nested object each after the previous one in the schema.
    // (Object.keys rather than for-in: for-in over the many shapes this one function sees was
    // the slow, generic enumeration.)
    const own = Object.keys(v);
    const present = own.length;
    let at = 0;
    for (let j = 0; j < present; j++) {
      const k = own[j] as string;
      if (top) {
        if (!known.has(k)) return FAIL;
      } else {
        while (at < n && keys[at] !== k) at++;
        if (at === n) return FAIL;
        at++;
      }
    }
    let seen = 0;
    for (let i = 0; i < n; i++) {
      const k = keys[i] as string;
      const x = v[k];
      if (x === undefined) {
        if (Object.hasOwn(v, k)) return FAIL;
        const d = defaults[i];
        if (d && out) {
          // zod's default: the schema's value as it gives it now (a getter), not checked.
          const dv = d.defaultValue;
          if (dv === undefined || (typeof dv === 'object' && dv !== null) || typeof dv === 'function') return FAIL;
          out[k] = dv;
          continue;
        }
        if (!optional[i]) return FAIL;
        continue;
      }
      const r = (fields[i] as Fieldwise)(x);
      if (r === FAIL) return FAIL;
      if (out) out[k] = r;
      else if (r !== x) return FAIL;
      seen++;
    }
    if (seen !== present) return FAIL;
    if (refinements.length && !refinementsPass(refinements, out ?? v)) return FAIL;
    return out ?? v;
  };
}

type Check = { _zod: { def: Record<string, unknown>; check: (payload: { value: unknown; issues: unknown[] }) => unknown } };

/**
 * The object's checks when every one is a `superRefine` (a custom check with nothing else in its
 * definition: no `when`, no abort, no parameters); an empty list for none; null when there is any
 * other check (not read here).
 */
function superRefinements(def: ZodInternals['_zod']['def']): Check[] | null {
  for (const k of Object.keys(def)) if (k !== 'type' && k !== 'shape' && k !== 'catchall' && k !== 'checks') return null;
  const checks = (def.checks ?? []) as unknown as Check[];
  for (const c of checks) {
    const keys = Object.keys(c._zod.def);
    if (keys.length !== 1 || keys[0] !== 'check' || c._zod.def.check !== 'custom' || typeof c._zod.check !== 'function') return null;
  }
  return checks;
}

/** Runs the refinements as zod runs them after a clean parse of the fields: each on the output, none adding an issue. */
function refinementsPass(checks: readonly Check[], out: Record<string, unknown>): boolean {
  for (let i = 0; i < checks.length; i++) {
    const payload = { value: out as unknown, issues: [] as unknown[] };
    const r = (checks[i] as Check)._zod.check(payload);
    if (r instanceof Promise || payload.issues.length > 0) return false;
  }
  return true;
}

/**
 * `sha256:<hex>` of a record's raw text, as the model's `sha256Digest` gives it, through Node's
 * one-shot `crypto.hash` where the runtime has it (Node ≥ 20.12): building a Hash object per
 * record cost more than hashing the record.
 */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
let lastDigest: string | null = null;
export function rawDigestOf(raw: string): string {
  lastDigest = oneShot ? 'sha256:' + oneShot('sha256', raw, 'hex') : sha256Digest(raw);
  return lastDigest;
}
