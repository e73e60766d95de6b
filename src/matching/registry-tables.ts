/** Kysely types of the hash-registry tables (migration 0200_hash_registry.sql). */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { CoreDatabase } from '../store/index.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface HashSetSource {
  name: string;
  reference?: string;
  version?: string;
  file?: string;
  lines?: number;
  importedAt: string;
  importedBy: string;
  /** Identifies one import made of several calls (an ingest run), so it is recorded once. */
  importId?: string;
}

export type HashSetsTable = {
  id: string;
  owner_org_id: string;
  slug: string;
  name: string;
  description: string;
  sources: Json<HashSetSource[]>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_by: string;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
};

export type HashEntriesTable = {
  seq: Generated<number>;
  id: string;
  set_id: string;
  signal_type: string;
  value: string;
  quality: number | null;
  label: string | null;
  source_ref: string | null;
  added_at: ColumnType<Date, Date | string | undefined, Date | string>;
  added_by: string;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
  change_seq: Generated<number>;
};

export type HashClassificationsTable = {
  id: string;
  signal_type: string;
  value: string;
  entry_id: string | null;
  scheme: string;
  code: string;
  assessor_org_id: string;
  assessed_by: string;
  assessed_at: Timestamp;
  confidence: number | null;
  note: string | null;
  recorded_at: ColumnType<Date, Date | string | undefined, Date | string>;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
};

export type HashMatchFeedbackTable = {
  id: string;
  query_type: string;
  query_value: string;
  entry_id: string;
  distance: number | null;
  verdict: 'true_positive' | 'false_positive';
  org_id: string;
  given_by: string;
  note: string | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
};

export type HashRegistryTables = {
  hash_sets: HashSetsTable;
  hash_entries: HashEntriesTable;
  hash_classifications: HashClassificationsTable;
  hash_match_feedback: HashMatchFeedbackTable;
};

export type RegistryDb = Kysely<CoreDatabase & HashRegistryTables>;
