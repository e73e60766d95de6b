-- Less work per ingested helpline contact (issue 5), as 0941 did for reports.
--
-- The foreign key contacts.dataset_id → datasets checked each inserted row on its own (a look-up
-- and a key-share lock on the dataset row): ~3 µs of server CPU per contact of the ~15 µs a
-- contact's COPY costs (measured on copies of the contacts table, 100,000 rows, 20 batches).
-- The same rule now holds per statement: one anti-join of the statement's new rows against
-- datasets, refused with the foreign key's error code, message and name. A dataset that
-- contacts name cannot be deleted or renamed (the check uses contacts_dataset_time, whose first
-- column is the dataset).
ALTER TABLE contacts DROP CONSTRAINT contacts_dataset_id_fkey;

CREATE FUNCTION tessera_contacts_dataset_exists() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  SELECT n.dataset_id INTO missing FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM datasets d WHERE d.id = n.dataset_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "contacts" violates foreign key constraint "contacts_dataset_id_fkey"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'contacts_dataset_id_fkey', TABLE = 'contacts',
        DETAIL = format('Key (dataset_id)=(%s) is not present in table "datasets".', missing);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER contacts_dataset_exists_ins AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tessera_contacts_dataset_exists();
CREATE TRIGGER contacts_dataset_exists_upd AFTER UPDATE ON contacts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tessera_contacts_dataset_exists();

CREATE FUNCTION tessera_datasets_in_use_by_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP = 'DELETE' OR NEW.id IS DISTINCT FROM OLD.id) AND EXISTS (SELECT 1 FROM contacts k WHERE k.dataset_id = OLD.id) THEN
    RAISE EXCEPTION 'update or delete on table "datasets" violates foreign key constraint "contacts_dataset_id_fkey" on table "contacts"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'contacts_dataset_id_fkey', TABLE = 'datasets',
        DETAIL = format('Key (id)=(%s) is still referenced from table "contacts".', OLD.id);
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER datasets_in_use_by_contacts BEFORE DELETE OR UPDATE OF id ON datasets
  FOR EACH ROW EXECUTE FUNCTION tessera_datasets_in_use_by_contacts();
