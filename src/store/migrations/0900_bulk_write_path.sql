-- The bulk write path (issue 2): two per-row costs of writing a report bundle go.
--
-- 1. Indicator rollup deltas written by the writer. The statement triggers of 0850/0851 stay
--    the rule for every writer; a writer that has computed the exact same deltas of its own
--    inserted rows (the COPY bundle path, `rollupDeltas` in src/store/repositories/rollup-deltas.ts)
--    says so for the statements it runs with `set_config('tessera.rollup_written', 'on', true)`,
--    writes the deltas itself, and turns the setting off again. Inserts only: updates and
--    deletes always go through the triggers.
--
-- 2. Children follow their report without foreign keys. Each child row's foreign key check
--    looked up and locked its report (an index probe, a row lock and a WAL record per row, for
--    some 8 child rows per report). Instead:
--    - deleting reports deletes their files, signals, children and subjects in the same
--      statement (one set-based delete per table, from a statement trigger), whatever path
--      deletes them (retention, tombstones, erasure, a DBA's DELETE);
--    - the two writers of children (`insertReportBundles`, `copyReportBundles`) only write a
--      child inside the bundle of the report it names, in the same transaction, and refuse a
--      bundle whose child names another report (error `bundle_child_mismatch`).

CREATE OR REPLACE FUNCTION tessera_indicator_reports_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND current_setting('tessera.rollup_written', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN EXECUTE tessera_indicator_report_delta('old_rows', -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN EXECUTE tessera_indicator_report_delta('new_rows', 1); END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION tessera_indicator_children_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND current_setting('tessera.rollup_written', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN EXECUTE tessera_indicator_child_delta('old_rows', -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN EXECUTE tessera_indicator_child_delta('new_rows', 1); END IF;
  RETURN NULL;
END
$$;

ALTER TABLE content_items DROP CONSTRAINT content_items_report_id_fkey;
ALTER TABLE signals DROP CONSTRAINT signals_report_id_fkey;
ALTER TABLE children DROP CONSTRAINT children_report_id_fkey;
ALTER TABLE subjects DROP CONSTRAINT subjects_report_id_fkey;

-- Runs after the indicator triggers' BEFORE DELETE row trigger has taken the children out of the
-- rollup, so the children's own delete trigger finds no report to count them under (as with the
-- cascade it replaces).
CREATE FUNCTION tessera_reports_children_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM content_items WHERE report_id IN (SELECT id FROM gone_reports);
  DELETE FROM signals WHERE report_id IN (SELECT id FROM gone_reports);
  DELETE FROM children WHERE report_id IN (SELECT id FROM gone_reports);
  DELETE FROM subjects WHERE report_id IN (SELECT id FROM gone_reports);
  RETURN NULL;
END
$$;
CREATE TRIGGER reports_children_cascade AFTER DELETE ON reports REFERENCING OLD TABLE AS gone_reports
  FOR EACH STATEMENT EXECUTE FUNCTION tessera_reports_children_cascade();
