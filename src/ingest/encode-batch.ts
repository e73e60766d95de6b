/**
 * The write's fast path as bytes. `encodeBatch` turns a mapped batch into everything the batch's
 * transaction writes when every record is new — the COPY text of its reports and their children,
 * files, contacts and provenance rows, the lineage contexts, the rollup deltas, the numbers of the
 * checkpoint row — without any I/O, so it can run in a reader thread and hand the main thread
 * bytes instead of object graphs. `writeEncodedBatch` writes them in one transaction, or writes
 * nothing and returns null when the batch is not all new (a re-run, a duplicate, a file whose
 * report is not on this node): the caller then writes the batch the exact way (`writeBatch` in
 * pipeline.ts), which tells new, duplicate and conflicting records apart.
 *
 * The result is the same as the exact path's for a batch of new records: same rows, lineage in
 * the same compact form, same rollup, same provenance rows, counts and quarantine entries
 * (test/ingest-encode-batch.test.ts compares the two on the same batches).
 */
import { deterministicId, type Contact, type ContentItem } from '../model/index.ts';
import type { Problem } from '../shared/errors.ts';
import { copyInsertRows, CopyWriter, idKey, keyOrder, type CopyTransaction } from '../store/copy.ts';
import type { CopyBinary } from '../store/copy-binary.ts';
import { LINEAGE_COLUMNS, LineageCompactor, WRITE_CONTEXTS } from '../store/lineage.ts';
import { BundleRows, lineageBinary, ROLLUP_WRITTEN, tableCopy } from '../store/repositories/copy-bundles.ts';
import type { ReportBundle } from '../store/repositories/records.ts';
import { ROLLUP_COLUMNS, rollupDeltas } from '../store/repositories/rollup-deltas.ts';
import type { BatchCounts, EncodeContext, EncodedBatch, EncodedCopy, EncodedTransfer, FastWrite } from './encoded-batch.ts';
import type { WriteContext } from './pipeline.ts';
import type { Good, Work } from './prepare.ts';
import { quarantineRow, type QuarantineInsert } from './quarantine-store.ts';
import type { RawRecord, Unit } from './types.ts';

export type { BatchCounts, EncodeContext, EncodedBatch, FastWrite } from './encoded-batch.ts';

export const CONTACT_COLUMNS = ['id', 'dataset_id', 'source_org_id', 'source_ref', 'channel', 'contact_at', 'duration_minutes', 'age_min', 'age_max', 'age_basis', 'age_stage', 'gender', 'country', 'region', 'language', 'categories', ...LINEAGE_COLUMNS] as const;
export const SOURCE_COLUMNS = ['record_id', 'run_id', 'file', 'line', 'path', 'raw_digest', 'notes'] as const;
export const QUARANTINE_COLUMNS = ['id', 'org_id', 'dataset_id', 'run_id', 'format', 'file', 'line', 'col', 'path', 'field', 'code', 'message', 'problems', 'raw', 'raw_truncated', 'context', 'updated_at'] as const;

/** Re-exported for pipeline.ts's exact path (the order rows go in; defined with the COPY writers). */
export { idKey };

/** The quarantine row of a refused record (the exact path's and the fast path's). */
export function quarantineEntry(ctx: WriteContext, rec: RawRecord, problems: Problem[]): QuarantineInsert {
  const id = deterministicId('quarantine', [ctx.orgId, ctx.datasetId ?? '', ctx.inputKey, rec.index, rec.raw.length]);
  // The hash set goes with the entry, so a retry imports into the same set.
  const withSet = ctx.hashSet ? { ...rec, context: { ...rec.context, set: ctx.hashSet.slug } } : rec;
  return quarantineRow(id, { orgId: ctx.orgId, datasetId: ctx.datasetId, runId: ctx.runId, format: ctx.format, file: ctx.file }, withSet, problems);
}

/** Writes quarantine rows (idempotent: an entry already there is kept as it is). */
export async function writeQuarantine(tx: CopyTransaction, quarantine: QuarantineInsert[]): Promise<void> {
  if (!quarantine.length) return;
  const now = new Date();
  await copyInsertRows(tx, 'ingest_quarantine', QUARANTINE_COLUMNS, quarantine.map((q) => [
    q.id, q.org_id, q.dataset_id, q.run_id, q.format, q.file, q.line, q.col, q.path, q.field, q.code, q.message, q.problems as string, q.raw, q.raw_truncated, q.context as string, now,
  ]));
}

