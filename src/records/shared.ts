import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import { z } from 'zod';
import type { Principal } from '../identity/principal.ts';
import { Purpose, type Child, type Classification, type ContentItem, type Report, type Signal, type Subject } from '../model/index.ts';
import { openFields, reportRowFilter, withAccess, type AccessPlan, type AccessTools, type ReportField } from '../policy/index.ts';
import { TesseraError } from '../shared/errors.ts';
import { lineageSql, type CoreDatabase, type Store } from '../store/index.ts';
import type { ReportsTable } from '../store/tables.ts';
import { childFromRow, classificationFromRow, CONTENT_ITEM_COLUMNS, contentItemFromRow, signalFromRow, subjectFromRow } from '../store/repositories/rows.ts';

/**
 * Reading reports under a plan from the policy module: the plan's row filter goes into the
 * WHERE clause, its projection into the SELECT list (hidden columns are never read), and
 * pseudonymised values are replaced before anything leaves this module.
 */

/** Report columns behind each shareable field. */
const FIELD_COLUMNS: Partial<Record<ReportField, Array<keyof ReportsTable & string>>> = {
  sourceRef: ['source_ref'], kind: ['kind'], status: ['status'], reportedAt: ['reported_at'], incidentAt: ['incident_at'], country: ['country'], language: ['language'], incidentTypes: ['incident_types'], flags: ['flags'],
};
const ALWAYS: Array<keyof ReportsTable & string> = ['id', 'dataset_id', 'source_org_id'];

export const AccessSummary = z
  .object({
    basis: z.enum(['own-organisation', 'agreement']),
    agreement: z.object({ id: z.string(), slug: z.string(), version: z.number(), versionHash: z.string() }).nullable(),
    purpose: z.string().nullable(),
    fields: z.record(z.string(), z.enum(['visible', 'pseudonymised', 'hidden'])),
  })
  .meta({ id: 'AccessSummary', description: 'On what basis the records were returned, and which fields are visible, pseudonymised or hidden.' });
export type AccessSummary = z.infer<typeof AccessSummary>;

export const SharedReport = z
  .looseObject({ id: z.string(), datasetId: z.string(), sourceOrgId: z.string(), lineage: z.record(z.string(), z.unknown()) })
  .meta({ id: 'SharedReport', description: 'A report as the reader may see it: hidden fields are absent, pseudonymised values start with "pseu_". Your own records have every field.' });
export type SharedReport = Partial<Report> & z.infer<typeof SharedReport>;

export const AccessQuery = z.strictObject({
  agreement: z.string().max(200).optional().meta({ description: 'Read under this agreement (id or slug) instead of your own organisation’s records.' }),
  purpose: Purpose.optional().meta({ description: 'The purpose you act for; required under an agreement.' }),
});

export function accessSummary(plan: AccessPlan): AccessSummary {
  return { basis: plan.basis, agreement: plan.agreement, purpose: plan.purpose, fields: plan.fields };
}

/** The columns to select under a plan (lineage always, whichever form it is stored in). */
export function selectedColumns(plan: AccessPlan) {
  const cols = [...ALWAYS];
  for (const [f, c] of Object.entries(FIELD_COLUMNS)) if (plan.fields[f as ReportField] !== 'hidden') cols.push(...(c as Array<keyof ReportsTable & string>));
  return [...cols, lineageSql('reports').as('lineage')];
}

/** Refuses filters and groupings on fields the plan does not show in clear: they would reveal hidden values. */
export function requireVisible(plan: AccessPlan, used: Array<[ReportField, string]>): void {
  for (const [field, param] of used) {
    if (plan.fields[field] !== 'visible') {
      throw new TesseraError('field_not_shared', `You cannot filter or group on ${field} (parameter "${param}"): ${plan.agreement ? `agreement ${plan.agreement.slug} shares it ${plan.fields[field] === 'pseudonymised' ? 'only pseudonymised' : 'not at all'}` : 'it is not visible to you'}.`, { status: 403, where: { field: param } });
    }
  }
}

const iso = (d: Date | string) => new Date(d).toISOString();
const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

