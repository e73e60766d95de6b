import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../test/support/databases.ts';
import { seedTwoOrgs } from '../../test/support/fixtures.ts';
import { localPrincipal, type Principal } from '../identity/index.ts';
import { HAVE_PDQ_TESTDATA, PDQ_TESTDATA, readTsv } from '../hashing/testing/testdata.ts';
import { consensusOf, HashRegistry, validateClassification, type Opinion, type QueryOutcome } from './registry.ts';

const H = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
/** H with `n` low bits of the last word flipped. */
function near(hex: string, n: number): string {
  let tail = BigInt('0x' + hex.slice(-16));
  for (let i = 0; i < n; i++) tail ^= 1n << BigInt(i * 3);
  return hex.slice(0, -16) + tail.toString(16).padStart(16, '0');
}
const ok = (o: QueryOutcome | undefined) => {
  if (!o || !o.ok) throw new Error(`expected a successful outcome, got ${JSON.stringify(o)}`);
  return o;
};

describe('consensus', () => {
  const op = (org: string, scheme: string, code: string, at: string): Opinion => ({
    scheme, code, assessor: { id: org, slug: org, name: org }, assessedBy: 'u', assessedAt: at, confidence: null, note: null, via: { signalType: 'pdq', value: H, distance: 0, entryId: null },
  });
  it('is none, single, agreeing or disputed, counting each organisation\'s latest opinion', () => {
    expect(consensusOf([]).consensus).toBe('none');
    expect(consensusOf([op('a', 's', 'A', '2026-01-01')]).consensus).toBe('single');
    expect(consensusOf([op('a', 's', 'A', '2026-01-01'), op('b', 's', 'A', '2026-01-02')]).consensus).toBe('agreeing');
    const disputed = consensusOf([op('a', 's', 'A', '2026-01-01'), op('b', 's', 'B', '2026-01-02')]);
    expect(disputed.consensus).toBe('disputed');
    expect(disputed.schemes[0]?.codes).toEqual([{ code: 'A', organisations: ['a'] }, { code: 'B', organisations: ['b'] }]);
    // b changed its mind: its latest opinion agrees with a.
    expect(consensusOf([op('a', 's', 'A', '2026-01-01'), op('b', 's', 'B', '2026-01-02'), op('b', 's', 'A', '2026-01-03')]).consensus).toBe('agreeing');
  });

  it('validates classifications against the taxonomy and resolves spellings', () => {
    expect(validateClassification('uk-2014', 'A')).toEqual({ scheme: 'uk-2014', code: 'A', verified: true });
    expect(() => validateClassification('uk-2014', 'Z')).toThrow(/not a code of uk-2014/);
    expect(() => validateClassification('no-such-scheme', 'A')).toThrow(/Unknown classification scheme/);
    expect(validateClassification('x-hotline-internal', 'triage-2')).toEqual({ scheme: 'x-hotline-internal', code: 'triage-2', verified: false });
  });
});

