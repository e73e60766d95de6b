/** Kysely types of the exchange tables (migrations 0700_exchange.sql, 0930, 0931). */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { GovernanceTables } from '../policy/index.ts';
import type { CoreDatabase, Store } from '../store/index.ts';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type ExchangeTables = {
  exchange_changes: { seq: Generated<string>; xid: Generated<string>; kind: string; record_ids: string[]; ref_ids: string[] | null; n: number; source_org_id: string; dataset_id: string | null; at: Ts };
  exchange_peers: {
    id: string; org_id: string; url: string; public_key: string; key_id: string; token: string | null; token_sealed: Generated<boolean>; user_id: string; push_records: Generated<boolean>;
    state: Generated<string>; created_at: Ts; removed_at: Ts | null;
  };
  exchange_links: {
    peer_id: string; agreement_id: string; direction: string; cursor: string | null; objects: ColumnType<string | number, number | undefined, number | string>;
    rejected: ColumnType<string | number, number | undefined, number | string>; last_run_at: Ts | null; last_ok_at: Ts | null; last_object_at: Ts | null; last_error: string | null;
  };
  exchange_agreements: { id: string; peer_id: string; slug: string; provider_org_id: string; version_hash: string; state: string; terms: Json<unknown>; fetched_at: Ts };
  exchange_copies: {
    record_id: string; agreement_id: string; peer_id: string; receiver_org_id: string; source_org_id: string; dataset_id: string; stix_id: string; modified: Ts;
    record: Json<unknown>; received_at: Ts;
  };
  exchange_nonces: { nonce: string; peer_id: string; seen_at: Ts };
  exchange_status: { id: string; org_id: string; resource: Json<unknown>; created_at: Ts };
  exchange_outbox: { seq: Generated<string>; id: string; peer_id: string; agreement_id: string; type: string; object: Json<unknown>; created_at: Ts; sent_at: Ts | null };
  exchange_inbox: { id: string; type: string; peer_id: string; agreement_id: string; owner_org_id: string; about_record_id: string | null; from_org_id: string | null; object: Json<unknown>; received_at: Ts };
};

export type ExchangeDb = Kysely<CoreDatabase & GovernanceTables & ExchangeTables>;
export const xdb = (store: Store | { db: Kysely<CoreDatabase> }): ExchangeDb => store.db.withTables<GovernanceTables & ExchangeTables>() as ExchangeDb;
export const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
