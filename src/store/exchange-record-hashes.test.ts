import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { collectionId } from '../exchange/collections.ts';
import { taxiiService } from '../exchange/taxii.ts';
import { localPrincipal, upsertUser } from '../identity/index.ts';
import { acceptAgreement, draftAgreement } from '../policy/index.ts';
import { registerDatasetAsNode, registerOrganisation } from '../records/index.ts';
import { describeEachStore } from '../../test/support/databases.ts';
import { seedReports } from '../../test/support/fixtures.ts';

/**
 * Migration 0970: the change feed finds records by id through a GIN index over hashes of the ids.
 * TAXII match[id] must still return exactly the objects asked for, wherever they sit in the
 * change rows, and the index must be what answers the filter.
 */
describeEachStore('exchange look-up by record id (0970)', (fx) => {
  it('match[id] returns exactly the reports asked for, from inside change rows of many ids', async () => {
    const store = fx.store();
    const o = await registerOrganisation(store, { slug: 'hash-hotline', name: 'Hash Hotline', kind: 'hotline', jurisdiction: 'NL', languages: ['en'] });
    const steward = await upsertUser(store, { orgId: o.id, name: 'steward', email: 'steward@hash-hotline.example', roles: ['steward'], dataProtectionTrainedAt: new Date().toISOString() });
    const ds = await registerDatasetAsNode(store, { ownerOrgId: o.id, slug: 'tips', name: 'tips', recordType: 'report', purpose: 'content-removal', legalBasis: 'legitimate-interest', createdAt: '2026-01-01T00:00:00Z' });
    const r = await registerOrganisation(store, { slug: 'hash-platform', name: 'Hash Platform', kind: 'platform', jurisdiction: 'NL', languages: ['en'] });
    const rs = await upsertUser(store, { orgId: r.id, name: 'rs', email: 'steward@hash-platform.example', roles: ['steward'], dataProtectionTrainedAt: new Date().toISOString() });
    const ra = await upsertUser(store, { orgId: r.id, name: 'ra', email: 'analyst@hash-platform.example', roles: ['analyst'], dataProtectionTrainedAt: new Date().toISOString() });
    const S = await localPrincipal(store, steward.email);
    const ag = await draftAgreement(store, S, {
      slug: 'hash-share', title: 'hash share (synthetic)', recipients: [{ orgId: r.id }], purposes: ['content-removal'], legalBasis: 'legitimate-interest', datasetIds: [ds.id], actions: ['export'],
      fields: { sourceRef: 'pseudonymised', kind: 'visible', reportedAt: 'visible' }, validFrom: '2026-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 3650, then: 'delete' },
    });
    await acceptAgreement(store, S, ag.id, ag.versionHash);
    await acceptAgreement(store, await localPrincipal(store, rs.email), ag.id, ag.versionHash);
    const reader = await localPrincipal(store, ra.email);
    const collection = collectionId(ag.id, 'records');

    const many = (await seedReports(store, o.id, ds.id, 30, 'MANY')).map((b) => b.report.id).sort();
    const one = (await seedReports(store, o.id, ds.id, 1, 'ONE')).map((b) => b.report.id);
    const stix = (id: string) => id.replace(/^report--/, 'tessera-report--');
    const wanted = [many[3], many[17], many[29], one[0]].map((id) => stix(id as string));
    const page = await taxiiService.getObjects(store, reader, collection, { 'match[id]': wanted.join(',') });
    expect(((page.envelope.objects ?? []) as Array<{ id: string }>).map((x) => x.id)).toEqual(wanted);
    // An id that is in no change row finds nothing.
    const none = await taxiiService.getObjects(store, reader, collection, { 'match[id]': 'tessera-report--00000000-0000-4000-8000-000000000000' });
    expect((none.envelope.objects ?? []) as unknown[]).toHaveLength(0);

    // The hashes the index holds are those of the row's ids, and the filter can be answered by the index.
    const h = await sql<{ same: boolean }>`SELECT tessera_id_hashes(record_ids) = ARRAY(SELECT hashtext(x) FROM unnest(record_ids) x) AS same FROM exchange_changes`.execute(store.db);
    expect(h.rows.length).toBeGreaterThan(0);
    expect(h.rows.every((x) => x.same)).toBe(true);
    if (fx.kind === 'postgres') {
      const plan = await store.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL enable_seqscan = off`.execute(trx);
        return sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT seq FROM exchange_changes WHERE tessera_id_hashes(record_ids) && tessera_id_hashes(ARRAY[${many[3]}]::text[]) AND record_ids && ARRAY[${many[3]}]::text[]`.execute(trx);
      });
      expect(plan.rows.map((x) => x['QUERY PLAN']).join('\n')).toMatch(/exchange_changes_record_hashes/);
    }
  });
});
