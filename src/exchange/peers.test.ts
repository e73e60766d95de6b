import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { localPrincipal, upsertUser } from '../identity/index.ts';
import { registerOrganisation } from '../records/index.ts';
import { openStore } from '../store/index.ts';
import { describeEachStore } from '../../test/support/databases.ts';
import { addPeer, listPeers, peerSecret, selfCard } from './peers.ts';

describeEachStore('exchange peers: the token a peer issued us is sealed at rest', (fx) => {
  it('keeps no token in clear, opens it to call the peer, and seals a token stored in clear before', async () => {
    const store = fx.store();
    const o = await registerOrganisation(store, { slug: 'seal-hotline', name: 'Seal Hotline', kind: 'hotline', jurisdiction: 'NL', languages: ['en'] });
    await store.db.insertInto('node_settings').values({ key: 'node.organisation', value: JSON.stringify(o.id) }).onConflict((oc) => oc.column('key').doNothing()).execute();
    const admin = await upsertUser(store, { orgId: o.id, name: 'admin', email: 'admin@seal-hotline.example', roles: ['admin'], dataProtectionTrainedAt: new Date().toISOString() });
    const actor = await localPrincipal(store, admin.email);

    // The other node's card (its own store, its own key).
    const other = await openStore({});
    const po = await registerOrganisation(other, { slug: 'seal-platform', name: 'Seal Platform', kind: 'platform', jurisdiction: 'NL', languages: ['en'] });
    await other.db.insertInto('node_settings').values({ key: 'node.organisation', value: JSON.stringify(po.id) }).execute();
    const card = await selfCard(other, 'http://127.0.0.1:9');
    await other.close();

    const token = 'tsr_synthetic-token-for-sealing-test-0123456789';
    const { peer } = await addPeer(store, actor, { card, token });
    const row = await sql<{ token: string | null; token_sealed: boolean }>`SELECT token, token_sealed FROM exchange_peers WHERE id = ${peer.id}`.execute(store.db);
    expect(row.rows[0]).toEqual({ token: null, token_sealed: true });
    expect((await listPeers(store)).find((p) => p.id === peer.id)?.hasToken).toBe(true);
    expect(await peerSecret(store, peer.id)).toBe(token);
    // Nowhere in clear: not in the sealed row either.
    const sealed = await sql<{ c: Uint8Array }>`SELECT ciphertext AS c FROM sealed_fields WHERE record_id = ${peer.id} AND field = 'peer-token'`.execute(store.db);
    expect(sealed.rows).toHaveLength(1);
    expect(Buffer.from(sealed.rows[0]?.c as Uint8Array).toString('utf8')).not.toContain('synthetic-token');

    // A token stored in clear by an older version is sealed on first use.
    await sql`UPDATE exchange_peers SET token = 'tsr_older-clear-token', token_sealed = false WHERE id = ${peer.id}`.execute(store.db);
    expect(await peerSecret(store, peer.id)).toBe('tsr_older-clear-token');
    const after = await sql<{ token: string | null; token_sealed: boolean }>`SELECT token, token_sealed FROM exchange_peers WHERE id = ${peer.id}`.execute(store.db);
    expect(after.rows[0]).toEqual({ token: null, token_sealed: true });
    expect(await peerSecret(store, peer.id)).toBe('tsr_older-clear-token');
  });
});

it('a peer registered without a token has none', async () => {
  const store = await openStore({});
  try {
    const o = await registerOrganisation(store, { slug: 'plain-hotline', name: 'Plain Hotline', kind: 'hotline', jurisdiction: 'NL', languages: ['en'] });
    await store.db.insertInto('node_settings').values({ key: 'node.organisation', value: JSON.stringify(o.id) }).execute();
    const admin = await upsertUser(store, { orgId: o.id, name: 'admin', email: 'admin@plain-hotline.example', roles: ['admin'], dataProtectionTrainedAt: new Date().toISOString() });
    const other = await openStore({});
    const po = await registerOrganisation(other, { slug: 'plain-platform', name: 'Plain Platform', kind: 'platform', jurisdiction: 'NL', languages: ['en'] });
    await other.db.insertInto('node_settings').values({ key: 'node.organisation', value: JSON.stringify(po.id) }).execute();
    const card = await selfCard(other, 'http://127.0.0.1:9');
    await other.close();
    const { peer } = await addPeer(store, await localPrincipal(store, admin.email), { card });
    expect(peer.hasToken).toBe(false);
    expect(await peerSecret(store, peer.id)).toBeNull();
  } finally {
    await store.close();
  }
});
