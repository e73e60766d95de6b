import { sql } from 'kysely';
import { z } from 'zod';
import type { Principal } from '../identity/principal.ts';
import { decide, requireAllowed, REPORT_FIELDS, type ReportField } from '../policy/index.ts';
import { TOTAL, cellKey, protectTable } from '../privacy/index.ts';
import { TesseraError } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import { BUILTIN_INDICATORS } from './builtin.ts';
import { countPieces } from './counts.ts';
import { ENTITIES, entityOf, fieldSpec, type EntityName } from './definition.ts';
import { parsePeriod } from './period.ts';
import { withScope } from './scope.ts';

/**
 * Data-quality, representation and data-minimisation reports (issue 9, item 5). Completeness
 * is read from the indicator rollup; validity from the rows; representation compares the
 * organisation's records with a reference population the user supplies; minimisation lists
 * fields collected that no indicator, agreement or export uses. Counts that leave the node as
 * shared statistics go through the disclosure-control layer like every indicator.
 */

const COMPLETENESS: Array<[string, EntityName, string]> = [
  ['country', 'reports', 'country'], ['language', 'reports', 'language'], ['category', 'reports', 'category'], ['age', 'children', 'age'], ['gender', 'children', 'gender'],
];

let regions: Set<string> | null = null;
function isCountry(code: string): boolean {
  if (!regions) {
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    regions = new Set();
    for (let a = 65; a <= 90; a++)
      for (let b = 65; b <= 90; b++) {
        const c = String.fromCharCode(a, b);
        try {
          if (names.of(c) !== c) regions.add(c);
        } catch {
          /* not a region */
        }
      }
  }
  return regions.has(code);
}
function isLanguage(tag: string): boolean {
  try {
    const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
    return Intl.getCanonicalLocales(tag).length === 1 && names.of(tag.split('-')[0] as string) !== undefined;
  } catch {
    return false;
  }
}

export const QualityRequest = z.strictObject({ from: z.string().max(40).optional(), to: z.string().max(40).optional() });

export interface DatasetQuality {
  datasetId: string;
  name: string;
  reports: number;
  children: number;
  /** Percent of rows with the field recorded (reports: country, language, category; children: age, gender). */
  completeness: Record<string, number | null>;
  validity: { futureReportedAt: number; incidentAfterReport: number; unknownCountryCodes: string[]; invalidCountry: number; unknownLanguageTags: string[]; invalidLanguage: number; validShare: number | null };
}

