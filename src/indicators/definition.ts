import { z } from 'zod';
import type { ReportField } from '../policy/index.ts';
import { TesseraError } from '../shared/errors.ts';
import { TIMING_METRICS, type TimingMetric } from './timing.ts';

/**
 * Indicator definitions are data: what is measured (a count, the completeness of a field, or a
 * collaboration metric), over which CDM entity, with which filters, broken down how. A
 * definition names fields, never SQL: the field registry below is the only place fields meet
 * columns, so a definition that names a field the model does not have is refused up front.
 */

/** A CDM field an indicator may count, filter or break down by. */
export interface FieldSpec {
  /** What it is, for the documentation and the API. */
  description: string;
  /** The report field an agreement must show for shared rows to be broken down by it. */
  reportField: ReportField | null;
  /** The value recorded when the field is empty. */
  missing: string;
  /** Several values per row (each counted once). */
  multi?: boolean;
}

export const ENTITIES = {
  reports: {
    description: 'Reports (CyberTipline, hotline, platform, law-enforcement and public reports)', unit: 'reports', time: 'reportedAt',
    fields: {
      source: { description: 'source (holding) organisation', reportField: null, missing: '(none)' },
      dataset: { description: 'dataset', reportField: null, missing: '(none)' },
      kind: { description: 'kind of report', reportField: 'kind', missing: '(none)' },
      status: { description: 'status of the report', reportField: 'status', missing: '(none)' },
      country: { description: 'country (ISO 3166-1 alpha-2) the report concerns', reportField: 'country', missing: '(none)' },
      language: { description: 'language of the report', reportField: 'language', missing: '(none)' },
      category: { description: 'incident type in the source scheme ("scheme:code"); a report counts once per type', reportField: 'incidentTypes', missing: '(none)', multi: true },
    },
  },
  children: {
    description: 'Children in reports (victims or children at risk; pseudonymous)', unit: 'children', time: 'reportedAt',
    fields: {
      source: { description: "source organisation of the child's report", reportField: null, missing: '(none)' },
      dataset: { description: "dataset of the child's report", reportField: null, missing: '(none)' },
      kind: { description: "kind of the child's report", reportField: 'kind', missing: '(none)' },
      country: { description: "country of the child's report", reportField: 'country', missing: '(none)' },
      language: { description: "language of the child's report", reportField: 'language', missing: '(none)' },
      age: { description: 'age range band (0-2, 3-6, 7-10, 11-13, 14-15, 16-17, wider-range, unknown)', reportField: 'children', missing: 'unknown' },
      gender: { description: 'gender as recorded', reportField: 'children', missing: 'unknown' },
    },
  },
  contacts: {
    description: "Helpline contacts (the organisation's own; agreements do not share contacts)", unit: 'contacts', time: 'contactAt',
    fields: {
      source: { description: 'helpline organisation', reportField: null, missing: '(none)' },
      dataset: { description: 'dataset', reportField: null, missing: '(none)' },
      channel: { description: 'channel of the contact', reportField: null, missing: '(none)' },
      country: { description: 'country', reportField: null, missing: '(none)' },
      region: { description: 'sub-national region as the helpline records it', reportField: null, missing: '(none)' },
      language: { description: 'language', reportField: null, missing: '(none)' },
      age: { description: 'age range band', reportField: null, missing: 'unknown' },
      gender: { description: 'gender as recorded', reportField: null, missing: 'unknown' },
      category: { description: 'contact category in the source scheme; a contact counts once per category', reportField: null, missing: '(none)', multi: true },
    },
  },
} as const satisfies Record<string, { description: string; unit: string; time: string; fields: Record<string, FieldSpec> }>;
export type EntityName = keyof typeof ENTITIES;
export const ENTITY_NAMES = Object.keys(ENTITIES) as EntityName[];

export const COLLABORATION_METRICS = {
  'agreements-active': { unit: 'agreements', description: 'agreements the organisation is party to that are in force at the end of the period' },
  'records-shared': { unit: 'records', description: "records of the organisation read or exported by other organisations under agreements, from the audit log" },
  'matches-found': { unit: 'links', description: 'links found between reports (same file, account or URL) in the organisation’s linkage scopes' },
  'classifications-reused': { unit: 'files', description: "files in the organisation's reports whose hash already carried another organisation's classification in the registry, and which it did not assess itself" },
  'duplicates-folded': { unit: 'reports', description: "reports folded into an existing case (every report of a case after its first), in the organisation's linkage scopes" },
} as const;
export type CollaborationMetric = keyof typeof COLLABORATION_METRICS;

const Name = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'an indicator name is 1-63 lower-case letters, digits or hyphens');

