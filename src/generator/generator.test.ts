import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  Child, ChildEntity, Classification, ClassificationEntity, Contact, ContactEntity, ContentItem, ContentItemEntity, Dataset, DatasetEntity,
  Organisation, OrganisationEntity, Report, ReportEntity, Signal, SignalEntity, Subject, SubjectEntity, identify, type EntityDefinition,
} from '../model/index.ts';
import { TesseraError } from '../shared/errors.ts';
import {
  canonicalJson, contactWithSource, GENERATOR_VERSION, generateContacts, generateEcosystem, generateReports, knownFiles, PLATFORM_SLUGS, REPORT_SOURCES, reportWithSource,
  type ReportBundle,
} from './index.ts';
import { NCMEC_INCIDENT } from './distributions.ts';
import { Rng, weighted } from './prng.ts';
import { fastId } from './ids.ts';
import { iso } from './context.ts';
import { deterministicId } from '../model/identifiers.ts';

const SEED = 20261031;
const N = 4000;

function collect(opts: Parameters<typeof generateReports>[0]): ReportBundle[] {
  const out: ReportBundle[] = [];
  for (const batch of generateReports(opts)) out.push(...batch);
  return out;
}
function collectContacts(opts: Parameters<typeof generateContacts>[0]): Contact[] {
  const out: Contact[] = [];
  for (const batch of generateContacts(opts)) out.push(...batch);
  return out;
}
const jsonl = (xs: readonly unknown[]) => xs.map((x) => JSON.stringify(x)).join('\n');

// One dataset shared by the read-only tests below.
const bundles = collect({ seed: SEED, count: N });
const contacts = collectContacts({ seed: SEED, count: 2000 });
const eco = generateEcosystem({ seed: SEED });

/** A 256-bit hash as eight 32-bit words. */
const words = (hex: string) => Uint32Array.from({ length: 8 }, (_, i) => parseInt(hex.slice(i * 8, i * 8 + 8), 16));
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}
/** Hamming distance of two 256-bit hashes (as words). */
function hammingW(a: Uint32Array, b: Uint32Array): number {
  let d = 0;
  for (let i = 0; i < 8; i++) d += popcount((a[i]! ^ b[i]!) >>> 0);
  return d;
}
const hamming = (a: string, b: string) => hammingW(words(a), words(b));

describe('prng', () => {
  it('gives the same stream for the same (seed, name, index) and different streams otherwise', () => {
    const draw = (r: Rng) => Array.from({ length: 8 }, () => r.u32());
    expect(draw(Rng.for(1, 'a', 5))).toEqual(draw(Rng.for(1, 'a', 5)));
    expect(draw(Rng.for(1, 'a', 5))).not.toEqual(draw(Rng.for(2, 'a', 5)));
    expect(draw(Rng.for(1, 'a', 5))).not.toEqual(draw(Rng.for(1, 'b', 5)));
    expect(draw(Rng.for(1, 'a', 5))).not.toEqual(draw(Rng.for(1, 'a', 6)));
    expect(draw(Rng.for(1, 'a', 2 ** 32 + 5))).not.toEqual(draw(Rng.for(1, 'a', 5)));
  });

  it('pins the stream: a change to the algorithm changes every dataset and must bump GENERATOR_VERSION', () => {
    const r = Rng.for(42, 'pin', 0);
    expect(Array.from({ length: 4 }, () => r.u32())).toEqual([1292367089, 144568885, 3796683911, 2189906685]);
  });

  it('is roughly uniform and honours weights', () => {
    const r = Rng.for(7, 'uniform', 0);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[r.int(10)]!++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
    const w = weighted([['a', 1], ['b', 3]]);
    let b = 0;
    for (let i = 0; i < 40_000; i++) if (w.draw(r) === 'b') b++;
    expect(b / 40_000).toBeGreaterThan(0.73);
    expect(b / 40_000).toBeLessThan(0.77);
  });
});

