-- The data catalogue (issue 9): who holds what, on what terms. One entry per dataset, with
-- the CDM fields it holds (from the data dictionary), coverage, update frequency, access
-- terms (agreement templates) and a contact. `document` is the full-text index
-- (to_tsvector over title, description, topics and fields), searched with websearch_to_tsquery.

CREATE TABLE catalogue_entries (
  dataset_id        text COLLATE "C" PRIMARY KEY,
  holder_org_id     text COLLATE "C" NOT NULL,
  title             text NOT NULL,
  description       text NOT NULL DEFAULT '',
  topics            text[] NOT NULL DEFAULT '{}',
  fields            text[] NOT NULL DEFAULT '{}',       -- "Entity.field" names from the data dictionary
  coverage          jsonb NOT NULL DEFAULT '{}',        -- {countries, languages, from, to, records}
  update_frequency  text NOT NULL,
  access_terms      jsonb NOT NULL DEFAULT '[]',        -- agreement templates offered for this dataset
  contact           jsonb NOT NULL DEFAULT '{}',
  language          text NOT NULL DEFAULT 'en',         -- language of title and description
  document          tsvector NOT NULL,
  updated_at        timestamptz NOT NULL,
  updated_by        text COLLATE "C"
);
CREATE INDEX catalogue_document ON catalogue_entries USING gin (document);
CREATE INDEX catalogue_fields ON catalogue_entries USING gin (fields);
CREATE INDEX catalogue_holder ON catalogue_entries (holder_org_id);
