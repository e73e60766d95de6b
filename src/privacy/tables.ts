import type { ColumnType, Kysely } from 'kysely';
import type { CoreDatabase, Store } from '../store/index.ts';

type Ts = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** Tables of migration 0500_privacy_linkage.sql. */
export type PrivacyTables = {
  privacy_budgets: { dataset_id: string; epsilon_total: number; set_by: string; set_at: Ts };
  privacy_spends: { id: string; dataset_id: string; epsilon: number; org_id: string; user_id: string; agreement_id: string | null; query: string; at: Ts };
  disclosure_releases: { base: string; cell: string; value: ColumnType<number | string | null, number | null, number | null>; suppressed: boolean; released_at: Ts };
  psi_sessions: {
    id: string; agreement_id: string; role: string; org_id: string; peer: string; identifier_kind: string; reveal: string; set_size: number | null; peer_set_size: number | null;
    state: string; result: Json<unknown> | null; created_at: Ts; finished_at: Ts | null;
  };
  linkage_runs: { id: string; scope: string; org_id: string; user_id: string; options: Json<unknown>; summary: Json<unknown>; at: Ts };
  report_links: { scope: string; a: string; b: string; evidence: string; key: string; detail: Json<unknown>; created_at: Ts };
  linkage_cases: {
    id: string; scope: string; status: string; flagged_by_org: string | null; flagged_by: string | null; flag_note: string | null; flagged_at: Ts | null; created_at: Ts; updated_at: Ts;
  };
  linkage_case_reports: { case_id: string; report_id: string; added_at: Ts };
  urgent_reviews: { report_id: string; case_id: string; scope: string; reason: string; created_at: Ts; reviewed_at: Ts | null; reviewed_by: string | null };
};

export type PrivacyDb = Kysely<CoreDatabase & PrivacyTables>;
export const pdb = (store: Store): PrivacyDb => store.db.withTables<PrivacyTables>() as PrivacyDb;
