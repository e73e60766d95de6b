/** Quarantine rows: what goes in (from a run or a retry) and how rows read back. */
import type { Insertable, Selectable } from 'kysely';
import type { Problem } from '../shared/errors.ts';
import type { IngestQuarantineTable } from './tables.ts';
import type { RawRecord } from './types.ts';

export interface QuarantineEntry {
  id: string;
  status: 'open' | 'resolved' | 'discarded';
  format: string;
  datasetId: string | null;
  runId: string | null;
  /** The first problem: code, reason and where it happened. */
  error: Problem;
  problems: Problem[];
  where: NonNullable<Problem['where']>;
  attempts: number;
  recordIds: string[] | null;
  createdAt: string;
  updatedAt: string;
  /** Present in `show`: the raw text as read (and as corrected). */
  raw?: string;
  rawTruncated?: boolean;
  correctedRaw?: string | null;
  context?: Record<string, unknown>;
}

export type QuarantineInsert = Omit<Insertable<IngestQuarantineTable>, 'created_at' | 'updated_at' | 'status' | 'attempts' | 'corrected_raw' | 'record_ids' | 'resolved_by'>;

const parse = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export function quarantineRow(id: string, base: { orgId: string; datasetId: string | null; runId: string | null; format: string; file: string }, rec: RawRecord, problems: Problem[]): QuarantineInsert {
  const first = problems[0] ?? { code: 'rejected', message: 'rejected' };
  const w = first.where ?? rec.where;
  return {
    id, org_id: base.orgId, dataset_id: base.datasetId, run_id: base.runId, format: base.format, file: w.file ?? base.file,
    line: w.line ?? rec.where.line ?? null, col: w.column ?? null, path: w.path ?? rec.where.path ?? null, field: w.field ?? null,
    code: first.code, message: first.message.slice(0, 2000), problems: JSON.stringify(problems.slice(0, 50)), raw: rec.raw, raw_truncated: rec.truncated ?? false,
    context: JSON.stringify(rec.context ?? {}),
  };
}

export function entryFromRow(r: Selectable<IngestQuarantineTable>, full: boolean): QuarantineEntry {
  const problems = parse<Problem[]>(r.problems);
  const where = { file: r.file, ...(r.line !== null ? { line: r.line } : {}), ...(r.col !== null ? { column: r.col } : {}), ...(r.path ? { path: r.path } : {}), ...(r.field ? { field: r.field } : {}) };
  const e: QuarantineEntry = {
    id: r.id, status: r.status as QuarantineEntry['status'], format: r.format, datasetId: r.dataset_id, runId: r.run_id,
    error: { code: r.code, message: r.message, where }, problems, where, attempts: r.attempts,
    recordIds: r.record_ids === null ? null : parse<string[]>(r.record_ids), createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  };
  if (full) {
    e.raw = r.raw;
    e.rawTruncated = r.raw_truncated;
    e.correctedRaw = r.corrected_raw;
    e.context = parse<Record<string, unknown>>(r.context);
  }
  return e;
}
