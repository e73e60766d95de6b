import { z } from 'zod';
import {
  ChildEntity, ContentItemEntity, CountryCode, Purpose, REPORT_KINDS, REPORT_STATUSES, ReportEntity, SignalEntity, SubjectEntity, Timestamp,
  parseEntity, sha256Digest, type Lineage,
} from '../model/index.ts';
import type { Principal } from '../identity/principal.ts';
import { decide, reportRowFilter, requireAllowed, sealField, withAccess, type ReportField } from '../policy/index.ts';
import { NotFoundError, ValidationError, type Problem } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import { insertReportBundles, type ReportBundle, type WriteCounts } from '../store/repositories/records.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { accessSummary, nestedFor, projectReportRow, requireVisible, selectedColumns, type AccessSummary, type SharedDetail, type SharedReport } from './shared.ts';

/** A report with what it contains, as sent to `POST /reports`: the node fills in ids, source and lineage. */
export const ReportBundleInput = z
  .strictObject({
    report: ReportEntity.bundled as z.ZodType<Record<string, unknown>>,
    contentItems: z.array(ContentItemEntity.bundled as z.ZodType<Record<string, unknown>>).max(1000).default([]),
    signals: z.array(SignalEntity.bundled as z.ZodType<Record<string, unknown>>).max(1000).default([]),
    children: z.array(ChildEntity.bundled as z.ZodType<Record<string, unknown>>).max(100).default([]),
    subjects: z.array(SubjectEntity.bundled as z.ZodType<Record<string, unknown>>).max(100).default([]),
  })
  .meta({ id: 'ReportBundleInput', description: 'A report and the files, signals, children and subjects it contains.' });

export const ReportWriteRequest = z
  .strictObject({ bundles: z.array(ReportBundleInput).min(1).max(1000) })
  .meta({ id: 'ReportWriteRequest', description: 'Up to 1,000 report bundles, written all or nothing.' });
export type ReportWriteRequest = z.input<typeof ReportWriteRequest>;

export const ReportFilter = z
  .strictObject({
    datasetId: z.string().max(100).optional(),
    country: CountryCode.optional(),
    kind: z.enum(REPORT_KINDS).optional(),
    status: z.enum(REPORT_STATUSES).optional(),
    flag: z.string().regex(/^[a-z0-9-]{1,64}$/).optional(),
    from: Timestamp.optional().meta({ description: 'Reports made at or after this time.' }),
    to: Timestamp.optional().meta({ description: 'Reports made before this time.' }),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(500).optional().meta({ description: 'The nextCursor of the previous page.' }),
    agreement: z.string().max(200).optional().meta({ description: 'Read under this agreement (id or slug) instead of your own organisation\'s records.' }),
    purpose: Purpose.optional().meta({ description: 'The purpose you act for; required under an agreement.' }),
  })
  .meta({ description: 'Filters for listing reports (querystring parameters: inline, not a component).' });
export type ReportFilter = z.input<typeof ReportFilter>;

export interface ReportPage {
  items: SharedReport[];
  nextCursor: string | null;
  access: AccessSummary;
}

/**
 * Validates and writes report bundles for the actor's organisation, all or nothing: one bad
 * field anywhere rejects the whole request with every problem listed, and nothing is written.
 */
