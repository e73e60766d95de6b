-- Indicators: every rollup row also counts how many of its rows have two key fields recorded
-- (reports: k1 = country, k2 = language; children: k1 = age range, k2 = gender), so the
-- completeness of a field broken down by any rolled-up dimension is read from the rollup too.
-- Children are rolled up by their report's country, kind and language as well. Children's
-- dimensions are named "child.*" so they never mix with the reports' own. The rollup is rebuilt.

ALTER TABLE indicator_rollup ADD COLUMN k1 bigint NOT NULL DEFAULT 0;
ALTER TABLE indicator_rollup ADD COLUMN k2 bigint NOT NULL DEFAULT 0;
DROP INDEX indicator_rollup_key;
CREATE INDEX indicator_rollup_key ON indicator_rollup (dim, source_org_id, dataset_id, month, value) INCLUDE (n, k1, k2);

CREATE OR REPLACE FUNCTION tessera_indicator_report_delta(rel text, sign int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    INSERT INTO indicator_rollup (source_org_id, dataset_id, month, dim, value, n, k1, k2)
    SELECT source_org_id, dataset_id, month, dim, value, %1$s * count(*), %1$s * count(*) FILTER (WHERE has_country), %1$s * count(*) FILTER (WHERE has_language)
    FROM (
      SELECT r.source_org_id, r.dataset_id, date_trunc('month', r.reported_at AT TIME ZONE 'UTC')::date AS month, d.dim, d.value,
        r.country IS NOT NULL AS has_country, r.language IS NOT NULL AS has_language
      FROM %2$I r CROSS JOIN LATERAL (VALUES ('total', ''), ('kind', r.kind), ('status', r.status),
        ('country', coalesce(r.country, '(none)')), ('language', coalesce(r.language, '(none)'))) AS d(dim, value)
      UNION ALL
      SELECT r.source_org_id, r.dataset_id, date_trunc('month', r.reported_at AT TIME ZONE 'UTC')::date, 'category', c.v,
        r.country IS NOT NULL, r.language IS NOT NULL
      FROM %2$I r CROSS JOIN LATERAL (
        SELECT DISTINCT (e->>'scheme') || ':' || (e->>'code') AS v FROM jsonb_array_elements(r.incident_types) e
        UNION ALL SELECT '(none)' WHERE jsonb_array_length(r.incident_types) = 0) c
    ) x
    GROUP BY 1, 2, 3, 4, 5$q$, sign, rel)
$$;

CREATE OR REPLACE FUNCTION tessera_indicator_child_delta(rel text, sign int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    INSERT INTO indicator_rollup (source_org_id, dataset_id, month, dim, value, n, k1, k2)
    SELECT r.source_org_id, r.dataset_id, date_trunc('month', r.reported_at AT TIME ZONE 'UTC')::date, d.dim, d.value,
      %1$s * count(*), %1$s * count(*) FILTER (WHERE c.age_min IS NOT NULL AND c.age_max IS NOT NULL), %1$s * count(*) FILTER (WHERE c.gender <> 'unknown')
    FROM %2$I c JOIN reports r ON r.id = c.report_id
    CROSS JOIN LATERAL (VALUES ('child.total', ''), ('child.age', tessera_age_band(c.age_min, c.age_max)), ('child.gender', c.gender),
      ('child.country', coalesce(r.country, '(none)')), ('child.kind', r.kind), ('child.language', coalesce(r.language, '(none)'))) AS d(dim, value)
    GROUP BY 1, 2, 3, 4, 5$q$, sign, rel)
$$;

CREATE OR REPLACE FUNCTION tessera_indicator_report_children_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_rollup (source_org_id, dataset_id, month, dim, value, n, k1, k2)
  SELECT OLD.source_org_id, OLD.dataset_id, date_trunc('month', OLD.reported_at AT TIME ZONE 'UTC')::date, d.dim, d.value,
    -count(*), -count(*) FILTER (WHERE c.age_min IS NOT NULL AND c.age_max IS NOT NULL), -count(*) FILTER (WHERE c.gender <> 'unknown')
  FROM children c CROSS JOIN LATERAL (VALUES ('child.total', ''), ('child.age', tessera_age_band(c.age_min, c.age_max)), ('child.gender', c.gender),
    ('child.country', coalesce(OLD.country, '(none)')), ('child.kind', OLD.kind), ('child.language', coalesce(OLD.language, '(none)'))) AS d(dim, value)
  WHERE c.report_id = OLD.id
  GROUP BY 1, 2, 3, 4, 5;
  RETURN OLD;
END
$$;

-- A report's country, kind or language changing moves its children between rollup values.
CREATE FUNCTION tessera_indicator_report_children_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.country, OLD.kind, OLD.language, OLD.reported_at, OLD.source_org_id, OLD.dataset_id) IS DISTINCT FROM (NEW.country, NEW.kind, NEW.language, NEW.reported_at, NEW.source_org_id, NEW.dataset_id) THEN
    INSERT INTO indicator_rollup (source_org_id, dataset_id, month, dim, value, n, k1, k2)
    SELECT x.org, x.ds, date_trunc('month', x.at AT TIME ZONE 'UTC')::date, d.dim, d.value,
      x.s * count(*), x.s * count(*) FILTER (WHERE c.age_min IS NOT NULL AND c.age_max IS NOT NULL), x.s * count(*) FILTER (WHERE c.gender <> 'unknown')
    FROM children c
    CROSS JOIN (VALUES (-1, OLD.source_org_id, OLD.dataset_id, OLD.reported_at, OLD.country, OLD.kind, OLD.language),
                       (1, NEW.source_org_id, NEW.dataset_id, NEW.reported_at, NEW.country, NEW.kind, NEW.language)) AS x(s, org, ds, at, country, kind, language)
    CROSS JOIN LATERAL (VALUES ('child.total', ''), ('child.age', tessera_age_band(c.age_min, c.age_max)), ('child.gender', c.gender),
      ('child.country', coalesce(x.country, '(none)')), ('child.kind', x.kind), ('child.language', coalesce(x.language, '(none)'))) AS d(dim, value)
    WHERE c.report_id = OLD.id
    GROUP BY x.s, x.org, x.ds, 3, d.dim, d.value;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER indicator_reports_children_moved AFTER UPDATE ON reports FOR EACH ROW EXECUTE FUNCTION tessera_indicator_report_children_moved();

CREATE OR REPLACE FUNCTION tessera_indicator_compact() RETURNS bigint LANGUAGE sql AS $$
  WITH gone AS (DELETE FROM indicator_rollup RETURNING source_org_id, dataset_id, month, dim, value, n, k1, k2),
  sums AS (SELECT source_org_id, dataset_id, month, dim, value, sum(n)::bigint AS n, sum(k1)::bigint AS k1, sum(k2)::bigint AS k2 FROM gone GROUP BY 1, 2, 3, 4, 5),
  ins AS (INSERT INTO indicator_rollup (source_org_id, dataset_id, month, dim, value, n, k1, k2) SELECT * FROM sums WHERE n <> 0 OR k1 <> 0 OR k2 <> 0 RETURNING 1)
  SELECT count(*) FROM ins
$$;

TRUNCATE indicator_rollup;
DO $$ BEGIN
  EXECUTE tessera_indicator_report_delta('reports', 1);
  EXECUTE tessera_indicator_child_delta('children', 1);
END $$;
