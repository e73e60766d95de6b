-- Hash registry (issue 4): hash sets (banks) from many organisations with their provenance,
-- the hashes in them, classifications of hashed content by assessor organisation, and
-- feedback on matches. No content is stored: only hashes and metadata.
-- Same SQL on PGlite and PostgreSQL 15+.

CREATE TABLE hash_sets (
  id               text PRIMARY KEY,
  owner_org_id     text NOT NULL REFERENCES organisations(id),
  slug             text NOT NULL,
  name             text NOT NULL,
  description      text NOT NULL DEFAULT '',
  -- Where the hashes came from: [{name, reference?, version?, importedAt, importedBy, file?, lines?}]
  sources          jsonb NOT NULL DEFAULT '[]',
  created_at       timestamptz NOT NULL DEFAULT now(),
  created_by       text NOT NULL,
  withdrawn_at     timestamptz,
  withdrawn_by     text,
  withdrawn_reason text,
  UNIQUE (owner_org_id, slug)
);

-- Every change to an entry (added, withdrawn) takes a number from this sequence, so a matcher
-- holding an in-memory index can fetch only what changed since it last looked.
CREATE SEQUENCE hash_entry_changes;

CREATE TABLE hash_entries (
  seq              bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id               text PRIMARY KEY,
  set_id           text NOT NULL REFERENCES hash_sets(id),
  signal_type      text NOT NULL,
  value            text NOT NULL,
  quality          smallint CHECK (quality BETWEEN 0 AND 100),
  label            text,
  -- Position in the imported source (file:line) or the partner's own reference.
  source_ref       text,
  added_at         timestamptz NOT NULL DEFAULT now(),
  added_by         text NOT NULL,
  withdrawn_at     timestamptz,
  withdrawn_by     text,
  withdrawn_reason text,
  change_seq       bigint NOT NULL DEFAULT nextval('hash_entry_changes'),
  UNIQUE (set_id, signal_type, value)
);
CREATE INDEX hash_entries_value ON hash_entries (signal_type, value);
CREATE INDEX hash_entries_changes ON hash_entries (change_seq);
CREATE INDEX hash_entries_set ON hash_entries (set_id, seq);

-- An opinion about hashed content: attached to the hash value (so every organisation's view of
-- the same content meets), optionally pointing at the set entry it came with.
CREATE TABLE hash_classifications (
  id               text PRIMARY KEY,
  signal_type      text NOT NULL,
  value            text NOT NULL,
  entry_id         text REFERENCES hash_entries(id),
  scheme           text NOT NULL,
  code             text NOT NULL,
  assessor_org_id  text NOT NULL REFERENCES organisations(id),
  assessed_by      text NOT NULL,
  assessed_at      timestamptz NOT NULL,
  confidence       real CHECK (confidence >= 0 AND confidence <= 1),
  note             text,
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  withdrawn_at     timestamptz,
  withdrawn_by     text
);
CREATE INDEX hash_classifications_value ON hash_classifications (signal_type, value);
CREATE INDEX hash_classifications_entry ON hash_classifications (entry_id);

-- Was a match right? Recorded per organisation and person, never overwritten.
CREATE TABLE hash_match_feedback (
  id               text PRIMARY KEY,
  query_type       text NOT NULL,
  query_value      text NOT NULL,
  entry_id         text NOT NULL REFERENCES hash_entries(id),
  distance         integer,
  verdict          text NOT NULL CHECK (verdict IN ('true_positive', 'false_positive')),
  org_id           text NOT NULL REFERENCES organisations(id),
  given_by         text NOT NULL,
  note             text,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hash_match_feedback_entry ON hash_match_feedback (entry_id, created_at);
