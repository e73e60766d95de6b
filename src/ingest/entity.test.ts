import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ChildEntity, ClassificationEntity, ContactEntity, ContentItemEntity, ReportEntity, SignalEntity, SubjectEntity, deterministicId, sha256Digest, type EntityDefinition } from '../model/index.ts';
import type { Problem } from '../shared/errors.ts';
import { FAIL, entityOr, entityWithLineage, fieldwiseOf, patternTest, rawDigestOf, type LineageContext } from './entity.ts';
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

  it('entityWithLineage refuses a digest that is not one, whatever digest was made last', () => {
    const good = rawDigestOf('row');
    for (const bad of ['', 'sha256:xyz', good.toUpperCase(), `${good}0`]) expect(() => contact('A-2', 'row') && entityWithLineage(ContactEntity, { datasetId: deterministicId('dataset', ['d']), sourceOrgId: org, sourceRef: 'A-2', channel: 'chat', contactAt: '2026-01-01T10:00:00.000Z' }, context, bad), bad).toThrow(TypeError);
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

describe('field-wise entity validation (the fast path before the schema)', () => {
  const report = deterministicId('report', [org, 'R-1']);
  const bases: Array<[EntityDefinition<z.ZodRawShape>, boolean, Record<string, unknown>]> = [
    [ReportEntity as never, true, { datasetId: deterministicId('dataset', ['d']), sourceOrgId: org, sourceRef: 'R-1', kind: 'cybertip', status: 'received', reportedAt: '2026-01-01T10:00:00.000Z', incidentAt: '2025-12-31T23:00:00+01:00', country: 'FR', language: 'pt-BR', incidentTypes: [{ scheme: 'ncmec-incident', code: 'Child Pornography (possession, manufacture, and distribution)' }], flags: ['urgent', 'sextortion'] }],
    [ContentItemEntity as never, true, { reportId: report, sourceRef: 'file-1', mediaType: 'image', sizeBytes: 12, hashes: { md5: 'a'.repeat(32), sha1: 'b'.repeat(40), sha256: 'c'.repeat(64), pdq: 'd'.repeat(64), pdqQuality: 89 } }],
    [SignalEntity as never, false, { reportId: report, type: 'url', value: 'https://x.example/a', pseudonymised: false }],
    [SubjectEntity as never, false, { reportId: report, sourceRef: 'subject-1', kind: 'account', role: 'reported', identifiers: [{ type: 'account', value: 'e'.repeat(64), platform: 'chirp' }, { type: 'ip', value: 'f'.repeat(64) }], country: 'BD' }],
    [ChildEntity as never, false, { reportId: report, sourceRef: 'victim-1', age: { min: 12, max: 13, basis: 'reported' }, gender: 'female', country: 'FR', identified: false }],
    [ClassificationEntity as never, false, { targetId: report, scheme: 'ncmec-industry', code: 'A1', assessorOrgId: org, assessedAt: '2026-01-01T10:00:00.000Z' }],
    // Its refinement: "nationally-illegal" needs a jurisdiction.
    [ClassificationEntity as never, false, { targetId: report, scheme: 'x', code: 'c', assessorOrgId: org, assessedAt: '2026-01-01T10:00:00.000Z', jurisdiction: 'DE', legalStatus: 'nationally-illegal' }],
    [ClassificationEntity as never, false, { targetId: report, scheme: 'x', code: 'c', assessorOrgId: org, assessedAt: '2026-01-01T10:00:00.000Z', legalStatus: 'illegal' }],
  ];
  const odd: unknown[] = [
    undefined, null, '', ' ', 'x', 'x'.repeat(201), 'x'.repeat(2049), 'A9', 'FR', 'fr', 'pt-BR', 'PT-br', 'urgent', 'Bad Flag', 'cybertip', 'hotline', 'received', 'image', 'blob',
    '2026-02-30T10:00:00Z', '2026-01-01T10:00:00', '2026-01-01T10:00:00.000Z', '2024-02-29T23:59:59.5+14:00', '2026-01-01T10:00:00.000+0100', '2026-01-01t10:00:00Z', report.toUpperCase(), `${report}\n`, report, deterministicId('dataset', ['d']), org, 'report--x', 'A'.repeat(32), 'a'.repeat(32), 'a'.repeat(64),
    0, -1, 1.5, 12, 101, 2 ** 60, Number.NaN, true, false, [], ['urgent'], ['Bad Flag'], Array.from({ length: 51 }, () => 'a'), {}, { min: 3, max: 2, basis: 'reported' },
    { min: null, max: null, basis: 'developmental-stage' }, { basis: 'reported', min: 1, max: 1 }, [{ scheme: 'x', code: 'y' }], [{ code: 'y', scheme: 'x' }], [{ scheme: 'X', code: 'y' }],
    [{ scheme: 'x', code: 'y', extra: 1 }], { md5: 'a'.repeat(32) }, { sha1: 'b'.repeat(40), md5: 'a'.repeat(32) }, { md5: 'A'.repeat(32) }, { pdqQuality: 101 }, [{ type: 'account', value: 'v' }], [{ value: 'v', type: 'account' }],
    'nationally-illegal', 'illegal', 'unknown', 'not-illegal', 'DE', 'content-item--00000000-0000-5000-8000-000000000000', 'ncmec-file-annotation',
  ];
  const same = (schema: z.ZodType, value: unknown) => {
    const fast = fieldwiseOf(schema, false)?.(value);
    const slow = schema.safeParse(value);
    if (fast === undefined || fast === FAIL) return true;
    // When the field-wise check passes a value, the schema passes it too, with the same output (key order included).
    return slow.success && JSON.stringify(fast) === JSON.stringify(slow.data) && JSON.stringify(Object.keys(fast as object)) === JSON.stringify(Object.keys(slow.data as object));
  };

  it('gives exactly what the schema gives, or hands the value to the schema, for valid and invalid values of every field', () => {
    let passed = 0;
    for (const [def, withLineage, base] of bases) {
      const schema = withLineage ? (def.input as unknown as z.ZodObject<z.ZodRawShape>).omit({ lineage: true } as never) : def.input;
      expect(same(schema, base)).toBe(true);
      const f = fieldwiseOf(schema, false)?.(base);
      if (f !== undefined && f !== FAIL) passed++;
      for (const k of [...Object.keys(base), 'extra', 'lineage', 'id']) {
        const { [k]: _dropped, ...without } = base;
        expect(same(schema, without), `${def.name} without ${k}`).toBe(true);
        for (const v of odd) expect(same(schema, { ...base, [k]: v }), `${def.name}.${k} = ${JSON.stringify(v)}`).toBe(true);
      }
      // Fields in another order than the schema's: the same record.
      expect(same(schema, Object.fromEntries(Object.entries(base).reverse()))).toBe(true);
    }
    // The fast path is taken for every entity the CyberTipline mapper makes, Classification included (its default filled in, its refinement run).
    expect(passed).toBe(8);
  });

  it('Classification: the default legal status filled in and the refinement run as the schema runs them', () => {
    const schema = ClassificationEntity.input;
    const c = { targetId: report, scheme: 'ncmec-industry', code: 'A1', assessorOrgId: org, assessedAt: '2026-01-01T10:00:00.000Z' };
    const fast = fieldwiseOf(schema, false)?.(c);
    expect(fast).not.toBe(FAIL);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(schema.parse(c)));
    expect(Object.keys(fast as object)).toEqual(['targetId', 'scheme', 'code', 'assessorOrgId', 'assessedAt', 'legalStatus']);
    // The refinement refuses: the field-wise check hands the value to the schema, whose problem is reported.
    const bad = { ...c, legalStatus: 'nationally-illegal' };
    expect(fieldwiseOf(schema, false)?.(bad)).toBe(FAIL);
    const problems: Problem[] = [];
    expect(entityOr(problems, ClassificationEntity, bad, { file: 'f', line: 2 })).toBeUndefined();
    expect(problems).toEqual([{ code: 'invalid_custom', message: '"nationally-illegal" needs the jurisdiction it is illegal in', where: { file: 'f', line: 2, path: 'jurisdiction', field: 'jurisdiction' } }]);
    // With its id, what the schema gives.
    const got = entityOr([], ClassificationEntity, { ...c, jurisdiction: 'DE', legalStatus: 'nationally-illegal' }, {});
    expect(JSON.stringify(got)).toBe(JSON.stringify({ ...schema.parse({ ...c, jurisdiction: 'DE', legalStatus: 'nationally-illegal' }), id: deterministicId('classification', [report, 'ncmec-industry', 'A1', org]) }));
  });

  it('entityOr and entityWithLineage give what the whole schema gives', () => {
    const sub = { reportId: report, sourceRef: 'subject-1', kind: 'account', role: 'reported', identifiers: [{ type: 'email', value: 'v', platform: 'p' }] };
    const problems: Problem[] = [];
    const got = entityOr(problems, SubjectEntity, sub, {});
    const want = SubjectEntity.input.parse(sub);
    expect(JSON.stringify(got)).toBe(JSON.stringify({ ...want, id: deterministicId('subject', [report, 'subject-1']) }));
    expect(entityOr(problems, SubjectEntity, { ...sub, kind: 'robot' }, { file: 'f', line: 3 })).toBeUndefined();
    expect(problems.map((p) => [p.code, p.where?.path, p.where?.line])).toEqual([['invalid_invalid_value', 'kind', 3]]);
    const r = bases[0]?.[2] as Record<string, unknown>;
    const withLineage = entityWithLineage(ReportEntity, r, context, rawDigestOf('x'));
    // The schema's fields, then the run's lineage with the digest last (as before the field-wise path), then the id.
    const { lineage: _l, ...fields } = ReportEntity.input.parse({ ...r, lineage: { ...context, rawDigest: rawDigestOf('x') } });
    expect(JSON.stringify(withLineage)).toBe(JSON.stringify({ ...fields, lineage: { ...context, rawDigest: rawDigestOf('x') }, id: deterministicId('report', [org, 'R-1']) }));
  });
});

describe('pattern tests read character by character', () => {
  it('answer as the hash and identifier regular expressions do', () => {
    const patterns = [/^[0-9a-f]{32}$/, /^[0-9a-f]{40}$/, /^[0-9a-f]{64}$/, ...['report', 'content-item', 'organisation', 'dataset', 'a-'].map((t) => new RegExp(`^${t}--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)), /^[0-9a-f]{4}$/i, /^(report|contact)--[0-9a-f-]{36}$/];
    const id = deterministicId('report', ['x']).slice('report--'.length);
    const values = ['', 'a'.repeat(32), 'A'.repeat(32), 'g'.repeat(32), `${'a'.repeat(32)}\n`, `\n${'a'.repeat(31)}`, '0123456789abcdef'.repeat(4), '0123456789abcdef'.repeat(4).slice(1), 'f'.repeat(40), 'abcd', 'ABCD', ' '.repeat(64)];
    for (const t of ['report', 'content-item', 'organisation', 'dataset', 'a-', 'contact', 'x']) {
      values.push(`${t}--${id}`, `${t}--${id.toUpperCase()}`, `${t}--${id.replace(/-/g, '0')}`, `${t}--${id}0`, `${t}--${id.slice(1)}`, `${t}-${id}`, `${t}--${id.slice(0, 8)}x${id.slice(9)}`, `${t}--${id}\n`, `${t}---${id}`);
      for (let i = 0; i < id.length; i++) values.push(`${t}--${id.slice(0, i)}-${id.slice(i + 1)}`, `${t}--${id.slice(0, i)}g${id.slice(i + 1)}`);
    }
    for (const p of patterns) {
      const test = patternTest(p);
      for (const v of values) expect(test(v), `${p} ${JSON.stringify(v)}`).toBe(p.test(v));
    }
  });
});

