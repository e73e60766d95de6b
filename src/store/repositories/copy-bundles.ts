import { byId, CopyText, CopyWriter, type CopyTransaction, type TableCopy } from '../copy.ts';
import { CopyBinary } from '../copy-binary.ts';
import { LINEAGE_COLUMNS, LineageCompactor } from '../lineage.ts';
import type { Child, Classification, ContentItem, Report, Signal, Subject } from '../../model/index.ts';
import { assertChildrenNameTheirReport, type ReportBundle, type WriteCounts } from './records.ts';
import { ROLLUP_COLUMNS, rollupDeltas } from './rollup-deltas.ts';

/**
 * Report bundles through COPY, with the same result as `insertReportBundles` (same rows, same
 * lineage documents, nothing added for a report already stored, children of such a report not
 * written) and about a third less database CPU per report.
 *
 * Fast path: ask which report ids of the batch are stored already (`storedReportIds`), then COPY the rest straight
 * into the real tables (PostgreSQL's COPY writes many rows per heap page at once and needs no
 * conflict handling per row). Should any id turn out to exist after all (a child id stored
 * under another report, a repeat inside the batch, or a concurrent writer of the same reports),
 * the unique index refuses it; the fast path is then rolled back to its savepoint and the batch
 * goes through staging tables and `INSERT … SELECT … ON CONFLICT (id) DO NOTHING`, which skips
 * whatever exists. Either way the caller's transaction holds the whole batch or none of it.
 *
 * The fast path also writes the batch's indicator rollup deltas itself (computed in
 * `rollupDeltas`, a few hundred rows per batch) and tells the rollup's insert triggers to skip
 * these statements (migration 0900); the staged path leaves the rollup to the triggers.
 */

// Staging tables live for the session (one per pooled connection) and are emptied at every
// commit; rows of a rolled-back batch are invisible, so every batch starts from empty tables.
const STAGING = `
CREATE TEMP TABLE IF NOT EXISTS tessera_stage_reports (id text, dataset_id text, source_org_id text, source_ref text, kind text, status text,
  reported_at timestamptz, incident_at timestamptz, country text, language text, incident_types jsonb, flags text[], lineage_context int, raw_digest text) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tessera_stage_content_items (id text, report_id text, source_ref text, media_type text, size_bytes bigint, md5 text, sha1 text,
  sha256 text, pdq text, pdq_quality smallint, lineage_context int, raw_digest text) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tessera_stage_signals (id text, report_id text, type text, value text, pseudonymised boolean) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tessera_stage_children (id text, report_id text, source_ref text, age_min smallint, age_max smallint, age_basis text,
  age_stage text, gender text, country text, identified boolean) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tessera_stage_subjects (id text, report_id text, source_ref text, kind text, role text, identifiers jsonb, country text) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS tessera_stage_classifications (id text, target_id text, scheme text, code text, assessor_org_id text, assessed_at timestamptz,
  jurisdiction text, legal_status text) ON COMMIT DELETE ROWS;`;

const C = {
  reports: ['id', 'dataset_id', 'source_org_id', 'source_ref', 'kind', 'status', 'reported_at', 'incident_at', 'country', 'language', 'incident_types', 'flags', 'lineage_context', 'raw_digest'],
  content_items: ['id', 'report_id', 'source_ref', 'media_type', 'size_bytes', 'md5', 'sha1', 'sha256', 'pdq', 'pdq_quality', 'lineage_context', 'raw_digest'],
  signals: ['id', 'report_id', 'type', 'value', 'pseudonymised'],
  children: ['id', 'report_id', 'source_ref', 'age_min', 'age_max', 'age_basis', 'age_stage', 'gender', 'country', 'identified'],
  subjects: ['id', 'report_id', 'source_ref', 'kind', 'role', 'identifiers', 'country'],
  classifications: ['id', 'target_id', 'scheme', 'code', 'assessor_org_id', 'assessed_at', 'jurisdiction', 'legal_status'],
} as const;

/** Set (transaction-local) while this writer's own rollup deltas stand in for the insert triggers'. */
export const ROLLUP_WRITTEN = 'tessera.rollup_written';

const STAGE_TABLES = Object.keys(C).map((t) => `tessera_stage_${t}`);

/** Columns of the real tables written by the fast path (lineage in its compact form, src/store/lineage.ts). */
const DIRECT = {
  reports: [...C.reports.slice(0, -2), ...LINEAGE_COLUMNS],
  content_items: [...C.content_items.slice(0, -2), ...LINEAGE_COLUMNS],
};