export async function writeReports(store: Store, actor: Principal, request: z.output<typeof ReportWriteRequest>, source: { system: string; adapter: string; version: string }): Promise<WriteCounts> {
  const scope = requireAllowed(decide(actor, 'write', 'report'));
  const datasetIds = [...new Set(request.bundles.map((b) => String(b.report.datasetId)))];
  const datasets = await store.db.selectFrom('datasets').selectAll().where('id', 'in', datasetIds).execute();
  const byId = new Map(datasets.map((d) => [d.id, d]));
  const problems: Problem[] = [];
  const bundles: ReportBundle[] = [];
  const receivedAt = new Date().toISOString();
  request.bundles.forEach((b, i) => {
    const at = `bundles[${i}]`;
    const ds = byId.get(String(b.report.datasetId));
    if (!ds) {
      problems.push({ code: 'unknown_dataset', message: `dataset ${String(b.report.datasetId)} does not exist on this node; register it first (POST /api/v1/datasets)`, where: { path: `${at}.report.datasetId`, field: 'datasetId' } });
      return;
    }
    if (!scope.sourceOrgIds.includes(ds.owner_org_id)) {
      problems.push({ code: 'forbidden_dataset', message: `dataset ${ds.id} belongs to another organisation; you may only write to your own organisation's datasets`, where: { path: `${at}.report.datasetId`, field: 'datasetId' } });
      return;
    }
    const lineage: Lineage = {
      sourceOrgId: ds.owner_org_id, sourceSystem: source.system, collectionPurpose: ds.purpose as Lineage['collectionPurpose'], legalBasis: ds.legal_basis as Lineage['legalBasis'],
      adapter: { name: source.adapter, version: source.version }, receivedAt, rawDigest: sha256Digest(JSON.stringify(b)), hops: [],
    };
    try {
      const report = parseEntity(ReportEntity, { ...b.report, sourceOrgId: ds.owner_org_id, lineage }, { path: `${at}.report` });
      const child = <T>(f: () => T): T | undefined => {
        try {
          return f();
        } catch (e) {
          if (e instanceof ValidationError) problems.push(...e.issues);
          else throw e;
          return undefined;
        }
      };
      const contentItems = b.contentItems.map((c, j) => child(() => parseEntity(ContentItemEntity, { ...c, reportId: report.id, lineage }, { path: `${at}.contentItems[${j}]` })));
      const signals = b.signals.map((s, j) => child(() => parseEntity(SignalEntity, { ...s, reportId: report.id }, { path: `${at}.signals[${j}]` })));
      const children = b.children.map((c, j) => child(() => parseEntity(ChildEntity, { ...c, reportId: report.id }, { path: `${at}.children[${j}]` })));
      const subjects = b.subjects.map((s, j) => child(() => parseEntity(SubjectEntity, { ...s, reportId: report.id }, { path: `${at}.subjects[${j}]` })));
      const defined = <T>(xs: Array<T | undefined>) => xs.filter((x): x is T => x !== undefined);
      bundles.push({ report, contentItems: defined(contentItems), signals: defined(signals), children: defined(children), subjects: defined(subjects) });
    } catch (e) {
      if (e instanceof ValidationError) problems.push(...e.issues);
      else throw e;
    }
  });
  if (problems.length > 0) throw new ValidationError(problems, `Nothing was written: ${problems.length} problem${problems.length > 1 ? 's' : ''} in the request. ${problems[0]?.where?.path ?? ''}: ${problems[0]?.message ?? ''}`);
  return store.db.transaction().execute((trx) => insertReportBundles(trx, bundles));
}

/**
 * Lists (and searches) reports the actor may read, a page at a time: their own organisation's,
 * or those an agreement grants for a stated purpose, with the agreement's fields only. Newest
 * first when the report time is visible, else by id. Filters on fields not visible in clear are
 * refused: they would reveal what is hidden.
 */
