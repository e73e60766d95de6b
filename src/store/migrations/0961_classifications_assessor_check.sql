-- Less work per ingested classification (issue 5), as 0941 and 0960 did for reports and contacts.
--
-- The foreign key classifications.assessor_org_id → organisations checked each inserted row on
-- its own (a look-up and a key-share lock on the organisation row): a CyberTipline report writes
-- about one classification for its files and more for itself, ~8.7 µs of server CPU each before.
-- The same rule now holds per statement (the trigger functions of 0960): one anti-join of the
-- statement's new rows against organisations, refused with the foreign key's error code, message
-- and name. An organisation that classifications name cannot be deleted or renamed (as before,
-- that check reads the whole classifications table: there is no index by assessor, and
-- organisations are not deleted).
ALTER TABLE classifications DROP CONSTRAINT classifications_assessor_org_id_fkey;

CREATE TRIGGER classifications_assessor_exists_ins AFTER INSERT ON classifications REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tessera_statement_reference_exists('assessor_org_id', 'organisations', 'classifications_assessor_org_id_fkey');
CREATE TRIGGER classifications_assessor_exists_upd AFTER UPDATE ON classifications REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tessera_statement_reference_exists('assessor_org_id', 'organisations', 'classifications_assessor_org_id_fkey');
CREATE TRIGGER organisations_assess_classifications BEFORE DELETE OR UPDATE OF id ON organisations
  FOR EACH ROW EXECUTE FUNCTION tessera_referenced_row_in_use('classifications', 'assessor_org_id', 'classifications_assessor_org_id_fkey');
