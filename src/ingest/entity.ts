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
  const r = def.input.safeParse(value);
  if (r.success) return withId(def, r.data as Record<string, unknown>) as z.output<z.ZodObject<Shape>> & { id: string };
  for (const p of problemsFromZod(r.error, locate(where))) problems.push(p);
  return undefined;
}

/** The parsed record with its id; zod's output is a fresh object, so the id is added to it (not to a copy). */
function withId<Shape extends z.ZodRawShape>(def: EntityDefinition<Shape>, parsed: Record<string, unknown>): Record<string, unknown> & { id: string } {
  if (typeof parsed.id === 'string') return parsed as Record<string, unknown> & { id: string };
  const identity = def.identity;
  let strings = true;
  for (let i = 0; i < identity.length; i++) if (typeof parsed[identity[i] as string] !== 'string') strings = false;
  parsed.id = strings ? fastId(def.type, identity.map((k) => parsed[k] as string)) : identify(def, parsed);
  return parsed as Record<string, unknown> & { id: string };
}

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
  if (!RAW_DIGEST.test(rawDigest)) throw new TypeError(`not a sha256 digest: ${rawDigest}`);
  const checked = checkedLineage(context, where);
  const r = schema.safeParse(value);
  if (!r.success) {
    for (const p of problemsFromZod(r.error, locate(where))) problems.push(p);
    return undefined;
  }
  const parsed = r.data as Record<string, unknown>;
  parsed.lineage = { ...checked, rawDigest };
  return withId(def, parsed) as z.output<z.ZodObject<Shape>> & { id: string };
}

/**
 * `sha256:<hex>` of a record's raw text, as the model's `sha256Digest` gives it, through Node's
 * one-shot `crypto.hash` where the runtime has it (Node ≥ 20.12): building a Hash object per
 * record cost more than hashing the record.
 */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
export function rawDigestOf(raw: string): string {
  return oneShot ? 'sha256:' + oneShot('sha256', raw, 'hex') : sha256Digest(raw);
}