/** A selected report row, projected: only what the plan shows, pseudonyms in place of values. */
export function projectReportRow(plan: AccessPlan, tools: Pick<AccessTools, 'pseudonymise'>, r: Partial<Selectable<ReportsTable>> & { id: string; dataset_id: string; source_org_id: string }): SharedReport {
  const f = plan.fields;
  const out: Record<string, unknown> = { id: r.id, datasetId: r.dataset_id, sourceOrgId: r.source_org_id };
  if (f.sourceRef !== 'hidden' && r.source_ref !== undefined) out.sourceRef = f.sourceRef === 'pseudonymised' ? tools.pseudonymise(r.source_ref) : r.source_ref;
  if (f.kind === 'visible') out.kind = r.kind;
  if (f.status === 'visible') out.status = r.status;
  if (f.reportedAt === 'visible' && r.reported_at) out.reportedAt = iso(r.reported_at);
  if (f.incidentAt === 'visible' && r.incident_at) out.incidentAt = iso(r.incident_at);
  if (f.country === 'visible' && r.country) out.country = r.country;
  if (f.language === 'visible' && r.language) out.language = r.language;
  if (f.incidentTypes === 'visible') out.incidentTypes = parseJson(r.incident_types);
  if (f.flags === 'visible') out.flags = r.flags;
  out.lineage = parseJson(r.lineage);
  return out as SharedReport;
}

export interface SharedDetail {
  contentItems?: ContentItem[];
  signals?: Signal[];
  children?: Child[];
  subjects?: Subject[];
  classifications?: Classification[];
  /** Free-text note, sealed at rest; null when its key was destroyed (crypto-shredded). */
  notes?: string | null;
}

/**
 * Nested records of some reports, each group only when the plan shows it (hidden groups are never
 * queried), except the groups in `skip` (the caller builds those in SQL: `nestedMembersSql`).
 */
export async function nestedFor(store: Store, plan: AccessPlan, tools: AccessTools, reportIds: string[], skip: ReadonlySet<keyof SharedDetail> = new Set()): Promise<Map<string, SharedDetail>> {
  const db: Kysely<CoreDatabase> = store.db;
  const out = new Map<string, SharedDetail>(reportIds.map((id) => [id, {}]));
  if (reportIds.length === 0) return out;
  const f = plan.fields;
  type ListKey = Exclude<keyof SharedDetail, 'notes'>;
  const push = <K extends ListKey>(id: string, key: K, v: NonNullable<SharedDetail[K]>[number]) => {
    const d = out.get(id) as Record<ListKey, unknown[] | undefined> | undefined;
    if (d) (d[key] ??= [] as unknown[]).push(v);
  };
  const ps = (v: string) => tools.pseudonymise(v);
  const tasks: Array<Promise<void>> = [];
  if (f.contentItems !== 'hidden' && !skip.has('contentItems')) {
    tasks.push(
      db.selectFrom('content_items').select(CONTENT_ITEM_COLUMNS).where('report_id', 'in', reportIds).orderBy('report_id').orderBy('source_ref').execute().then((rows) => {
        for (const r of rows) {
          const c = contentItemFromRow(r);
          if (f.contentItems === 'pseudonymised') {
            c.sourceRef = ps(c.sourceRef);
            const h = c.hashes as Record<string, unknown>;
            for (const k of ['md5', 'sha1', 'sha256', 'pdq'] as const) if (typeof h[k] === 'string') h[k] = ps(h[k] as string);
          }
          push(r.report_id, 'contentItems', c);
        }
      }),
    );
  }
  if (f.signals !== 'hidden' && !skip.has('signals')) {
    tasks.push(
      db.selectFrom('signals').selectAll().where('report_id', 'in', reportIds).orderBy('report_id').orderBy('id').execute().then((rows) => {
        for (const r of rows) {
          const s = signalFromRow(r);
          push(r.report_id, 'signals', f.signals === 'pseudonymised' ? { ...s, value: ps(s.value), pseudonymised: true } : s);
        }
      }),
    );
  }
  if (f.children !== 'hidden' && !skip.has('children')) {
    tasks.push(
      db.selectFrom('children').selectAll().where('report_id', 'in', reportIds).orderBy('report_id').orderBy('source_ref').execute().then((rows) => {
        for (const r of rows) push(r.report_id, 'children', childFromRow(r));
      }),
    );
  }
  if (f.subjects !== 'hidden' && !skip.has('subjects')) {
    tasks.push(
      db.selectFrom('subjects').selectAll().where('report_id', 'in', reportIds).orderBy('report_id').orderBy('source_ref').execute().then((rows) => {
        for (const r of rows) {
          const s = subjectFromRow(r);
          push(r.report_id, 'subjects', f.subjects === 'pseudonymised' ? { ...s, sourceRef: ps(s.sourceRef), identifiers: s.identifiers.map((i) => ({ ...i, value: ps(i.value) })) } : s);
        }
      }),
    );
  }
  if (f.classifications !== 'hidden' && !skip.has('classifications')) {
    tasks.push(
      // Classifications of the reports and of their files, as two indexed lookups: one condition
      // OR-ed across a join (target is a report, or a file of one) made the planner read both
      // tables whole.
      db
        .selectFrom('classifications as k')
        .selectAll('k')
        .select(sql<string | null>`NULL::text`.as('via_report'))
        .where('k.target_id', 'in', reportIds)
        .unionAll(db.selectFrom('content_items as ci').innerJoin('classifications as k', 'k.target_id', 'ci.id').selectAll('k').select('ci.report_id as via_report').where('ci.report_id', 'in', reportIds))
        .orderBy('assessed_at')
        .execute()
        .then((rows) => {
          for (const r of rows) push(r.via_report ?? r.target_id, 'classifications', classificationFromRow(r));
        }),
    );
  }
  if (f.notes !== 'hidden' && !skip.has('notes')) {
    tasks.push(
      openFields(store, reportIds, 'notes').then((m) => {
        for (const [id, o] of m) {
          const d = out.get(id);
          if (d) d.notes = o.state === 'ok' ? o.value.toString('utf8') : null;
        }
      }),
    );
  }
  // PGlite serialises queries anyway; PostgreSQL runs them side by side.
  await Promise.all(tasks);
  return out;
}