const INSERT = {
  reports: `INSERT INTO reports (id, dataset_id, source_org_id, source_ref, kind, status, reported_at, incident_at, country, language, incident_types, flags, lineage)
    SELECT id, dataset_id, source_org_id, source_ref, kind, status, reported_at, incident_at, country, language, incident_types, flags,
      ($1::jsonb[])[lineage_context] || jsonb_build_object('rawDigest', raw_digest)
    FROM tessera_stage_reports ON CONFLICT (id) DO NOTHING RETURNING id`,
  content_items: `INSERT INTO content_items (id, report_id, source_ref, media_type, size_bytes, md5, sha1, sha256, pdq, pdq_quality, lineage)
    SELECT id, report_id, source_ref, media_type, size_bytes, md5, sha1, sha256, pdq, pdq_quality, ($1::jsonb[])[lineage_context] || jsonb_build_object('rawDigest', raw_digest)
    FROM tessera_stage_content_items ON CONFLICT (id) DO NOTHING`,
  signals: `INSERT INTO signals (${C.signals.join(', ')}) SELECT ${C.signals.join(', ')} FROM tessera_stage_signals ON CONFLICT (id) DO NOTHING`,
  children: `INSERT INTO children (${C.children.join(', ')}) SELECT ${C.children.join(', ')} FROM tessera_stage_children ON CONFLICT (id) DO NOTHING`,
  subjects: `INSERT INTO subjects (${C.subjects.join(', ')}) SELECT ${C.subjects.join(', ')} FROM tessera_stage_subjects ON CONFLICT (id) DO NOTHING`,
  classifications: `INSERT INTO classifications (${C.classifications.join(', ')}) SELECT ${C.classifications.join(', ')} FROM tessera_stage_classifications ON CONFLICT (id) DO NOTHING`,
};

/** Distinct lineage contexts of a batch, numbered from 1 (PostgreSQL arrays start at 1). */
class LineageContexts {
  readonly docs: string[] = [];
  readonly #seen = new Map<string, number>();
  /** Returns [context number, raw digest] of one lineage. */
  add(lineage: { rawDigest: string }): [number, string] {
    const { rawDigest, ...context } = lineage;
    const key = JSON.stringify(context);
    let i = this.#seen.get(key);
    if (i === undefined) {
      i = this.docs.length + 1;
      this.#seen.set(key, i);
      this.docs.push(key);
    }
    return [i, rawDigest];
  }
}

const UNIQUE_VIOLATION = '23505';
const isUniqueViolation = (e: unknown) => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === UNIQUE_VIOLATION;

/**
 * Writes report bundles with COPY inside `tx` (see `Connection.copyTransaction`): a repeated
 * bundle adds nothing, and children of a report that was already stored are not written.
 * Every row keeps its lineage; the fast path stores it compactly (a shared context plus the
 * row's received time and digest, src/store/lineage.ts), the staged path whole.
 */
export async function copyReportBundles(tx: CopyTransaction, bundles: readonly ReportBundle[]): Promise<WriteCounts> {
  if (bundles.length === 0) return { inserted: 0, duplicates: 0 };
  assertChildrenNameTheirReport(bundles);
  const have = await storedReportIds(tx, bundles);
  const fresh = have.size ? bundles.filter((b) => !have.has(b.report.id)) : bundles;
  if (fresh.length === 0) return { inserted: 0, duplicates: bundles.length };
  await tx.query('SAVEPOINT tessera_copy_direct');
  try {
    await copyDirect(tx, fresh);
    // Releasing keeps the setting for the rest of the caller's transaction: turn it off first.
    await tx.exec(`SELECT set_config('${ROLLUP_WRITTEN}', 'off', true); RELEASE SAVEPOINT tessera_copy_direct`);
    return { inserted: fresh.length, duplicates: bundles.length - fresh.length };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    // Also undoes the rollup rows written and the trigger setting.
    await tx.query('ROLLBACK TO SAVEPOINT tessera_copy_direct');
    return copyStaged(tx, bundles);
  }
}

/**
 * Which of the batch's reports are stored already, as far as the fast path needs to know.
 * Looking every id up cost ~7 µs of server CPU per report (an index descent per id), nearly
 * always to find nothing. Batches are written whole or not at all, so a batch loaded before (a
 * re-run, a resumed load, the same file ingested twice) has its first and last report stored:
 * those two are probed, and only if either exists are all ids looked up. A batch with a stored
 * report elsewhere (batches cut differently, a concurrent writer) is caught by the unique index
 * during the fast path's COPY and written by the staged path instead, with the same result.
 */