export async function listReports(store: Store, actor: Principal, filter: z.output<typeof ReportFilter>): Promise<ReportPage> {
  const details = Object.fromEntries(Object.entries({ ...filter, cursor: undefined, agreement: undefined, purpose: undefined }).filter(([, v]) => v !== undefined));
  return withAccess(store, actor, { action: 'read', agreementId: filter.agreement, purpose: filter.purpose, resource: 'reports', details: { filter: details } }, async (plan, tools) => {
    const used: Array<[ReportField, string]> = [];
    if (filter.country) used.push(['country', 'country']);
    if (filter.kind) used.push(['kind', 'kind']);
    if (filter.status) used.push(['status', 'status']);
    if (filter.flag) used.push(['flags', 'flag']);
    if (filter.from) used.push(['reportedAt', 'from']);
    if (filter.to) used.push(['reportedAt', 'to']);
    requireVisible(plan, used);
    const byTime = plan.fields.reportedAt === 'visible';
    let q = store.db.selectFrom('reports').select(selectedColumns(plan)).where(reportRowFilter(plan.rows));
    if (filter.datasetId) q = q.where('dataset_id', '=', filter.datasetId);
    if (filter.country) q = q.where('country', '=', filter.country);
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.flag) q = q.where((eb) => eb(eb.val(filter.flag as string), '=', eb.fn.any('flags')));
    if (filter.from) q = q.where('reported_at', '>=', new Date(filter.from));
    if (filter.to) q = q.where('reported_at', '<', new Date(filter.to));
    if (filter.cursor) {
      const c = decodeCursor(filter.cursor);
      if (byTime) q = q.where((eb) => eb.or([eb('reported_at', '<', new Date(c.at)), eb.and([eb('reported_at', '=', new Date(c.at)), eb('id', '<', c.id)])]));
      else q = q.where('id', '<', c.id);
    }
    const rows = await (byTime ? q.orderBy('reported_at', 'desc').orderBy('id', 'desc') : q.orderBy('id', 'desc')).limit(filter.limit + 1).execute();
    const more = rows.length > filter.limit;
    const page = rows.slice(0, filter.limit);
    const items = page.map((r) => projectReportRow(plan, tools, r));
    const last = page[page.length - 1];
    // The cursor carries the report time only when the reader may see it.
    const nextCursor = more && last ? encodeCursor(byTime && last.reported_at ? new Date(last.reported_at).toISOString() : '1970-01-01T00:00:00.000Z', last.id) : null;
    return { result: { items, nextCursor, access: accessSummary(plan) }, viewed: items.map((i) => i.id) };
  });
}

export interface ReportDetail extends SharedDetail {
  report: SharedReport;
  access: AccessSummary;
}

/**
 * One report with its contents, as the actor may see it. A report outside the actor's scope
 * is "not found", never "forbidden": its existence is not disclosed.
 */
export async function getReport(store: Store, actor: Principal, id: string, access: { agreement?: string | undefined; purpose?: z.infer<typeof Purpose> | undefined } = {}): Promise<ReportDetail> {
  return withAccess(store, actor, { action: 'read', agreementId: access.agreement, purpose: access.purpose, resource: id }, async (plan, tools) => {
    const row = await store.db.selectFrom('reports').select(selectedColumns(plan)).where('id', '=', id).where(reportRowFilter(plan.rows)).executeTakeFirst();
    if (!row) throw new NotFoundError('report', id);
    const nested = (await nestedFor(store, plan, tools, [id])).get(id) ?? {};
    return { result: { report: projectReportRow(plan, tools, row), ...nested, access: accessSummary(plan) }, viewed: [id] };
  });
}

/**
 * Adds a free-text note to one of the actor's organisation's reports. Notes are sealed at rest
 * (AES-256-GCM) with the dataset's key for the report's month, so retention can shred them.
 */
export async function addReportNote(store: Store, actor: Principal, reportId: string, text: string): Promise<{ reportId: string; sealed: true }> {
  const scope = requireAllowed(decide(actor, 'write', 'report'));
  const row = await store.db.selectFrom('reports').select(['id', 'dataset_id', 'reported_at']).where('id', '=', reportId).where('source_org_id', 'in', scope.sourceOrgIds).executeTakeFirst();
  if (!row) throw new NotFoundError('report', reportId);
  if (!text.trim() || text.length > 20_000) throw new ValidationError([{ code: 'invalid_note', message: 'a note is 1 to 20,000 characters', where: { field: 'text' } }]);
  await sealField(store, { recordId: reportId, field: 'notes', datasetId: row.dataset_id, period: new Date(row.reported_at).toISOString().slice(0, 7) }, text);
  return { reportId, sealed: true };
}

/** Counts of records, for `tessera status` and the health page (node-wide, no record content). */
export async function recordCounts(store: Store): Promise<Record<string, number>> {
  const tables = ['organisations', 'datasets', 'reports', 'content_items', 'contacts', 'users'] as const;
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await store.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}