describeEachStore('hash registry', (fx) => {
  let reg: HashRegistry;
  let hotline: Principal;
  let hotlineAnalyst: Principal;
  let hotlineAuditor: Principal;
  let platform: Principal;
  let platformAnalyst: Principal;
  const cacheDir = mkdtempSync(join(tmpdir(), 'tessera-registry-'));

  beforeAll(async () => {
    const store = fx.store();
    await seedTwoOrgs(store);
    hotline = await localPrincipal(store, 'steward@hotline.example');
    hotlineAnalyst = await localPrincipal(store, 'analyst@hotline.example');
    hotlineAuditor = await localPrincipal(store, 'auditor@hotline.example');
    platform = await localPrincipal(store, 'steward@platform.example');
    platformAnalyst = await localPrincipal(store, 'analyst@platform.example');
    reg = new HashRegistry(store, { indexCacheFile: join(cacheDir, 'pdq.mih') });
    return () => rmSync(cacheDir, { recursive: true, force: true });
  });

  it('imports a hash list with provenance; bad lines are reported and the rest imported', async () => {
    const text = [H, '# comment', 'not-a-hash', near(H, 5) + '\tlabel five', '', H, 'abc'].join('\n');
    const r = await reg.importHashSet(hotline, { set: 'known-a', name: 'Known A', text, file: 'list-a.txt', source: { name: 'synthetic list', version: '1' } });
    expect(r).toMatchObject({ read: 3, added: 2, alreadyPresent: 0, reinstated: 0 });
    expect(r.problems.map((p) => [p.code, p.where?.line])).toEqual([['invalid_pdq_hash', 3], ['invalid_pdq_hash', 7]]);
    expect(r.set.owner.slug).toBe('test-hotline');
    expect(r.set.sources[0]).toMatchObject({ name: 'synthetic list', version: '1', file: 'list-a.txt', importedBy: hotline.userId });
    // Re-import: nothing new.
    const again = await reg.importHashSet(hotline, { set: 'known-a', text: H, file: 'list-a2.txt' });
    expect(again).toMatchObject({ added: 0, alreadyPresent: 1 });
    expect((await reg.getHashSet(hotline, 'known-a')).sources.length).toBe(2);
  });

  it('imports entries one by one: each keeps its type, PDQ quality, label and file:line; the source is recorded once per import', async () => {
    const md5 = '0123456789abcdef0123456789abcdef';
    // Far from H, so the later matching tests do not see these.
    const F = H.split('').reverse().join('');
    const entries = [
      { signalType: 'pdq', value: near(F, 9), quality: 87, label: 'from partner', sourceRef: 'partner.pdq:12' },
      { signalType: 'md5', value: md5.toUpperCase(), sourceRef: 'partner.pdq:13', classification: { scheme: 'uk-2014', code: 'B' } },
      { signalType: 'pdq', value: near(F, 11), quality: 140, sourceRef: 'partner.pdq:14' },
      { signalType: 'md5', value: md5, quality: 50, sourceRef: 'partner.pdq:15' },
      { signalType: 'md5', value: 'ab', sourceRef: 'partner.pdq:16' },
      { signalType: 'md5', value: 'c'.repeat(32), sourceRef: 'partner.pdq:17', classification: { scheme: 'uk-2014', code: 'Z' } },
    ];
    const r = await reg.importEntries(hotline, { set: 'entries-a', source: { name: 'partner feed', version: '7', file: 'partner.pdq', importId: 'run-1' }, entries });
    expect(r).toMatchObject({ read: 2, added: 2, alreadyPresent: 0, classified: 1 });
    expect(r.rejected.map((x) => [x.index, x.problem.where?.file, x.problem.where?.line])).toEqual([[2, 'partner.pdq', 14], [3, 'partner.pdq', 15], [4, 'partner.pdq', 16], [5, 'partner.pdq', 17]]);
    expect(r.rejected.slice(0, 2).map((x) => x.problem.code)).toEqual(['invalid_quality', 'invalid_quality']);
    const [m] = await reg.match(hotline, [{ signalType: 'pdq', value: near(F, 9) }], { radius: 0 });
    expect(ok(m).matches.find((x) => x.set.slug === 'entries-a')).toMatchObject({ quality: 87, label: 'from partner' });
    const row = await fx.store().db.selectFrom('hash_entries' as never).select(['source_ref' as never, 'quality' as never]).where('value' as never, '=', near(F, 9) as never).executeTakeFirstOrThrow() as { source_ref: string; quality: number };
    expect(row).toEqual({ source_ref: 'partner.pdq:12', quality: 87 });
    const [c] = await reg.match(hotline, [{ signalType: 'md5', value: md5 }]);
    expect(ok(c).assessment.opinions.map((o) => `${o.scheme}:${o.code}`)).toEqual(['uk-2014:B']);
    // The next batch of the same import: one source, nothing twice (entries nor classifications).
    const again = await reg.importEntries(hotline, { set: 'entries-a', source: { name: 'partner feed', version: '7', file: 'partner.pdq', importId: 'run-1', lines: 40 }, entries: entries.slice(0, 2) });
    expect(again).toMatchObject({ added: 0, alreadyPresent: 2, classified: 0 });
    const set = await reg.getHashSet(hotline, 'entries-a');
    expect(set.sources).toHaveLength(1);
    expect(set.sources[0]).toMatchObject({ name: 'partner feed', version: '7', file: 'partner.pdq', importId: 'run-1', lines: 40 });
    await reg.importEntries(hotline, { set: 'entries-a', source: { name: 'partner feed', importId: 'run-2' }, entries: [] });
    expect((await reg.getHashSet(hotline, 'entries-a')).sources).toHaveLength(2);
    await expect(reg.importEntries(hotlineAuditor, { set: 'entries-a', source: { name: 'x' }, entries: [] })).rejects.toThrow(/needs the steward or admin role/);
  });

  it('matches exactly and perceptually, in a batch where a malformed query does not stop the rest', async () => {
    const out = await reg.match(hotlineAnalyst, [
      { signalType: 'pdq', value: near(H, 2) },
      { signalType: 'pdq', value: 'zz' },
      { signalType: 'nope', value: H },
      { signalType: 'pdq', value: H, quality: 20 },
    ]);
    const first = ok(out[0]);
    expect(first.matches.map((m) => [m.distance, m.set.slug, m.label])).toEqual([[2, 'known-a', null], [3, 'known-a', 'label five']]);
    expect(out[1]).toMatchObject({ ok: false, error: { code: 'invalid_pdq_hash', where: { path: 'queries[1].value' } } });
    expect(out[2]).toMatchObject({ ok: false, error: { code: 'unknown_signal_type' } });
    expect(ok(out[3])).toMatchObject({ lowQuality: true, matches: [] });
    // Exact types.
    await reg.importHashSet(platform, { set: 'md5-list', signalType: 'md5', text: 'D41D8CD98F00B204E9800998ECF8427E\n' });
    const [m] = await reg.match(platformAnalyst, [{ signalType: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' }]);
    expect(ok(m).matches.map((x) => x.set.owner)).toEqual(['test-platform']);
  });

  it('reuses classifications across organisations: previously assessed, agreeing or disputed, with provenance', async () => {
    const fresh = near(H, 9).replace(/^f8/, '07');
    expect((await reg.previouslyAssessed(hotlineAnalyst, { signalType: 'pdq', value: fresh })).previouslyAssessed).toBe(false);
    await reg.classify(hotlineAnalyst, { signalType: 'pdq', value: H, scheme: 'uk-2014', code: 'A', confidence: 0.9 });
    // The platform classifies a near-identical copy (distance 5) differently.
    await reg.classify(platformAnalyst, { signalType: 'pdq', value: near(H, 5), scheme: 'uk-2014', code: 'B' });
    const a = await reg.previouslyAssessed(platformAnalyst, { signalType: 'pdq', value: near(H, 1) });
    expect(a.previouslyAssessed).toBe(true);
    expect(a.exactlyAssessed).toBe(false);
    expect(a.consensus).toBe('disputed');
    expect(a.opinions.map((o) => [o.assessor.slug, o.code, o.via.distance, o.confidence]).sort()).toEqual([
      ['test-hotline', 'A', 1, expect.closeTo(0.9, 5)],
      ['test-platform', 'B', 4, null],
    ].sort());
    // The platform revises its view: now both agree.
    await reg.classify(platformAnalyst, { signalType: 'pdq', value: near(H, 5), scheme: 'uk-2014', code: 'A', assessedAt: new Date(Date.now() + 1000).toISOString() });
    const b = await reg.previouslyAssessed(hotlineAnalyst, { signalType: 'pdq', value: H });
    expect(b).toMatchObject({ previouslyAssessed: true, exactlyAssessed: true, consensus: 'agreeing' });
    await expect(reg.classify(hotlineAuditor, { signalType: 'pdq', value: H, scheme: 'uk-2014', code: 'A' })).rejects.toThrow(/not allowed: role .* needs the (analyst, )?steward or admin role/);
    await expect(reg.classify(hotlineAnalyst, { signalType: 'pdq', value: H, scheme: 'uk-2014', code: 'Q' })).rejects.toThrow(/not a code/);
  });

  it('records attributable feedback on matches', async () => {
    const [m] = await reg.match(platformAnalyst, [{ signalType: 'pdq', value: H }]);
    const entry = ok(m).matches.find((x) => x.distance === 0)!;
    const fb = await reg.recordFeedback(platformAnalyst, { signalType: 'pdq', value: H, entry: entry.entryId, verdict: 'false_positive', note: 'different picture' });
    expect(fb).toMatchObject({ verdict: 'false_positive', organisation: 'test-platform', givenBy: platformAnalyst.userId, entryId: entry.entryId });
    await reg.recordFeedback(hotlineAnalyst, { signalType: 'pdq', value: H, entry: String(entry.seq), verdict: 'true_positive' });
    const [again] = await reg.match(platformAnalyst, [{ signalType: 'pdq', value: H }]);
    expect(ok(again).matches.find((x) => x.entryId === entry.entryId)?.feedback).toEqual({ truePositive: 1, falsePositive: 1 });
    await expect(reg.recordFeedback(platformAnalyst, { signalType: 'pdq', value: H, entry: 'he_missing', verdict: 'true_positive' })).rejects.toThrow(/No hash entry/);
  });

  it('withdraws sets and single hashes; only the owner may; matches stop at once', async () => {
    await expect(reg.importHashSet(hotlineAuditor, { set: 'x', text: H })).rejects.toThrow(/needs the steward or admin role/);
    await expect(reg.withdrawHashSet(platform, 'known-a')).rejects.toThrow(/not found|No hash set|belongs to/);
    const w = await reg.withdrawEntries(hotline, 'known-a', 'pdq', [near(H, 5), 'bad'], 'not ours');
    expect(w.withdrawn).toBe(1);
    expect(w.problems[0]?.code).toBe('invalid_pdq_hash');
    const [m1] = await reg.match(hotlineAnalyst, [{ signalType: 'pdq', value: H }]);
    expect(ok(m1).matches.map((x) => x.distance)).toEqual([0]);
    const ws = await reg.withdrawHashSet(hotline, 'known-a', 'superseded');
    expect(ws.entriesWithdrawn).toBe(1);
    expect(ws.set.withdrawn?.reason).toBe('superseded');
    const [m2] = await reg.match(hotlineAnalyst, [{ signalType: 'pdq', value: H }]);
    expect(ok(m2).matches).toEqual([]);
    expect((await reg.listHashSets(hotline)).map((s) => s.slug)).not.toContain('known-a');
    expect((await reg.listHashSets(hotline, { includeWithdrawn: true })).map((s) => s.slug)).toContain('known-a');
    await expect(reg.importHashSet(hotline, { set: 'known-a', text: H })).rejects.toThrow(/was withdrawn/);
  });

  it.skipIf(!HAVE_PDQ_TESTDATA)('reproduces the 250 expected matches through the registry, and from a reloaded index cache', async () => {
    const haystack = readFileSync(join(PDQ_TESTDATA, 'hash-lists/haystack.txt'), 'utf8');
    const needles = readFileSync(join(PDQ_TESTDATA, 'hash-lists/needles.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
    await reg.importHashSet(hotline, { set: 'haystack', text: haystack, file: 'haystack.txt' });
    const lines = haystack.split('\n').map((l) => l.trim());
    const expected = readTsv(join(PDQ_TESTDATA, 'hash-lists/expected-matches-d31.tsv')).map((r) => `${r.needle_line}\t${r.haystack_hash}\t${r.distance}`).sort();
    const collect = (outs: QueryOutcome[]) => outs.flatMap((o, i) => ok(o).matches.filter((m) => m.set.slug === 'haystack').map((m) => `${i + 1}\t${m.value}\t${m.distance}`)).sort();
    const got = collect(await reg.match(hotlineAnalyst, needles.map((value) => ({ signalType: 'pdq', value }))));
    // Duplicate haystack lines are one entry in a set: compare distinct (needle, hash) pairs.
    expect(got).toEqual([...new Set(expected)]);
    expect(lines.length).toBeGreaterThan(1000);
    await reg.persistIndex();
    const reloaded = new HashRegistry(fx.store(), { indexCacheFile: join(cacheDir, 'pdq.mih') });
    expect(collect(await reloaded.match(hotlineAnalyst, needles.map((value) => ({ signalType: 'pdq', value }))))).toEqual(got);
  });
});
