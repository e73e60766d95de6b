import type { ColumnType } from 'kysely';

type Ts = ColumnType<Date, Date | string, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

/** Tables of migration 0800 (services, referrals, their lifecycle, outcomes). Names are stable: indicators read them. */
export type ReferralTables = {
  services: {
    id: string; listed_by_org_id: string; provider_org_id: string | null; slug: string; name: string; kind: string; jurisdiction: string;
    countries: string[]; languages: string[]; age_min: number | null; age_max: number | null; needs: string[]; hours: string; open_24_7: boolean;
    contact: Json<unknown>; description: string; node_url: string | null; accepts_referrals: boolean; active: boolean; created_at: Ts; updated_at: Ts;
  };
  referrals: {
    id: string; from_org_id: string; from_user_id: string | null; to_org_id: string | null; service_id: string; origin_id: string; origin_kind: string;
    origin_at: TsNull; subject_ref: string; needs: string[]; urgency: string; consent_basis: string; consent_event_id: string; status: string;
    created_at: Ts; updated_at: Ts; sent_at: TsNull; responded_at: TsNull; completed_at: TsNull; closed_at: TsNull; home_node: string | null; delivery: string;
  };
  referral_events: {
    referral_id: string; seq: number; from_status: string | null; to_status: string; at: Ts; by_org_id: string; by_user_id: string | null; reason: string | null; via: string;
  };
  outcomes: {
    id: string; target_id: string; target_kind: string; type: string; positive: boolean; source_org_id: string; reported_by_org_id: string; reported_by_user_id: string | null;
    referral_id: string | null; origin_id: string | null; occurred_at: Ts; recorded_at: Ts; anonymous: boolean; note: string | null; via: string; delivery: string;
  };
  consent_state: { subject_ref: string; purpose: string; status: string; expires_at: Date | null; event_id: string; updated_at: Date };
};
