-- Tombstones as a feed for peers (issue 6, for the exchange): a monotonic sequence number to
-- read "everything since cursor N", the agreement a withdrawal concerns, and what caused the
-- tombstone. Writers lock the table before inserting (see src/policy/retention.ts), so
-- sequence order is commit order and a reader following the cursor never skips a row.
ALTER TABLE tombstones ADD COLUMN seq bigserial;
ALTER TABLE tombstones ADD COLUMN agreement_id text COLLATE "C";
ALTER TABLE tombstones ADD COLUMN cause text NOT NULL DEFAULT 'retention';
CREATE UNIQUE INDEX tombstones_seq ON tombstones (seq);
CREATE INDEX tombstones_org_seq ON tombstones (source_org_id, seq);