// ---------------------------------------------------------------- export

/** Text of a JSON member, or NULL (which concat_ws skips) when the value is NULL. */
const member = (key: string, json: RawBuilder<string>) => sql<string>`(${'"' + key + '":'}::text || ${json})`;
const jsonText = (col: string) => sql<string>`to_json(${sql.ref(col)})::text`;
const isoText = (col: string) => sql<string>`('"' || to_char(${sql.ref(col)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"')`;

/**
 * One report as a JSON line, built by the database: the plan's projection as SQL, hidden
 * columns never read, pseudonyms computed in SQL (`pseudo`), the lineage hop appended in SQL.
 * The same members, in the same order and form, as `projectReportRow` then JSON.stringify
 * (a test compares the two), so Node only streams text.
 */
export function reportLineSql(plan: AccessPlan, pseudo: ((t: RawBuilder<string>) => RawBuilder<string>) | null, hop: Record<string, unknown> | null): RawBuilder<string> {
  const f = plan.fields;
  const parts: RawBuilder<string>[] = [member('id', jsonText('id')), member('datasetId', jsonText('dataset_id')), member('sourceOrgId', jsonText('source_org_id'))];
  if (f.sourceRef === 'visible') parts.push(member('sourceRef', jsonText('source_ref')));
  if (f.sourceRef === 'pseudonymised') {
    if (!pseudo) throw new Error('reportLineSql needs the SQL pseudonymiser for a pseudonymised field');
    parts.push(member('sourceRef', sql<string>`('"' || ${pseudo(sql<string>`source_ref`)} || '"')`));
  }
  if (f.kind === 'visible') parts.push(member('kind', jsonText('kind')));
  if (f.status === 'visible') parts.push(member('status', jsonText('status')));
  if (f.reportedAt === 'visible') parts.push(member('reportedAt', isoText('reported_at')));
  if (f.incidentAt === 'visible') parts.push(member('incidentAt', isoText('incident_at')));
  if (f.country === 'visible') parts.push(member('country', sql<string>`to_json(NULLIF(country, ''))::text`));
  if (f.language === 'visible') parts.push(member('language', sql<string>`to_json(NULLIF(language, ''))::text`));
  if (f.incidentTypes === 'visible') parts.push(member('incidentTypes', sql<string>`incident_types::text`));
  if (f.flags === 'visible') parts.push(member('flags', sql<string>`array_to_json(flags)::text`));
  // A copy leaving under an agreement carries its lineage one hop further (principle 3).
  // The lineage expression is evaluated once (a subquery over one row), whatever the hop adds.
  const lineage = lineageSql('reports');
  parts.push(member('lineage', hop ? sql<string>`(SELECT (l || jsonb_build_object('hops', COALESCE(l -> 'hops', '[]'::jsonb) || jsonb_build_array(${JSON.stringify(hop)}::jsonb)))::text FROM (SELECT ${lineage} AS l) AS lin)` : sql<string>`(${lineage})::text`));
  return sql<string>`('{' || concat_ws(',', ${sql.join(parts)}) || '}')`;
}

