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
import { sql } from 'kysely';
import type { Principal } from '../identity/principal.ts';
import { HashRegistry } from '../matching/registry.ts';
import { deterministicId, type Contact, type ContentItem, type Report } from '../model/index.ts';
import { TesseraError, type Problem } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import { insertClassifications, insertContacts, insertContentItems, insertReportBundles, type ReportBundle } from '../store/repositories/records.ts';
import { decode, BAD_BYTE, badBytes, type Encoding, type Input } from './input.ts';
import { quarantineRow, type QuarantineInsert } from './quarantine-store.ts';
import type { Insertable } from 'kysely';
import { ingestDb, type IngestDb, type IngestSourcesTable as SourcesTable, type IngestTables } from './tables.ts';

type IngestSourcesTable = Insertable<SourcesTable>;
import type { Adapter, HashUnit, IngestFormat, IngestSummary, MapEnv, Mapped, Note, RawRecord, Unit } from './types.ts';

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
}

interface Batch {
  seq: number;
  records: Array<RawRecord>;
}

interface Counts {
  records: number;
  accepted: number;
  duplicates: number;
  quarantined: number;
  resumed: number;
  flagged: number;
  byReason: Record<string, number>;
  flags: Record<string, number>;
}

/** A batch is also cut when its raw text reaches this size, so a batch of huge records stays small. */
const FLUSH_CHARS = 64 * 1024 * 1024;

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
  const batchSize = opts.batchSize ?? 1000;
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

  const text = decode(input.bytes, {
    ...(opts.encoding ? { encoding: opts.encoding } : {}),
    xml: adapter.format === 'cybertipline-xml',
    onEncoding: (e) => {
      if (e.encoding !== 'utf-8' || e.basis !== 'UTF-8') warnings.push(`${input.name}: read as ${e.encoding} (${e.basis})`);
    },
  });
  let batch: Batch = { seq: 0, records: [] };
  let chars = 0;
  const dispatch = async (b: Batch) => {
    if (committed.has(b.seq)) {
      counts.resumed += b.records.length;
      counts.records += b.records.length;
      return;
    }
    const work = prepare(b, adapter, env, ctx);
    // A file record whose report sits in an earlier batch must wait until that batch is committed.
    if (work.needsEarlier && inFlight.size) await Promise.all(inFlight);
    const p: Promise<void> = writeBatch(ctx, work)
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
    batchesDone++;
  };
  try {
    for await (const rec of adapter.read(text, { file: input.name })) {
      batch.records.push(rec);
      chars += rec.raw.length;
      // Batches are cut by count, or earlier by size (huge records): both depend only on the
      // input, so a resumed run cuts them at the same places.
      if (batch.records.length >= size || chars >= FLUSH_CHARS) {
        await dispatch(batch);
        batch = { seq: batch.seq + 1, records: [] };
        chars = 0;
      }
      if (failure) break;
      if (opts.stopAfterBatches !== undefined && batchesDone >= opts.stopAfterBatches) {
        stopped = true;
        break;
      }
    }
    if (!failure && !stopped && batch.records.length) await dispatch(batch);
    await Promise.all(inFlight);
  } catch (e) {
    await Promise.allSettled(inFlight);
    failure ??= e;
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

interface Good {
  rec: RawRecord;
  mapped: Mapped;
}

export interface Work {
  seq: number | null;
  records: number;
  good: Good[];
  bad: Array<{ rec: RawRecord; problems: Problem[] }>;
  needsEarlier: boolean;
}

/** Maps a batch's records (pure: no I/O). */
export function prepare(b: { seq: number | null; records: RawRecord[] }, adapter: Adapter, env: MapEnv, ctx: { file: string }): Work {
  const good: Good[] = [];
  const bad: Work['bad'] = [];
  const reportRefs = new Set<string>();
  let needsEarlier = false;
  for (const rec of b.records) {
    let problems = rec.problems;
    if (!problems.length && BAD_BYTE.test(rec.raw)) {
      const bytes = badBytes(rec.raw);
      problems = [{
        code: 'invalid_encoding',
        message: bytes.every((x) => x.byte === 0)
          ? `the record holds ${bytes.length} NUL character(s) (0x00), which no text field may hold: remove them (shown as \\x00) and retry`
          : `${bytes.length} byte(s) are not valid UTF-8 (${bytes.filter((x) => x.byte !== 0).slice(0, 5).map((x) => `0x${x.byte.toString(16).toUpperCase().padStart(2, '0')}`).join(', ')}): the file mixes encodings. If the file is Latin-1 / Windows-1252 ingest it with --encoding latin1; otherwise correct the record and retry.`,
        where: rec.where,
      }];
    }
    if (problems.length) {
      bad.push({ rec, problems });
      continue;
    }
    let m: Mapped | { problems: Problem[] };
    try {
      m = adapter.map(rec, env);
    } catch (e) {
      // A mapper bug must not take the node down or lose the record: it goes to quarantine.
      m = { problems: [{ code: 'internal_mapping_error', message: `The ${adapter.format} adapter failed on this record: ${(e as Error).message}. Report this as a bug; the record is kept here.`, where: rec.where }] };
    }
    if ('problems' in m) {
      bad.push({ rec, problems: m.problems.map((p) => ({ ...p, where: { ...rec.where, ...p.where, file: p.where?.file ?? rec.where.file ?? ctx.file } })) });
      continue;
    }
    for (const u of m.units) {
      if (u.kind === 'report') reportRefs.add(u.bundle.report.sourceRef);
      if (u.kind === 'file' && !reportRefs.has(u.sourceReportRef)) needsEarlier = true;
    }
    good.push({ rec, mapped: m });
  }
  return { seq: b.seq, records: b.records.length, good, bad, needsEarlier };
}

const parseJsonDigest = (v: unknown): string | undefined => {
  const o = typeof v === 'string' ? (JSON.parse(v) as { rawDigest?: string }) : (v as { rawDigest?: string } | null);
  return o?.rawDigest;
};

/** Writes one prepared batch: registry hashes first, then one transaction for everything else. */
export async function writeBatch(ctx: WriteContext, work: Work, opts: { onReject?: (problems: Problem[]) => void } = {}): Promise<Counts & { recordIds: Map<Good, string[]> }> {
  const c: Counts & { recordIds: Map<Good, string[]> } = { records: work.records, accepted: 0, duplicates: 0, quarantined: 0, resumed: 0, flagged: 0, byReason: {}, flags: {}, recordIds: new Map() };
  const quarantine: QuarantineInsert[] = [];
  const reject = (rec: RawRecord, problems: Problem[]) => {
    if (opts.onReject) {
      opts.onReject(problems);
      return;
    }
    const id = deterministicId('quarantine', [ctx.orgId, ctx.datasetId ?? '', ctx.inputKey, rec.index, rec.raw.length]);
    // The hash set goes with the entry, so a retry imports into the same set.
    const withSet = ctx.hashSet ? { ...rec, context: { ...rec.context, set: ctx.hashSet.slug } } : rec;
    quarantine.push(quarantineRow(id, { orgId: ctx.orgId, datasetId: ctx.datasetId, runId: ctx.runId, format: ctx.format, file: ctx.file }, withSet, problems));
    const code = problems[0]?.code ?? 'rejected';
    c.byReason[code] = (c.byReason[code] ?? 0) + 1;
    c.quarantined++;
  };
  for (const b of work.bad) reject(b.rec, b.problems);

  // Hash units go to the registry through its service (its own transaction and access rules).
  const hashGood = work.good.filter((g) => g.mapped.units.some((u) => u.kind === 'hash' || u.kind === 'feedback'));
  if (hashGood.length) await writeHashes(ctx, hashGood, c, reject);

  const others = work.good.filter((g) => !hashGood.includes(g));
  await ctx.store.db.transaction().execute(async (trx) => {
    const tdb: IngestDb = trx.withTables<IngestTables>();
    const sources: IngestSourcesTable[] = [];
    const source = (g: Good, recordId: string) =>
      sources.push({ record_id: recordId, run_id: ctx.runId, file: g.rec.where.file ?? ctx.file, line: g.rec.where.line ?? null, path: g.rec.where.path ?? null, raw_digest: g.mapped.rawDigest, notes: g.mapped.notes.length ? JSON.stringify(g.mapped.notes) : null });
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

    // Reports: new, duplicate (same id, same raw digest) or conflicting (same id, other content).
    const reports = others.flatMap((g) => g.mapped.units.filter((u): u is Extract<Unit, { kind: 'report' }> => u.kind === 'report').map((u) => ({ g, b: u.bundle })));
    if (reports.length) {
      const existing = await digestsOf(tdb, 'reports', reports.map((r) => r.b.report.id));
      const fresh: Array<{ g: Good; b: ReportBundle }> = [];
      for (const r of reports) {
        const d = existing.get(r.b.report.id);
        if (d === undefined) {
          existing.set(r.b.report.id, r.b.report.lineage.rawDigest);
          fresh.push(r);
        } else if (d === r.b.report.lineage.rawDigest) c.duplicates++;
        else reject(r.g.rec, [conflict('report', r.b.report, r.g)]);
      }
      const w = await insertReportBundles(trx, fresh.map((r) => r.b));
      // A concurrent batch may have written the same report a moment earlier.
      c.duplicates += fresh.length - w.inserted;
      for (const r of fresh) accept(r.g, [r.b.report.id]);
      c.accepted -= fresh.length - w.inserted;
    }

    // Files (fileDetails): their report must be on this node, in the actor's organisation.
    const files = others.flatMap((g) => g.mapped.units.filter((u): u is Extract<Unit, { kind: 'file' }> => u.kind === 'file').map((u) => ({ g, u })));
    if (files.length) {
      const reportIds = [...new Set(files.map((f) => f.u.item.reportId))];
      const have = new Set((await trx.selectFrom('reports').select('id').where('id', 'in', reportIds).where('source_org_id', '=', ctx.orgId).execute()).map((r) => r.id));
      const existing = await digestsOf(tdb, 'content_items', files.map((f) => f.u.item.id));
      const items: ContentItem[] = [];
      const classes = [];
      for (const f of files) {
        if (!have.has(f.u.item.reportId)) {
          reject(f.g.rec, [{ code: 'unknown_report', message: `report "${f.u.sourceReportRef}" is not on this node (or not your organisation's): ingest its <report> document first, then retry this entry (tessera quarantine retry)`, where: { ...f.g.rec.where, field: 'reportId' } }]);
          continue;
        }
        const d = existing.get(f.u.item.id);
        if (d === undefined) {
          existing.set(f.u.item.id, f.u.item.lineage.rawDigest);
          items.push(f.u.item);
          classes.push(...f.u.classifications);
          accept(f.g, [f.u.item.id]);
        } else if (d === f.u.item.lineage.rawDigest) c.duplicates++;
        else reject(f.g.rec, [conflict('file', f.u.item, f.g)]);
      }
      const n = await insertContentItems(trx, items);
      c.duplicates += items.length - n;
      c.accepted -= items.length - n;
      await insertClassifications(trx, classes);
    }

    const contacts = others.flatMap((g) => g.mapped.units.filter((u): u is Extract<Unit, { kind: 'contact' }> => u.kind === 'contact').map((u) => ({ g, contact: u.contact })));
    if (contacts.length) {
      const existing = await digestsOf(tdb, 'contacts', contacts.map((x) => x.contact.id));
      const fresh: Contact[] = [];
      for (const x of contacts) {
        const d = existing.get(x.contact.id);
        if (d === undefined) {
          existing.set(x.contact.id, x.contact.lineage.rawDigest);
          fresh.push(x.contact);
          accept(x.g, [x.contact.id]);
        } else if (d === x.contact.lineage.rawDigest) c.duplicates++;
        else reject(x.g.rec, [conflict('contact', x.contact, x.g)]);
      }
      const w = await insertContacts(trx, fresh);
      c.duplicates += fresh.length - w.inserted;
      c.accepted -= fresh.length - w.inserted;
    }

    if (sources.length) await insertSources(tdb, sources);
    if (quarantine.length) await tdb.insertInto('ingest_quarantine').values(quarantine.map((q) => ({ ...q, updated_at: new Date() }))).onConflict((oc) => oc.column('id').doNothing()).execute();
    if (work.seq !== null) {
      await tdb.insertInto('ingest_batches').values({ run_id: ctx.runId, seq: work.seq, records: work.records, accepted: c.accepted, duplicates: c.duplicates, quarantined: c.quarantined }).onConflict((oc) => oc.columns(['run_id', 'seq']).doNothing()).execute();
    }
  });
  return c;
}

function conflict(what: string, rec: Report | Contact | ContentItem, g: Good): Problem {
  return {
    code: 'conflicting_duplicate',
    message: `a ${what} with the same identity (source reference "${rec.sourceRef}") is already stored with different content; ingest never overwrites: compare the two, then correct this entry (e.g. give it its own reference) or discard it`,
    where: g.rec.where,
    details: { id: rec.id },
  };
}

async function digestsOf(db: IngestDb, table: 'reports' | 'contacts' | 'content_items', ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!ids.length) return out;
  const unique = [...new Set(ids)];
  const r = await sql<{ id: string; lineage: unknown }>`SELECT id, lineage FROM ${sql.table(table)} WHERE id = ANY(${unique}::text[])`.execute(db);
  for (const row of r.rows) out.set(row.id, parseJsonDigest(row.lineage) ?? '');
  return out;
}

