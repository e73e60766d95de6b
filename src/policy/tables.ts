import type { ColumnType } from 'kysely';

type Ts = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** Tables of the governance migration (0300). */
export type GovernanceTables = {
  agreements: {
    id: string; slug: string; provider_org_id: string; version: number; version_hash: string; terms: Json<unknown>; state: string;
    created_at: Ts; updated_at: Ts; revoked_at: Ts | null; revoked_by: string | null; revoked_reason: string | null;
  };
  agreement_versions: { agreement_id: string; version: number; version_hash: string; terms: Json<unknown>; created_at: Ts; created_by: string };
  agreement_acceptances: { agreement_id: string; version: number; org_id: string; user_id: string; version_hash: string; accepted_at: Ts };
  consent_events: {
    id: string; subject_ref: string; given_by: string; event: string; purposes: string[]; agreement_id: string | null; at: Ts; expires_at: Ts | null;
    reason: string | null; recorded_by: string; recorded_org_id: string;
  };
  consent_state: { subject_ref: string; purpose: string; status: string; expires_at: Ts | null; event_id: string; updated_at: Ts };
  data_keys: { id: string; dataset_id: string; period: string; wrapped: Uint8Array | null; created_at: Ts; destroyed_at: Ts | null };
  sealed_fields: { record_id: string; field: string; key_id: string; iv: Uint8Array; ciphertext: Uint8Array; tag: Uint8Array };
  dataset_retention: { dataset_id: string; action: string };
  tombstones: {
    id: string; record_type: string; record_id: string; dataset_id: string | null; source_org_id: string | null; action: string; reason: string; at: Ts;
    /** 0310: feed position (bigserial; commit order, see retention.ts), the agreement a withdrawal concerns, and the cause. */
    seq: ColumnType<string | number, never, never>; agreement_id: string | null; cause: ColumnType<string, string | undefined, string>;
  };
};