describe('fast ids', () => {
  it('equal deterministicId for short, block-boundary, long and non-ASCII names', () => {
    for (let len = 0; len < 200; len++) {
      for (const type of ['report', 'content-item', 'classification']) {
        const parts = ['x'.repeat(len), `y${len}`];
        expect(fastId(type, parts)).toBe(deterministicId(type, parts));
      }
    }
    expect(fastId('signal', ['Ünïcode  value '])).toBe(deterministicId('signal', ['Ünïcode  value ']));
  });

  it('fast ISO timestamps equal Date.toISOString', () => {
    const r = Rng.for(1, 'iso', 0);
    const wrong: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const ms = (r.int(253402300799) - (i % 5 === 0 ? 30610224000 : 0)) * 1000 + (i % 11 === 0 ? r.int(1000) : 0);
      if (iso(ms) !== new Date(ms).toISOString()) wrong.push(ms);
    }
    expect(wrong).toEqual([]);
    for (const ms of [0, 951782400000, 951868800000, 4107542400000, -1000]) expect(iso(ms)).toBe(new Date(ms).toISOString());
  });
});

describe('determinism', () => {
  it('gives byte-identical output for the same seed', () => {
    expect(jsonl(collect({ seed: SEED, count: 500 }))).toBe(jsonl(bundles.slice(0, 500)));
    expect(jsonl(collectContacts({ seed: SEED, count: 300 }))).toBe(jsonl(contacts.slice(0, 300)));
    expect(JSON.stringify(generateEcosystem({ seed: SEED }))).toBe(JSON.stringify(eco));
  });

  it('pins the output: any change to what a seed produces must bump GENERATOR_VERSION and this digest', () => {
    const digest = (s: string) => createHash('sha256').update(s).digest('hex');
    expect({ version: GENERATOR_VERSION, reports: digest(jsonl(bundles.slice(0, 200))), contacts: digest(jsonl(contacts.slice(0, 200))), ecosystem: digest(JSON.stringify(eco)) }).toEqual({
      version: GENERATOR_VERSION,
      reports: '52c91c599776328cc5846892d44f24639d206231a8a23f55af95a25170d79afd',
      contacts: 'b4baf0fa96cd10342a8b00612c712dfe18dfb8e5c4a073d65793b60f14f23c76',
      ecosystem: '8473e653cc4e21bc227c4af6fb478e44f8c75b9023592a63596b9957e72c986f',
    });
  });

  it('gives different output for a different seed', () => {
    const other = collect({ seed: SEED + 1, count: 200 });
    expect(jsonl(other)).not.toBe(jsonl(bundles.slice(0, 200)));
    const sameIds = other.filter((b, i) => b.report.id === bundles[i]!.report.id).length;
    expect(sameIds).toBeLessThan(200);
    expect(jsonl(collectContacts({ seed: SEED + 1, count: 100 }))).not.toBe(jsonl(contacts.slice(0, 100)));
    expect(JSON.stringify(generateEcosystem({ seed: SEED + 1 }).users)).not.toBe(JSON.stringify(eco.users));
  });

  it('does not depend on batch size, and a slice (offset) equals the same part of the whole', () => {
    const small = collect({ seed: SEED, count: 600, batchSize: 7 });
    expect(jsonl(small)).toBe(jsonl(bundles.slice(0, 600)));
    const batches = [...generateReports({ seed: SEED, count: 600, batchSize: 7 })];
    expect(batches.length).toBe(Math.ceil(600 / 7));
    expect(batches.at(-1)!.length).toBe(600 % 7);
    expect(jsonl(collect({ seed: SEED, count: 100, offset: 250 }))).toBe(jsonl(bundles.slice(250, 350)));
    expect(jsonl(collectContacts({ seed: SEED, count: 50, offset: 100, batchSize: 3 }))).toBe(jsonl(contacts.slice(100, 150)));
  });

  it('does not read the clock: the default window ends at the fixed reference time', () => {
    const end = Date.parse('2026-10-31T00:00:00Z');
    const start = Date.parse('2024-10-31T00:00:00Z');
    for (const b of bundles) {
      const t = Date.parse(b.report.reportedAt);
      expect(t).toBeGreaterThanOrEqual(start);
      expect(t).toBeLessThan(end);
      expect(Date.parse(b.report.lineage.receivedAt)).toBeGreaterThanOrEqual(t);
      if (b.report.incidentAt) expect(Date.parse(b.report.incidentAt)).toBeLessThanOrEqual(t);
    }
    const shifted = collect({ seed: SEED, count: 50, startAt: '2020-01-01T00:00:00Z', months: 3 });
    for (const b of shifted) {
      expect(b.report.reportedAt >= '2019-10-01' && b.report.reportedAt < '2020-01-01').toBe(true);
    }
  });

  it('rejects bad options with a precise error', () => {
    const bad = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(TesseraError);
        return (e as TesseraError).code;
      }
      return 'no error';
    };
    expect(bad(() => generateReports({ count: -1 }).next())).toBe('invalid_option');
    expect(bad(() => generateReports({ count: 1.5 }).next())).toBe('invalid_option');
    expect(bad(() => generateReports({ count: 1, batchSize: 0 }).next())).toBe('invalid_option');
    expect(bad(() => generateReports({ count: 1, startAt: 'yesterday' }).next())).toBe('invalid_option');
    expect(bad(() => generateContacts({ count: 1, months: 0 }).next())).toBe('invalid_option');
    expect(bad(() => generateContacts({ count: 1, seed: -3 }).next())).toBe('invalid_option');
  });
});