async function insertSources(db: IngestDb, rows: IngestSourcesTable[]): Promise<void> {
  await sql`
    INSERT INTO ingest_sources (record_id, run_id, file, line, path, raw_digest, notes)
    SELECT record_id, run_id, file, line, path, raw_digest, notes::jsonb FROM unnest(
      ${rows.map((r) => r.record_id)}::text[], ${rows.map((r) => r.run_id)}::text[], ${rows.map((r) => r.file)}::text[], ${rows.map((r) => r.line)}::int[],
      ${rows.map((r) => r.path)}::text[], ${rows.map((r) => r.raw_digest)}::text[], ${rows.map((r) => r.notes as unknown as string | null)}::text[]
    ) AS t(record_id, run_id, file, line, path, raw_digest, notes)
    ON CONFLICT (record_id) DO NOTHING`.execute(db);
}

/**
 * Hash units through the registry service: grouped by signal type and classification, one import
 * call per group, as one list text in which line i is unit i (so a problem points back to its record).
 */
async function writeHashes(ctx: WriteContext, goods: Good[], c: Counts & { recordIds: Map<Good, string[]> }, reject: (rec: RawRecord, problems: Problem[]) => void): Promise<void> {
  const registry = ctx.registry ?? HashRegistry.for(ctx.store);
  const set = ctx.hashSet;
  const groups = new Map<string, Array<{ g: Good; h: HashUnit }>>();
  const feedback: Array<{ g: Good; u: Extract<Unit, { kind: 'feedback' }> }> = [];
  for (const g of goods) {
    for (const u of g.mapped.units) {
      if (u.kind === 'feedback') feedback.push({ g, u });
      if (u.kind !== 'hash') continue;
      const k = `${u.hash.signalType}\u0000${u.hash.classification ? `${u.hash.classification.scheme}\u0000${u.hash.classification.code}` : ''}`;
      groups.set(k, [...(groups.get(k) ?? []), { g, h: u.hash }]);
    }
  }
  const done = new Set<Good>();
  for (const list of groups.values()) {
    if (!set) throw new TesseraError('hash_set_required', 'Hashes need a hash set (--set).', { where: { field: 'set' } });
    const first = list[0]?.h as HashUnit;
    const text = list.map(({ h }) => (h.label ? `${h.value}\t${h.label.replace(/[\t\r\n]/g, ' ')}` : h.value)).join('\n');
    try {
      const r = await registry.importHashSet(ctx.actor, {
        set: set.slug, ...(set.name ? { name: set.name } : {}), signalType: first.signalType, text, file: ctx.file, source: set.source,
        ...(first.classification ? { classification: first.classification } : {}),
      });
      const badLines = new Set<number>();
      for (const p of r.problems) {
        const line = p.where?.line;
        const item = line ? list[line - 1] : undefined;
        if (item) {
          badLines.add(line as number);
          reject(item.g.rec, [{ ...p, where: item.g.rec.where }]);
          done.add(item.g);
        }
      }
      c.accepted += r.added + r.reinstated;
      c.duplicates += r.read - r.added - r.reinstated;
      for (const [i, { g }] of list.entries()) {
        if (badLines.has(i + 1) || done.has(g)) continue;
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