/** Nested groups `nestedMembersSql` builds in SQL; the others (subjects, classifications, notes) only `nestedFor` reads. */
export const SQL_NESTED_GROUPS = ['contentItems', 'signals', 'children'] as const;
export type SqlNestedGroup = (typeof SQL_NESTED_GROUPS)[number];

/**
 * A report's content items, signals and children as JSON members built by the database (for
 * pages of many records, where reading the rows and serialising them in Node cost more than the
 * rest of the page): each group the plan shows, as `"contentItems":[…]`, in the order and form
 * `nestedFor` gives (a test compares the two), pseudonyms computed in SQL (`pseudo`), NULL when
 * the report has none (concat_ws skips it). `reportId` is the report's id column in the outer
 * query. Null when a shown group needs pseudonyms and `pseudo` is null.
 */
export function nestedMembersSql(plan: AccessPlan, pseudo: ((t: RawBuilder<string>) => RawBuilder<string>) | null, reportId: RawBuilder<string>): { members: RawBuilder<string>[]; built: SqlNestedGroup[] } | null {
  const f = plan.fields;
  if (!pseudo && (f.contentItems === 'pseudonymised' || f.signals === 'pseudonymised')) return null;
  const ps = (e: RawBuilder<string>) => sql<string>`('"' || ${(pseudo as NonNullable<typeof pseudo>)(e)} || '"')`;
  const obj = (parts: RawBuilder<string>[]) => sql<string>`('{' || concat_ws(',', ${sql.join(parts)}) || '}')`;
  const list = (table: string, alias: string, item: RawBuilder<string>, order: string) =>
    sql<string>`(SELECT '[' || string_agg(${item}, ',' ORDER BY ${sql.ref(`${alias}.${order}`)}) || ']' FROM ${sql.table(table)} AS ${sql.table(alias)} WHERE ${sql.ref(`${alias}.report_id`)} = ${reportId})`;
  const members: RawBuilder<string>[] = [];
  const built: SqlNestedGroup[] = [];
  if (f.contentItems !== 'hidden') {
    const hidden = f.contentItems === 'pseudonymised';
    const text = (c: string) => sql<string>`${sql.ref(`ci.${c}`)}`;
    const value = (c: string) => (hidden ? ps(text(c)) : sql<string>`to_json(${sql.ref(`ci.${c}`)})::text`);
    const hashes = obj([member('md5', value('md5')), member('sha1', value('sha1')), member('sha256', value('sha256')), member('pdq', value('pdq')), member('pdqQuality', sql<string>`ci.pdq_quality::text`)]);
    const item = obj([
      member('id', sql<string>`to_json(ci.id)::text`), member('reportId', sql<string>`to_json(ci.report_id)::text`), member('sourceRef', value('source_ref')),
      member('mediaType', sql<string>`to_json(ci.media_type)::text`), member('sizeBytes', sql<string>`ci.size_bytes::text`), member('hashes', hashes), member('lineage', sql<string>`(${lineageSql('ci')})::text`),
    ]);
    members.push(member('contentItems', list('content_items', 'ci', item, 'source_ref')));
    built.push('contentItems');
  }
  if (f.signals !== 'hidden') {
    const hidden = f.signals === 'pseudonymised';
    const item = obj([
      member('id', sql<string>`to_json(s.id)::text`), member('reportId', sql<string>`to_json(s.report_id)::text`), member('type', sql<string>`to_json(s.type)::text`),
      member('value', hidden ? ps(sql<string>`s.value`) : sql<string>`to_json(s.value)::text`), member('pseudonymised', hidden ? sql<string>`'true'` : sql<string>`s.pseudonymised::text`),
    ]);
    members.push(member('signals', list('signals', 's', item, 'id')));
    built.push('signals');
  }
  if (f.children !== 'hidden') {
    const age = obj([member('min', sql<string>`COALESCE(c.age_min::text, 'null')`), member('max', sql<string>`COALESCE(c.age_max::text, 'null')`), member('basis', sql<string>`to_json(c.age_basis)::text`), member('stage', sql<string>`to_json(c.age_stage)::text`)]);
    const item = obj([
      member('id', sql<string>`to_json(c.id)::text`), member('reportId', sql<string>`to_json(c.report_id)::text`), member('sourceRef', sql<string>`to_json(c.source_ref)::text`), member('age', age),
      member('gender', sql<string>`to_json(c.gender)::text`), member('country', sql<string>`to_json(c.country)::text`), member('identified', sql<string>`c.identified::text`),
    ]);
    members.push(member('children', list('children', 'c', item, 'source_ref')));
    built.push('children');
  }
  return { members, built };
}

