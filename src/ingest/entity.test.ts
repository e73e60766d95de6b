import { describe, expect, it } from 'vitest';
import { ContactEntity, deterministicId, sha256Digest } from '../model/index.ts';
import { entityWithLineage, rawDigestOf, type LineageContext } from './entity.ts';
import { cutBatches } from './prepare.ts';
import type { RawRecord } from './types.ts';

const org = deterministicId('organisation', ['entity-test']);
const context: LineageContext = {
  sourceOrgId: org, sourceSystem: 'test CRM "quoted" \\ back', collectionPurpose: 'service-provision', legalBasis: 'consent',
  adapter: { name: 'tessera-ingest/helpline-csv', version: '1.0.0' }, receivedAt: '2026-11-22T00:00:00.000Z', hops: [],
};
const contact = (ref: string, raw: string) =>
  entityWithLineage(ContactEntity, { datasetId: deterministicId('dataset', ['d']), sourceOrgId: org, sourceRef: ref, channel: 'chat', contactAt: '2026-01-01T10:00:00.000Z' }, context, rawDigestOf(raw));

describe('ingest entity helpers', () => {
  it('rawDigestOf is the model digest, for any text (multi-byte, lone surrogates)', () => {
    for (const s of ['', 'a,b,c', 'Ünïcødé ✓ 𝄞', 'lone \ud800 surrogate', 'x'.repeat(100_000)]) expect(rawDigestOf(s)).toBe(sha256Digest(s));
  });

  it('entityWithLineage gives the record entity() would give, its lineage the run context plus the digest', () => {
    const a = contact('A-1', 'row one');
    expect(a.id).toBe(deterministicId('contact', [org, 'A-1']));
    expect(a.lineage).toEqual({ ...context, rawDigest: sha256Digest('row one') });
    expect(Object.keys(a.lineage).at(-1)).toBe('rawDigest');
  });

  it('cutBatches cuts by count, numbers batches from 0 and keeps the last partial batch', async () => {
    async function* records(n: number): AsyncIterable<RawRecord> {
      for (let i = 0; i < n; i++) yield { index: i, raw: `r${i}`, where: {}, problems: [] };
    }
    const got: Array<[number, number[]]> = [];
    for await (const b of cutBatches(records(7), 3)) got.push([b.seq, b.records.map((r) => r.index)]);
    expect(got).toEqual([[0, [0, 1, 2]], [1, [3, 4, 5]], [2, [6]]]);
  });
});