/** A batch the fast path cannot take at all: the exact path writes it. */
function notFast(work: Work): EncodedBatch {
  return { seq: work.seq, records: work.records, accepted: 0, flagged: 0, flags: {}, bad: work.bad, fast: null, needsEarlier: work.needsEarlier };
}

/**
 * Encodes a mapped batch for the fast path (pure: no I/O; in the main thread or a reader thread).
 * `fast` is null when the batch cannot take it at all (hash lists and feedback, which go to the
 * registry; a bundle whose child names another report, which the exact path refuses with its error).
 */
export function encodeBatch(work: Work, ctx: EncodeContext): EncodedBatch {
  let accepted = 0;
  let flagged = 0;
  const flags: Record<string, number> = {};
  const count = (g: Good) => {
    accepted++;
    const notes = g.mapped.notes;
    if (notes.length) {
      flagged++;
      for (const n of notes) flags[n.code] = (flags[n.code] ?? 0) + 1;
    }
  };
  // Units by kind, as parallel arrays (no object per unit).
  const reportGoods: Good[] = [];
  const bundles: ReportBundle[] = [];
  const fileGoods: Good[] = [];
  const files: Array<Extract<Unit, { kind: 'file' }>> = [];
  const contactGoods: Good[] = [];
  const contacts: Contact[] = [];
  for (const g of work.good) {
    const units = g.mapped.units;
    // Records read only for what other records refer to: accepted, nothing of their own to write.
    if (units.length === 0) count(g);
    for (const u of units) {
      if (u.kind === 'report') {
        const b = u.bundle;
        if (!childrenNameReport(b)) return notFast(work);
        reportGoods.push(g);
        bundles.push(b);
      } else if (u.kind === 'file') {
        fileGoods.push(g);
        files.push(u);
      } else if (u.kind === 'contact') {
        contactGoods.push(g);
        contacts.push(u.contact);
      } else return notFast(work);
    }
  }

  const lineage = new LineageCompactor();
  const binary = ctx.text !== true;
  const rows = new BundleRows(lineage, binary);
  const copies: EncodedCopy[] = [];
  // Provenance rows: one per record id written, in id order at the end.
  const sourceIds: string[] = [];
  const sourceGoods: Good[] = [];
  const source = (g: Good, id: string) => {
    count(g);
    sourceIds.push(id);
    sourceGoods.push(g);
  };

  // Reports in id order, like every table's rows (see idKey).
  const sortedBundles: ReportBundle[] = [];
  const known = new Set<string>();
  if (bundles.length) {
    const keys = new Float64Array(bundles.length);
    for (let i = 0; i < bundles.length; i++) keys[i] = idKey((bundles[i] as ReportBundle).report.id);
    const order = keyOrder(keys);
    for (let i = 0; i < bundles.length; i++) {
      const at = order ? (order[i] as number) : i;
      const b = bundles[at] as ReportBundle;
      sortedBundles.push(b);
      rows.add(b);
      source(reportGoods[at] as Good, b.report.id);
      if (b.report.sourceOrgId === ctx.orgId) known.add(b.report.id);
    }
  }
  const deltas = sortedBundles.length ? rollupDeltas(sortedBundles) : null;

  // Files (fileDetails), in id order, into the same COPYs as the bundles' files and classifications.
  const otherReports = new Set<string>();
  if (files.length) {
    const keys = new Float64Array(files.length);
    for (let i = 0; i < files.length; i++) keys[i] = idKey((files[i] as Extract<Unit, { kind: 'file' }>).item.id);
    const order = keyOrder(keys);
    for (let i = 0; i < files.length; i++) {
      const at = order ? (order[i] as number) : i;
      const f = files[at] as Extract<Unit, { kind: 'file' }>;
      const x: ContentItem = f.item;
      if (!known.has(x.reportId)) otherReports.add(x.reportId);
      rows.contentItem(x);
      for (const k of f.classifications) rows.classification(k);
      source(fileGoods[at] as Good, x.id);
    }
  }
  if (sortedBundles.length || files.length) for (const c of rows.finish()) copies.push(c);
  // Rollup deltas as text: binary saved the server ~0.1 µs per row, less than it cost to encode (see BundleRows).
  if (deltas && deltas.size) copies.push({ table: 'indicator_rollup', columns: ROLLUP_COLUMNS, format: 'text', data: deltas.bytes() });

  if (contacts.length) {
    const keys = new Float64Array(contacts.length);
    for (let i = 0; i < contacts.length; i++) keys[i] = idKey((contacts[i] as Contact).id);
    const order = keyOrder(keys);
    const sorted = order ? Array.from(order, (i) => contacts[i] as Contact) : contacts;
    // Categories are often the same array for rows of the same text (the mapping caches them).
    let cats: unknown = null;
    let catsJson = '';
    const categories = (x: Contact) => {
      if (x.categories !== cats) {
        cats = x.categories;
        catsJson = JSON.stringify(x.categories);
      }
      return catsJson;
    };
    // ~570 bytes per contact row as text (CHI-style, compact lineage), a little less in binary.
    copies.push(tableCopy('contacts', CONTACT_COLUMNS, sorted, 640, (w: CopyWriter, x: Contact) => {
      const age = x.age;
      // Ids, enums, timestamps and codes as they are (their schemas allow nothing to escape); free text escaped.
      w.safe(x.id).safe(x.datasetId).safe(x.sourceOrgId).str(x.sourceRef).safe(x.channel).ts(x.contactAt).num(x.durationMinutes);
      if (age) w.num(age.min).num(age.max).safe(age.basis).str(age.stage);
      else w.safe(null).safe(null).safe(null).safe(null);
      w.safe(x.gender).safe(x.country).str(x.region).safe(x.language).str(categories(x));
      lineage.write(w, x.lineage);
      w.end();
    }, binary ? (b: CopyBinary, x: Contact) => {
      const age = x.age;
      // `safe` in text is `code` here (ASCII by its schema).
      b.code(x.id).code(x.datasetId).code(x.sourceOrgId).text(x.sourceRef).code(x.channel).timestamptz(x.contactAt).float4(x.durationMinutes);
      if (age) b.int2(age.min).int2(age.max).code(age.basis).text(age.stage);
      else b.code(null).code(null).code(null).code(null);
      b.code(x.gender).code(x.country).text(x.region).code(x.language).jsonb(categories(x));
      return lineageBinary(b, lineage, x.lineage).end();
    } : null));
    for (let i = 0; i < contacts.length; i++) {
      const at = order ? (order[i] as number) : i;
      source(contactGoods[at] as Good, (contacts[at] as Contact).id);
    }
  }

  if (sourceIds.length) {
    const keys = new Float64Array(sourceIds.length);
    for (let i = 0; i < sourceIds.length; i++) keys[i] = idKey(sourceIds[i] as string);
    const order = keyOrder(keys);
    const at: Uint32Array | number[] = order ?? Array.from(sourceIds, (_, i) => i);
    const runId = ctx.runId;
    copies.push(tableCopy('ingest_sources', SOURCE_COLUMNS, at, 256, (w: CopyWriter, k: number) => {
      const g = sourceGoods[k] as Good;
      const where = g.rec.where;
      const notes = g.mapped.notes;
      w.safe(sourceIds[k]).str(runId).str(where.file ?? ctx.file).num(where.line).str(where.path).safe(g.mapped.rawDigest).str(notes.length ? JSON.stringify(notes) : null).end();
    }, binary ? (b: CopyBinary, k: number) => {
      const g = sourceGoods[k] as Good;
      const where = g.rec.where;
      const notes = g.mapped.notes;
      return b.code(sourceIds[k]).code(runId).text(where.file ?? ctx.file).int4(where.line).text(where.path).code(g.mapped.rawDigest).jsonb(notes.length ? JSON.stringify(notes) : null).end();
    } : null));
  }

  const { ids, texts } = lineage.contexts();
  const fast: FastWrite = {
    contextIds: ids,
    contextTexts: texts,
    reportProbe: sortedBundles.length ? [(sortedBundles[0] as ReportBundle).report.id, (sortedBundles[sortedBundles.length - 1] as ReportBundle).report.id] : [],
    otherReports: [...otherReports],
    rollupWritten: deltas !== null,
    copies,
  };
  return { seq: work.seq, records: work.records, accepted, flagged, flags, bad: work.bad, fast, needsEarlier: work.needsEarlier };
}

