-- Less work per stored report (issue 2), after checking which query needs what.
--
-- 1. reports_dataset_time (dataset_id, reported_at DESC, id DESC) is dropped. Every report read
--    is scoped to source organisations (the policy's row filter: source_org_id IN (…)), so
--    reports_source_time (source_org_id, reported_at DESC, id DESC) answers the dataset filters
--    too, the dataset being a condition checked on rows read in time order (EXPLAIN at 200,000
--    reports: the page "dataset D, June–August" 0.5 ms with the dropped index, 1.0 ms without).
--    Its two wide text keys cost 6–9 µs of server CPU per inserted report. Retention, which
--    selects a dataset's reports older than its cutoff, now reads the table once per dataset and
--    run (a periodic job, not a page). reports_country_time stays: a page filtered on a rare
--    country would otherwise read the whole table (104 ms at 200,000 reports without it, 3 ms
--    with it).
DROP INDEX reports_dataset_time;

-- 2. The foreign key reports.dataset_id → datasets checked each inserted row on its own (a
--    lookup and a key-share lock on the dataset row, shared by every loader in flight: 4–6 µs
--    per report). The same rule now holds per statement: one anti-join of the statement's new
--    rows against datasets, refused with the foreign key's error code, message and name. A
--    dataset that reports name cannot be deleted (datasets are not deleted today; the check
--    reads the reports table, which has no index by dataset any more).
ALTER TABLE reports DROP CONSTRAINT reports_dataset_id_fkey;

CREATE FUNCTION tessera_reports_dataset_exists() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  SELECT n.dataset_id INTO missing FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM datasets d WHERE d.id = n.dataset_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "reports" violates foreign key constraint "reports_dataset_id_fkey"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'reports_dataset_id_fkey', TABLE = 'reports',
        DETAIL = format('Key (dataset_id)=(%s) is not present in table "datasets".', missing);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER reports_dataset_exists_ins AFTER INSERT ON reports REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tessera_reports_dataset_exists();
CREATE TRIGGER reports_dataset_exists_upd AFTER UPDATE ON reports REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tessera_reports_dataset_exists();

CREATE FUNCTION tessera_datasets_in_use() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP = 'DELETE' OR NEW.id IS DISTINCT FROM OLD.id) AND EXISTS (SELECT 1 FROM reports r WHERE r.dataset_id = OLD.id) THEN
    RAISE EXCEPTION 'update or delete on table "datasets" violates foreign key constraint "reports_dataset_id_fkey" on table "reports"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'reports_dataset_id_fkey', TABLE = 'datasets',
        DETAIL = format('Key (id)=(%s) is still referenced from table "reports".', OLD.id);
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER datasets_in_use BEFORE DELETE OR UPDATE OF id ON datasets
  FOR EACH ROW EXECUTE FUNCTION tessera_datasets_in_use();
