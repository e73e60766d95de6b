-- Ingest (issue 5): runs with per-batch checkpoints (an interrupted ingest resumes without
-- duplicates or gaps), the quarantine of rejected input with its raw text and precise error,
-- and where every accepted record came from (file, line or element path, run).
-- Same SQL on PGlite and PostgreSQL 15+.

CREATE TABLE ingest_runs (
  id            text COLLATE "C" PRIMARY KEY,
  org_id        text COLLATE "C" NOT NULL REFERENCES organisations(id),
  dataset_id    text COLLATE "C",
  format        text NOT NULL,
  file          text NOT NULL,
  -- Identity of the input: sha256 of its first MiB, its size and the options that change the mapping.
  input_key     text COLLATE "C" NOT NULL,
  batch_size    integer NOT NULL,
  status        text NOT NULL,
  started_by    text NOT NULL,
  started_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  summary       jsonb
);
CREATE INDEX ingest_runs_resume ON ingest_runs (org_id, input_key, status);

-- A batch's row is written in the same transaction as the batch's records: committed batches
-- are skipped when the run resumes.
CREATE TABLE ingest_batches (
  run_id        text COLLATE "C" NOT NULL REFERENCES ingest_runs(id) ON DELETE CASCADE,
  seq           integer NOT NULL,
  records       integer NOT NULL,
  accepted      integer NOT NULL,
  duplicates    integer NOT NULL,
  quarantined   integer NOT NULL,
  committed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, seq)
);

CREATE TABLE ingest_quarantine (
  id             text COLLATE "C" PRIMARY KEY,
  org_id         text COLLATE "C" NOT NULL REFERENCES organisations(id),
  dataset_id     text COLLATE "C",
  run_id         text COLLATE "C",
  format         text NOT NULL,
  file           text NOT NULL,
  line           integer,
  col            integer,
  path           text,
  field          text,
  code           text NOT NULL,
  message        text NOT NULL,
  problems       jsonb NOT NULL,
  raw            text NOT NULL,
  raw_truncated  boolean NOT NULL DEFAULT false,
  corrected_raw  text,
  -- What the adapter needs to read the raw text again on its own (CSV header, mapping, hash type).
  context        jsonb NOT NULL DEFAULT '{}',
  status         text NOT NULL DEFAULT 'open',
  attempts       integer NOT NULL DEFAULT 0,
  record_ids     jsonb,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  resolved_by    text
);
CREATE INDEX ingest_quarantine_list ON ingest_quarantine (org_id, status, created_at DESC, id);

-- Where each accepted top-level record came from; notes keep what the CDM could not hold
-- (unknown categories, unrecognised hash types), verbatim.
CREATE TABLE ingest_sources (
  record_id   text COLLATE "C" PRIMARY KEY,
  run_id      text COLLATE "C" NOT NULL,
  file        text NOT NULL,
  line        integer,
  path        text,
  raw_digest  text NOT NULL,
  notes       jsonb
);
