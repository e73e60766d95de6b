-- Organisations' own classification schemes and crosswalks, imported from SKOS JSON-LD or CSV.
-- Each id + version is kept once, with the digest of its canonical JSON; the node loads them
-- into its scheme registry at start.
CREATE TABLE taxonomy_schemes (
  id               text COLLATE "C" NOT NULL,
  version          text COLLATE "C" NOT NULL,
  digest           text COLLATE "C" NOT NULL,
  body             jsonb NOT NULL,
  imported_by_org  text COLLATE "C" NOT NULL REFERENCES organisations(id),
  imported_by      text COLLATE "C" NOT NULL,
  imported_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, version)
);