/** Per dataset of the organisation: completeness of the key fields and validity of the values. */
export async function datasetQuality(store: Store, actor: Principal, request: z.input<typeof QualityRequest> = {}): Promise<{ period: { from: string; to: string }; datasets: DatasetQuality[] }> {
  requireAllowed(decide(actor, 'read', 'indicator'));
  const q = QualityRequest.parse(request);
  const period = parsePeriod(q.from, q.to);
  return withScope(store, actor, { scope: 'own', purpose: 'research-and-statistics', fields: [], resource: 'quality:datasets', details: { from: period.from.toISOString(), to: period.to.toISOString() } }, async (pieces) => {
    const datasets = await store.db.selectFrom('datasets').select(['id', 'name']).where('owner_org_id', '=', actor.orgId).where('record_type', '=', 'report').orderBy('id').execute();
    const per = new Map<string, DatasetQuality>(datasets.map((d) => [d.id, { datasetId: d.id, name: d.name, reports: 0, children: 0, completeness: {}, validity: { futureReportedAt: 0, incidentAfterReport: 0, unknownCountryCodes: [], invalidCountry: 0, unknownLanguageTags: [], invalidLanguage: 0, validShare: null } }]));
    for (const [label, entity, field] of COMPLETENESS) {
      const { counts } = await countPieces(store, { entity, by: 'dataset', field, filters: {} }, pieces, period.from, period.to);
      const known = new Map<string, number>();
      const all = new Map<string, number>();
      const missing = fieldSpec(entity, field).missing;
      for (const [k, n] of counts) {
        const [, ds, v] = k.split('\u0001') as [string, string, string];
        all.set(ds, (all.get(ds) ?? 0) + n);
        if (v !== missing) known.set(ds, (known.get(ds) ?? 0) + n);
      }
      for (const d of per.values()) {
        const a = all.get(d.datasetId) ?? 0;
        // Category: a report with several types counts once per type, and once as "(none)" without any.
        const none = a - (known.get(d.datasetId) ?? 0);
        const value = label === 'category' ? (d.reports ? Math.round((1000 * (d.reports - none)) / d.reports) / 10 : null) : a ? Math.round((1000 * (known.get(d.datasetId) ?? 0)) / a) / 10 : null;
        d.completeness[label] = value;
        if (label === 'country') d.reports = a;
        if (label === 'age') d.children = a;
      }
    }
    // Validity, from the rows: impossible times, and codes that are no country or language.
    const rows = await sql<{ ds: string; future: string | number; after: string | number }>`
      SELECT r.dataset_id AS ds, count(*) FILTER (WHERE r.reported_at > now() + interval '1 day') AS future, count(*) FILTER (WHERE r.incident_at > r.reported_at) AS after
      FROM reports r WHERE r.source_org_id = ${actor.orgId} AND r.reported_at >= ${period.from.toISOString()}::timestamptz AND r.reported_at < ${period.to.toISOString()}::timestamptz
      GROUP BY 1`.execute(store.db);
    for (const r of rows.rows) {
      const d = per.get(r.ds);
      if (d) Object.assign(d.validity, { futureReportedAt: Number(r.future), incidentAfterReport: Number(r.after) });
    }
    for (const [field, check, listKey, countKey] of [['country', isCountry, 'unknownCountryCodes', 'invalidCountry'], ['language', isLanguage, 'unknownLanguageTags', 'invalidLanguage']] as const) {
      // Per dataset and value, whole months from the rollup (validity is about the values present).
      const byDs = await sql<{ ds: string; v: string; n: string | number }>`
        SELECT dataset_id AS ds, value AS v, sum(n) AS n FROM indicator_rollup WHERE dim = ${field} AND source_org_id = ${actor.orgId}
          AND month >= date_trunc('month', ${period.from.toISOString()}::timestamptz AT TIME ZONE 'UTC')::date AND month < ${period.to.toISOString()}::date
        GROUP BY 1, 2 HAVING sum(n) > 0`.execute(store.db);
      for (const r of byDs.rows) {
        if (r.v === '(none)' || check(r.v)) continue;
        const d = per.get(r.ds);
        if (!d) continue;
        d.validity[listKey].push(r.v);
        d.validity[countKey] += Number(r.n);
      }
    }
    for (const d of per.values()) {
      const bad = d.validity.futureReportedAt + d.validity.incidentAfterReport + d.validity.invalidCountry + d.validity.invalidLanguage;
      d.validity.validShare = d.reports ? Math.round((1000 * Math.max(0, d.reports - bad)) / d.reports) / 1000 : null;
      d.validity.unknownCountryCodes.sort();
      d.validity.unknownLanguageTags.sort();
    }
    return { period: { from: period.from.toISOString(), to: period.to.toISOString() }, datasets: [...per.values()] };
  });
}

// ---------------------------------------------------------------- representation

export const REPRESENTATION_DIMENSIONS = { country: ['reports', 'country'], language: ['reports', 'language'], gender: ['children', 'gender'], age: ['children', 'age'], region: ['contacts', 'region'] } as const;

