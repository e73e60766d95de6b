import { describe, expect, it } from 'vitest';
import { ValidationError } from '../shared/errors.ts';
import { AgeRange, ClassificationEntity, ContentItemEntity, OrganisationEntity, ReportEntity, deterministicId, identify, parseEntity, parseWith, sha256Digest } from './index.ts';

const lineage = {
  sourceOrgId: deterministicId('organisation', ['a']), sourceSystem: 'test', collectionPurpose: 'content-removal', legalBasis: 'legitimate-interest',
  adapter: { name: 'test', version: '1' }, receivedAt: '2026-10-01T00:00:00Z', rawDigest: sha256Digest('x'),
};
const report = {
  datasetId: deterministicId('dataset', ['a', 'ds']), sourceOrgId: lineage.sourceOrgId, sourceRef: 'TIP-1', kind: 'cybertip', reportedAt: '2026-10-01T12:00:00+02:00', lineage,
};

function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('Common Data Model validation', () => {
  it('accepts a valid report, fills defaults and gives it a deterministic id', () => {
    const r = parseEntity(ReportEntity, report);
    expect(r.id).toMatch(/^report--[0-9a-f-]{36}$/);
    expect(r.status).toBe('received');
    expect(r.incidentTypes).toEqual([]);
    expect(r.lineage.hops).toEqual([]);
    expect(parseEntity(ReportEntity, { ...report }).id).toBe(r.id);
  });

  it('gives the same id to the same report whatever whitespace or time zone it was written in', () => {
    const a = identify(ReportEntity, { sourceOrgId: report.sourceOrgId, sourceRef: 'TIP-1' });
    const b = identify(ReportEntity, { sourceOrgId: report.sourceOrgId, sourceRef: '  TIP-1 ' });
    expect(a).toBe(b);
    const o1 = identify(ClassificationEntity, { targetId: 'report--x', scheme: 's', code: 'c', assessorOrgId: 'o' });
    expect(o1).not.toBe(identify(ClassificationEntity, { targetId: 'report--x', scheme: 's', code: 'd', assessorOrgId: 'o' }));
    expect(deterministicId('outcome', ['2026-10-01T12:00:00+02:00'])).toBe(deterministicId('outcome', ['2026-10-01T10:00:00.000Z']));
  });

  it('names the exact field and reason for each bad value', () => {
    const issues = problemsOf(() => parseEntity(ReportEntity, { ...report, kind: 'rumour', country: 'France', reportedAt: 'yesterday' }, { file: 'in.json', line: 3 }));
    const byField = Object.fromEntries(issues.map((i) => [i.where?.field, i]));
    expect(byField.kind?.message).toContain('must be one of');
    expect(byField.kind?.where).toMatchObject({ file: 'in.json', line: 3, path: 'kind' });
    expect(byField.country?.message).toContain('ISO 3166-1 alpha-2');
    expect(byField.reportedAt?.message).toMatch(/datetime/i);
  });

  it('reports missing required fields and unknown fields by name', () => {
    const { sourceRef: _drop, ...noRef } = report;
    const issues = problemsOf(() => parseEntity(ReportEntity, { ...noRef, victimName: 'x' }));
    expect(issues.find((i) => i.where?.field === 'sourceRef')?.message).toContain('required field is missing');
    expect(issues.find((i) => i.code === 'invalid_unrecognized_keys')?.message).toContain('"victimName"');
  });

  it('locates errors inside nested records with an array path', () => {
    const issues = problemsOf(() => parseEntity(ReportEntity, { ...report, incidentTypes: [{ scheme: 'ncmec-incident', code: 'x' }, { scheme: 'Bad Scheme!', code: 'y' }] }));
    expect(issues[0]?.where?.path).toBe('incidentTypes[1].scheme');
  });

  it('never accepts an age as a single guess without a basis, nor an inverted range, nor a stage without its name', () => {
    expect(() => parseWith(AgeRange, { min: 12, max: 12 })).toThrow(ValidationError);
    expect(problemsOf(() => parseWith(AgeRange, { min: 14, max: 11, basis: 'estimated' }))[0]?.message).toContain('below min');
    expect(problemsOf(() => parseWith(AgeRange, { min: 3, max: 13, basis: 'developmental-stage' }))[0]?.where?.field).toBe('stage');
    expect(parseWith(AgeRange, { min: null, max: null, basis: 'reported' })).toEqual({ min: null, max: null, basis: 'reported' });
  });

  it('refuses "nationally illegal" without the jurisdiction it is illegal in', () => {
    const base = { targetId: 'report--' + '0'.repeat(8) + '-0000-0000-0000-' + '0'.repeat(12), scheme: 'iccam', code: 'nationally-illegal', assessorOrgId: lineage.sourceOrgId, assessedAt: '2026-01-01T00:00:00Z', legalStatus: 'nationally-illegal' };
    expect(problemsOf(() => parseEntity(ClassificationEntity, base))[0]?.where?.field).toBe('jurisdiction');
    expect(parseEntity(ClassificationEntity, { ...base, jurisdiction: 'DE' }).jurisdiction).toBe('DE');
  });

  it('holds hashes, never content: a content item has no field for bytes', () => {
    const issues = problemsOf(() =>
      parseEntity(ContentItemEntity, { reportId: parseEntity(ReportEntity, report).id, sourceRef: 'f', mediaType: 'image', hashes: { md5: 'ABC' }, bytes: 'AAAA', lineage }),
    );
    expect(issues.map((i) => i.where?.field)).toEqual(expect.arrayContaining(['md5', undefined]));
    expect(issues.some((i) => i.message.includes('"bytes"'))).toBe(true);
  });

  it('rejects an identifier of the wrong type', () => {
    const issues = problemsOf(() => parseEntity(OrganisationEntity, { id: 'report--00000000-0000-0000-0000-000000000000', slug: 'x', name: 'X', kind: 'ngo', jurisdiction: 'FR' }));
    expect(issues[0]?.message).toContain('organisation--<uuid>');
  });
});
