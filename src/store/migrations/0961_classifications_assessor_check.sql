-- Less work per ingested classification (issue 5), as 0941 and 0960 did for reports and contacts.
--
-- The foreign key classifications.assessor_org_id → organisations checked each inserted row on
-- its own (a look-up and a key-share lock on the organisation row): a CyberTipline report writes
-- about one classification for its files and more for itself, ~8.7 µs of server CPU each before.
-- The same rule now holds per statement: one anti-join of the statement's new rows against
-- organisations, refused with the foreign key's error code, message and name. An organisation
-- that classifications name cannot be deleted or renamed (as before, that check reads the whole
-- classifications table: there is no index by assessor, and organisations are not deleted).
ALTER TABLE classifications DROP CONSTRAINT classifications_assessor_org_id_fkey;

CREATE FUNCTION tessera_classifications_assessor_exists() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  SELECT n.assessor_org_id INTO missing FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM organisations o WHERE o.id = n.assessor_org_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "classifications" violates foreign key constraint "classifications_assessor_org_id_fkey"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'classifications_assessor_org_id_fkey', TABLE = 'classifications',
        DETAIL = format('Key (assessor_org_id)=(%s) is not present in table "organisations".', missing);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER classifications_assessor_exists_ins AFTER INSERT ON classifications REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tessera_classifications_assessor_exists();
CREATE TRIGGER classifications_assessor_exists_upd AFTER UPDATE ON classifications REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tessera_classifications_assessor_exists();

CREATE FUNCTION tessera_organisations_assess_classifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP = 'DELETE' OR NEW.id IS DISTINCT FROM OLD.id) AND EXISTS (SELECT 1 FROM classifications k WHERE k.assessor_org_id = OLD.id) THEN
    RAISE EXCEPTION 'update or delete on table "organisations" violates foreign key constraint "classifications_assessor_org_id_fkey" on table "classifications"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'classifications_assessor_org_id_fkey', TABLE = 'organisations',
        DETAIL = format('Key (id)=(%s) is still referenced from table "classifications".', OLD.id);
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER organisations_assess_classifications BEFORE DELETE OR UPDATE OF id ON organisations
  FOR EACH ROW EXECUTE FUNCTION tessera_organisations_assess_classifications();