async function storedReportIds(tx: CopyTransaction, bundles: readonly ReportBundle[]): Promise<Set<string>> {
  const ends = [(bundles[0] as ReportBundle).report.id, (bundles[bundles.length - 1] as ReportBundle).report.id];
  const probe = await tx.query<{ id: string }>('SELECT id FROM reports WHERE id = ANY($1::text[])', [ends]);
  if (probe.rows.length === 0) return new Set();
  const stored = await tx.query<{ id: string }>('SELECT id FROM reports WHERE id = ANY($1::text[])', [bundles.map((b) => b.report.id)]);
  return new Set(stored.rows.map((r) => r.id));
}

// The rows below a report, as both paths write them (`CopyWriter`, field by field: no row
// arrays; see `BundleRows` for `safe` and `str`).
const signalText = (w: CopyWriter, x: Signal): void => w.safe(x.id).safe(x.reportId).safe(x.type).str(x.value).bool(x.pseudonymised).end();
const childText = (w: CopyWriter, x: Child): void =>
  w.safe(x.id).safe(x.reportId).str(x.sourceRef).num(x.age.min).num(x.age.max).safe(x.age.basis).str(x.age.stage).safe(x.gender).safe(x.country).bool(x.identified).end();
const subjectText = (w: CopyWriter, x: Subject): void => w.safe(x.id).safe(x.reportId).str(x.sourceRef).safe(x.kind).safe(x.role).str(JSON.stringify(x.identifiers)).safe(x.country).end();
const classificationText = (w: CopyWriter, x: Classification): void =>
  w.safe(x.id).safe(x.targetId).safe(x.scheme).str(x.code).safe(x.assessorOrgId).ts(x.assessedAt).safe(x.jurisdiction).safe(x.legalStatus).end();

/** The staged path's text rows below a report (same rows as `BundleRows`, in the bundles' order). */
class OtherChildRows {
  readonly signals = new CopyWriter();
  readonly children = new CopyWriter();
  readonly subjects = new CopyWriter();
  readonly classifications = new CopyWriter();
  add(b: ReportBundle): void {
    for (const x of b.signals ?? []) signalText(this.signals, x);
    for (const x of b.children ?? []) childText(this.children, x);
    for (const x of b.subjects ?? []) subjectText(this.subjects, x);
    for (const x of b.classifications ?? []) classificationText(this.classifications, x);
  }
}

/** Columns of the tables `BundleRows` encodes, in the order of its rows. */
export const BUNDLE_COLUMNS = {
  reports: DIRECT.reports,
  content_items: DIRECT.content_items,
  signals: C.signals,
  children: C.children,
  subjects: C.subjects,
  classifications: C.classifications,
} as const;

type LineageLike = Parameters<LineageCompactor['contextOf']>[0];

/** The four `LINEAGE_COLUMNS` fields of a row in binary (what `LineageCompactor.write` writes as text). */
export function lineageBinary(b: CopyBinary, lineage: LineageCompactor, l: LineageLike): CopyBinary {
  const id = lineage.contextOf(l);
  // receivedAt is an ISO timestamp and rawDigest `sha256:` and hex (Lineage schema): ASCII.
  return id === null ? b.jsonb(JSON.stringify(l)).uuid(null).code(null).code(null) : b.jsonb(null).uuid(id).code(l.receivedAt as string).code(l.rawDigest);
}

/**
 * Rows of `list` as one COPY into `table`: in binary when `bin` is given and takes every row
 * (`CopyBinary.end()` true), else all of them as text (`text`), which the server accepts or
 * refuses exactly as before. `bytesPerRow`: the buffer's first size, so it rarely grows.
 */
export function tableCopy<T>(table: string, columns: readonly string[], list: ArrayLike<T>, bytesPerRow: number, text: (w: CopyWriter, x: T) => void, bin: ((b: CopyBinary, x: T) => boolean) | null): TableCopy {
  const size = Math.max(16 * 1024, list.length * bytesPerRow);
  if (bin) {
    const b = new CopyBinary(undefined, size);
    let i = 0;
    while (i < list.length && bin(b, list[i] as T)) i++;
    if (i === list.length) return { table, columns, format: 'binary', data: b.bytes() };
  }
  const w = new CopyWriter(size);
  for (let i = 0; i < list.length; i++) text(w, list[i] as T);
  return { table, columns, format: 'text', data: w.bytes() };
}