/** Whether every file, signal, child and subject of a bundle names its report (the writers' rule, see `assertChildrenNameTheirReport`). */
function childrenNameReport(b: ReportBundle): boolean {
  const id = b.report.id;
  return namesReport(b.contentItems, id) && namesReport(b.signals, id) && namesReport(b.children, id) && namesReport(b.subjects, id);
}
function namesReport(list: ReadonlyArray<{ reportId: string }> | undefined, id: string): boolean {
  if (list) for (let i = 0; i < list.length; i++) if ((list[i] as { reportId: string }).reportId !== id) return false;
  return true;
}

/** The ArrayBuffers to transfer with an EncodedBatch (each once: transferring one twice throws). */
export function encodedTransfer(enc: EncodedBatch): EncodedTransfer {
  const out = new Set<ArrayBuffer>();
  for (const c of enc.fast?.copies ?? []) if (c.data.buffer instanceof ArrayBuffer) out.add(c.data.buffer);
  return [...out];
}

/** Thrown inside the fast path's transaction to roll it back: the batch is not all new. */
const FALLBACK = Symbol('tessera.fast-path-fallback');
const isUniqueViolation = (e: unknown) => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';

/**
 * One statement before the COPYs: the lineage contexts (first, so a concurrent writer of the same
 * new context waits here before it holds other locks, see `LineageCompactor.writeContexts`), the
 * rollup triggers' setting, and the two look-ups that decide whether the fast path holds. One
 * round trip instead of four.
 */
