-- Exchange: one object by id (TAXII GET object, versions) and pruning remembered nonces.
CREATE INDEX exchange_changes_record ON exchange_changes (record_id, seq);
CREATE INDEX exchange_nonces_seen ON exchange_nonces (seen_at);
