/**
 * Helpline CSV mappings: which column holds which CDM contact field, how source values map to CDM
 * values (channel, gender), how dates are written and in which time zone, and which scheme the
 * contact categories are in (`chi-helpline`, or the helpline's own scheme `x-<org>-<name>`).
 * A mapping is a JSON file; `chi-style` is shipped (mappings/chi-style.ts).
 */
import { z } from 'zod';
import { AGE_BASES, CONTACT_CHANNELS, GENDERS, problemsFromZod } from '../../model/index.ts';
import { TesseraError, ValidationError } from '../../shared/errors.ts';
import { chiStyle } from './mappings/chi-style.ts';

export const DATE_FORMATS = ['iso', 'YYYY-MM-DD HH:mm', 'DD/MM/YYYY HH:mm', 'MM/DD/YYYY HH:mm', 'DD.MM.YYYY HH:mm', 'DD-MM-YYYY HH:mm'] as const;

const Column = z.string().min(1).max(200);
export const HelplineMapping = z.strictObject({
  name: z.string().min(1).max(100),
  version: z.string().max(50).default('1'),
  description: z.string().max(2000).optional(),
  sourceSystem: z.string().min(1).max(200).default('helpline CSV export'),
  delimiter: z.string().length(1).default(','),
  dateFormat: z.enum(DATE_FORMATS).default('iso').meta({ description: 'How contactAt is written; seconds are optional in every format.' }),
  timeZone: z.string().min(1).max(64).default('UTC').meta({ description: 'IANA time zone of dates written without an offset.' }),
  fields: z.strictObject({
    sourceRef: Column,
    contactAt: Column,
    channel: z.strictObject({ column: Column, values: z.record(z.string(), z.enum(CONTACT_CHANNELS)).default({}) }),
    durationMinutes: z.strictObject({ column: Column, unit: z.enum(['minutes', 'seconds']).default('minutes') }).optional(),
    age: z.strictObject({ column: Column, basis: z.enum(AGE_BASES).default('reported'), unknown: z.array(z.string()).default(['']) }).optional(),
    gender: z.strictObject({ column: Column, values: z.record(z.string(), z.enum(GENDERS)).default({}) }).optional(),
    country: Column.optional(),
    region: Column.optional(),
    language: Column.optional(),
    categories: z.array(z.strictObject({
      column: Column,
      subcolumn: Column.optional(),
      scheme: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,62}$/),
      split: z.string().min(1).max(5).optional(),
      /** Source label → code in the scheme, for labels that differ from the scheme's own. */
      values: z.record(z.string(), z.string()).optional(),
    })).default([]),
  }),
});
export type HelplineMapping = z.output<typeof HelplineMapping>;

export function parseMapping(text: string, file: string): HelplineMapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TesseraError('invalid_mapping', `The mapping ${file} is not JSON: ${(e as Error).message}`, { where: { file } });
  }
  const r = HelplineMapping.safeParse(json);
  if (!r.success) throw new ValidationError(problemsFromZod(r.error, { file }), `The mapping ${file} is not valid: ${problemsFromZod(r.error, { file })[0]?.message ?? ''}`);
  try {
    new Intl.DateTimeFormat('en', { timeZone: r.data.timeZone });
  } catch {
    throw new TesseraError('invalid_mapping', `The mapping's timeZone "${r.data.timeZone}" is not an IANA time zone (e.g. Africa/Nairobi).`, { where: { file, field: 'timeZone' } });
  }
  return r.data;
}

const BUILTIN: Record<string, unknown> = { 'chi-style': chiStyle };

/** A shipped mapping by name (`chi-style`). */
export function builtinMapping(name: string): HelplineMapping | undefined {
  const m = BUILTIN[name];
  return m === undefined ? undefined : parseMapping(JSON.stringify(m), `${name} (built in)`);
}

export const CHI_STYLE_MAPPING: HelplineMapping = builtinMapping('chi-style') as HelplineMapping;
