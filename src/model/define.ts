import { z } from 'zod';
import { field, type Labels } from './labels.ts';
import { idOf } from './primitives.ts';

/**
 * One CDM entity: the stored record (with its id), the input accepted at the edge (id
 * optional: computed from the identity fields when absent), and the identity fields.
 */
export interface EntityDefinition<Shape extends z.ZodRawShape> {
  /** Prefix of the entity's identifiers, e.g. `report` in `report--<uuid>`. */
  type: string;
  /** Schema name, e.g. `Report`. */
  name: string;
  description: string;
  labels: Labels;
  /** Fields whose normalised values identify the record. */
  identity: ReadonlyArray<keyof z.infer<z.ZodObject<Shape>> & string>;
  record: z.ZodType<z.output<z.ZodObject<Shape>> & { id: string }, z.input<z.ZodObject<Shape>> & { id: string }>;
  input: z.ZodType<z.output<z.ZodObject<Shape>> & { id?: string | undefined }, z.input<z.ZodObject<Shape>> & { id?: string | undefined }>;
  /**
   * The record as it appears nested in a bundle sent to the API: fields the node fills in
   * (the parent's id, lineage) are left out. Absent when the entity is never nested.
   */
  bundled?: z.ZodType<Record<string, unknown>>;
}

export function defineEntity<Shape extends z.ZodRawShape>(spec: {
  type: string;
  name: string;
  description: string;
  labels: Labels;
  identity: ReadonlyArray<keyof z.infer<z.ZodObject<Shape>> & string>;
  shape: Shape;
  refine?: (value: z.output<z.ZodObject<Shape>>, ctx: z.RefinementCtx) => void;
  /** Fields left out of the `bundled` variant; giving this creates the variant. */
  bundleOmit?: ReadonlyArray<keyof Shape & string>;
}): EntityDefinition<Shape> {
  const meta = field(spec.description, spec.labels);
  const idField = idOf(spec.type).meta({ description: `Identifier, computed from ${spec.identity.join(' + ')} when not given.` });
  let record = z.strictObject({ id: idField, ...spec.shape });
  let input = z.strictObject({ id: idField.optional(), ...spec.shape });
  if (spec.refine) {
    const refine = spec.refine as (value: unknown, ctx: z.RefinementCtx) => void;
    record = record.superRefine(refine) as unknown as typeof record;
    input = input.superRefine(refine) as unknown as typeof input;
  }
  let bundled: z.ZodType<Record<string, unknown>> | undefined;
  if (spec.bundleOmit) {
    const shape: Record<string, z.ZodType> = { id: idField.optional() };
    for (const [k, v] of Object.entries(spec.shape)) if (!spec.bundleOmit.includes(k)) shape[k] = v as z.ZodType;
    bundled = z.strictObject(shape).meta({ id: `${spec.name}InBundle`, ...meta, description: `${spec.description} (as nested in a bundle: ${spec.bundleOmit.join(', ')} filled in by the node)` });
  }
  return {
    bundled,
    type: spec.type,
    name: spec.name,
    description: spec.description,
    labels: spec.labels,
    identity: spec.identity,
    record: record.meta({ id: spec.name, ...meta }) as unknown as EntityDefinition<Shape>['record'],
    input: input.meta({ id: `New${spec.name}`, ...meta }) as unknown as EntityDefinition<Shape>['input'],
  };
}
