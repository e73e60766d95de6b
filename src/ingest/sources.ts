/** Where an accepted record came from: run, file, line or element path, raw digest, notes. */
import type { Principal } from '../identity/principal.ts';
import { decide, requireAllowed } from '../policy/index.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import { ingestDb } from './tables.ts';
import type { Note } from './types.ts';

export interface RecordSource {
  recordId: string;
  runId: string;
  format: string;
  file: string;
  line: number | null;
  path: string | null;
  rawDigest: string;
  notes: Note[];
  ingestedAt: string;
  ingestedBy: string;
}

/** The source of one record the actor's organisation holds. */
export async function recordSource(store: Store, actor: Principal, recordId: string): Promise<RecordSource> {
  const scope = requireAllowed(decide(actor, 'read', recordId.startsWith('contact--') ? 'contact' : 'report'));
  const r = await ingestDb(store)
    .selectFrom('ingest_sources as s')
    .innerJoin('ingest_runs as r', 'r.id', 's.run_id')
    .select(['s.record_id', 's.run_id', 's.file', 's.line', 's.path', 's.raw_digest', 's.notes', 'r.format', 'r.started_at', 'r.started_by', 'r.org_id'])
    .where('s.record_id', '=', recordId)
    .where('r.org_id', 'in', scope.sourceOrgIds)
    .executeTakeFirst();
  if (!r) throw new NotFoundError('ingested record', recordId);
  const notes = (typeof r.notes === 'string' ? JSON.parse(r.notes) : r.notes) as Note[] | null;
  return {
    recordId: r.record_id, runId: r.run_id, format: r.format, file: r.file, line: r.line, path: r.path, rawDigest: r.raw_digest, notes: notes ?? [],
    ingestedAt: new Date(r.started_at).toISOString(), ingestedBy: r.started_by,
  };
}