export const ExportRequest = z.strictObject({
  agreement: z.string().max(200).optional(),
  purpose: Purpose.optional(),
  datasetId: z.string().max(100).optional(),
  /** Include files, signals, children, subjects and classifications (when shared). */
  nested: z.boolean().default(true),
  batchSize: z.int().min(100).max(50_000).default(5_000),
});
export type ExportRequest = z.input<typeof ExportRequest>;

export interface ExportSummary {
  records: number;
  access: AccessSummary;
}

/**
 * Exports every report the actor may read (own, or under an agreement for a purpose) as JSON
 * Lines through `write`, a batch at a time (keyset on id). One decision, one audit event with
 * the count and a digest of the ids exported.
 */
export async function exportReports(store: Store, actor: Principal, request: ExportRequest, write: (chunk: string) => void | Promise<void>): Promise<ExportSummary> {
  const req = ExportRequest.parse(request);
  return withAccess(store, actor, { action: 'export', agreementId: req.agreement, purpose: req.purpose, resource: 'reports.export', details: { datasetId: req.datasetId ?? null } }, async (plan, tools) => {
    const cols = selectedColumns(plan);
    const ids: string[] = [];
    // A copy leaving under an agreement carries its lineage one hop further (principle 3).
    const hop = plan.agreement ? { orgId: actor.orgId, agreementId: plan.agreement.id, at: new Date().toISOString() } : null;
    // Without nested records the database builds each line (projection, pseudonyms, lineage hop) and Node only streams text.
    const pseudo = Object.values(plan.fields).includes('pseudonymised') ? await tools.sqlPseudonymiser() : null;
    if (!req.nested && (pseudo || !Object.values(plan.fields).includes('pseudonymised'))) {
      const line = reportLineSql(plan, pseudo, hop);
      const shared = () => {
        let q = store.db.selectFrom('reports').where(reportRowFilter(plan.rows));
        if (req.datasetId) q = q.where('dataset_id', '=', req.datasetId);
        return q;
      };
      // PostgreSQL: cut the id range into pages first (one pass over the ids), so that two pages
      // are built side by side by two server processes while this one writes the previous page.
      // PGlite runs one query at a time, so there pages simply follow each other.
      const bounds: string[] =
        store.kind === 'postgres'
          ? (await store.db.selectFrom(shared().select(['id', sql<number>`row_number() OVER (ORDER BY id)`.as('rn')]).as('t')).select('id').where(sql<boolean>`rn % ${req.batchSize} = 0`).orderBy('id').execute()).map((r) => r.id)
          : [];
      const page = (lo: string | null, hi: string | null) => {
        let q = shared().select(['id', line.as('line')]);
        if (lo) q = q.where('id', '>', lo);
        if (hi) q = q.where('id', '<=', hi);
        const p = q.orderBy('id').limit(hi ? 2 ** 31 - 1 : req.batchSize).execute();
        p.catch(() => {}); // awaited below; never left unhandled if the export stops early
        return p;
      };
      const inFlight: Array<ReturnType<typeof page>> = [];
      let k = 0;
      const more = () => {
        if (k < bounds.length) inFlight.push(page(k === 0 ? null : (bounds[k - 1] as string), bounds[k] as string));
        else if (k === bounds.length) inFlight.push(page(k === 0 ? null : (bounds[k - 1] as string), null));
        k++;
      };
      more();
      if (store.kind === 'postgres') more();
      let lastId: string | null = null;
      for (;;) {
        const next = inFlight.shift();
        if (!next) break;
        const rows = await next;
        // The open-ended tail page (or PGlite's keyset pages) continues after its last id.
        const open = k > bounds.length && inFlight.length === 0;
        if (rows.length > 0) lastId = (rows[rows.length - 1] as { id: string }).id;
        if (k <= bounds.length) more();
        else if (open && rows.length === req.batchSize) inFlight.push(page(lastId, null));
        let chunk = '';
        for (const r of rows) {
          chunk += r.line + '\n';
          ids.push(r.id);
        }
        if (chunk) await write(chunk);
      }
      return { result: { records: ids.length, access: accessSummary(plan) }, viewed: ids };
    }
    const fetch = (after: string | null) => {
      let q = store.db.selectFrom('reports').select(cols).where(reportRowFilter(plan.rows));
      if (req.datasetId) q = q.where('dataset_id', '=', req.datasetId);
      if (after) q = q.where('id', '>', after);
      const p = q.orderBy('id').limit(req.batchSize).execute();
      p.catch(() => {}); // awaited below; never left unhandled if the export stops early
      return p;
    };
    // The next batch is fetched while this one is written (PostgreSQL overlaps the two).
    let pending = fetch(null);
    for (;;) {
      const rows = await pending;
      if (rows.length === 0) break;
      const batchIds = rows.map((r) => r.id);
      pending = rows.length < req.batchSize ? Promise.resolve([]) : fetch(batchIds[batchIds.length - 1] as string);
      const nested = req.nested ? await nestedFor(store, plan, tools, batchIds) : null;
      let chunk = '';
      for (const r of rows) {
        const rec = projectReportRow(plan, tools, r);
        if (hop && rec.lineage) (rec.lineage as { hops?: unknown[] }).hops = [...((rec.lineage as { hops?: unknown[] }).hops ?? []), hop];
        chunk += JSON.stringify(nested ? { ...rec, ...nested.get(r.id) } : rec) + '\n';
      }
      await write(chunk);
      for (const id of batchIds) ids.push(id);
    }
    return { result: { records: ids.length, access: accessSummary(plan) }, viewed: ids };
  });
}

