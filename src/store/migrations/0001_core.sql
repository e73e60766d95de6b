-- Core CDM tables. Identifier and hash columns use the "C" collation: they are compared byte
-- for byte, and a linguistic collation made bulk inserts into their indexes 2-3x slower.
-- The same SQL runs on PGlite (PostgreSQL 18 in WASM) and PostgreSQL 15+:
-- use nothing newer than PostgreSQL 15 here.
-- Large tables (reports, content_items, signals, contacts) carry their owning organisation and
-- a time column so they can be partitioned and distributed (Citus) by organisation later.

CREATE TABLE organisations (
  id            text COLLATE "C" PRIMARY KEY,
  slug          text COLLATE "C" NOT NULL UNIQUE,
  name          text NOT NULL,
  kind          text NOT NULL,
  jurisdiction  text NOT NULL,
  languages     text[] NOT NULL DEFAULT '{}',
  node_url      text,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE datasets (
  id              text COLLATE "C" PRIMARY KEY,
  owner_org_id    text COLLATE "C" NOT NULL REFERENCES organisations(id),
  slug            text COLLATE "C" NOT NULL,
  name            text NOT NULL,
  description     text NOT NULL DEFAULT '',
  record_type     text NOT NULL,
  purpose         text NOT NULL,
  legal_basis     text NOT NULL,
  retention_days  integer,
  created_at      timestamptz NOT NULL,
  UNIQUE (owner_org_id, slug)
);

CREATE TABLE reports (
  id              text COLLATE "C" PRIMARY KEY,
  dataset_id      text COLLATE "C" NOT NULL REFERENCES datasets(id),
  source_org_id   text COLLATE "C" NOT NULL,
  source_ref      text COLLATE "C" NOT NULL,
  kind            text NOT NULL,
  status          text NOT NULL,
  reported_at     timestamptz NOT NULL,
  incident_at     timestamptz,
  country         text,
  language        text,
  incident_types  jsonb NOT NULL DEFAULT '[]',
  flags           text[] NOT NULL DEFAULT '{}',
  lineage         jsonb NOT NULL,
  stored_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_dataset_time ON reports (dataset_id, reported_at DESC, id DESC);
CREATE INDEX reports_source_time ON reports (source_org_id, reported_at DESC, id DESC);
CREATE INDEX reports_country_time ON reports (country, reported_at DESC);

CREATE TABLE content_items (
  id           text COLLATE "C" PRIMARY KEY,
  report_id    text COLLATE "C" NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  source_ref   text COLLATE "C" NOT NULL,
  media_type   text NOT NULL,
  size_bytes   bigint,
  md5          text COLLATE "C",
  sha1         text COLLATE "C",
  sha256       text COLLATE "C",
  pdq          text COLLATE "C",
  pdq_quality  smallint,
  lineage      jsonb NOT NULL
);
CREATE INDEX content_items_report ON content_items (report_id);
CREATE INDEX content_items_sha256 ON content_items (sha256) WHERE sha256 IS NOT NULL;
CREATE INDEX content_items_md5 ON content_items (md5) WHERE md5 IS NOT NULL;

CREATE TABLE signals (
  id             text COLLATE "C" PRIMARY KEY,
  report_id      text COLLATE "C" NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  type           text NOT NULL,
  value          text COLLATE "C" NOT NULL,
  pseudonymised  boolean NOT NULL DEFAULT false
);
CREATE INDEX signals_report ON signals (report_id);
CREATE INDEX signals_value ON signals (type, value);

CREATE TABLE children (
  id          text COLLATE "C" PRIMARY KEY,
  report_id   text COLLATE "C" NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  source_ref  text COLLATE "C" NOT NULL,
  age_min     smallint,
  age_max     smallint,
  age_basis   text NOT NULL,
  age_stage   text,
  gender      text NOT NULL,
  country     text,
  identified  boolean NOT NULL DEFAULT false
);
CREATE INDEX children_report ON children (report_id);

CREATE TABLE subjects (
  id           text COLLATE "C" PRIMARY KEY,
  report_id    text COLLATE "C" NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  source_ref   text COLLATE "C" NOT NULL,
  kind         text NOT NULL,
  role         text NOT NULL,
  identifiers  jsonb NOT NULL DEFAULT '[]',
  country      text
);
CREATE INDEX subjects_report ON subjects (report_id);

CREATE TABLE contacts (
  id                text COLLATE "C" PRIMARY KEY,
  dataset_id        text COLLATE "C" NOT NULL REFERENCES datasets(id),
  source_org_id     text COLLATE "C" NOT NULL,
  source_ref        text COLLATE "C" NOT NULL,
  channel           text NOT NULL,
  contact_at        timestamptz NOT NULL,
  duration_minutes  real,
  age_min           smallint,
  age_max           smallint,
  age_basis         text,
  age_stage         text,
  gender            text NOT NULL,
  country           text,
  region            text,
  language          text,
  categories        jsonb NOT NULL DEFAULT '[]',
  lineage           jsonb NOT NULL,
  stored_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contacts_dataset_time ON contacts (dataset_id, contact_at DESC, id DESC);

CREATE TABLE classifications (
  id               text COLLATE "C" PRIMARY KEY,
  target_id        text COLLATE "C" NOT NULL,
  scheme           text NOT NULL,
  code             text NOT NULL,
  assessor_org_id  text COLLATE "C" NOT NULL REFERENCES organisations(id),
  assessed_at      timestamptz NOT NULL,
  jurisdiction     text,
  legal_status     text NOT NULL
);
CREATE INDEX classifications_target ON classifications (target_id);

-- Identity: users belong to one organisation; API tokens are stored as SHA-256 only.
CREATE TABLE users (
  id                         text COLLATE "C" PRIMARY KEY,
  org_id                     text COLLATE "C" NOT NULL REFERENCES organisations(id),
  name                       text NOT NULL,
  email                      text COLLATE "C" NOT NULL UNIQUE,
  roles                      text[] NOT NULL,
  data_protection_trained_at timestamptz,
  safeguarding_trained_at    timestamptz,
  created_at                 timestamptz NOT NULL DEFAULT now(),
  disabled_at                timestamptz
);

CREATE TABLE api_tokens (
  id            text COLLATE "C" PRIMARY KEY,
  user_id       text COLLATE "C" NOT NULL REFERENCES users(id),
  token_sha256  text COLLATE "C" NOT NULL UNIQUE,
  prefix        text NOT NULL,
  label         text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz,
  last_used_at  timestamptz,
  revoked_at    timestamptz
);

-- Node-wide settings (which organisation runs this node, demo seed, ...).
CREATE TABLE node_settings (
  key    text COLLATE "C" PRIMARY KEY,
  value  jsonb NOT NULL
);
