-- Lineage stored once per distinct context (issue 2). A report, its files and a helpline contact
-- each carry a lineage document of ~420 bytes that, within one load, differs between rows only
-- in `receivedAt` and `rawDigest`. Parsing and storing it whole on every row was about a third
-- of the database's CPU for a content item. The bulk writers (COPY) now store the shared part
-- once in lineage_contexts and, per row, only its id, the received time and the raw digest.
--
-- Both forms stay valid, so every other writer works unchanged: a row has either its whole
-- `lineage` or the compact form (the CHECKs say one is present). Readers never read the
-- columns themselves: they read the one SQL expression `lineageSql` (src/store/lineage.ts),
--   COALESCE(lineage, context || {"receivedAt": lineage_received_at, "rawDigest": raw_digest})
-- which gives exactly the document the writer was given (jsonb, so key order is jsonb's own).
--
-- A context's id is the first 128 bits of the SHA-256 of its jsonb text (jsonb's text is
-- canonical: keys sorted, no insignificant white space), so the same context is one row
-- whichever writer or node wrote it. Contexts hold no personal data (organisation, system,
-- purpose, legal basis, adapter, hops) and are never deleted; rows point at them without a
-- foreign key, which would cost a lookup per inserted row.
CREATE TABLE lineage_contexts (
  id      uuid PRIMARY KEY,
  context jsonb NOT NULL
);

ALTER TABLE reports ALTER COLUMN lineage DROP NOT NULL,
  ADD COLUMN lineage_context uuid, ADD COLUMN lineage_received_at text, ADD COLUMN raw_digest text,
  ADD CONSTRAINT reports_lineage_present CHECK (lineage IS NOT NULL OR (lineage_context IS NOT NULL AND lineage_received_at IS NOT NULL AND raw_digest IS NOT NULL));
ALTER TABLE content_items ALTER COLUMN lineage DROP NOT NULL,
  ADD COLUMN lineage_context uuid, ADD COLUMN lineage_received_at text, ADD COLUMN raw_digest text,
  ADD CONSTRAINT content_items_lineage_present CHECK (lineage IS NOT NULL OR (lineage_context IS NOT NULL AND lineage_received_at IS NOT NULL AND raw_digest IS NOT NULL));
ALTER TABLE contacts ALTER COLUMN lineage DROP NOT NULL,
  ADD COLUMN lineage_context uuid, ADD COLUMN lineage_received_at text, ADD COLUMN raw_digest text,
  ADD CONSTRAINT contacts_lineage_present CHECK (lineage IS NOT NULL OR (lineage_context IS NOT NULL AND lineage_received_at IS NOT NULL AND raw_digest IS NOT NULL));