export const Measure = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('count'), entity: z.string().meta({ description: `What is counted: ${ENTITY_NAMES.join(', ')}.` }) }),
    z.strictObject({
      kind: z.literal('completeness'), entity: z.string(), field: z.string().meta({ description: 'The field whose presence is measured.' }),
    }).meta({ description: 'Percentage of rows where the field is recorded (not missing or "unknown").' }),
    z.strictObject({ kind: z.literal('collaboration'), metric: z.enum(Object.keys(COLLABORATION_METRICS) as [CollaborationMetric, ...CollaborationMetric[]]) }),
    z.strictObject({ kind: z.literal('timing'), metric: z.enum(Object.keys(TIMING_METRICS) as [TimingMetric, ...TimingMetric[]]) }).meta({ description: 'Median time in days (report to removal, to referral, to share).' }),
    z.strictObject({ kind: z.literal('feedback-rate') }).meta({ description: 'Percentage of reports with at least one outcome fed back.' }),
  ])
  .meta({ id: 'IndicatorMeasure', description: 'What an indicator measures.' });
export type Measure = z.infer<typeof Measure>;

export const IndicatorDefinition = z
  .strictObject({
    name: Name,
    title: z.string().min(1).max(200),
    description: z.string().min(1).max(2000),
    unit: z.string().min(1).max(60).meta({ description: 'Unit of every value: reports, children, percent, agreements, …' }),
    measure: Measure,
    filters: z.record(z.string(), z.string().min(1).max(200)).default({}).meta({ description: 'Equality filters on fields of the entity, e.g. {"kind":"cybertip"}.' }),
    dimensions: z.array(z.enum(['month', 'year'])).default(['month', 'year']).meta({ description: 'Time grains the indicator is published in.' }),
    disaggregations: z.array(z.string()).default([]).meta({ description: 'Fields the indicator may be broken down by (one at a time).' }),
  })
  .meta({ id: 'IndicatorDefinition', description: 'An indicator as data: name, description, what it measures over the CDM, unit, filters, time dimensions and disaggregations.' });
export type IndicatorDefinition = z.output<typeof IndicatorDefinition>;

const invalid = (message: string, field: string) => new TesseraError('invalid_indicator', message, { where: { field } });

function fieldsOf(entity: EntityName): Record<string, FieldSpec> {
  return ENTITIES[entity].fields as Record<string, FieldSpec>;
}

/** The entity a definition is over, or null for collaboration metrics and timings. */
export function entityOf(def: IndicatorDefinition): EntityName | null {
  const m = def.measure;
  if (m.kind === 'feedback-rate') return 'reports';
  return m.kind === 'count' || m.kind === 'completeness' ? (m.entity as EntityName) : null;
}

/**
 * Parses and checks a definition against the model: unknown entities and fields are refused with
 * the list of what exists, so a typo in a definition never computes a silent zero.
 */
export function parseDefinition(input: unknown): IndicatorDefinition {
  const parsed = IndicatorDefinition.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    throw invalid(`the indicator definition is not valid at ${path || 'its top level'}: ${issue?.message ?? 'unknown problem'}`, path);
  }
  const def = parsed.data;
  const m = def.measure;
  if (m.kind === 'collaboration' || m.kind === 'timing' || m.kind === 'feedback-rate') {
    if (Object.keys(def.filters).length) throw invalid(`a ${m.kind} measure takes no filters (got ${Object.keys(def.filters).join(', ')})`, 'filters');
    if (def.disaggregations.length) throw invalid(`a ${m.kind} measure has no disaggregations`, 'disaggregations');
    return def;
  }
  if (!(ENTITY_NAMES as string[]).includes(m.entity)) throw invalid(`unknown entity "${m.entity}": an indicator counts one of ${ENTITY_NAMES.join(', ')}`, 'measure.entity');
  const entity = m.entity as EntityName;
  const fields = fieldsOf(entity);
  const known = (f: string, where: string) => {
    if (!(f in fields)) throw invalid(`unknown field "${f}" of ${entity} in ${where}; the fields of ${entity} are ${Object.keys(fields).join(', ')}`, where);
  };
  if (m.kind === 'completeness') {
    known(m.field, 'measure.field');
    if (m.field === 'source' || m.field === 'dataset') throw invalid(`${m.field} is always recorded: its completeness is not an indicator`, 'measure.field');
  }
  for (const f of Object.keys(def.filters)) {
    known(f, `filters.${f}`);
    if (fields[f]?.multi) throw invalid(`cannot filter on ${f}: a row has several values of it`, `filters.${f}`);
  }
  def.disaggregations.forEach((d, i) => known(d, `disaggregations.${i}`));
  if (new Set(def.disaggregations).size !== def.disaggregations.length) throw invalid('a disaggregation is listed twice', 'disaggregations');
  return def;
}

/** The field spec of a field of an entity (the definition was checked). */
export function fieldSpec(entity: EntityName, field: string): FieldSpec {
  const f = fieldsOf(entity)[field];
  if (!f) throw invalid(`unknown field "${field}" of ${entity}; the fields of ${entity} are ${Object.keys(fieldsOf(entity)).join(', ')}`, 'by');
  return f;
}
