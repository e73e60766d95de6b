import type { z } from 'zod';
import { ValidationError, type ErrorLocation, type Problem } from '../shared/errors.ts';
import type { EntityDefinition } from './define.ts';
import { deterministicId } from './identifiers.ts';

/** Converts zod issues into Problems that say where (path, field) and why. */
export function problemsFromZod(error: z.ZodError, base: ErrorLocation = {}): Problem[] {
  return error.issues.map((issue) => {
    const segments = issue.path.map((p) => String(p));
    const path = [base.path ?? '', ...segments].filter(Boolean).join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
    const field = [...segments].reverse().find((s) => !/^\d+$/.test(s));
    const where: ErrorLocation = { ...base };
    if (path) where.path = path;
    if (field) where.field = field;
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove ${issue.keys.length > 1 ? 'them' : 'it'} or check the spelling against the data dictionary`;
    else if (issue.code === 'invalid_type' && message.includes('received undefined')) message = `required field is missing (expected ${issue.expected})`;
    else if (issue.code === 'invalid_value' && 'values' in issue) message = `must be one of ${(issue.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    return { code: `invalid_${issue.code}`, message, where };
  });
}

/** Parses with any zod schema; throws a ValidationError that names every bad field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: ErrorLocation = {}): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(problemsFromZod(result.error, where));
  return result.data;
}

/**
 * Validates an input record of an entity and gives it its deterministic id (computed from
 * the identity fields when the input has none).
 */
export function parseEntity<Shape extends z.ZodRawShape>(
  entity: EntityDefinition<Shape>,
  value: unknown,
  where: ErrorLocation = {},
): z.output<z.ZodObject<Shape>> & { id: string } {
  const parsed = parseWith(entity.input, value, where) as Record<string, unknown>;
  const id = typeof parsed.id === 'string' ? parsed.id : identify(entity, parsed);
  return { ...parsed, id } as z.output<z.ZodObject<Shape>> & { id: string };
}

/** The deterministic id of a record from its identity fields. */
export function identify<Shape extends z.ZodRawShape>(entity: EntityDefinition<Shape>, value: Record<string, unknown>): string {
  return deterministicId(entity.type, entity.identity.map((k) => value[k]));
}
