/** Kysely types of the ingest tables (migration 0400_ingest.sql). */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { CoreDatabase, Store } from '../store/index.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type IngestRunsTable = {
  id: string;
  org_id: string;
  dataset_id: string | null;
  format: string;
  file: string;
  input_key: string;
  batch_size: number;
  status: string;
  started_by: string;
  started_at: Generated<Date>;
  finished_at: Timestamp | null;
  summary: Json<unknown> | null;
}

export type IngestBatchesTable = {
  run_id: string;
  seq: number;
  records: number;
  accepted: number;
  duplicates: number;
  quarantined: number;
  committed_at: Generated<Date>;
}

export type IngestQuarantineTable = {
  id: string;
  org_id: string;
  dataset_id: string | null;
  run_id: string | null;
  format: string;
  file: string;
  line: number | null;
  col: number | null;
  path: string | null;
  field: string | null;
  code: string;
  message: string;
  problems: Json<unknown>;
  raw: string;
  raw_truncated: boolean;
  corrected_raw: string | null;
  context: Json<unknown>;
  status: Generated<string>;
  attempts: Generated<number>;
  record_ids: Json<unknown> | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  resolved_by: string | null;
}

export type IngestSourcesTable = {
  record_id: string;
  run_id: string;
  file: string;
  line: number | null;
  path: string | null;
  raw_digest: string;
  notes: Json<unknown> | null;
}

export type IngestTables = {
  ingest_runs: IngestRunsTable;
  ingest_batches: IngestBatchesTable;
  ingest_quarantine: IngestQuarantineTable;
  ingest_sources: IngestSourcesTable;
}

export type IngestDb = Kysely<CoreDatabase & IngestTables>;

export function ingestDb(store: Store | { db: Kysely<CoreDatabase> }): IngestDb {
  return store.db.withTables<IngestTables>();
}
