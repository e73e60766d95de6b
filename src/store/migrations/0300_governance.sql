-- Governance (issue 6): agreements as data, consent events, the append-only verifiable audit
-- log, envelope-encrypted fields with per-dataset keys, retention and tombstones.
-- Runs on PostgreSQL 15+ and PGlite alike.

-- Agreements: the current version's terms are kept on the agreement; every version with its
-- SHA-256 in agreement_versions; acceptances name the version hash they accepted.
CREATE TABLE agreements (
  id               text COLLATE "C" PRIMARY KEY,
  slug             text COLLATE "C" NOT NULL,
  provider_org_id  text COLLATE "C" NOT NULL REFERENCES organisations(id),
  version          integer NOT NULL,
  version_hash     text COLLATE "C" NOT NULL,
  terms            jsonb NOT NULL,
  state            text NOT NULL CHECK (state IN ('draft', 'active', 'revoked')),
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  revoked_at       timestamptz,
  revoked_by       text COLLATE "C",
  revoked_reason   text,
  UNIQUE (provider_org_id, slug)
);

CREATE TABLE agreement_versions (
  agreement_id  text COLLATE "C" NOT NULL REFERENCES agreements(id),
  version       integer NOT NULL,
  version_hash  text COLLATE "C" NOT NULL,
  terms         jsonb NOT NULL,
  created_at    timestamptz NOT NULL,
  created_by    text COLLATE "C" NOT NULL,
  PRIMARY KEY (agreement_id, version)
);

CREATE TABLE agreement_acceptances (
  agreement_id  text COLLATE "C" NOT NULL REFERENCES agreements(id),
  version       integer NOT NULL,
  org_id        text COLLATE "C" NOT NULL REFERENCES organisations(id),
  user_id       text COLLATE "C" NOT NULL,
  version_hash  text COLLATE "C" NOT NULL,
  accepted_at   timestamptz NOT NULL,
  PRIMARY KEY (agreement_id, version, org_id)
);

-- Consent events after ISO/IEC TS 27560 (given, withdrawn, expired) and safeguarding
-- overrides (with their mandatory reason). consent_state is the current state per subject and
-- purpose, kept in step with the events, so a query can filter rows on it.
CREATE TABLE consent_events (
  id               text COLLATE "C" PRIMARY KEY,
  subject_ref      text COLLATE "C" NOT NULL,
  given_by         text NOT NULL,
  event            text NOT NULL CHECK (event IN ('given', 'withdrawn', 'expired', 'safeguarding-override')),
  purposes         text[] NOT NULL,
  agreement_id     text COLLATE "C",
  at               timestamptz NOT NULL,
  expires_at       timestamptz,
  reason           text,
  recorded_by      text COLLATE "C" NOT NULL,
  recorded_org_id  text COLLATE "C" NOT NULL
);
CREATE INDEX consent_events_subject ON consent_events (subject_ref, at);

CREATE TABLE consent_state (
  subject_ref  text COLLATE "C" NOT NULL,
  purpose      text COLLATE "C" NOT NULL,
  status       text NOT NULL CHECK (status IN ('given', 'withdrawn', 'expired', 'safeguarding-override')),
  expires_at   timestamptz,
  event_id     text COLLATE "C" NOT NULL,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (subject_ref, purpose)
);

-- The audit log: one row per event (its canonical JSON is the RFC 9162 leaf), the tree's
-- perfect-subtree hashes keyed by (last leaf, level), and signed checkpoints.
CREATE TABLE audit_events (
  seq              bigint PRIMARY KEY,
  at               timestamptz NOT NULL,
  actor_user_id    text COLLATE "C",
  actor_org_id     text COLLATE "C",
  owner_org_id     text COLLATE "C",
  action           text COLLATE "C" NOT NULL,
  decision         text NOT NULL,
  agreement_id     text COLLATE "C",
  agreement_hash   text COLLATE "C",
  entry            text NOT NULL
);
CREATE INDEX audit_events_actor_org ON audit_events (actor_org_id, seq);
CREATE INDEX audit_events_owner_org ON audit_events (owner_org_id, seq);
CREATE INDEX audit_events_agreement ON audit_events (agreement_id, seq);

CREATE TABLE audit_nodes (
  last_leaf  bigint NOT NULL,
  level      smallint NOT NULL,
  hash       bytea NOT NULL,
  PRIMARY KEY (last_leaf, level)
);

CREATE TABLE audit_checkpoints (
  size       bigint PRIMARY KEY,
  root       bytea NOT NULL,
  signed_at  timestamptz NOT NULL,
  key_id     text COLLATE "C" NOT NULL,
  signature  bytea NOT NULL
);

-- Append-only: no UPDATE, DELETE or TRUNCATE on the log, whoever the role (triggers hold
-- even for the table owner); and the application role, when one exists, loses the privileges.
CREATE FUNCTION tessera_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION tessera_audit_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION tessera_audit_append_only();
CREATE TRIGGER audit_nodes_append_only BEFORE UPDATE OR DELETE ON audit_nodes FOR EACH ROW EXECUTE FUNCTION tessera_audit_append_only();
CREATE TRIGGER audit_nodes_no_truncate BEFORE TRUNCATE ON audit_nodes FOR EACH STATEMENT EXECUTE FUNCTION tessera_audit_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION tessera_audit_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION tessera_audit_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, audit_nodes, audit_checkpoints FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tessera_app') THEN
    EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, audit_nodes, audit_checkpoints FROM tessera_app';
  END IF;
END
$$;

-- Envelope encryption: data keys per dataset and period, wrapped by the node's master key.
-- Destroying a key (wrapped set to NULL) makes everything sealed with it unreadable.
CREATE TABLE data_keys (
  id            text COLLATE "C" PRIMARY KEY,
  dataset_id    text COLLATE "C" NOT NULL,
  period        text COLLATE "C" NOT NULL,
  wrapped       bytea,
  created_at    timestamptz NOT NULL,
  destroyed_at  timestamptz,
  UNIQUE (dataset_id, period)
);

-- Sealed (encrypted) field values, bound to their row and field by the AEAD's associated data.
CREATE TABLE sealed_fields (
  record_id   text COLLATE "C" NOT NULL,
  field       text COLLATE "C" NOT NULL,
  key_id      text COLLATE "C" NOT NULL,
  iv          bytea NOT NULL,
  ciphertext  bytea NOT NULL,
  tag         bytea NOT NULL,
  PRIMARY KEY (record_id, field)
);
CREATE INDEX sealed_fields_key ON sealed_fields (key_id);

-- What to do with a dataset's records when they are due (its retention_days is on datasets).
CREATE TABLE dataset_retention (
  dataset_id  text COLLATE "C" PRIMARY KEY REFERENCES datasets(id),
  action      text NOT NULL CHECK (action IN ('delete', 'anonymise'))
);

-- Deletions and withdrawals travel to peers as tombstones.
CREATE TABLE tombstones (
  id             text COLLATE "C" PRIMARY KEY,
  record_type    text NOT NULL,
  record_id      text COLLATE "C" NOT NULL,
  dataset_id     text COLLATE "C",
  source_org_id  text COLLATE "C",
  action         text NOT NULL,
  reason         text NOT NULL,
  at             timestamptz NOT NULL
);
CREATE INDEX tombstones_at ON tombstones (at, id);
