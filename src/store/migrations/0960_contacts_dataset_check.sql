-- Less work per ingested helpline contact (issue 5), as 0941 did for reports.
--
-- The foreign key contacts.dataset_id → datasets checked each inserted row on its own (a look-up
-- and a key-share lock on the dataset row): ~3 µs of server CPU per contact of the ~15 µs a
-- contact's COPY costs (measured on copies of the contacts table, 100,000 rows, 20 batches).
-- The same rule now holds per statement: one anti-join of the statement's new rows against
-- datasets, refused with the foreign key's error code, message and name. A dataset that
-- contacts name cannot be deleted or renamed (the check uses contacts_dataset_time, whose first
-- column is the dataset).
--
-- The two trigger functions below are the rule for any such reference (0961 uses them too), told
-- by their trigger's arguments which table, column and constraint they stand for; the queries are
-- built with format(%I) from those arguments, never from data. (0941, written before, keeps its own
-- functions for reports.)
ALTER TABLE contacts DROP CONSTRAINT contacts_dataset_id_fkey;

-- AFTER INSERT/UPDATE … REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT, with arguments
-- (referencing column, referenced table, constraint name); the referenced column is `id`.
CREATE FUNCTION tessera_statement_reference_exists() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  col text := TG_ARGV[0];
  parent text := TG_ARGV[1];
  constraint_name text := TG_ARGV[2];
  missing text;
BEGIN
  EXECUTE format('SELECT n.%1$I FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM %2$I p WHERE p.id = n.%1$I) LIMIT 1', col, parent) INTO missing;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', TG_TABLE_NAME, constraint_name
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = constraint_name, TABLE = TG_TABLE_NAME,
        DETAIL = format('Key (%s)=(%s) is not present in table "%s".', col, missing, parent);
  END IF;
  RETURN NULL;
END $$;

-- BEFORE DELETE OR UPDATE OF id … FOR EACH ROW on the referenced table, with arguments
-- (referencing table, referencing column, constraint name).
CREATE FUNCTION tessera_referenced_row_in_use() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  child text := TG_ARGV[0];
  col text := TG_ARGV[1];
  constraint_name text := TG_ARGV[2];
  used boolean;
BEGIN
  IF TG_OP = 'DELETE' OR NEW.id IS DISTINCT FROM OLD.id THEN
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I k WHERE k.%I = $1)', child, col) INTO used USING OLD.id;
    IF used THEN
      RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "%" on table "%"', TG_TABLE_NAME, constraint_name, child
        USING ERRCODE = 'foreign_key_violation', CONSTRAINT = constraint_name, TABLE = TG_TABLE_NAME,
          DETAIL = format('Key (id)=(%s) is still referenced from table "%s".', OLD.id, child);
    END IF;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER contacts_dataset_exists_ins AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tessera_statement_reference_exists('dataset_id', 'datasets', 'contacts_dataset_id_fkey');
CREATE TRIGGER contacts_dataset_exists_upd AFTER UPDATE ON contacts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tessera_statement_reference_exists('dataset_id', 'datasets', 'contacts_dataset_id_fkey');
CREATE TRIGGER datasets_in_use_by_contacts BEFORE DELETE OR UPDATE OF id ON datasets
  FOR EACH ROW EXECUTE FUNCTION tessera_referenced_row_in_use('contacts', 'dataset_id', 'contacts_dataset_id_fkey');