describe('every record is a valid CDM record', () => {
  /** Parses with the record schema, checks the parse changes nothing, and the id is identify(). */
  function valid<S extends z.ZodRawShape>(schema: z.ZodType, entity: EntityDefinition<S>, value: { id: string }) {
    const r = schema.safeParse(value);
    if (!r.success) throw new Error(`${entity.name} ${value.id}: ${JSON.stringify(r.error.issues)}`);
    expect(JSON.stringify(r.data)).toBe(JSON.stringify(value));
    expect(identify(entity, value as unknown as Record<string, unknown>)).toBe(value.id);
  }

  it('organisations and datasets', () => {
    expect(eco.organisations.length).toBeGreaterThanOrEqual(7);
    for (const o of eco.organisations) valid(Organisation, OrganisationEntity, o);
    for (const d of eco.datasets) valid(Dataset, DatasetEntity, d);
    const kinds = new Set(eco.organisations.map((o) => o.kind));
    for (const k of ['hotline', 'helpline', 'platform', 'law-enforcement', 'research'] as const) expect(kinds).toContain(k);
    for (const o of eco.organisations) {
      expect(o.name).toMatch(/\(synthetic\)$/);
      expect(new URL(o.nodeUrl!).hostname).toMatch(/\.example$/);
    }
    const orgIds = new Set(eco.organisations.map((o) => o.id));
    for (const d of eco.datasets) expect(orgIds).toContain(d.ownerOrgId);
  });

  it('report bundles: every report, content item, signal, child, subject and classification', () => {
    const orgIds = new Set(eco.organisations.map((o) => o.id));
    const datasets = new Map(eco.datasets.map((d) => [d.id, d]));
    const ids = new Set<string>();
    for (const b of bundles) {
      const r = b.report;
      valid(Report, ReportEntity, r);
      const ds = datasets.get(r.datasetId)!;
      expect(ds.ownerOrgId).toBe(r.sourceOrgId);
      expect(r.lineage).toMatchObject({ sourceOrgId: r.sourceOrgId, collectionPurpose: ds.purpose, legalBasis: ds.legalBasis, adapter: { name: 'tessera-generator' } });
      expect(r.lineage.rawDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
      const local = new Set<string>([r.id]);
      for (const c of b.contentItems ?? []) {
        valid(ContentItem, ContentItemEntity, c);
        expect(c.reportId).toBe(r.id);
        expect(c.lineage).toEqual(r.lineage);
        local.add(c.id);
      }
      for (const s of b.signals ?? []) {
        valid(Signal, SignalEntity, s);
        expect(s.reportId).toBe(r.id);
      }
      for (const c of b.children ?? []) {
        valid(Child, ChildEntity, c);
        expect(c.reportId).toBe(r.id);
      }
      for (const s of b.subjects ?? []) {
        valid(Subject, SubjectEntity, s);
        expect(s.reportId).toBe(r.id);
      }
      for (const c of b.classifications ?? []) {
        valid(Classification, ClassificationEntity, c);
        expect(local).toContain(c.targetId);
        expect(orgIds).toContain(c.assessorOrgId);
      }
      // No two records anywhere share an id (a clash would silently drop one on insert).
      for (const x of [r, ...(b.contentItems ?? []), ...(b.signals ?? []), ...(b.children ?? []), ...(b.subjects ?? []), ...(b.classifications ?? [])]) {
        expect(ids.has(x.id)).toBe(false);
        ids.add(x.id);
      }
    }
  });

  it('helpline contacts', () => {
    const helplines = new Set(eco.organisations.filter((o) => o.kind === 'helpline').map((o) => o.id));
    const datasets = new Map(eco.datasets.map((d) => [d.id, d]));
    for (const c of contacts) {
      valid(Contact, ContactEntity, c);
      expect(helplines).toContain(c.sourceOrgId);
      const ds = datasets.get(c.datasetId)!;
      expect(ds.recordType).toBe('contact');
      expect(c.lineage).toMatchObject({ collectionPurpose: 'service-provision', legalBasis: 'consent' });
    }
    expect(new Set(contacts.map((c) => c.id)).size).toBe(contacts.length);
  });

  it('lineage digests are the SHA-256 of the canonical JSON of the synthetic source record', () => {
    for (const index of [0, 1, 17, 999]) {
      const { bundle, source } = reportWithSource({ seed: SEED, index });
      expect(JSON.stringify(bundle)).toBe(JSON.stringify(bundles[index]));
      expect(JSON.stringify(source)).toBe(canonicalJson(source));
      expect(bundle.report.lineage.rawDigest).toBe('sha256:' + createHash('sha256').update(canonicalJson(source)).digest('hex'));
      const c = contactWithSource({ seed: SEED, index });
      expect(JSON.stringify(c.contact)).toBe(JSON.stringify(contacts[index]));
      expect(JSON.stringify(c.source)).toBe(canonicalJson(c.source));
      expect(c.contact.lineage.rawDigest).toBe('sha256:' + createHash('sha256').update(canonicalJson(c.source)).digest('hex'));
    }
    expect(canonicalJson({ b: 1, a: [{ d: null, c: undefined }] })).toBe('{"a":[{"d":null}],"b":1}');
  });
});

describe('planted structure', () => {
  const items = bundles.flatMap((b) => (b.contentItems ?? []).map((c) => ({ c, report: b.report })));

  it('plants PDQ near-duplicates (≤ 20 bits from a known image) that match each other across reports', () => {
    const known = knownFiles(SEED).filter((k) => k.pdq).map((k) => ({ pdq: k.pdq!, w: words(k.pdq!) }));
    expect(hamming('0'.repeat(64), 'f'.repeat(64))).toBe(256);
    expect(hamming('0'.repeat(63) + '7', '0'.repeat(64))).toBe(3);
    const near = new Map<string, Array<{ pdq: string; reportId: string }>>();
    let far = 0;
    for (const { c, report } of items) {
      const pdq = c.hashes.pdq;
      if (!pdq) continue;
      const w = words(pdq);
      let best = 256;
      let bestK = '';
      for (const k of known) {
        const d = hammingW(w, k.w);
        if (d < best) {
          best = d;
          bestK = k.pdq;
        }
      }
      if (best <= 20) {
        const g = near.get(bestK) ?? [];
        g.push({ pdq, reportId: report.id });
        near.set(bestK, g);
      } else {
        // Unplanted hashes are random: nowhere near a known one (random 256-bit hashes sit ~128 bits apart).
        expect(best).toBeGreaterThan(60);
        far++;
      }
    }
    expect(far).toBeGreaterThan(0);
    let pairs = 0;
    let nonExact = 0;
    for (const group of near.values()) {
      for (let i = 0; i < group.length; i++) {
        for (let j = i + 1; j < group.length; j++) {
          if (group[i]!.reportId === group[j]!.reportId) continue;
          const d = hamming(group[i]!.pdq, group[j]!.pdq);
          if (d <= 31) {
            pairs++;
            if (d > 0) nonExact++;
          }
        }
      }
    }
    expect(pairs).toBeGreaterThan(20);
    expect(nonExact).toBeGreaterThan(10);
  });

  it('repeats exact files (same SHA-256) across different organisations’ reports', () => {
    const orgsBySha = new Map<string, Set<string>>();
    for (const { c, report } of items) {
      const s = orgsBySha.get(c.hashes.sha256!) ?? new Set<string>();
      s.add(report.sourceOrgId);
      orgsBySha.set(c.hashes.sha256!, s);
    }
    const crossOrg = [...orgsBySha.values()].filter((s) => s.size >= 2).length;
    expect(crossOrg).toBeGreaterThan(10);
    // A repeated file gets the same grade from the UK hotline every time it is assessed.
    const grades = new Map<string, Set<string>>();
    const shaOf = new Map(items.map(({ c }) => [c.id, c.hashes.sha256!]));
    for (const b of bundles) {
      for (const cl of b.classifications ?? []) {
        if (cl.scheme !== 'uk-2014' || !shaOf.has(cl.targetId)) continue;
        const sha = shaOf.get(cl.targetId)!;
        if (orgsBySha.get(sha)!.size < 2) continue;
        const g = grades.get(sha) ?? new Set<string>();
        g.add(cl.code);
        grades.set(sha, g);
      }
    }
    expect(grades.size).toBeGreaterThan(0);
    for (const g of grades.values()) expect(g.size).toBe(1);
  });

  it('has repeat accounts: the same pseudonym in reports from two or more platforms', () => {
    const platformIds = new Set(eco.organisations.filter((o) => o.kind === 'platform').map((o) => o.id));
    expect(platformIds.size).toBe(PLATFORM_SLUGS.length);
    const orgsByValue = new Map<string, Set<string>>();
    for (const b of bundles) {
      if (!platformIds.has(b.report.sourceOrgId)) continue;
      for (const s of b.subjects ?? []) {
        for (const idf of s.identifiers) {
          const set = orgsByValue.get(`${idf.type}:${idf.value}`) ?? new Set<string>();
          set.add(b.report.sourceOrgId);
          orgsByValue.set(`${idf.type}:${idf.value}`, set);
        }
      }
    }
    const multi = [...orgsByValue.entries()].filter(([, s]) => s.size >= 2);
    expect(multi.filter(([k]) => k.startsWith('email:')).length).toBeGreaterThan(10);
    expect(multi.filter(([k]) => k.startsWith('account:')).length).toBeGreaterThan(5);
    // And they show up as signals, so linkage can find them.
    const accountSignals = new Set(bundles.flatMap((b) => (b.signals ?? []).filter((s) => s.type === 'account').map((s) => s.value)));
    for (const [k] of multi.filter(([k]) => k.startsWith('account:'))) expect(accountSignals).toContain(k.slice('account:'.length));
  });

  it('never writes a clear identifier: personal identifiers are 64-hex pseudonyms, URLs are under .example', () => {
    for (const b of bundles) {
      for (const s of b.subjects ?? []) for (const idf of s.identifiers) expect(idf.value).toMatch(/^[0-9a-f]{64}$/);
      for (const s of b.signals ?? []) {
        if (['account', 'email', 'phone', 'ip'].includes(s.type)) {
          expect(s.pseudonymised).toBe(true);
          expect(s.value).toMatch(/^[0-9a-f]{64}$/);
        } else if (s.type === 'url') expect(new URL(s.value).hostname).toMatch(/\.example$/);
        else if (s.type === 'domain') expect(s.value).toMatch(/^[a-z0-9-]+\.example$/);
      }
    }
    for (const u of eco.users) expect(u.email).toMatch(/@[a-z0-9-]+\.example$/);
  });
});

describe('distributions are realistic, not degenerate', () => {
  const count = <T>(xs: readonly T[]) => {
    const m = new Map<T, number>();
    for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
    return m;
  };

  it('reports come mostly from platforms, then hotlines, then law enforcement', () => {
    const kindOf = new Map(eco.organisations.map((o) => [o.id, o.kind]));
    const byKind = count(bundles.map((b) => kindOf.get(b.report.sourceOrgId)));
    expect(byKind.get('platform')! / N).toBeGreaterThan(0.6);
    expect(byKind.get('hotline')!).toBeGreaterThan(byKind.get('law-enforcement')!);
    expect(byKind.get('law-enforcement')!).toBeGreaterThan(0);
    expect(REPORT_SOURCES.reduce((s, x) => s + x.share, 0)).toBeCloseTo(1, 6);
    expect(new Set(bundles.map((b) => b.report.kind)).size).toBeGreaterThanOrEqual(4);
  });

  it('countries are skewed with a long tail and some missing; languages varied', () => {
    const countries = count(bundles.map((b) => b.report.country ?? '(none)'));
    expect(countries.size).toBeGreaterThan(30);
    const missing = countries.get('(none)')! / N;
    expect(missing).toBeGreaterThan(0.03);
    expect(missing).toBeLessThan(0.15);
    const sorted = [...countries.entries()].filter(([c]) => c !== '(none)').sort((a, b) => b[1] - a[1]);
    expect(sorted[0]![1]).toBeGreaterThan(5 * sorted[20]![1]);
    expect(new Set(bundles.map((b) => b.report.language).filter(Boolean)).size).toBeGreaterThan(15);
    expect(bundles.some((b) => b.report.language === undefined)).toBe(true);
  });

  it('incident types are exact scheme codes, per source', () => {
    const ncmec = new Set<string>(Object.values(NCMEC_INCIDENT));
    const schemes = count(bundles.flatMap((b) => b.report.incidentTypes.map((t) => t.scheme)));
    expect([...schemes.keys()].sort()).toEqual(['iccam', 'ncmec-incident', 'uk-2014']);
    for (const b of bundles) {
      for (const t of b.report.incidentTypes) {
        if (t.scheme === 'ncmec-incident') expect(ncmec).toContain(t.code);
        if (t.scheme === 'uk-2014') expect(['A', 'B', 'C']).toContain(t.code);
        if (t.scheme === 'iccam') expect(['baseline', 'nationally illegal', 'not illegal']).toContain(t.code);
      }
    }
    const codes = count(bundles.flatMap((b) => b.report.incidentTypes.filter((t) => t.scheme === 'ncmec-incident').map((t) => t.code)));
    expect(codes.size).toBeGreaterThanOrEqual(5);
    expect(codes.get(NCMEC_INCIDENT.CP)!).toBeGreaterThan(codes.get(NCMEC_INCIDENT.ENTICEMENT)!);
    expect(new Set(bundles.flatMap((b) => b.report.flags)).size).toBeGreaterThanOrEqual(6);
  });

  it('content: 1–5 items, mostly images with PDQ, some videos; hashes look random', () => {
    const perReport = count(bundles.map((b) => b.contentItems!.length));
    expect([...perReport.keys()].sort()).toEqual([1, 2, 3, 4, 5]);
    const media = count(bundles.flatMap((b) => b.contentItems!.map((c) => c.mediaType)));
    expect(media.get('image')!).toBeGreaterThan(3 * media.get('video')!);
    expect(media.get('video')!).toBeGreaterThan(0);
    for (const b of bundles) {
      for (const c of b.contentItems!) {
        expect(Boolean(c.hashes.pdq)).toBe(c.mediaType === 'image');
        expect(c.hashes.pdqQuality === undefined).toBe(c.mediaType !== 'image');
      }
    }
    const md5s = bundles.flatMap((b) => b.contentItems!.map((c) => c.hashes.md5!));
    const digits = count(md5s.join('').split(''));
    expect(digits.size).toBe(16);
    for (const n of digits.values()) expect(Math.abs(n / (md5s.length * 32) - 1 / 16)).toBeLessThan(0.005);
  });

  it('children: ages as ranges with their basis — bands, stages, documented, reported, unknown', () => {
    const children = bundles.flatMap((b) => b.children ?? []);
    expect(children.length).toBeGreaterThan(N / 2);
    const has = (f: (c: (typeof children)[number]) => boolean) => children.some(f);
    expect(has((c) => c.age.basis === 'documented' && c.age.min === c.age.max && c.age.min !== null)).toBe(true);
    expect(has((c) => c.age.basis === 'estimated' && c.age.min === 11 && c.age.max === 13)).toBe(true);
    expect(has((c) => c.age.basis === 'developmental-stage' && c.age.stage === 'prepubescent' && c.age.max! - c.age.min! >= 10)).toBe(true);
    expect(has((c) => c.age.basis === 'developmental-stage' && c.age.stage === 'pubescent')).toBe(true);
    expect(has((c) => c.age.min === null && c.age.max === null)).toBe(true);
    expect(has((c) => c.age.basis === 'reported')).toBe(true);
    for (const c of children) if (c.age.min !== null) expect(c.age.max!).toBeLessThanOrEqual(17);
  });

  it('classifications come from several assessor organisations in several schemes', () => {
    const cls = bundles.flatMap((b) => b.classifications ?? []);
    expect(new Set(cls.map((c) => c.assessorOrgId)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(cls.map((c) => c.scheme))).toEqual(new Set(['uk-2014', 'iccam', 'ncmec-industry', 'interpol-baseline']));
    expect(cls.some((c) => c.legalStatus === 'nationally-illegal' && c.jurisdiction === 'NL')).toBe(true);
  });

  it('helpline contacts: channels, ages, genders, regions, languages, CHI categories', () => {
    expect(new Set(contacts.map((c) => c.channel)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(contacts.map((c) => c.gender)).size).toBe(4);
    expect(new Set(contacts.map((c) => c.region).filter(Boolean)).size).toBeGreaterThan(10);
    expect(new Set(contacts.map((c) => c.language).filter(Boolean)).size).toBeGreaterThanOrEqual(3);
    expect(contacts.some((c) => c.age === undefined)).toBe(true);
    expect(contacts.some((c) => c.age?.basis === 'reported' && c.age.min === c.age.max)).toBe(true);
    const cats = contacts.flatMap((c) => c.categories);
    expect(cats.filter((c) => c.scheme === 'chi-helpline').length).toBeGreaterThanOrEqual(contacts.length);
    expect(cats.some((c) => c.code === 'Violence/Online child sexual abuse and exploitation')).toBe(true);
    expect(cats.some((c) => c.scheme === 'br-helpline')).toBe(true);
    expect(new Set(cats.map((c) => c.code)).size).toBeGreaterThan(15);
  });

  it('users: every organisation has an admin, a steward and an auditor; some lack or have expired training', () => {
    const ref = Date.parse('2026-10-31T00:00:00Z');
    const yearAgo = ref - 365 * 86_400_000;
    for (const o of eco.organisations) {
      const us = eco.users.filter((u) => u.orgSlug === o.slug);
      for (const role of ['admin', 'steward', 'auditor'] as const) expect(us.some((u) => u.roles.includes(role))).toBe(true);
    }
    expect(eco.users.some((u) => u.dataProtectionTrainedAt === null)).toBe(true);
    expect(eco.users.some((u) => u.dataProtectionTrainedAt !== null && Date.parse(u.dataProtectionTrainedAt) < yearAgo)).toBe(true);
    expect(eco.users.some((u) => u.dataProtectionTrainedAt !== null && Date.parse(u.dataProtectionTrainedAt) > yearAgo)).toBe(true);
    expect(eco.users.some((u) => u.safeguardingTrainedAt === null)).toBe(true);
    expect(new Set(eco.users.map((u) => u.email)).size).toBe(eco.users.length);
  });
});
