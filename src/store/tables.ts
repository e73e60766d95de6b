import type { ColumnType, Generated } from 'kysely';

/** Timestamps are written as Date or ISO strings and read back as Date (both drivers). */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/**
 * A record's lineage, in one of two forms (migration 0940): the whole document in `lineage`, or
 * a shared context (lineage_contexts) plus the row's received time and raw digest. Never read
 * these columns directly: select `lineageSql(table)` (src/store/lineage.ts), which gives the
 * document whichever form the row has.
 */
interface LineageColumns {
  lineage: ColumnType<unknown, string | null | undefined, string | null>;
  lineage_context: ColumnType<string | null, string | null | undefined, string | null>;
  lineage_received_at: ColumnType<string | null, string | null | undefined, string | null>;
  raw_digest: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Lineage contexts shared by many rows: everything but `receivedAt` and `rawDigest`. */
export interface LineageContextsTable {
  id: string;
  context: Json<unknown>;
}

export interface OrganisationsTable {
  id: string;
  slug: string;
  name: string;
  kind: string;
  jurisdiction: string;
  languages: string[];
  node_url: string | null;
  created_at: Generated<Timestamp>;
}

export interface DatasetsTable {
  id: string;
  owner_org_id: string;
  slug: string;
  name: string;
  description: string;
  record_type: string;
  purpose: string;
  legal_basis: string;
  retention_days: number | null;
  created_at: Timestamp;
}

export interface ReportsTable extends LineageColumns {
  id: string;
  dataset_id: string;
  source_org_id: string;
  source_ref: string;
  kind: string;
  status: string;
  reported_at: Timestamp;
  incident_at: Timestamp | null;
  country: string | null;
  language: string | null;
  incident_types: Json<Array<{ scheme: string; code: string; label?: string }>>;
  flags: string[];
  stored_at: Generated<Timestamp>;
}

export interface ContentItemsTable extends LineageColumns {
  id: string;
  report_id: string;
  source_ref: string;
  media_type: string;
  size_bytes: ColumnType<number | null, number | null, number | null>;
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  pdq: string | null;
  pdq_quality: number | null;
}

export interface SignalsTable {
  id: string;
  report_id: string;
  type: string;
  value: string;
  pseudonymised: boolean;
}

export interface ChildrenTable {
  id: string;
  report_id: string;
  source_ref: string;
  age_min: number | null;
  age_max: number | null;
  age_basis: string;
  age_stage: string | null;
  gender: string;
  country: string | null;
  identified: boolean;
}

export interface SubjectsTable {
  id: string;
  report_id: string;
  source_ref: string;
  kind: string;
  role: string;
  identifiers: Json<unknown>;
  country: string | null;
}

export interface ContactsTable extends LineageColumns {
  id: string;
  dataset_id: string;
  source_org_id: string;
  source_ref: string;
  channel: string;
  contact_at: Timestamp;
  duration_minutes: number | null;
  age_min: number | null;
  age_max: number | null;
  age_basis: string | null;
  age_stage: string | null;
  gender: string;
  country: string | null;
  region: string | null;
  language: string | null;
  categories: Json<unknown>;
  stored_at: Generated<Timestamp>;
}

export interface ClassificationsTable {
  id: string;
  target_id: string;
  scheme: string;
  code: string;
  assessor_org_id: string;
  assessed_at: Timestamp;
  jurisdiction: string | null;
  legal_status: string;
}

export interface UsersTable {
  id: string;
  org_id: string;
  name: string;
  email: string;
  roles: string[];
  data_protection_trained_at: Timestamp | null;
  safeguarding_trained_at: Timestamp | null;
  created_at: Generated<Timestamp>;
  disabled_at: Timestamp | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  token_sha256: string;
  prefix: string;
  label: string;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface NodeSettingsTable {
  key: string;
  value: Json<unknown>;
}

export interface MigrationsTable {
  name: string;
  applied_at: Generated<Timestamp>;
}

/** Core tables. Feature modules declare their own tables and use `db.withTables<...>()`. */
export interface CoreDatabase {
  organisations: OrganisationsTable;
  datasets: DatasetsTable;
  reports: ReportsTable;
  lineage_contexts: LineageContextsTable;
  content_items: ContentItemsTable;
  signals: SignalsTable;
  children: ChildrenTable;
  subjects: SubjectsTable;
  contacts: ContactsTable;
  classifications: ClassificationsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  node_settings: NodeSettingsTable;
  tessera_migrations: MigrationsTable;
}
