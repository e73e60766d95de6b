import { describe, expect, it } from 'vitest';
import { generateContacts } from '../generator/index.ts';
import { deterministicId } from '../model/index.ts';
import { adapterFor } from './adapters.ts';
import { pseudonymiserFromKey } from './env.ts';
import { CHI_STYLE_MAPPING, contactCsvRow, contactsCsvHeader, memoryInput } from './index.ts';
import { decode } from './input.ts';
import { cutBatches, mapBatches, prepare } from './prepare.ts';
import type { MapEnv } from './types.ts';

const adapter = adapterFor('helpline-csv', { mapping: CHI_STYLE_MAPPING });
const org = deterministicId('organisation', ['prepare-test']);
const env: MapEnv = {
  orgId: org, datasetId: deterministicId('dataset', ['prepare-test']), pseudonymise: pseudonymiserFromKey('00'.repeat(32)), receivedAt: '2026-11-22T00:00:00.000Z',
  lineage: { sourceOrgId: org, sourceSystem: 'test', collectionPurpose: 'service-provision', legalBasis: 'consent', adapter: { name: adapter.name, version: adapter.version }, hops: [], receivedAt: '2026-11-22T00:00:00.000Z' },
};
const rows: string[] = [];
for (const b of generateContacts({ seed: 8, count: 45, batchSize: 45 })) rows.push(...b.map(contactCsvRow));
rows[10] = 'broken,row\n';
const text = contactsCsvHeader + rows.join('');
const records = () => adapter.read(decode(memoryInput(text, 'p.csv').bytes), { file: 'p.csv' });

describe('mapBatches', () => {
  it('cuts and maps exactly as cutBatches + prepare, and skips mapping committed batches', async () => {
    const want = [];
    for await (const b of cutBatches(records(), 20)) want.push(prepare(b, adapter, env, { file: 'p.csv' }));
    const got = [];
    for await (const b of mapBatches(records(), 20, new Set([1]), adapter, env, { file: 'p.csv' })) got.push(b);
    expect(got.map((b) => [b.seq, b.records, b.committed])).toEqual([[0, 20, false], [1, 20, true], [2, 5, false]]);
    for (const i of [0, 2]) {
      const g = got[i];
      const w = want[i];
      expect(g?.good.map((x) => x.mapped)).toEqual(w?.good.map((x) => x.mapped));
      expect(g?.bad.map((x) => [x.rec.where.line, x.problems[0]?.code])).toEqual(w?.bad.map((x) => [x.rec.where.line, x.problems[0]?.code]));
      // Parse trees are dropped once mapped; raw text and place stay for the write and the quarantine.
      expect(g?.good.every((x) => x.rec.parsed === undefined && x.rec.raw.length > 0 && x.rec.where.line !== undefined)).toBe(true);
    }
    expect(got[0]?.bad.map((x) => x.rec.where.line)).toEqual([12]);
  });
});