// ---------------------------------------------------------------- aggregates

export const AGGREGATE_KEYS = ['country', 'kind', 'status', 'language', 'month', 'dataset'] as const;
export const AggregateRequest = z.strictObject({
  groupBy: z.enum(AGGREGATE_KEYS),
  agreement: z.string().max(200).optional(),
  purpose: Purpose.optional(),
  country: z.string().regex(/^[A-Z]{2}$/).optional(),
});
export type AggregateRequest = z.input<typeof AggregateRequest>;

export interface AggregateResult {
  groupBy: string;
  groups: Array<{ key: string | null; count: number }>;
  total: number;
  access: AccessSummary;
}

/** Counts of reports the actor may read, grouped by a field it may see in clear. */
export async function aggregateReports(store: Store, actor: Principal, request: AggregateRequest): Promise<AggregateResult> {
  const req = AggregateRequest.parse(request);
  return withAccess(store, actor, { action: 'aggregate', agreementId: req.agreement, purpose: req.purpose, resource: 'reports.aggregate', details: { groupBy: req.groupBy, country: req.country ?? null } }, async (plan) => {
    const field: ReportField | null = req.groupBy === 'month' ? 'reportedAt' : req.groupBy === 'dataset' ? null : req.groupBy;
    const used: Array<[ReportField, string]> = field ? [[field, 'groupBy']] : [];
    if (req.country) used.push(['country', 'country']);
    requireVisible(plan, used);
    const keyExpr = req.groupBy === 'month' ? sql<string>`to_char(date_trunc('month', reported_at AT TIME ZONE 'UTC'), 'YYYY-MM')` : req.groupBy === 'dataset' ? sql<string>`dataset_id` : sql<string>`${sql.ref(req.groupBy)}`;
    let q = store.db.selectFrom('reports').select([keyExpr.as('key'), (eb) => eb.fn.countAll<number>().as('n')]).where(reportRowFilter(plan.rows));
    if (req.country) q = q.where('country', '=', req.country);
    // By month, group on the truncated timestamp and format once per group: to_char on every row
    // costs a fifth of the query at a million rows.
    const groupExpr = req.groupBy === 'month' ? sql`date_trunc('month', reported_at AT TIME ZONE 'UTC')` : sql`1`;
    const rows = await q.groupBy(groupExpr).orderBy(sql`1`).execute();
    const groups = rows.map((r) => ({ key: r.key ?? null, count: Number(r.n) }));
    return { result: { groupBy: req.groupBy, groups, total: groups.reduce((s, g) => s + g.count, 0), access: accessSummary(plan) }, details: { groups: groups.length } };
  });
}