export const RepresentationRequest = z.strictObject({
  dimension: z.enum(Object.keys(REPRESENTATION_DIMENSIONS) as [keyof typeof REPRESENTATION_DIMENSIONS, ...Array<keyof typeof REPRESENTATION_DIMENSIONS>]).meta({ description: 'country and language of reports, gender and age of children, region of helpline contacts.' }),
  reference: z
    .array(z.strictObject({ value: z.string().min(1).max(100), population: z.number().nonnegative() }))
    .min(1)
    .max(5000)
    .meta({ description: 'The reference population the user supplies (e.g. children per country): a value and its population (any unit; only shares are compared).' }),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  scope: z.string().max(200).default('own'),
  purpose: z.enum(['research-and-statistics', 'victim-identification', 'content-removal', 'investigation', 'prevention', 'service-provision', 'safeguarding']).default('research-and-statistics'),
  under: z.number().positive().max(1).default(0.5).meta({ description: 'A value is under-represented when its share of the records is below this fraction of its share of the reference population.' }),
  threshold: z.int().min(1).max(1000).optional(),
});

export interface RepresentationRow {
  value: string;
  observed: number | null;
  observedShare: number | null;
  referenceShare: number | null;
  /** observed share / reference share; 1 = represented as in the population. */
  ratio: number | null;
  verdict: 'under-represented' | 'over-represented' | 'as-expected' | 'absent' | 'not-in-reference' | 'suppressed';
}

/** Parses a reference population CSV: `value,population` per line (a header line is skipped). */
export function parseReferenceCsv(text: string, file = 'reference'): Array<{ value: string; population: number }> {
  const out: Array<{ value: string; population: number }> = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (!t || t.startsWith('#')) return;
    const [v, p] = t.split(',').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (i === 0 && p !== undefined && !Number.isFinite(Number(p))) return; // header
    const n = Number(p);
    if (!v || p === undefined || !Number.isFinite(n) || n < 0) throw new TesseraError('invalid_reference', `line ${i + 1}: expected "value,population" with a population of 0 or more, got "${t.slice(0, 80)}"`, { where: { file, line: i + 1 } });
    out.push({ value: v, population: n });
  });
  if (out.length === 0) throw new TesseraError('invalid_reference', 'the reference population table is empty', { where: { file } });
  return out;
}

