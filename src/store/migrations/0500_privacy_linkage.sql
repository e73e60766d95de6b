-- Privacy, linkage and disclosure control (issue 8). Runs on PostgreSQL 15+ and PGlite alike.

-- Differential privacy: each dataset has a total ε budget; every noisy query spends from the
-- budget of every dataset it reads (sequential composition), recorded in the ledger.
CREATE TABLE privacy_budgets (
  dataset_id     text COLLATE "C" PRIMARY KEY REFERENCES datasets(id),
  epsilon_total  double precision NOT NULL CHECK (epsilon_total > 0),
  set_by         text COLLATE "C" NOT NULL,
  set_at         timestamptz NOT NULL
);

CREATE TABLE privacy_spends (
  id           text COLLATE "C" PRIMARY KEY,
  dataset_id   text COLLATE "C" NOT NULL REFERENCES datasets(id),
  epsilon      double precision NOT NULL CHECK (epsilon > 0),
  org_id       text COLLATE "C" NOT NULL,
  user_id      text COLLATE "C" NOT NULL,
  agreement_id text COLLATE "C",
  query        text NOT NULL,
  at           timestamptz NOT NULL
);
CREATE INDEX privacy_spends_dataset ON privacy_spends (dataset_id, at);

-- Cells released by suppressed (non-noisy) statistics, per population base (the row filter),
-- so a later query cannot be differenced against an earlier one.
CREATE TABLE disclosure_releases (
  base         text COLLATE "C" NOT NULL,
  cell         text COLLATE "C" NOT NULL,
  value        bigint,
  suppressed   boolean NOT NULL,
  released_at  timestamptz NOT NULL,
  PRIMARY KEY (base, cell)
);

-- Private set intersection sessions (both roles), for rate limits and the record.
CREATE TABLE psi_sessions (
  id            text COLLATE "C" PRIMARY KEY,
  agreement_id  text COLLATE "C" NOT NULL,
  role          text NOT NULL CHECK (role IN ('initiator', 'responder')),
  org_id        text COLLATE "C" NOT NULL,
  peer          text NOT NULL,
  identifier_kind text NOT NULL,
  reveal        text NOT NULL CHECK (reveal IN ('cardinality', 'intersection')),
  set_size      integer,
  peer_set_size integer,
  state         text NOT NULL,
  result        jsonb,
  created_at    timestamptz NOT NULL,
  finished_at   timestamptz
);
CREATE INDEX psi_sessions_agreement ON psi_sessions (agreement_id, created_at);

-- Linkage: one scope per organisation (own records) or agreement; links explain themselves.
CREATE TABLE linkage_runs (
  id          text COLLATE "C" PRIMARY KEY,
  scope       text COLLATE "C" NOT NULL,
  org_id      text COLLATE "C" NOT NULL,
  user_id     text COLLATE "C" NOT NULL,
  options     jsonb NOT NULL,
  summary     jsonb NOT NULL,
  at          timestamptz NOT NULL
);

CREATE TABLE report_links (
  scope      text COLLATE "C" NOT NULL,
  a          text COLLATE "C" NOT NULL,
  b          text COLLATE "C" NOT NULL,
  evidence   text NOT NULL,
  key        text COLLATE "C" NOT NULL,
  detail     jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (scope, a, b, evidence, key)
);
CREATE INDEX report_links_b ON report_links (scope, b);

CREATE TABLE linkage_cases (
  id             text COLLATE "C" PRIMARY KEY,
  scope          text COLLATE "C" NOT NULL,
  status         text NOT NULL CHECK (status IN ('open', 'active', 'closed')),
  flagged_by_org text COLLATE "C",
  flagged_by     text COLLATE "C",
  flag_note      text,
  flagged_at     timestamptz,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);
CREATE INDEX linkage_cases_scope ON linkage_cases (scope, status);

CREATE TABLE linkage_case_reports (
  case_id    text COLLATE "C" NOT NULL REFERENCES linkage_cases(id) ON DELETE CASCADE,
  report_id  text COLLATE "C" NOT NULL,
  added_at   timestamptz NOT NULL,
  PRIMARY KEY (case_id, report_id)
);
CREATE INDEX linkage_case_reports_report ON linkage_case_reports (report_id);

-- A new report that joins an active case waits here for urgent review.
CREATE TABLE urgent_reviews (
  report_id   text COLLATE "C" NOT NULL,
  case_id     text COLLATE "C" NOT NULL REFERENCES linkage_cases(id) ON DELETE CASCADE,
  scope       text COLLATE "C" NOT NULL,
  reason      text NOT NULL,
  created_at  timestamptz NOT NULL,
  reviewed_at timestamptz,
  reviewed_by text COLLATE "C",
  PRIMARY KEY (report_id, case_id)
);
