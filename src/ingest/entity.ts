import * as crypto from 'node:crypto';
import { z } from 'zod';
import { fastId } from '../generator/ids.ts';
import { Lineage, identify, parseWith, sha256Digest, type EntityDefinition } from '../model/index.ts';
import type { ErrorLocation } from '../shared/errors.ts';

/**
 * `parseEntity` with the fast identifier path: the same validation (the entity's zod input
 * schema) and the same deterministic id, computed with the generator's `fastId` — SHA-1 in
 * JavaScript with a cached midstate, tested identical to the model's `deterministicId` — when
 * every identity value is a string (it falls back to `identify` otherwise). Ids were a quarter
 * of the mapping time of a CyberTipline report.
 */
export function entity<Shape extends z.ZodRawShape>(def: EntityDefinition<Shape>, value: unknown, where: ErrorLocation = {}): z.output<z.ZodObject<Shape>> & { id: string } {
  const parsed = parseWith(def.input, value, where) as Record<string, unknown>;
  return withId(def, parsed) as z.output<z.ZodObject<Shape>> & { id: string };
}

function withId<Shape extends z.ZodRawShape>(def: EntityDefinition<Shape>, parsed: Record<string, unknown>): Record<string, unknown> & { id: string } {
  if (typeof parsed.id === 'string') return parsed as Record<string, unknown> & { id: string };
  const identity = def.identity.map((k) => parsed[k]);
  const id = identity.every((v): v is string => typeof v === 'string') ? fastId(def.type, identity) : identify(def, parsed);
  return { ...parsed, id };
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
export function checkedLineage(context: LineageContext, where: ErrorLocation = {}): LineageContext {
  let v = checkedContexts.get(context);
  if (!v) {
    v = parseWith(LineageContextSchema, context, { ...where, path: 'lineage' }) as LineageContext;
    checkedContexts.set(context, v);
    checkedContexts.set(v, v);
  }
  return v;
}

const RAW_DIGEST = /^sha256:[0-9a-f]{64}$/;
/** Lineage objects made here → the run's checked context they were made from (see lineageJson). */
const lineageContexts = new WeakMap<object, LineageContext>();
/** A checked context → its JSON without the closing brace. */
const contextJson = new WeakMap<LineageContext, { json: string; keys: number }>();

/**
 * `JSON.stringify(lineage)`, with the part every record of a run shares (all but the raw digest)
 * serialised once per run: for a lineage made by `entityWithLineage` (the same keys in the same
 * order, the digest last) the text is identical. Serialising the whole lineage again for every
 * row was the largest single cost of encoding a contact for COPY.
 */
export function lineageJson(lineage: Lineage): string {
  const ctx = lineageContexts.get(lineage);
  if (!ctx) return JSON.stringify(lineage);
  let c = contextJson.get(ctx);
  if (!c) {
    c = { json: JSON.stringify(ctx).slice(0, -1), keys: Object.keys(ctx).length };
    contextJson.set(ctx, c);
  }
  // Something added to the lineage after it was made: serialise it whole.
  if (Object.keys(lineage).length !== c.keys + 1) return JSON.stringify(lineage);
  return c.json + ',"rawDigest":' + JSON.stringify(lineage.rawDigest) + '}';
}
const withoutLineage = new WeakMap<object, z.ZodType>();

/**
 * `entity` for a record whose lineage the adapter builds itself from the run's context and its
 * own SHA-256 of the raw text: every other field (from the untrusted input) is validated as
 * before; the lineage context is validated once per run (`checkedLineage`) and the digest format
 * is checked here, so the record is exactly what `entity` would give.
 */
export function entityWithLineage<Shape extends z.ZodRawShape>(def: EntityDefinition<Shape>, value: Record<string, unknown>, context: LineageContext, rawDigest: string, where: ErrorLocation = {}): z.output<z.ZodObject<Shape>> & { id: string } {
  let schema = withoutLineage.get(def);
  if (!schema) {
    schema = (def.input as unknown as z.ZodObject<z.ZodRawShape>).omit({ lineage: true } as never);
    withoutLineage.set(def, schema);
  }
  if (!RAW_DIGEST.test(rawDigest)) throw new TypeError(`not a sha256 digest: ${rawDigest}`);
  const checked = checkedLineage(context, where);
  const lineage = { ...checked, rawDigest };
  lineageContexts.set(lineage, checked);
  const parsed = parseWith(schema, value, where) as Record<string, unknown>;
  parsed.lineage = lineage;
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
