/**
 * Quarantine for input that arrives outside an ingest run (the exchange: objects a peer sent
 * that could not be accepted). Same table and shape as ingest's own entries, so stewards see
 * them with `tessera quarantine list`; `format` says where they came from (e.g. `taxii`).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Problem } from '../shared/errors.ts';
import type { CoreDatabase } from '../store/index.ts';
import { ingestDb } from './tables.ts';

export interface ExternalRejection {
  orgId: string;
  format: string;
  /** Where it came from: `peer <slug> collection <id>`. */
  file: string;
  /** The object's id or JSON path. */
  path?: string | undefined;
  problem: Problem;
  raw: string;
  context?: Record<string, unknown>;
}

const MAX_RAW = 256 * 1024;

export async function quarantineExternal(db: Kysely<CoreDatabase>, items: readonly ExternalRejection[]): Promise<string[]> {
  if (items.length === 0) return [];
  const rows = items.map((e) => ({
    id: `quarantine--${randomUUID()}`, org_id: e.orgId, dataset_id: null, run_id: null, format: e.format, file: e.file, line: null, col: null,
    path: e.path ?? e.problem.where?.path ?? null, field: e.problem.where?.field ?? null, code: e.problem.code, message: e.problem.message.slice(0, 2000),
    problems: JSON.stringify([e.problem]), raw: e.raw.length > MAX_RAW ? e.raw.slice(0, MAX_RAW) : e.raw, raw_truncated: e.raw.length > MAX_RAW, context: JSON.stringify(e.context ?? {}),
  }));
  await ingestDb({ db }).insertInto('ingest_quarantine').values(rows).execute();
  return rows.map((r) => r.id);
}