/**
 * The fast path's COPY data of new report bundles (reports with their lineage in the compact
 * form, files, signals, children, subjects, classifications), shared by `copyReportBundles` and
 * the ingest's batch encoder (src/ingest/encode-batch.ts), which adds its own files and their
 * classifications. Pure: the lineage contexts it names are kept by `lineage` and must be
 * written (`LineageCompactor.writeContexts`) before the rows.
 *
 * Reports and files go as binary COPY (copy-binary.ts), the rest as text: on copies of the real
 * tables (session 6, backend CPU, interleaved pairs) binary saved the server 1.4 µs per report
 * row and 1.5 per file row but only 0.1-0.2 per signal, subject, classification or rollup row,
 * and children got slower (1.9 → 2.3); encoding those in binary cost Node more than that (all
 * tables binary: +0.1-0.5 µs of encoding per CyberTipline record against text; reports and files
 * only: -0.2-0.35, 20,000 records, 3 × 30 interleaved rounds, medians). A table whose rows the
 * binary encoder does not take whole goes as text.
 */
export class BundleRows {
  #reports: Report[] = [];
  #items: ContentItem[] = [];
  #signals: Signal[] = [];
  #children: Child[] = [];
  #subjects: Subject[] = [];
  #classes: Classification[] = [];
  // Reports of one batch often share their incident types (one array per distinct text).
  #types: unknown = null;
  #typesJson = '';
  /** `binary` false: every table as text (tests and measurements compare the two). */
  constructor(readonly lineage: LineageCompactor, readonly binary = true) {}
  /** Adds one bundle (its children must name its report: see `assertChildrenNameTheirReport`). */
  add(b: ReportBundle): void {
    this.#reports.push(b.report);
    if (b.contentItems) for (const i of b.contentItems) this.#items.push(i);
    if (b.signals) for (const i of b.signals) this.#signals.push(i);
    if (b.children) for (const i of b.children) this.#children.push(i);
    if (b.subjects) for (const i of b.subjects) this.#subjects.push(i);
    if (b.classifications) for (const i of b.classifications) this.#classes.push(i);
  }
  /** Adds one file (of a bundle, or on its own: a fileDetails record). */
  contentItem(x: ContentItem): void {
    this.#items.push(x);
  }
  /** Adds one classification. */
  classification(x: Classification): void {
    this.#classes.push(x);
  }
  /**
   * The COPYs of the rows added, one per table that has rows, in `BUNDLE_TABLES` order. Reports
   * go in the order they were added, the rows below them each table in id order (see `idKey`:
   * ~7 µs less server CPU per CyberTipline report for its signals, children, subjects and
   * classifications, for ~3 µs of Node CPU sorting; measured on copies of the tables). Call
   * once, after the last add.
   */
  finish(): TableCopy[] {
    const bin = this.binary;
    const out: TableCopy[] = [];
    const lists = [this.#reports, byId(this.#items), byId(this.#signals), byId(this.#children), byId(this.#subjects), byId(this.#classes)] as const;
    if (lists[0].length) out.push(tableCopy('reports', BUNDLE_COLUMNS.reports, lists[0], 512, this.#reportText, bin ? this.#reportBinary : null));
    if (lists[1].length) out.push(tableCopy('content_items', BUNDLE_COLUMNS.content_items, lists[1], 512, this.#itemText, bin ? this.#itemBinary : null));
    if (lists[2].length) out.push(tableCopy('signals', BUNDLE_COLUMNS.signals, lists[2], 160, signalText, null));
    if (lists[3].length) out.push(tableCopy('children', BUNDLE_COLUMNS.children, lists[3], 160, childText, null));
    if (lists[4].length) out.push(tableCopy('subjects', BUNDLE_COLUMNS.subjects, lists[4], 256, subjectText, null));
    if (lists[5].length) out.push(tableCopy('classifications', BUNDLE_COLUMNS.classifications, lists[5], 256, classificationText, null));
    this.#reports = [];
    this.#items = [];
    this.#signals = [];
    this.#children = [];
    this.#subjects = [];
    this.#classes = [];
    return out;
  }
  #typesOf(x: Report): string {
    if (x.incidentTypes !== this.#types) {
      this.#types = x.incidentTypes;
      this.#typesJson = JSON.stringify(x.incidentTypes);
    }
    return this.#typesJson;
  }
  // Text: fields the model's schemas confine to ids, enums, ISO timestamps, hex digests and
  // country or language codes go in as they are (`safe`); free text is escaped where needed (`str`).
  #reportText = (w: CopyWriter, x: Report): void => {
    w.safe(x.id).safe(x.datasetId).safe(x.sourceOrgId).str(x.sourceRef).safe(x.kind).safe(x.status).ts(x.reportedAt).ts(x.incidentAt).safe(x.country).safe(x.language).str(this.#typesOf(x));
    if (x.flags.length === 0) w.safe('{}');
    else w.value(x.flags);
    this.lineage.write(w, x.lineage);
    w.end();
  };
  #reportBinary = (b: CopyBinary, x: Report): boolean => {
    b.code(x.id).code(x.datasetId).code(x.sourceOrgId).text(x.sourceRef).code(x.kind).code(x.status).timestamptz(x.reportedAt).timestamptz(x.incidentAt).code(x.country).code(x.language).jsonb(this.#typesOf(x)).textArray(x.flags);
    return lineageBinary(b, this.lineage, x.lineage).end();
  };
  #itemText = (w: CopyWriter, x: ContentItem): void => {
    const h = x.hashes;
    w.safe(x.id).safe(x.reportId).str(x.sourceRef).safe(x.mediaType).num(x.sizeBytes).safe(h.md5).safe(h.sha1).safe(h.sha256).safe(h.pdq).num(h.pdqQuality);
    this.lineage.write(w, x.lineage);
    w.end();
  };
  #itemBinary = (b: CopyBinary, x: ContentItem): boolean => {
    const h = x.hashes;
    b.code(x.id).code(x.reportId).text(x.sourceRef).code(x.mediaType).int8(x.sizeBytes).code(h.md5).code(h.sha1).code(h.sha256).code(h.pdq).int2(h.pdqQuality);
    return lineageBinary(b, this.lineage, x.lineage).end();
  };
}

/** The tables of `BundleRows` in the order the fast path copies them. */
export const BUNDLE_TABLES = ['reports', 'content_items', 'signals', 'children', 'subjects', 'classifications'] as const;

async function copyDirect(tx: CopyTransaction, bundles: readonly ReportBundle[]): Promise<void> {
  const rows = new BundleRows(new LineageCompactor());
  for (const b of bundles) rows.add(b);
  const copies = rows.finish();
  const deltas = rollupDeltas(bundles);
  if (deltas && deltas.size) copies.push({ table: 'indicator_rollup', columns: ROLLUP_COLUMNS, format: 'text', data: deltas.bytes() });
  await rows.lineage.writeContexts(tx);
  if (deltas) await tx.query(`SELECT set_config('${ROLLUP_WRITTEN}', 'on', true)`);
  for (const c of copies) await tx.copyIn(c.table, c.columns, c.data, c.format);
}

/** The slow, always-correct path: staging tables and ON CONFLICT DO NOTHING. */
async function copyStaged(tx: CopyTransaction, bundles: readonly ReportBundle[]): Promise<WriteCounts> {
  await tx.exec(STAGING);
  await tx.exec(STAGE_TABLES.map((t) => `TRUNCATE ${t};`).join('\n'));
  const lin = new LineageContexts();
  const reports = new CopyText();
  for (const { report: x } of bundles) {
    const [ctx, digest] = lin.add(x.lineage);
    reports.row([x.id, x.datasetId, x.sourceOrgId, x.sourceRef, x.kind, x.status, x.reportedAt, x.incidentAt, x.country, x.language, JSON.stringify(x.incidentTypes), x.flags, ctx, digest]);
  }
  await tx.copyIn('tessera_stage_reports', C.reports, reports.bytes());
  const r = await tx.query<{ id: string }>(INSERT.reports, [lin.docs]);
  const fresh = new Set(r.rows.map((x) => x.id));
  const mine = fresh.size === bundles.length ? bundles : bundles.filter((b) => fresh.has(b.report.id));

  const items = new CopyText();
  const rest = new OtherChildRows();
  for (const b of mine) {
    for (const x of b.contentItems ?? []) {
      const [ctx, digest] = lin.add(x.lineage);
      const h = x.hashes;
      items.row([x.id, x.reportId, x.sourceRef, x.mediaType, x.sizeBytes, h.md5, h.sha1, h.sha256, h.pdq, h.pdqQuality, ctx, digest]);
    }
    rest.add(b);
  }
  if (items.length) {
    await tx.copyIn('tessera_stage_content_items', C.content_items, items.bytes());
    await tx.query(INSERT.content_items, [lin.docs]);
  }
  for (const t of ['signals', 'children', 'subjects', 'classifications'] as const) {
    if (!rest[t].length) continue;
    await tx.copyIn(`tessera_stage_${t}`, C[t], rest[t].bytes());
    await tx.query(INSERT[t]);
  }
  return { inserted: fresh.size, duplicates: bundles.length - fresh.size };
}

