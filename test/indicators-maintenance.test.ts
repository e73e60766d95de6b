import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { startRollupCompaction } from '../src/indicators/index.ts';
import { describeEachStore } from './support/databases.ts';
import type { Store } from '../src/store/index.ts';
import { seedReports, seedTwoOrgs } from './support/fixtures.ts';

const rollupRows = async (db: Store['db']) =>
  Number((await sql<{ n: string | number }>`SELECT count(*) AS n FROM indicator_rollup`.execute(db)).rows[0]?.n ?? 0);

describeEachStore('indicator rollup on a running node', ({ store }) => {
  it('is compacted in the background, so loads in many batches do not leave indicator reads slower', async () => {
    const orgs = await seedTwoOrgs(store());
    for (let i = 0; i < 4; i += 1) await seedReports(store(), orgs.hotline.orgId, orgs.hotline.datasetId, 25, `M${i}-`);
    const before = await rollupRows(store().db);
    const compaction = startRollupCompaction(store(), { firstAfterMs: 10, everyMs: 50 });
    let after = before;
    for (let i = 0; i < 100 && after >= before; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      after = await rollupRows(store().db);
    }
    await compaction.stop();
    expect(after).toBeLessThan(before);
  });
});
