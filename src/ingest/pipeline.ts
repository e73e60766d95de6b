/**
 * The ingest pipeline, the same for every format: decode → read records → map → write, in
 * batches. A batch is one transaction holding its records, its quarantine entries, where each
 * record came from, and the batch's checkpoint row — so a batch is all there or not there, and
 * an interrupted run resumes at the first batch it had not committed (ids are deterministic, so
 * even a batch written twice adds nothing).
 *
 * Memory is a few batches whatever the input size: the reader streams, batches are written as
 * they fill, and at most `concurrency` transactions are in flight (PostgreSQL; PGlite has one).
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Principal } from '../identity/principal.ts';
import { HashRegistry } from '../matching/registry.ts';
import type { Contact, ContentItem, Report } from '../model/index.ts';
import { TesseraError, type Problem } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import type { ReportBundle } from '../store/repositories/records.ts';
import { copyReportBundles } from '../store/repositories/copy-bundles.ts';
import { copyBytes, copyInsertRows, type CopyTransaction, type CopyValue } from '../store/copy.ts';
import { CONTACT_COLUMNS, encodeBatch, idKey, quarantineEntry, SOURCE_COLUMNS, writeEncodedBatch, writeQuarantine } from './encode-batch.ts';
import { LINEAGE_COLUMNS, LineageCompactor, rawDigestSqlText } from '../store/lineage.ts';
import { decode, type Encoding, type Input } from './input.ts';
import type { QuarantineInsert } from './quarantine-store.ts';
import { ingestDb, type IngestDb } from './tables.ts';
import type { Adapter, HashUnit, IngestFormat, IngestSummary, MapEnv, Note, RawRecord, Unit } from './types.ts';

export interface RunOptions {
  adapter: Adapter;
  inputs: Input[];
  /** Dataset records are written into (null for hash lists, which go to the registry). */
  dataset: { id: string; ownerOrgId: string } | null;
  env: Omit<MapEnv, 'receivedAt' | 'lineage'> & { lineage: Omit<MapEnv['lineage'], 'receivedAt'> };
  encoding?: Encoding;
  batchSize?: number;
  concurrency?: number;
  /** Hash lists: the set the hashes go into and its provenance. */
  hashSet?: { slug: string; name?: string; source: { name: string; reference?: string; version?: string } };
  onProgress?: (records: number) => void;
  /** Stops after this many batches, as if the process had been killed (tests of resuming). */
  stopAfterBatches?: number;
  registry?: HashRegistry;
  /**
   * Reader threads (CyberTipline XML and helpline CSV, see reader.ts): 0 reads, parses and maps
   * in the main thread; 1 in one reader thread; 2 (or more) in two reader threads mapping
   * alternate batches. By default, for inputs of 4 MiB or more on PostgreSQL, two threads on a
   * machine with three cores or more and one thread for CyberTipline XML on two cores; inline
   * otherwise (see READER_AFTER_BYTES). It needs `mapSettings` to rebuild
   * the adapter and the pseudonymiser.
   */
  workers?: number;
  mapSettings?: { adapterOptions: AdapterOptions; pseudonymKey: string };
}

type Counts = BatchCounts;

/**
 * Reader threads (read-worker.ts) read, parse, validate, map and encode the batches (COPY bytes,
 * transferred, not copied); the main thread only writes. By default, for XML and CSV inputs of at
 * least this size on PostgreSQL:
 *  - three cores or more: two threads, each mapping every other batch;
 *  - two cores: one thread for CyberTipline XML, inline for CSV. Two threads each read and parse
 *    the whole input (to cut batches where inline reading does) and two more heaps collect
 *    garbage: measured under load (2026-11-22, 30,000 reports, interleaved, per-thread CPU from
 *    /proc) inline 273-303 µs Node CPU per report (main thread 209-269), two threads 449-479
 *    (main 19-32, each reader ~150-170), one thread 316-379 (reader 205-245). On a quiet machine
 *    (100,000 reports, interleaved, 16:35-16:42 UTC) one thread was the fastest, as the busiest
 *    thread falls from ~250 to ~210 µs per report while the total stays under two cores: 3,743,
 *    4,076, 4,681, 4,482, 4,939 reports/s against 3,464, 3,662, 3,319 inline and 3,994, 4,643
 *    with two threads. For CSV one thread gained nothing (37,695 and 36,635 rows/s against 38,246
 *    inline): its main thread is not the bound, total CPU is.
 * A small input is read inline (a thread costs ~0.5 s of CPU to start under tsx), and so is any
 * input on PGlite, which writes one batch at a time in this thread.
 */
