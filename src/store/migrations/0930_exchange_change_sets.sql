-- Federation (issue 7): a cheaper change feed for every writer of reports.
--
-- Until now every written report was one exchange_changes row with four index entries. Now one
-- row stands for all reports of one statement, per source organisation and dataset: the ids
-- go in `record_ids` (sorted), `n` is how many. A reader's cursor is (xid, seq, i): the
-- transaction, the row, and how many of that row's ids were already delivered. The ordering
-- guarantee is unchanged: rows are read in (xid, seq) order, only from transactions older than
-- the oldest one still running, so a late commit is never skipped; ids of one row are read in
-- array order, so nothing is delivered twice.
--
-- Indexes kept: the primary key and the feed order (source_org_id, xid, seq). Dropped: the
-- `at` index (added_after is a filter on the feed order, over one row per statement now) and
-- the per-record index (one object by id: a GIN index over the id arrays instead, which bulk
-- writers fill through its pending list).

ALTER TABLE exchange_changes ADD COLUMN record_ids text[] COLLATE "C";
ALTER TABLE exchange_changes ADD COLUMN ref_ids text[] COLLATE "C";
ALTER TABLE exchange_changes ADD COLUMN n integer;
UPDATE exchange_changes SET record_ids = ARRAY[record_id], ref_ids = CASE WHEN ref_id IS NULL THEN NULL ELSE ARRAY[ref_id] END, n = 1;
ALTER TABLE exchange_changes ALTER COLUMN record_ids SET NOT NULL;
ALTER TABLE exchange_changes ALTER COLUMN n SET NOT NULL;
-- Drops exchange_changes_record (0701) with the column.
ALTER TABLE exchange_changes DROP COLUMN record_id;
ALTER TABLE exchange_changes DROP COLUMN ref_id;
DROP INDEX exchange_changes_at;
CREATE INDEX exchange_changes_records ON exchange_changes USING gin (record_ids);

CREATE OR REPLACE FUNCTION exchange_reports_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO exchange_changes (kind, record_ids, n, source_org_id, dataset_id)
    SELECT 'report', array_agg(c.id ORDER BY c.id), count(*), c.source_org_id, c.dataset_id
    FROM changed_rows c GROUP BY c.source_org_id, c.dataset_id ORDER BY c.source_org_id, c.dataset_id;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION exchange_tombstones_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO exchange_changes (kind, record_ids, ref_ids, n, source_org_id, dataset_id)
    SELECT 'tombstone', array_agg(a.record_id ORDER BY a.id), array_agg(a.id ORDER BY a.id), count(*), a.source_org_id, a.dataset_id
    FROM added_rows a WHERE a.source_org_id IS NOT NULL GROUP BY a.source_org_id, a.dataset_id ORDER BY a.source_org_id, a.dataset_id;
  RETURN NULL;
END $$;

-- Received copies are about 2 kB of JSON each: kept inline and uncompressed (no TOAST work
-- per row on receipt; the row still fits a page).
ALTER TABLE exchange_copies SET (toast_tuple_target = 8160);
