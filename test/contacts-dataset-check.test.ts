import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { generateContacts } from '../src/generator/index.ts';
import { registerOrganisation } from '../src/records/index.ts';
import { insertContacts } from '../src/store/repositories/records.ts';
import { describeEachStore } from './support/databases.ts';
import { seedTwoOrgs } from './support/fixtures.ts';

// Migrations 0960 and 0961: contacts.dataset_id → datasets and classifications.assessor_org_id →
// organisations are checked per statement instead of per row by a foreign key; the rule and its
// error (code, constraint name) are the foreign key's.
describeEachStore('contacts name an existing dataset, classifications an existing assessor (0960, 0961)', (fx) => {
  it('a contact naming an unknown dataset is refused, and a dataset contacts name cannot be deleted or renamed', async () => {
    const orgs = await seedTwoOrgs(fx.store());
    const db = fx.store().db;
    const [one, two] = [...generateContacts({ seed: 3, count: 2, batchSize: 2 })][0] ?? [];
    if (!one || !two) throw new Error('no contacts generated');
    const own = { datasetId: orgs.hotline.datasetId, sourceOrgId: orgs.hotline.orgId };
    await expect(insertContacts(db, [{ ...one, ...own }, { ...two, ...own, datasetId: 'dataset--missing' }]))
      .rejects.toMatchObject({
        code: '23503', constraint: 'contacts_dataset_id_fkey', table: 'contacts',
        message: 'insert or update on table "contacts" violates foreign key constraint "contacts_dataset_id_fkey"',
        detail: 'Key (dataset_id)=(dataset--missing) is not present in table "datasets".',
      });
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM contacts`.execute(db)).rows[0]?.n).toBe(0);

    expect(await insertContacts(db, [{ ...one, ...own }])).toMatchObject({ inserted: 1 });
    await expect(sql`UPDATE contacts SET dataset_id = 'dataset--missing'`.execute(db)).rejects.toMatchObject({ code: '23503' });
    await expect(sql`DELETE FROM datasets WHERE id = ${orgs.hotline.datasetId}`.execute(db)).rejects.toMatchObject({ code: '23503', constraint: 'contacts_dataset_id_fkey' });
    await expect(sql`UPDATE datasets SET id = 'dataset--renamed' WHERE id = ${orgs.hotline.datasetId}`.execute(db)).rejects.toMatchObject({ code: '23503' });
    // The rule applies to the dataset contacts name, not to every dataset.
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM contacts WHERE dataset_id = ${orgs.hotline.datasetId}`.execute(db)).rows[0]?.n).toBe(1);
  });

  it('a classification naming an unknown assessor is refused, and an organisation classifications name cannot be deleted or renamed', async () => {
    const db = fx.store().db;
    // An organisation nothing else names: only the classification keeps it.
    const org = (await registerOrganisation(fx.store(), { slug: 'assessor-only', name: 'Assessor only (synthetic)', kind: 'hotline', jurisdiction: 'NL', languages: ['en'] })).id;
    const row = (id: string, assessor: string) => sql`INSERT INTO classifications (id, target_id, scheme, code, assessor_org_id, assessed_at, legal_status) VALUES (${id}, 'report--x', 'ncmec-industry', 'A1', ${assessor}, now(), 'unknown')`;
    await expect(row('classification--a', 'organisation--missing').execute(db)).rejects.toMatchObject({ code: '23503', constraint: 'classifications_assessor_org_id_fkey' });
    await row('classification--b', org).execute(db);
    await expect(sql`UPDATE classifications SET assessor_org_id = 'organisation--missing' WHERE id = 'classification--b'`.execute(db)).rejects.toMatchObject({ code: '23503' });
    await expect(sql`DELETE FROM organisations WHERE id = ${org}`.execute(db)).rejects.toMatchObject({
      code: '23503', constraint: 'classifications_assessor_org_id_fkey', table: 'organisations',
      message: 'update or delete on table "organisations" violates foreign key constraint "classifications_assessor_org_id_fkey" on table "classifications"',
      detail: `Key (id)=(${org}) is still referenced from table "classifications".`,
    });
    await expect(sql`UPDATE organisations SET id = 'organisation--renamed' WHERE id = ${org}`.execute(db)).rejects.toMatchObject({ code: '23503' });
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM classifications WHERE assessor_org_id = ${org}`.execute(db)).rows[0]?.n).toBe(1);
    // Once nothing names it, it can go.
    await sql`DELETE FROM classifications WHERE id = 'classification--b'`.execute(db);
    await sql`DELETE FROM organisations WHERE id = ${org}`.execute(db);
  });
});