const READER_AFTER_BYTES = 4 * 1024 * 1024;

/** How many reader threads read this input (0: inline; see RunOptions.workers). */
function readerThreads(opts: RunOptions, format: IngestFormat, input: Input, store: Store): number {
  if (!opts.mapSettings || (format !== 'cybertipline-xml' && format !== 'helpline-csv')) return 0;
  if (opts.workers !== undefined) return Math.max(0, Math.min(2, Math.floor(opts.workers)));
  // PGlite writes one batch at a time in this thread: there the writer, not the reading, is the bound.
  if (store.kind === 'pglite' || (input.size ?? 0) < READER_AFTER_BYTES) return 0;
  if (availableParallelism() >= 3) return 2;
  return format === 'cybertipline-xml' ? 1 : 0;
}

/**
 * Records per batch (one transaction and one checkpoint) when not given. A CyberTipline batch of
 * 2,000 documents is ~650 reports with their files. Larger batches cost the server less per
 * record (a batch's indicator rollup deltas number about its distinct (month, dimension, value)
 * cells, ~6,000 whatever its size: at 6,000 documents 96 against 106 µs of server CPU per report),
 * but with a reader thread the Node side paid it back and more: 100,000 reports, quiet, interleaved,
 * 4,429, 4,648, 4,913, 4,486 reports/s at 2,000 against 3,984, 5,260, 4,795, 4,117 at 6,000. For
 * helpline CSV 20,000 rows instead of 5,000 saved 2 µs of server CPU per row but cost ~4 µs of Node
 * CPU. Either way an interrupted run redoes at most one batch.
 */
const DEFAULT_BATCH_SIZE: Record<IngestFormat, number> = { 'cybertipline-xml': 2000, 'helpline-csv': 5000, hashlist: 1000, stix: 1000 };