const PREAMBLE = `WITH contexts AS (${WRITE_CONTEXTS.replace('$1::uuid[]', () => '$4::uuid[]').replace('$2::jsonb[]', () => '$5::jsonb[]')})
  SELECT set_config('${ROLLUP_WRITTEN}', $1, true) AS rollup,
    (SELECT count(*) FROM reports WHERE id = ANY($2::text[]))::int AS stored,
    (SELECT count(*) FROM reports WHERE id = ANY($3::text[]) AND source_org_id = $6)::int AS have`;

/**
 * Writes an encoded batch in one transaction (its rows, quarantine entries and checkpoint row),
 * as if every record were new; returns its counts. Writes nothing and returns null when that
 * does not hold — a report of the batch is stored already (probed at its first and last id), a
 * file names a report not on this node or of another organisation, or a unique index refuses a
 * row — or when the batch cannot take the fast path at all (`fast` null): then write the same
 * batch with `writeBatch`, the exact path. On null the transaction was rolled back whole.
 */
export async function writeEncodedBatch(ctx: WriteContext, enc: EncodedBatch): Promise<BatchCounts | null> {
  const f = enc.fast;
  if (!f) return null;
  const c: BatchCounts = { records: enc.records, accepted: enc.accepted, duplicates: 0, quarantined: 0, resumed: 0, flagged: enc.flagged, byReason: {}, flags: enc.flags };
  const quarantine: QuarantineInsert[] = [];
  for (const b of enc.bad) {
    quarantine.push(quarantineEntry(ctx, b.rec, b.problems));
    const code = b.problems[0]?.code ?? 'rejected';
    c.byReason[code] = (c.byReason[code] ?? 0) + 1;
    c.quarantined++;
  }
  try {
    await ctx.store.copyTransaction(async (tx) => {
      if (f.contextIds.length || f.reportProbe.length || f.otherReports.length || f.rollupWritten) {
        const pre = await tx.query<{ stored: number; have: number }>(PREAMBLE, [f.rollupWritten ? 'on' : 'off', f.reportProbe, f.otherReports, f.contextIds, f.contextTexts, ctx.orgId]);
        const r = pre.rows[0];
        if (!r || Number(r.stored) > 0 || Number(r.have) !== f.otherReports.length) throw FALLBACK;
      }
      // The rollup setting stays on to the end of the transaction: only inserts into reports and
      // children have rollup triggers (migrations 0850, 0900), and both are copied here with
      // their deltas; nothing after them in this transaction inserts into either.
      for (const copy of f.copies) await tx.copyIn(copy.table, copy.columns, copy.data, copy.format);
      await writeQuarantine(tx, quarantine);
      if (enc.seq !== null) {
        await tx.query('INSERT INTO ingest_batches (run_id, seq, records, accepted, duplicates, quarantined) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (run_id, seq) DO NOTHING', [ctx.runId, enc.seq, enc.records, c.accepted, c.duplicates, c.quarantined]);
      }
    }, { asyncCommit: enc.seq !== null });
  } catch (e) {
    if (e === FALLBACK || isUniqueViolation(e)) return null;
    throw e;
  }
  return c;
}
