-- Fewer and smaller indexes on the rows every report writes (issue 2: index upkeep was about a
-- third of the database's CPU per report in a bulk load).
--
-- Dropped, because no query looks rows up by them (linkage and set intersection read a scope's
-- files and signals through their report, then match in memory; hash matching has its own
-- registry tables): content_items_sha256, content_items_md5, signals_value. A feature that
-- looks up stored files by hash or signals by value should add the index it needs, with the
-- query that needs it.
DROP INDEX content_items_sha256;
DROP INDEX content_items_md5;
DROP INDEX signals_value;

-- "All rows of these reports" is only ever asked by equality (report_id = / IN / a join on the
-- report): a hash index answers it from a 4-byte hash per row instead of a B-tree over the
-- 45-character report id, which is cheaper to insert into (no descent comparing long strings)
-- and several times smaller. Same for classifications by target.
DROP INDEX content_items_report;
DROP INDEX signals_report;
DROP INDEX children_report;
DROP INDEX subjects_report;
DROP INDEX classifications_target;
CREATE INDEX content_items_report ON content_items USING hash (report_id);
CREATE INDEX signals_report ON signals USING hash (report_id);
CREATE INDEX children_report ON children USING hash (report_id);
CREATE INDEX subjects_report ON subjects USING hash (report_id);
CREATE INDEX classifications_target ON classifications USING hash (target_id);
