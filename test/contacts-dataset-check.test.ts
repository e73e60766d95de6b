import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { generateContacts } from '../src/generator/index.ts';
import { insertContacts } from '../src/store/repositories/records.ts';
import { describeEachStore } from './support/databases.ts';
import { seedTwoOrgs } from './support/fixtures.ts';

// Migration 0960: contacts.dataset_id → datasets is checked per statement instead of per row
// by a foreign key; the rule and its error (code, constraint name) are the foreign key's.
describeEachStore('contacts name an existing dataset (0960)', (fx) => {
  it('a contact naming an unknown dataset is refused, and a dataset contacts name cannot be deleted or renamed', async () => {
    const orgs = await seedTwoOrgs(fx.store());
    const db = fx.store().db;
    const [one, two] = [...generateContacts({ seed: 3, count: 2, batchSize: 2 })][0] ?? [];
    if (!one || !two) throw new Error('no contacts generated');
    const own = { datasetId: orgs.hotline.datasetId, sourceOrgId: orgs.hotline.orgId };
    await expect(insertContacts(db, [{ ...one, ...own }, { ...two, ...own, datasetId: 'dataset--missing' }]))
      .rejects.toMatchObject({ code: '23503', constraint: 'contacts_dataset_id_fkey' });
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM contacts`.execute(db)).rows[0]?.n).toBe(0);

    expect(await insertContacts(db, [{ ...one, ...own }])).toMatchObject({ inserted: 1 });
    await expect(sql`UPDATE contacts SET dataset_id = 'dataset--missing'`.execute(db)).rejects.toMatchObject({ code: '23503' });
    await expect(sql`DELETE FROM datasets WHERE id = ${orgs.hotline.datasetId}`.execute(db)).rejects.toMatchObject({ code: '23503', constraint: 'contacts_dataset_id_fkey' });
    await expect(sql`UPDATE datasets SET id = 'dataset--renamed' WHERE id = ${orgs.hotline.datasetId}`.execute(db)).rejects.toMatchObject({ code: '23503' });
    // The rule applies to the dataset contacts name, not to every dataset.
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM contacts WHERE dataset_id = ${orgs.hotline.datasetId}`.execute(db)).rows[0]?.n).toBe(1);
  });
});