/** Runs one ingest over every input (a run per input, so each can resume on its own). */
export async function runIngest(store: Store, actor: Principal, opts: RunOptions): Promise<IngestSummary> {
  const started = performance.now();
  const counts: Counts = { records: 0, accepted: 0, duplicates: 0, quarantined: 0, resumed: 0, flagged: 0, byReason: {}, flags: {} };
  const warnings: string[] = [];
  const runs: string[] = [];
  let stopped = false;
  for (const input of opts.inputs) {
    const r = await runOne(store, actor, opts, input, counts, warnings);
    runs.push(r.runId);
    if (r.stopped) {
      stopped = true;
      break;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  if (stopped) warnings.push('stopped before the end (interrupted); run the same command again to resume');
  return {
    runId: runs[0] ?? '', runs, format: opts.adapter.format, files: opts.inputs.map((i) => i.name), datasetId: opts.dataset?.id ?? null,
    ...counts, seconds: Math.round(seconds * 1000) / 1000, recordsPerSecond: seconds > 0 ? Math.round(counts.records / seconds) : counts.records, warnings,
  };
}

async function runOne(store: Store, actor: Principal, opts: RunOptions, input: Input, counts: Counts, warnings: string[]): Promise<{ runId: string; stopped: boolean }> {
  const db = ingestDb(store);
  const adapter = opts.adapter;
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE[adapter.format];
  const orgId = opts.dataset?.ownerOrgId ?? actor.orgId;
  const inputKey = `${adapter.format}|${adapter.optionsKey ?? ''}|${opts.dataset?.id ?? opts.hashSet?.slug ?? ''}|${input.key}`;
  // Resume the unfinished run of this very input, if there is one.
  const previous = await db.selectFrom('ingest_runs').selectAll().where('org_id', '=', orgId).where('input_key', '=', inputKey).where('status', 'in', ['running', 'failed']).orderBy('started_at', 'desc').executeTakeFirst();
  let runId: string;
  let receivedAt: string;
  let size = batchSize;
  const committed = new Set<number>();
  if (previous) {
    runId = previous.id;
    receivedAt = new Date(previous.started_at).toISOString();
    size = previous.batch_size;
    for (const b of await db.selectFrom('ingest_batches').select('seq').where('run_id', '=', runId).execute()) committed.add(b.seq);
    await db.updateTable('ingest_runs').set({ status: 'running' }).where('id', '=', runId).execute();
    warnings.push(`${input.name}: resuming run ${runId} (${committed.size} batch(es) already committed)`);
  } else {
    runId = `ingest-run--${randomUUID()}`;
    receivedAt = new Date().toISOString();
    await db.insertInto('ingest_runs').values({ id: runId, org_id: orgId, dataset_id: opts.dataset?.id ?? null, format: adapter.format, file: input.name, input_key: inputKey, batch_size: size, status: 'running', started_by: actor.userId }).execute();
  }
  const before = { records: counts.records, accepted: counts.accepted, duplicates: counts.duplicates, quarantined: counts.quarantined };
  const env: MapEnv = { ...opts.env, receivedAt, lineage: { ...opts.env.lineage, receivedAt } };
  const ctx: WriteContext = { store, db, actor, orgId, datasetId: opts.dataset?.id ?? null, runId, format: adapter.format, file: input.name, inputKey, hashSet: opts.hashSet, registry: opts.registry };
  const concurrency = store.kind === 'pglite' ? 1 : Math.max(1, opts.concurrency ?? 3);
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  let batchesDone = 0;
  let stopped = false;

  // Where batches come from: read and mapped here, or by the reader thread (large XML and CSV
  // inputs, see RunOptions.workers) while this thread writes.
  const threads = readerThreads(opts, adapter.format, input, store);
  const reader = threads > 0 && opts.mapSettings
    ? new ReaderThreads(input.bytes, {
      format: adapter.format, adapterOptions: opts.mapSettings.adapterOptions, pseudonymKey: opts.mapSettings.pseudonymKey, file: input.name,
      env: { orgId: env.orgId, datasetId: env.datasetId, lineage: env.lineage, receivedAt: env.receivedAt }, batchSize: size, committed: [...committed],
      ...(opts.encoding ? { encoding: opts.encoding } : {}),
      // The threads hand over COPY bytes (transferred, not copied) instead of mapped records
      // (structured clone: ~30% more CPU per report, see READER_AFTER_BYTES).
      encode: { orgId, runId, file: input.name },
    }, threads, warnings)
    : null;
  const batches: AsyncIterable<{ seq: number; records: RawRecord[] } | ReadBatch> = reader ? reader.batches() : inline();
  function inline() {
    const records = adapter.read(decode(input.bytes, {
      ...(opts.encoding ? { encoding: opts.encoding } : {}),
      xml: adapter.format === 'cybertipline-xml',
      onEncoding: (e) => {
        if (e.encoding !== 'utf-8' || e.basis !== 'UTF-8') warnings.push(`${input.name}: read as ${e.encoding} (${e.basis})`);
      },
    }), { file: input.name });
    // XML and CSV records map on their own: mapped as they are read (their parse trees die young).
    // STIX objects may refer to later ones, so a STIX batch is read whole before it is mapped.
    return adapter.format === 'cybertipline-xml' || adapter.format === 'helpline-csv' ? mapBatches(records, size, committed, adapter, env, ctx) : cutBatches(records, size);
  }
  // A batch a reader thread encoded: its fast path, or — when that does not hold (something of it
  // is stored) — the exact path on the mapped records its thread kept.
  const writeEncoded = async (r: ReaderThreads, enc: EncodedBatch & { seq: number }): Promise<Counts> => {
    const c = await writeEncodedBatch(ctx, enc);
    if (c) {
      r.release(enc.seq);
      return c;
    }
    return writeBatchExact(ctx, await r.work(enc.seq));
  };
  const startWrite = async (needsEarlier: boolean, write: () => Promise<Counts>) => {
    // A file record whose report sits in an earlier batch must wait until that batch is committed.
    if (needsEarlier && inFlight.size) await Promise.all(inFlight);
    const p: Promise<void> = write()
      .then((c) => {
        add(counts, c);
        opts.onProgress?.(counts.records);
      })
      .catch((e: unknown) => {
        failure ??= e;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  };
  try {
    for await (const b of batches) {
      if (committed.has(b.seq)) {
        const n = 'encoded' in b ? b.encoded.records : 'committed' in b ? b.records : b.records.length;
        counts.resumed += n;
        counts.records += n;
        continue;
      }
      if ('encoded' in b) {
        const enc = { ...b.encoded, seq: b.seq };
        await startWrite(enc.needsEarlier, () => writeEncoded(reader as ReaderThreads, enc));
      } else {
        const work = 'committed' in b ? b : prepare(b, adapter, env, ctx);
        await startWrite(work.needsEarlier, () => writeBatch(ctx, work));
      }
      batchesDone++;
      if (failure) break;
      if (opts.stopAfterBatches !== undefined && batchesDone >= opts.stopAfterBatches) {
        stopped = true;
        break;
      }
    }
    await Promise.all(inFlight);
  } catch (e) {
    await Promise.allSettled(inFlight);
    failure ??= e;
  } finally {
    // Only now: a batch still being written may need its mapped records from its thread.
    await reader?.close();
  }
  if (failure) {
    await db.updateTable('ingest_runs').set({ status: 'failed', summary: JSON.stringify({ error: failure instanceof Error ? failure.message : String(failure) }) }).where('id', '=', runId).execute().catch(() => {});
    if (failure instanceof TesseraError) throw failure;
    throw new TesseraError('ingest_failed', `Ingest of ${input.name} stopped: ${(failure as Error).message ?? String(failure)}. What was committed stays; run the same command again to resume.`, { cause: failure, status: 500, where: { file: input.name } });
  }
  if (!stopped) {
    await db.updateTable('ingest_runs').set({ status: 'completed', finished_at: new Date(), summary: JSON.stringify({ records: counts.records - before.records, accepted: counts.accepted - before.accepted, duplicates: counts.duplicates - before.duplicates, quarantined: counts.quarantined - before.quarantined }) }).where('id', '=', runId).execute();
  }
  return { runId, stopped };
}

function add(a: Counts, b: Counts): void {
  a.records += b.records;
  a.accepted += b.accepted;
  a.duplicates += b.duplicates;
  a.quarantined += b.quarantined;
  a.flagged += b.flagged;
  for (const [k, v] of Object.entries(b.byReason)) a.byReason[k] = (a.byReason[k] ?? 0) + v;
  for (const [k, v] of Object.entries(b.flags)) a.flags[k] = (a.flags[k] ?? 0) + v;
}

export interface WriteContext {
  store: Store;
  db: IngestDb;
  actor: Principal;
  orgId: string;
  datasetId: string | null;
  runId: string;
  format: IngestFormat;
  file: string;
  inputKey: string;
  hashSet: RunOptions['hashSet'];
  registry: HashRegistry | undefined;
}

import { cutBatches, mapBatches, prepare, type Good, type Work } from './prepare.ts';
import { ReaderThreads } from './reader.ts';
import type { ReadBatch } from './read-worker.ts';
import type { BatchCounts, EncodedBatch } from './encoded-batch.ts';
import type { AdapterOptions } from './adapters.ts';
export { prepare, type Good, type Work };

/**
 * Writes one prepared batch. First the fast path (src/ingest/encode-batch.ts): the batch encoded
 * as COPY bytes and written as if every record were new, in one transaction; should that not hold
 * (something is stored already, a file names a report not on this node) it writes nothing and the
 * exact path below writes the batch. `recordIds` (what each record became) is filled only for
 * callers that pass `onReject` (a quarantine retry, the only reader), which take the exact path.
 */
export async function writeBatch(ctx: WriteContext, work: Work, opts: { onReject?: (problems: Problem[]) => void } = {}): Promise<Counts & { recordIds: Map<Good, string[]> }> {
  if (!opts.onReject) {
    const fast = await writeEncodedBatch(ctx, encodeBatch(work, ctx));
    if (fast) return { ...fast, recordIds: new Map() };
  }
  return writeBatchExact(ctx, work, opts);
}

/**
 * The exact path: registry hashes first, then one transaction for everything else, each record
 * decided as new, duplicate or conflict. What to run when `writeEncodedBatch` returned null
 * (`writeBatch` would try the fast path again first).
 */
export async function writeBatchExact(ctx: WriteContext, work: Work, opts: { onReject?: (problems: Problem[]) => void } = {}): Promise<Counts & { recordIds: Map<Good, string[]> }> {
  const c: Counts & { recordIds: Map<Good, string[]> } = { records: work.records, accepted: 0, duplicates: 0, quarantined: 0, resumed: 0, flagged: 0, byReason: {}, flags: {}, recordIds: new Map() };
  const quarantine: QuarantineInsert[] = [];
  const reject = (rec: RawRecord, problems: Problem[]) => {
    if (opts.onReject) {
      opts.onReject(problems);
      return;
    }
    quarantine.push(quarantineEntry(ctx, rec, problems));
    const code = problems[0]?.code ?? 'rejected';
    c.byReason[code] = (c.byReason[code] ?? 0) + 1;
    c.quarantined++;
  };
  for (const b of work.bad) reject(b.rec, b.problems);

  // Hash units go to the registry through its service (its own transaction and access rules).
  const hashGood = work.good.filter((g) => g.mapped.units.some((u) => u.kind === 'hash' || u.kind === 'feedback'));
  if (hashGood.length) await writeHashes(ctx, hashGood, c, reject);

  const others = work.good.filter((g) => !hashGood.includes(g));
  // One transaction for the batch; rows go in through COPY (see src/store/copy.ts). The checkpoint
  // row is in the same transaction, so an asynchronous commit (no wait for the WAL flush) is safe
  // for a run: a batch lost in a server crash lost its checkpoint too and is written again on resume.
  await ctx.store.copyTransaction(async (tx) => {
    const sources: CopyValue[][] = [];
    const source = (g: Good, recordId: string) =>
      sources.push([recordId, ctx.runId, g.rec.where.file ?? ctx.file, g.rec.where.line ?? null, g.rec.where.path ?? null, g.mapped.rawDigest, g.mapped.notes.length ? JSON.stringify(g.mapped.notes) : null]);
    const accept = (g: Good, ids: string[]) => {
      c.accepted++;
      c.recordIds.set(g, ids);
      if (g.mapped.notes.length) {
        c.flagged++;
        for (const n of g.mapped.notes) c.flags[n.code] = (c.flags[n.code] ?? 0) + 1;
      }
      for (const id of ids) source(g, id);
    };

    // Records read only for what other records refer to (STIX objects, identities): accepted, nothing of their own to write.
    for (const g of others) if (g.mapped.units.length === 0) accept(g, []);

    // Reports, files and contacts: each is new, a duplicate (same id, same raw digest) or a
    // conflicting duplicate (same id, other content; quarantined). A batch is first written as
    // if all were new, with no look-up per id (a first ingest: every record is new); only when
    // the unique index refuses it (something exists) is it undone and written the exact way,
    // which looks up the stored digests and tells the three apart (see writeRecords).
    let reports: Array<{ g: Good; b: ReportBundle }> = [];
    const files: Array<{ g: Good; u: Extract<Unit, { kind: 'file' }> }> = [];
    const contacts: Array<{ g: Good; contact: Contact }> = [];
    for (const g of others) {
      for (const u of g.mapped.units) {
        if (u.kind === 'report') reports.push({ g, b: u.bundle });
        else if (u.kind === 'file') files.push({ g, u });
        else if (u.kind === 'contact') contacts.push({ g, contact: u.contact });
      }
    }
    // Reports of the actor's organisation this batch wrote or found stored: their files need no look-up.
    const known = new Set<string>();
    if (reports.length) {
      // In id order, like the other tables' rows (see inIdOrder).
      reports = inIdOrder(reports, (r) => r.b.report.id);
      await tx.query('SAVEPOINT tessera_ingest_reports');
      // copyReportBundles skips reports already stored: all inserted means none existed, none
      // inserted that all existed (it wrote nothing); otherwise it is undone and done exactly.
      const all = await copyReportBundles(tx, reports.map((r) => r.b));
      const allNew = all.inserted === reports.length;
      if (allNew || all.inserted === 0) await tx.query('RELEASE SAVEPOINT tessera_ingest_reports');
      else await tx.exec('ROLLBACK TO SAVEPOINT tessera_ingest_reports; RELEASE SAVEPOINT tessera_ingest_reports');
      if (allNew) {
        for (const r of reports) {
          accept(r.g, [r.b.report.id]);
          if (r.b.report.sourceOrgId === ctx.orgId) known.add(r.b.report.id);
        }
      } else {
        const existing = await reportDigests(tx, reports.map((r) => r.b.report.id), ctx.orgId, known);
        const fresh: Array<{ g: Good; b: ReportBundle }> = [];
        for (const r of reports) {
          const d = existing.get(r.b.report.id);
          if (d === undefined) {
            existing.set(r.b.report.id, r.b.report.lineage.rawDigest);
            fresh.push(r);
          } else if (d === r.b.report.lineage.rawDigest) c.duplicates++;
          else reject(r.g.rec, [conflict('report', r.b.report, r.g)]);
        }
        if (fresh.length) {
          const w = await copyReportBundles(tx, fresh.map((r) => r.b));
          // A concurrent batch may have written the same report a moment earlier.
          c.duplicates += fresh.length - w.inserted;
          for (const r of fresh) accept(r.g, [r.b.report.id]);
          c.accepted -= fresh.length - w.inserted;
        }
      }
    }

    // Files (fileDetails): their report must be on this node, in the actor's organisation.
    if (files.length) {
      const ask = [...new Set(files.map((f) => f.u.item.reportId).filter((id) => !known.has(id)))];
      const have = ask.length ? new Set((await tx.query<{ id: string }>('SELECT id FROM reports WHERE id = ANY($1::text[]) AND source_org_id = $2', [ask, ctx.orgId])).rows.map((r) => r.id)) : new Set<string>();
      const lineage = new LineageCompactor();
      const items: Array<Entry<{ g: Good; u: Extract<Unit, { kind: 'file' }> }>> = [];
      for (const f of files) {
        if (!known.has(f.u.item.reportId) && !have.has(f.u.item.reportId)) {
          reject(f.g.rec, [{ code: 'unknown_report', message: `report "${f.u.sourceReportRef}" is not on this node (or not your organisation's): ingest its <report> document first, then retry this entry (tessera quarantine retry)`, where: { ...f.g.rec.where, field: 'reportId' } }]);
          continue;
        }
        const x = f.u.item;
        const h = x.hashes;
        // Row literals without spreads (a spread goes through the iterator protocol: ~2 µs per row, measured).
        const l = lineage.columns(x.lineage);
        items.push({ id: x.id, digest: x.lineage.rawDigest, of: f, row: [x.id, x.reportId, x.sourceRef, x.mediaType, x.sizeBytes, h.md5, h.sha1, h.sha256, h.pdq, h.pdqQuality, l[0], l[1], l[2], l[3]] });
      }
      await lineage.writeContexts(tx);
      const classes: CopyValue[][] = [];
      await writeRecords(tx, 'content_items', CONTENT_ITEM_COLUMNS, items, {
        inserted: (f) => {
          for (const k of f.u.classifications) classes.push([k.id, k.targetId, k.scheme, k.code, k.assessorOrgId, k.assessedAt, k.jurisdiction, k.legalStatus]);
          accept(f.g, [f.u.item.id]);
        },
        duplicate: () => void c.duplicates++,
        conflicting: (f) => reject(f.g.rec, [conflict('file', f.u.item, f.g)]),
      });
      await copyRows(tx, 'classifications', CLASSIFICATION_COLUMNS, classes);
    }

    if (contacts.length) {
      const lineage = new LineageCompactor();
      const rows: Array<Entry<{ g: Good; contact: Contact }>> = contacts.map((e) => {
        const x = e.contact;
        const l = lineage.columns(x.lineage);
        return { id: x.id, digest: x.lineage.rawDigest, of: e, row: [x.id, x.datasetId, x.sourceOrgId, x.sourceRef, x.channel, x.contactAt, x.durationMinutes, x.age?.min, x.age?.max, x.age?.basis, x.age?.stage, x.gender,
          x.country, x.region, x.language, JSON.stringify(x.categories), l[0], l[1], l[2], l[3]] };
      });
      await lineage.writeContexts(tx);
      await writeRecords(tx, 'contacts', CONTACT_COLUMNS, rows, {
        inserted: (e) => accept(e.g, [e.contact.id]),
        duplicate: () => void c.duplicates++,
        conflicting: (e) => reject(e.g.rec, [conflict('contact', e.contact, e.g)]),
      });
    }

    if (sources.length) await copyRows(tx, 'ingest_sources', SOURCE_COLUMNS, sources);
    await writeQuarantine(tx, quarantine);
    if (work.seq !== null) {
      await tx.query('INSERT INTO ingest_batches (run_id, seq, records, accepted, duplicates, quarantined) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (run_id, seq) DO NOTHING', [ctx.runId, work.seq, work.records, c.accepted, c.duplicates, c.quarantined]);
    }
  }, { asyncCommit: work.seq !== null });
  return c;
}

const CONTENT_ITEM_COLUMNS = ['id', 'report_id', 'source_ref', 'media_type', 'size_bytes', 'md5', 'sha1', 'sha256', 'pdq', 'pdq_quality', ...LINEAGE_COLUMNS] as const;
const CLASSIFICATION_COLUMNS = ['id', 'target_id', 'scheme', 'code', 'assessor_org_id', 'assessed_at', 'jurisdiction', 'legal_status'] as const;
const isUniqueViolation = (e: unknown) => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';

/** A record to write: its id, raw digest, COPY row, and what it was made from. */
interface Entry<T> { id: string; digest: string; row: CopyValue[]; of: T }

/** Rows go in in id order (see `idKey`: cheaper primary-key inserts). */
function inIdOrder<T>(items: T[], id: (t: T) => string): T[] {
  const n = items.length;
  const keys = new Float64Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    keys[i] = idKey(id(items[i] as T));
    if (i > 0 && (keys[i] as number) < (keys[i - 1] as number)) sorted = false;
  }
  if (sorted) return items;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (keys[a] as number) - (keys[b] as number));
  return Array.from(order, (i) => items[i] as T);
}

/**
 * Writes records of one table and says, for each, whether it was inserted, a duplicate (stored
 * with the same raw digest) or a conflicting duplicate (stored with another one). First as if
 * all were new: one COPY, no look-up. Should the unique index refuse it (one exists, or the batch
 * holds the same id twice), the COPY is undone and the exact path runs: the stored digests of
 * the batch's ids are read, and only the new rows are inserted, with ON CONFLICT DO NOTHING
 * RETURNING id, so a row a concurrent batch wrote a moment earlier counts as a duplicate.
 */
async function writeRecords<T>(tx: CopyTransaction, table: 'contacts' | 'content_items', columns: readonly string[], entries: Array<Entry<T>>, on: { inserted(of: T): void; duplicate(of: T): void; conflicting(of: T): void }): Promise<void> {
  if (entries.length === 0) return;
  entries = inIdOrder(entries, (e) => e.id);
  await tx.query('SAVEPOINT tessera_ingest_copy');
  try {
    await tx.copyIn(table, columns, copyBytes(entries.map((e) => e.row)));
    await tx.query('RELEASE SAVEPOINT tessera_ingest_copy');
    for (const e of entries) on.inserted(e.of);
    return;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    await tx.exec('ROLLBACK TO SAVEPOINT tessera_ingest_copy; RELEASE SAVEPOINT tessera_ingest_copy');
  }
  const existing = await digestsOf(tx, table, entries.map((e) => e.id));
  const fresh: Array<Entry<T>> = [];
  for (const e of entries) {
    const d = existing.get(e.id);
    if (d === undefined) {
      existing.set(e.id, e.digest);
      fresh.push(e);
    } else if (d === e.digest) on.duplicate(e.of);
    else on.conflicting(e.of);
  }
  const inserted = await insertNew(tx, table, columns, fresh.map((e) => e.row));
  for (const e of fresh) {
    if (inserted.has(e.id)) on.inserted(e.of);
    else on.duplicate(e.of);
  }
}

/** Inserts rows through a staging table with ON CONFLICT DO NOTHING; returns the ids inserted. */
async function insertNew(tx: CopyTransaction, table: string, columns: readonly string[], rows: CopyValue[][]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const stage = `tessera_stage_${table}`;
  const cols = columns.join(', ');
  await tx.query(`CREATE TEMP TABLE IF NOT EXISTS ${stage} (LIKE ${table} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`);
  await tx.query(`TRUNCATE ${stage}`);
  await tx.copyIn(stage, columns, copyBytes(rows));
  const r = await tx.query<{ id: string }>(`INSERT INTO ${table} (${cols}) SELECT ${cols} FROM ${stage} ON CONFLICT DO NOTHING RETURNING id`);
  return new Set(r.rows.map((x) => x.id));
}

/**
 * Rows that follow from records this batch inserted (classifications of its files, where each
 * record came from): COPY straight into the table, in id order. Should one exist after all, the
 * unique index refuses the COPY; it is rolled back to its savepoint and the rows go through a
 * staging table with ON CONFLICT DO NOTHING, which skips what exists. Returns the rows inserted.
 */
async function copyRows(tx: CopyTransaction, table: string, columns: readonly string[], rows: CopyValue[][]): Promise<number> {
  if (rows.length === 0) return 0;
  rows = inIdOrder(rows, (r) => r[0] as string);
  await tx.query('SAVEPOINT tessera_ingest_copy');
  try {
    await tx.copyIn(table, columns, copyBytes(rows));
    await tx.query('RELEASE SAVEPOINT tessera_ingest_copy');
    return rows.length;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    await tx.query('ROLLBACK TO SAVEPOINT tessera_ingest_copy');
    return copyInsertRows(tx, table, columns, rows);
  }
}

function conflict(what: string, rec: Report | Contact | ContentItem, g: Good): Problem {
  return {
    code: 'conflicting_duplicate',
    message: `a ${what} with the same identity (source reference "${rec.sourceRef}") is already stored with different content; ingest never overwrites: compare the two, then correct this entry (e.g. give it its own reference) or discard it`,
    where: g.rec.where,
    details: { id: rec.id },
  };
}

async function digestsOf(tx: CopyTransaction, table: 'reports' | 'contacts' | 'content_items', ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!ids.length) return out;
  const unique = [...new Set(ids)];
  const r = await tx.query<{ id: string; d: string | null }>(`SELECT id, ${rawDigestSqlText(table)} AS d FROM ${table} WHERE id = ANY($1::text[])`, [unique]);
  for (const row of r.rows) out.set(row.id, row.d ?? '');
  return out;
}

/** The stored digests of these reports; those of `orgId` are also added to `own`. */
async function reportDigests(tx: CopyTransaction, ids: string[], orgId: string, own: Set<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const r = await tx.query<{ id: string; d: string | null; own: boolean }>(`SELECT id, ${rawDigestSqlText('reports')} AS d, source_org_id = $2 AS own FROM reports WHERE id = ANY($1::text[])`, [[...new Set(ids)], orgId]);
  for (const row of r.rows) {
    out.set(row.id, row.d ?? '');
    if (row.own) own.add(row.id);
  }
  return out;
}

/**
 * Hash units through the registry service, one `importEntries` call per batch: each hash keeps its
 * own type, PDQ quality, label, classification and its place in the original file (`file:line`);
 * the list is recorded as one source of the set for the whole run (the run id is the import id).
 */
async function writeHashes(ctx: WriteContext, goods: Good[], c: Counts & { recordIds: Map<Good, string[]> }, reject: (rec: RawRecord, problems: Problem[]) => void): Promise<void> {
  const registry = ctx.registry ?? HashRegistry.for(ctx.store);
  const set = ctx.hashSet;
  const list: Array<{ g: Good; h: HashUnit }> = [];
  const feedback: Array<{ g: Good; u: Extract<Unit, { kind: 'feedback' }> }> = [];
  let lastLine = 0;
  for (const g of goods) {
    for (const u of g.mapped.units) {
      if (u.kind === 'feedback') feedback.push({ g, u });
      if (u.kind === 'hash') list.push({ g, h: u.hash });
    }
    lastLine = Math.max(lastLine, g.rec.where.line ?? 0);
  }
  const done = new Set<Good>();
  if (list.length) {
    if (!set) throw new TesseraError('hash_set_required', 'Hashes need a hash set (--set).', { where: { field: 'set' } });
    const refOf = (rec: RawRecord) => {
      const file = rec.where.file ?? ctx.file;
      return rec.where.line !== undefined ? `${file}:${rec.where.line}` : rec.where.path ? `${file}#${rec.where.path}` : `${file}#${rec.index + 1}`;
    };
    try {
      const r = await registry.importEntries(ctx.actor, {
        set: set.slug, ...(set.name ? { name: set.name } : {}),
        source: { ...set.source, file: ctx.file, importId: ctx.runId, ...(lastLine ? { lines: lastLine } : {}) },
        entries: list.map(({ g, h }) => ({
          signalType: h.signalType, value: h.value, sourceRef: refOf(g.rec), ...(h.quality !== undefined ? { quality: h.quality } : {}),
          ...(h.label ? { label: h.label } : {}), ...(h.classification ? { classification: h.classification } : {}),
        })),
      });
      for (const { index, problem } of r.rejected) {
        const item = list[index];
        if (!item || done.has(item.g)) continue;
        done.add(item.g);
        reject(item.g.rec, [{ ...problem, where: { ...item.g.rec.where, ...(problem.where?.field ? { field: problem.where.field } : {}) } }]);
      }
      c.accepted += r.added + r.reinstated;
      c.duplicates += r.read - r.added - r.reinstated;
      for (const { g } of list) {
        if (done.has(g)) continue;
        done.add(g);
        if (g.mapped.notes.length) {
          c.flagged++;
          for (const n of g.mapped.notes) c.flags[n.code] = (c.flags[n.code] ?? 0) + 1;
        }
      }
    } catch (e) {
      if (!(e instanceof TesseraError) || e.status >= 500) throw e;
      for (const { g } of list) {
        if (done.has(g)) continue;
        done.add(g);
        reject(g.rec, [{ code: e.code, message: e.message, where: { ...g.rec.where, ...(e.where ?? {}) } }]);
      }
    }
  }
  for (const { g, u } of feedback) {
    try {
      const [m] = await registry.match(ctx.actor, [{ signalType: u.feedback.signalType, value: u.feedback.value }], { radius: 0 });
      const matches = m && m.ok ? m.matches : [];
      if (!matches.length) {
        reject(g.rec, [{ code: 'unknown_hash', message: `feedback on ${u.feedback.signalType} ${u.feedback.value}: no hash set on this node holds it; import the indicator first, then retry`, where: g.rec.where }]);
        continue;
      }
      for (const match of matches) await registry.recordFeedback(ctx.actor, { signalType: u.feedback.signalType, value: u.feedback.value, entry: match.entryId, verdict: u.feedback.verdict, note: u.feedback.note });
      c.accepted++;
    } catch (e) {
      if (!(e instanceof TesseraError) || e.status >= 500) throw e;
      reject(g.rec, [{ code: e.code, message: e.message, where: g.rec.where }]);
    }
  }
}

export type { Note };
