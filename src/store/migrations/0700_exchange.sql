-- Federation (issue 7): the change feed TAXII collections are served from, peers and their
-- keys, sync links with their opaque cursors, received copies, replay protection, TAXII status
-- resources, and the feedback/extension-object outbox and inbox.
-- Runs on PostgreSQL 15+ and PGlite alike.

-- Every write to reports and every tombstone is a change, in commit order: readers order by
-- (xid, seq) and only read transactions older than the oldest one still running
-- (pg_snapshot_xmin), so a cursor never skips a change committed late with a smaller number.
CREATE TABLE exchange_changes (
  seq            bigserial PRIMARY KEY,
  xid            xid8 NOT NULL DEFAULT pg_current_xact_id(),
  kind           text NOT NULL CHECK (kind IN ('report', 'tombstone')),
  record_id      text COLLATE "C" NOT NULL,
  ref_id         text COLLATE "C",
  source_org_id  text COLLATE "C" NOT NULL,
  dataset_id     text COLLATE "C",
  at             timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX exchange_changes_feed ON exchange_changes (source_org_id, xid, seq);
CREATE INDEX exchange_changes_at ON exchange_changes (source_org_id, at);

CREATE FUNCTION exchange_reports_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO exchange_changes (kind, record_id, source_org_id, dataset_id)
    SELECT 'report', n.id, n.source_org_id, n.dataset_id FROM changed_rows n ORDER BY n.id;
  RETURN NULL;
END $$;
CREATE TRIGGER exchange_reports_inserted AFTER INSERT ON reports REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION exchange_reports_changed();
CREATE TRIGGER exchange_reports_updated AFTER UPDATE ON reports REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION exchange_reports_changed();

CREATE FUNCTION exchange_tombstones_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO exchange_changes (kind, record_id, ref_id, source_org_id, dataset_id)
    SELECT 'tombstone', n.record_id, n.id, n.source_org_id, n.dataset_id FROM added_rows n WHERE n.source_org_id IS NOT NULL ORDER BY n.id;
  RETURN NULL;
END $$;
CREATE TRIGGER exchange_tombstones_inserted AFTER INSERT ON tombstones REFERENCING NEW TABLE AS added_rows
  FOR EACH STATEMENT EXECUTE FUNCTION exchange_tombstones_added();

-- What existed before this migration is a change too (oldest first).
INSERT INTO exchange_changes (kind, record_id, source_org_id, dataset_id, at)
  SELECT 'report', id, source_org_id, dataset_id, stored_at FROM reports ORDER BY stored_at, id;
INSERT INTO exchange_changes (kind, record_id, ref_id, source_org_id, dataset_id, at)
  SELECT 'tombstone', record_id, id, source_org_id, dataset_id, at FROM tombstones WHERE source_org_id IS NOT NULL ORDER BY at, id;

-- Peers: another node, its organisation, its Ed25519 key, where it listens and the token it
-- gave us; `user_id` is the account that stands for the peer on this node (its token is
-- what the peer presents to us).
CREATE TABLE exchange_peers (
  id            text COLLATE "C" PRIMARY KEY,
  org_id        text COLLATE "C" NOT NULL REFERENCES organisations(id),
  url           text NOT NULL,
  public_key    text NOT NULL,
  key_id        text COLLATE "C" NOT NULL,
  token         text,
  user_id       text COLLATE "C" NOT NULL,
  push_records  boolean NOT NULL DEFAULT false,
  state         text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'removed')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  removed_at    timestamptz
);
CREATE UNIQUE INDEX exchange_peers_org ON exchange_peers (org_id) WHERE state = 'active';

-- One link per peer, agreement and direction: where the sync is (an opaque cursor) and how it went.
CREATE TABLE exchange_links (
  peer_id        text COLLATE "C" NOT NULL REFERENCES exchange_peers(id),
  agreement_id   text COLLATE "C" NOT NULL,
  direction      text NOT NULL CHECK (direction IN ('pull', 'push', 'send')),
  cursor         text,
  objects        bigint NOT NULL DEFAULT 0,
  rejected       bigint NOT NULL DEFAULT 0,
  last_run_at    timestamptz,
  last_ok_at     timestamptz,
  last_object_at timestamptz,
  last_error     text,
  PRIMARY KEY (peer_id, agreement_id, direction)
);

-- Agreements a peer holds that name our organisation, as the peer last showed them: incoming
-- objects are checked against these terms.
CREATE TABLE exchange_agreements (
  id              text COLLATE "C" PRIMARY KEY,
  peer_id         text COLLATE "C" NOT NULL,
  slug            text NOT NULL,
  provider_org_id text COLLATE "C" NOT NULL,
  version_hash    text NOT NULL,
  state           text NOT NULL,
  terms           jsonb NOT NULL,
  fetched_at      timestamptz NOT NULL
);

-- Copies received from peers, as the agreement let them travel (one per record and agreement).
CREATE TABLE exchange_copies (
  record_id      text COLLATE "C" NOT NULL,
  agreement_id   text COLLATE "C" NOT NULL,
  peer_id        text COLLATE "C" NOT NULL,
  receiver_org_id text COLLATE "C" NOT NULL,
  source_org_id  text COLLATE "C" NOT NULL,
  dataset_id     text COLLATE "C" NOT NULL,
  stix_id        text COLLATE "C" NOT NULL,
  modified       timestamptz NOT NULL,
  record         jsonb NOT NULL,
  received_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (record_id, agreement_id)
);
CREATE INDEX exchange_copies_receiver ON exchange_copies (receiver_org_id, agreement_id, record_id);

-- Signed requests seen (nonce), to refuse a replay.
CREATE TABLE exchange_nonces (
  nonce    text COLLATE "C" PRIMARY KEY,
  peer_id  text COLLATE "C" NOT NULL,
  seen_at  timestamptz NOT NULL DEFAULT now()
);

-- TAXII status resources of POSTed envelopes.
CREATE TABLE exchange_status (
  id          text COLLATE "C" PRIMARY KEY,
  org_id      text COLLATE "C" NOT NULL,
  resource    jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Objects this node sends to a peer along lineage (feedback, referrals, outcomes): sent in
-- order by the sync, deleted from nothing (sent_at marks them).
CREATE TABLE exchange_outbox (
  seq           bigserial PRIMARY KEY,
  id            text COLLATE "C" NOT NULL UNIQUE,
  peer_id       text COLLATE "C" NOT NULL,
  agreement_id  text COLLATE "C" NOT NULL,
  type          text NOT NULL,
  object        jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  sent_at       timestamptz
);
CREATE INDEX exchange_outbox_pending ON exchange_outbox (peer_id, agreement_id, seq) WHERE sent_at IS NULL;

-- Objects received from peers about our records (feedback and other Tessera-extension objects).
CREATE TABLE exchange_inbox (
  id               text COLLATE "C" PRIMARY KEY,
  type             text NOT NULL,
  peer_id          text COLLATE "C" NOT NULL,
  agreement_id     text COLLATE "C" NOT NULL,
  owner_org_id     text COLLATE "C" NOT NULL,
  about_record_id  text COLLATE "C",
  from_org_id      text COLLATE "C",
  object           jsonb NOT NULL,
  received_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exchange_inbox_owner ON exchange_inbox (owner_org_id, received_at);