export async function representationReport(store: Store, actor: Principal, request: z.input<typeof RepresentationRequest>): Promise<{ dimension: string; entity: string; period: { from: string; to: string }; threshold: number; rows: RepresentationRow[]; underRepresented: string[]; notes: string[] }> {
  requireAllowed(decide(actor, 'read', 'indicator'));
  const req = RepresentationRequest.parse(request);
  const period = parsePeriod(req.from, req.to);
  const [entity, field] = REPRESENTATION_DIMENSIONS[req.dimension];
  const seen = new Set<string>();
  for (const r of req.reference) {
    if (seen.has(r.value)) throw new TesseraError('invalid_reference', `"${r.value}" is listed twice in the reference population`, { where: { field: 'reference' } });
    seen.add(r.value);
  }
  const fields: ReportField[] = entity === 'reports' ? ['reportedAt', field as ReportField] : entity === 'children' ? ['reportedAt', 'children'] : [];
  return withScope(store, actor, { scope: req.scope, purpose: req.purpose, fields, resource: `quality:representation:${req.dimension}`, details: { dimension: req.dimension } }, async (pieces) => {
    const { counts } = await countPieces(store, { entity, by: field, field: null, filters: {} }, pieces, period.from, period.to);
    const per = new Map<string, number>();
    for (const [k, n] of counts) {
      const v = k.split('\u0001')[1] as string;
      per.set(v, (per.get(v) ?? 0) + n);
    }
    const missing = fieldSpec(entity, field).missing;
    const values = [...new Set([...per.keys(), ...req.reference.map((r) => r.value)])].filter((v) => v !== missing).sort();
    const shared = pieces.some((p) => p.basis === 'agreement');
    const threshold = req.threshold ?? (shared ? 10 : 1);
    const table = protectTable({ dims: [field], domains: [values], counts: new Map(values.map((v) => [cellKey([v]), per.get(v) ?? 0])) }, { threshold });
    const shown = new Map(table.entries.map((e) => [e.cell[field] as string, e.value]));
    const totalObserved = shown.get(TOTAL) ?? null;
    const refTotal = req.reference.reduce((s, r) => s + r.population, 0);
    const refOf = new Map(req.reference.map((r) => [r.value, r.population]));
    const rows: RepresentationRow[] = values.map((v) => {
      const observed = shown.get(v) ?? null;
      const ref = refOf.get(v);
      const referenceShare = ref !== undefined && refTotal > 0 ? ref / refTotal : null;
      const observedShare = observed !== null && totalObserved ? observed / totalObserved : null;
      const ratio = observedShare !== null && referenceShare ? observedShare / referenceShare : null;
      let verdict: RepresentationRow['verdict'];
      if (ref === undefined) verdict = observed === null ? 'suppressed' : 'not-in-reference';
      else if (observed === null) verdict = 'suppressed';
      else if (observed === 0) verdict = referenceShare ? 'absent' : 'as-expected';
      else if (ratio !== null && ratio < req.under) verdict = 'under-represented';
      else if (ratio !== null && ratio > 1 / req.under) verdict = 'over-represented';
      else verdict = 'as-expected';
      const r4 = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 10000);
      return { value: v, observed, observedShare: r4(observedShare), referenceShare: r4(referenceShare), ratio: r4(ratio), verdict };
    });
    const notes = [`${per.get(missing) ?? 0} ${ENTITIES[entity].unit} without a recorded ${field} are left out of the shares`];
    if (entity === 'contacts' && shared) notes.push('agreements share reports, not contacts: only your own contacts are counted');
    return { dimension: req.dimension, entity, period: { from: period.from.toISOString(), to: period.to.toISOString() }, threshold, rows, underRepresented: rows.filter((r) => r.verdict === 'under-represented' || r.verdict === 'absent').map((r) => r.value), notes };
  });
}

// ---------------------------------------------------------------- data minimisation

export interface MinimisationRow {
  record: 'report' | 'contact';
  field: string;
  /** Records of the organisation with a value in this field. */
  collected: number;
  usedBy: string[];
  verdict: 'unused' | 'used' | 'not-collected';
}

const CONTACT_FIELDS: Array<[string, string]> = [
  ['channel', 'true'], ['durationMinutes', 'k.duration_minutes IS NOT NULL'], ['age', 'k.age_min IS NOT NULL OR k.age_max IS NOT NULL'], ['gender', "k.gender <> 'unknown'"],
  ['country', 'k.country IS NOT NULL'], ['region', 'k.region IS NOT NULL'], ['language', 'k.language IS NOT NULL'], ['categories', "jsonb_array_length(k.categories) > 0"],
];
const CONTACT_INDICATOR_FIELD: Record<string, string> = { channel: 'channel', age: 'age', gender: 'gender', country: 'country', region: 'region', language: 'language', category: 'categories' };

/**
 * Fields the organisation collects that no indicator, agreement or export uses: candidates to
 * stop collecting. Exports of records to others go through agreements, so a field an agreement
 * shares (visible or pseudonymised) counts as used by exports as well.
 */
