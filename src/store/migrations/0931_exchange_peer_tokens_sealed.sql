-- Federation (issue 7): the token a peer issued to this node is no longer kept in clear in
-- exchange_peers.token. It is sealed like other sensitive fields (AES-256-GCM in sealed_fields,
-- under a data key wrapped by the node's master key: TESSERA_MASTER_KEY, or the node setting);
-- `token_sealed` says a sealed token exists. A token stored in clear before this migration is
-- sealed, and the column cleared, the first time the node uses it.
ALTER TABLE exchange_peers ADD COLUMN token_sealed boolean NOT NULL DEFAULT false;
