-- Indicators (issue 9): monthly rollups of reports and children, kept exact by statement-level
-- triggers, so an indicator over ten million reports reads a few thousand rollup rows.
--
-- The rollup is append-only deltas: every INSERT/UPDATE/DELETE statement adds one row per
-- (organisation, dataset, month, dimension, value) it changed, with a signed count. Appending
-- (never updating a shared counter row) means concurrent loaders never wait on each other's
-- locks; `tessera_indicator_compact()` folds the deltas into one row per key in one statement,
-- so a delta committed while it runs is never lost. Readers always sum(n).
--
-- Dimensions of reports: total (value ''), kind, status, country, language, category
-- ("scheme:code", each distinct code of a report once; '(none)' when it has none).
-- Dimensions of children: children (value ''), age (band), gender.
-- A missing value is '(none)'. Months are UTC.

CREATE TABLE indicator_rollup (
  source_org_id  text COLLATE "C" NOT NULL,
  dataset_id     text COLLATE "C" NOT NULL,
  month          date NOT NULL,
  dim            text COLLATE "C" NOT NULL,
  value          text COLLATE "C" NOT NULL,
  n              bigint NOT NULL
);
CREATE INDEX indicator_rollup_key ON indicator_rollup (dim, source_org_id, dataset_id, month, value) INCLUDE (n);

CREATE FUNCTION tessera_age_band(age_min smallint, age_max smallint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN age_min IS NULL OR age_max IS NULL THEN 'unknown'
    WHEN age_max <= 2 THEN '0-2' WHEN age_min >= 3 AND age_max <= 6 THEN '3-6' WHEN age_min >= 7 AND age_max <= 10 THEN '7-10'
    WHEN age_min >= 11 AND age_max <= 13 THEN '11-13' WHEN age_min >= 14 AND age_max <= 15 THEN '14-15' WHEN age_min >= 16 AND age_max <= 17 THEN '16-17'
    ELSE 'wider-range' END
$$;

-- The statement that adds (sign +1) or removes (sign -1) the report rows of a relation. Built as
-- text because a transition table is only visible to the trigger function itself, which runs it.
CREATE FUNCTION tessera_indicator_report_delta(rel text, sign int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    INSERT INTO indicator_rollup (source_org_id, dataset_id, month, dim, value, n)
    SELECT source_org_id, dataset_id, month, dim, value, %s * count(*)
    FROM (
      SELECT r.source_org_id, r.dataset_id, date_trunc('month', r.reported_at AT TIME ZONE 'UTC')::date AS month, d.dim, d.value
      FROM %I r CROSS JOIN LATERAL (VALUES ('total', ''), ('kind', r.kind), ('status', r.status),
        ('country', coalesce(r.country, '(none)')), ('language', coalesce(r.language, '(none)'))) AS d(dim, value)
      UNION ALL
      SELECT r.source_org_id, r.dataset_id, date_trunc('month', r.reported_at AT TIME ZONE 'UTC')::date, 'category', c.v
      FROM %I r CROSS JOIN LATERAL (
        SELECT DISTINCT (e->>'scheme') || ':' || (e->>'code') AS v FROM jsonb_array_elements(r.incident_types) e
        UNION ALL SELECT '(none)' WHERE jsonb_array_length(r.incident_types) = 0) c
    ) x
    GROUP BY 1, 2, 3, 4, 5$q$, sign, rel, rel)
$$;

-- Adds or removes children of a transition table; children whose report no longer exists are
-- skipped (a report's children are removed from the rollup before the report is deleted).
CREATE FUNCTION tessera_indicator_child_delta(rel text, sign int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    INSERT INTO indicator_rollup (source_org_id, dataset_id, month, dim, value, n)
    SELECT r.source_org_id, r.dataset_id, date_trunc('month', r.reported_at AT TIME ZONE 'UTC')::date, d.dim, d.value, %s * count(*)
    FROM %I c JOIN reports r ON r.id = c.report_id
    CROSS JOIN LATERAL (VALUES ('children', ''), ('age', tessera_age_band(c.age_min, c.age_max)), ('gender', c.gender)) AS d(dim, value)
    GROUP BY 1, 2, 3, 4, 5$q$, sign, rel)
$$;

CREATE FUNCTION tessera_indicator_reports_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN EXECUTE tessera_indicator_report_delta('old_rows', -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN EXECUTE tessera_indicator_report_delta('new_rows', 1); END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION tessera_indicator_children_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN EXECUTE tessera_indicator_child_delta('old_rows', -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN EXECUTE tessera_indicator_child_delta('new_rows', 1); END IF;
  RETURN NULL;
END
$$;

-- Before a report goes, its children leave the rollup (its cascade would find no report to join).
CREATE FUNCTION tessera_indicator_report_children_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_rollup (source_org_id, dataset_id, month, dim, value, n)
  SELECT OLD.source_org_id, OLD.dataset_id, date_trunc('month', OLD.reported_at AT TIME ZONE 'UTC')::date, d.dim, d.value, -count(*)
  FROM children c CROSS JOIN LATERAL (VALUES ('children', ''), ('age', tessera_age_band(c.age_min, c.age_max)), ('gender', c.gender)) AS d(dim, value)
  WHERE c.report_id = OLD.id
  GROUP BY 1, 2, 3, 4, 5;
  RETURN OLD;
END
$$;

CREATE TRIGGER indicator_reports_ins AFTER INSERT ON reports REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tessera_indicator_reports_trigger();
CREATE TRIGGER indicator_reports_upd AFTER UPDATE ON reports REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tessera_indicator_reports_trigger();
CREATE TRIGGER indicator_reports_del AFTER DELETE ON reports REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tessera_indicator_reports_trigger();
CREATE TRIGGER indicator_reports_children_gone BEFORE DELETE ON reports FOR EACH ROW EXECUTE FUNCTION tessera_indicator_report_children_gone();
CREATE TRIGGER indicator_children_ins AFTER INSERT ON children REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tessera_indicator_children_trigger();
CREATE TRIGGER indicator_children_upd AFTER UPDATE ON children REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tessera_indicator_children_trigger();
CREATE TRIGGER indicator_children_del AFTER DELETE ON children REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tessera_indicator_children_trigger();

-- Folds the deltas into one row per key (zero rows dropped). Safe beside concurrent writers:
-- it deletes only the rows its snapshot sees and re-inserts their sums in the same statement.
CREATE FUNCTION tessera_indicator_compact() RETURNS bigint LANGUAGE sql AS $$
  WITH gone AS (DELETE FROM indicator_rollup RETURNING source_org_id, dataset_id, month, dim, value, n),
  sums AS (SELECT source_org_id, dataset_id, month, dim, value, sum(n)::bigint AS n FROM gone GROUP BY 1, 2, 3, 4, 5),
  ins AS (INSERT INTO indicator_rollup SELECT * FROM sums WHERE n <> 0 RETURNING 1)
  SELECT count(*) FROM ins
$$;

-- Reports and children that existed before this migration.
DO $$ BEGIN
  EXECUTE tessera_indicator_report_delta('reports', 1);
  EXECUTE tessera_indicator_child_delta('children', 1);
END $$;
