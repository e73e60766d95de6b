/**
 * The quarantine: every record ingest could not accept, with its raw text and the error (file,
 * line or element path, field, reason). Stewards list and read entries, correct the raw text,
 * and retry: the corrected record goes through the same adapter and the same write path as a
 * fresh ingest. Entries are never deleted; a retried entry is marked resolved with the ids it
 * produced, a discarded one keeps its text and who discarded it.
 */
import { z } from 'zod';
import type { Principal } from '../identity/principal.ts';
import { decide, requireAllowed } from '../policy/index.ts';
import { NotFoundError, TesseraError, type Problem } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import { adapterFor } from './adapters.ts';
import { pseudonymiser, resolveDataset } from './env.ts';
import { prepare, writeBatch, type WriteContext } from './pipeline.ts';
import { entryFromRow, type QuarantineEntry } from './quarantine-store.ts';
import { ingestDb } from './tables.ts';
import { INGEST_FORMATS, type IngestFormat, type MapEnv } from './types.ts';

export const QuarantineFilter = z.strictObject({
  status: z.enum(['open', 'resolved', 'discarded', 'all']).default('open'),
  format: z.enum(INGEST_FORMATS).optional(),
  file: z.string().max(1000).optional(),
  runId: z.string().max(200).optional(),
  code: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type QuarantineFilter = z.input<typeof QuarantineFilter>;

/** Quarantine entries hold raw input (which may name people): stewards and admins of the organisation only. */
function scopeOf(actor: Principal): string[] {
  return requireAllowed(decide(actor, 'write', 'report')).sourceOrgIds;
}

export async function listQuarantine(store: Store, actor: Principal, filter: QuarantineFilter = {}): Promise<QuarantineEntry[]> {
  const f = QuarantineFilter.parse(filter);
  let q = ingestDb(store).selectFrom('ingest_quarantine').selectAll().where('org_id', 'in', scopeOf(actor));
  if (f.status !== 'all') q = q.where('status', '=', f.status);
  if (f.format) q = q.where('format', '=', f.format);
  if (f.file) q = q.where('file', '=', f.file);
  if (f.runId) q = q.where('run_id', '=', f.runId);
  if (f.code) q = q.where('code', '=', f.code);
  const rows = await q.orderBy('created_at', 'asc').orderBy('file').orderBy('line').orderBy('id').limit(f.limit).offset(f.offset).execute();
  return rows.map((r) => entryFromRow(r, false));
}

async function row(store: Store, actor: Principal, id: string) {
  const r = await ingestDb(store).selectFrom('ingest_quarantine').selectAll().where('id', '=', id).where('org_id', 'in', scopeOf(actor)).executeTakeFirst();
  if (!r) throw new NotFoundError('quarantine entry', id);
  return r;
}

export async function showQuarantine(store: Store, actor: Principal, id: string): Promise<QuarantineEntry> {
  return entryFromRow(await row(store, actor, id), true);
}

/** Replaces the text a retry will read (the original raw text is kept). */
export async function correctQuarantine(store: Store, actor: Principal, id: string, raw: string): Promise<QuarantineEntry> {
  const r = await row(store, actor, id);
  if (r.status !== 'open') throw new TesseraError('not_open', `Quarantine entry ${id} is ${r.status}; only open entries can be corrected.`, { status: 409 });
  if (raw.length > 16 * 1024 * 1024) throw new TesseraError('too_large', 'The corrected text is over 16 MiB.', { where: { field: 'raw' } });
  await ingestDb(store).updateTable('ingest_quarantine').set({ corrected_raw: raw, updated_at: new Date() }).where('id', '=', id).execute();
  return showQuarantine(store, actor, id);
}

export async function discardQuarantine(store: Store, actor: Principal, id: string, reason: string): Promise<QuarantineEntry> {
  const r = await row(store, actor, id);
  if (r.status !== 'open') throw new TesseraError('not_open', `Quarantine entry ${id} is ${r.status}.`, { status: 409 });
  await ingestDb(store).updateTable('ingest_quarantine').set({ status: 'discarded', resolved_by: actor.userId, updated_at: new Date(), record_ids: JSON.stringify([]), message: `${r.message} — discarded: ${reason.slice(0, 500)}` }).where('id', '=', id).execute();
  return showQuarantine(store, actor, id);
}

export interface RetryOutcome {
  id: string;
  status: 'resolved' | 'open';
  recordIds: string[];
  duplicate: boolean;
  error?: Problem;
  problems?: Problem[];
}

/** Retries open entries (one id, or every open entry matching the filter): corrected text first, else the original. */
export async function retryQuarantine(store: Store, actor: Principal, target: { id: string } | { filter: QuarantineFilter }): Promise<RetryOutcome[]> {
  const ids = 'id' in target ? [target.id] : (await listQuarantine(store, actor, { ...target.filter, status: 'open' })).map((e) => e.id);
  const out: RetryOutcome[] = [];
  const pseudonymise = await pseudonymiser(store);
  for (const id of ids) out.push(await retryOne(store, actor, id, pseudonymise));
  return out;
}

async function retryOne(store: Store, actor: Principal, id: string, pseudonymise: MapEnv['pseudonymise']): Promise<RetryOutcome> {
  const r = await row(store, actor, id);
  if (r.status !== 'open') throw new TesseraError('not_open', `Quarantine entry ${id} is ${r.status}; nothing to retry.`, { status: 409 });
  const context = (typeof r.context === 'string' ? JSON.parse(r.context) : r.context) as Record<string, unknown>;
  const format = r.format as IngestFormat;
  const adapter = adapterFor(format, { ...(context.mapping ? { mapping: context.mapping as never } : {}), ...(typeof context.hashType === 'string' ? { hashType: context.hashType } : {}) });
  const dataset = r.dataset_id ? await resolveDataset(store, actor, format === 'helpline-csv' ? 'contact' : 'report', r.dataset_id) : null;
  const where = { file: r.file, ...(r.line !== null ? { line: r.line } : {}) };
  const raw = r.corrected_raw ?? r.raw;
  const rec = await adapter.readOne(raw, context, where);
  const receivedAt = new Date().toISOString();
  const env: MapEnv = {
    orgId: dataset?.ownerOrgId ?? actor.orgId, datasetId: dataset?.id ?? null, pseudonymise, receivedAt,
    lineage: {
      sourceOrgId: dataset?.ownerOrgId ?? actor.orgId, sourceSystem: typeof context.sourceSystem === 'string' ? context.sourceSystem : adapter.sourceSystem,
      collectionPurpose: dataset?.purpose ?? 'content-removal', legalBasis: dataset?.legalBasis ?? 'legitimate-interest', adapter: { name: adapter.name, version: adapter.version }, receivedAt, hops: [],
    },
  };
  const work = prepare({ seq: null, records: [rec] }, adapter, env, { file: r.file });
  const fail = async (problems: Problem[]): Promise<RetryOutcome> => {
    const first = problems[0] as Problem;
    await ingestDb(store).updateTable('ingest_quarantine').set({
      attempts: r.attempts + 1, updated_at: new Date(), code: first.code, message: first.message.slice(0, 2000), problems: JSON.stringify(problems.slice(0, 50)),
      line: first.where?.line ?? r.line, col: first.where?.column ?? null, path: first.where?.path ?? null, field: first.where?.field ?? null,
    }).where('id', '=', id).execute();
    return { id, status: 'open', recordIds: [], duplicate: false, error: first, problems };
  };
  if (work.bad.length) return fail(work.bad[0]?.problems ?? []);
  const rejected: Problem[][] = [];
  const ctx: WriteContext = {
    store, db: ingestDb(store), actor, orgId: env.orgId, datasetId: env.datasetId, runId: r.run_id ?? 'retry', format, file: r.file, inputKey: `retry|${id}`,
    hashSet: typeof context.set === 'string' ? { slug: context.set, source: { name: r.file.replace(/^.*[\\/]/, '') } } : undefined, registry: undefined,
  };
  const c = await writeBatch(ctx, work, { onReject: (problems) => rejected.push(problems) });
  if (rejected.length) return fail(rejected[0] ?? []);
  const recordIds = [...c.recordIds.values()].flat();
  await ingestDb(store).updateTable('ingest_quarantine').set({ status: 'resolved', attempts: r.attempts + 1, resolved_by: actor.userId, updated_at: new Date(), record_ids: JSON.stringify(recordIds) }).where('id', '=', id).execute();
  return { id, status: 'resolved', recordIds, duplicate: c.duplicates > 0 && c.accepted === 0 };
}