export async function minimisationReport(store: Store, actor: Principal): Promise<{ organisation: string; rows: MinimisationRow[]; unused: string[] }> {
  requireAllowed(decide(actor, 'read', 'indicator'));
  return withScope(store, actor, { scope: 'own', purpose: 'research-and-statistics', fields: [], resource: 'quality:minimisation', details: {} }, async () => {
    const org = actor.orgId;
    const used = new Map<string, Set<string>>();
    const use = (key: string, by: string) => (used.get(key) ?? used.set(key, new Set()).get(key))?.add(by);
    for (const def of BUILTIN_INDICATORS) {
      const entity = entityOf(def);
      if (!entity) continue;
      const fs = [...def.disaggregations, ...Object.keys(def.filters), ...(def.measure.kind === 'completeness' ? [def.measure.field] : [])];
      if (entity === 'contacts') {
        use('contact.contactAt', `indicator ${def.name}`);
        for (const f of fs) if (CONTACT_INDICATOR_FIELD[f]) use(`contact.${CONTACT_INDICATOR_FIELD[f]}`, `indicator ${def.name}`);
        continue;
      }
      use('report.reportedAt', `indicator ${def.name}`);
      if (entity === 'children') use('report.children', `indicator ${def.name}`);
      for (const f of fs) {
        const rf = fieldSpec(entity, f).reportField;
        if (rf) use(`report.${rf}`, `indicator ${def.name}`);
      }
    }
    const agreements = await sql<{ slug: string; terms: unknown; state: string }>`SELECT slug, terms, state FROM agreements WHERE state <> 'revoked'`.execute(store.db);
    for (const a of agreements.rows) {
      const t = (typeof a.terms === 'string' ? JSON.parse(a.terms) : a.terms) as { providerOrgId: string; fields?: Record<string, string>; recipients: Array<{ fields?: Record<string, string> }> };
      if (t.providerOrgId !== org) continue;
      for (const rules of [t.fields ?? {}, ...t.recipients.map((r) => r.fields ?? {})]) for (const [f, rule] of Object.entries(rules)) if (rule !== 'hidden') use(`report.${f}`, `agreement ${a.slug} (and its exports)`);
    }
    const r = (
      await sql<Record<string, string | number>>`
      SELECT count(*) AS "sourceRef", count(*) AS kind, count(*) AS status, count(*) AS "reportedAt", count(r.incident_at) AS "incidentAt", count(r.country) AS country, count(r.language) AS language,
        count(*) FILTER (WHERE jsonb_array_length(r.incident_types) > 0) AS "incidentTypes", count(*) FILTER (WHERE cardinality(r.flags) > 0) AS flags,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM content_items x WHERE x.report_id = r.id)) AS "contentItems",
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM signals x WHERE x.report_id = r.id)) AS signals,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM children x WHERE x.report_id = r.id)) AS children,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM subjects x WHERE x.report_id = r.id)) AS subjects,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM classifications x WHERE x.target_id = r.id)) AS classifications,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM sealed_fields x WHERE x.record_id = r.id AND x.field = 'notes')) AS notes
      FROM reports r WHERE r.source_org_id = ${org}`.execute(store.db)
    ).rows[0] ?? {};
    const k = (
      await sql<Record<string, string | number>>`SELECT ${sql.raw(CONTACT_FIELDS.map(([f, cond]) => `count(*) FILTER (WHERE ${cond}) AS "${f}"`).join(', '))} FROM contacts k WHERE k.source_org_id = ${org}`.execute(store.db)
    ).rows[0] ?? {};
    const rows: MinimisationRow[] = [];
    const verdict = (collected: number, by: string[]): MinimisationRow['verdict'] => (collected === 0 ? 'not-collected' : by.length ? 'used' : 'unused');
    for (const f of REPORT_FIELDS) {
      const collected = Number(r[f] ?? 0);
      const by = [...(used.get(`report.${f}`) ?? [])].sort();
      rows.push({ record: 'report', field: f, collected, usedBy: by, verdict: verdict(collected, by) });
    }
    for (const [f] of CONTACT_FIELDS) {
      const collected = Number(k[f] ?? 0);
      const by = [...(used.get(`contact.${f}`) ?? [])].sort();
      rows.push({ record: 'contact', field: f, collected, usedBy: by, verdict: verdict(collected, by) });
    }
    return { organisation: org, rows, unused: rows.filter((x) => x.verdict === 'unused').map((x) => `${x.record}.${x.field}`) };
  });
}
