/**
 * Synthetic report bundles: report, content items (hashes only), signals, children, subjects
 * and classifications, streamed in batches. Report i is drawn from its own seeded stream, so
 * the output is the same whatever the batch size or count, and memory is one batch.
 */
import type { Child, Classification, ContentItem, Report, Signal, Subject } from '../model/entities.ts';
import type { AgeRange } from '../model/primitives.ts';
import type { Lineage } from '../model/lineage.ts';
import type { ReportBundle } from '../store/repositories/records.ts';
import { GENERATOR_NAME, GENERATOR_VERSION } from './ecosystem.ts';
import * as tables from './distributions.ts';
import {
  flipBits, hostingDomains, iso, knownFiles, knownImageIndex, logUniform, producer, recurringUrls, repeatActors, resolveBatchSize, resolveCount,
  resolveSeed, resolveWindow, timeIn, PLATFORM_SLUGS, type KnownFile, type Producer, type RepeatActor, type TimeWindow, type WindowOptions,
} from './context.ts';
import { fastId, sha256Json } from './ids.ts';
import { Rng, weighted, type Weighted } from './prng.ts';

// Local bindings, read once: the hot loop draws from these tables ~50 times per report.
const {
  AGE_BANDS, AGE_KIND, AGE_STAGES, CHILD_GENDER, CHILDREN_PER_REPORT, COUNTRY_LANGUAGES, COUNTRY_MISSING, EXACT_REPEAT_SHARE, GAMING_INCIDENTS,
  HOSTING_COUNTRIES, HOTLINE_FLAGS, ICCAM, ITEMS_PER_REPORT, LANGUAGE_MISSING, LE_FLAGS, LOW_QUALITY_SHARE, MAX_FLIPPED_BITS, MEDIA_TYPE,
  NCMEC_INDUSTRY, NEAR_DUPLICATE_SHARE, PLATFORM_COUNTRIES, PLATFORM_FLAGS, PLATFORM_INCIDENTS, REPORT_STATUS, UK_2014,
} = tables;

export interface GenerateReportsOptions extends WindowOptions {
  count: number;
  /** Bundles per yielded batch (default 1000). */
  batchSize?: number;
  /** Index of the first report (default 0): generate a slice of a larger dataset, e.g. in parallel. */
  offset?: number;
}

type Role = 'platform' | 'hotline-iccam' | 'hotline-uk' | 'law-enforcement';

interface Source {
  p: Producer;
  role: Role;
  refPrefix: string;
  kinds: Weighted<Report['kind']>;
}

const SOURCES = weighted<Source>([
  [{ p: producer('chirp-social', 'cybertipline-reports'), role: 'platform', refPrefix: 'CHS', kinds: weighted<Report['kind']>([['cybertip', 85], ['platform-report', 15]]) }, 38],
  [{ p: producer('pixelvault-cloud', 'cybertipline-reports'), role: 'platform', refPrefix: 'PXV', kinds: weighted<Report['kind']>([['cybertip', 90], ['platform-report', 10]]) }, 22],
  [{ p: producer('kettle-games', 'cybertipline-reports'), role: 'platform', refPrefix: 'KTG', kinds: weighted<Report['kind']>([['cybertip', 70], ['platform-report', 30]]) }, 12],
  [{ p: producer('northsea-hotline', 'hotline-reports'), role: 'hotline-iccam', refPrefix: 'NSH', kinds: weighted<Report['kind']>([['hotline-report', 85], ['public-report', 15]]) }, 11],
  [{ p: producer('albion-hotline', 'hotline-reports'), role: 'hotline-uk', refPrefix: 'AWH', kinds: weighted<Report['kind']>([['hotline-report', 80], ['public-report', 20]]) }, 9],
  [{ p: producer('harbour-police', 'referrals'), role: 'law-enforcement', refPrefix: 'HPU', kinds: weighted<Report['kind']>([['law-enforcement-referral', 100]]) }, 8],
]);

/** The organisations that produce reports and their share of them. */
export const REPORT_SOURCES: ReadonlyArray<{ orgSlug: string; share: number }> = SOURCES.values.map((s) => ({ orgSlug: s.p.spec.slug, share: SOURCES.share(s) }));

const NORTHSEA = producer('northsea-hotline', 'hotline-reports');
const ALBION = producer('albion-hotline', 'hotline-reports');
const POLICE = producer('harbour-police', 'referrals');

const SUBJECTS: Record<Role, Weighted<number>> = {
  platform: weighted([[0, 10], [1, 80], [2, 10]]),
  'hotline-iccam': weighted([[0, 85], [1, 15]]),
  'hotline-uk': weighted([[0, 85], [1, 15]]),
  'law-enforcement': weighted([[0, 30], [1, 55], [2, 15]]),
};

const ICCAM_RANK: Record<string, number> = { baseline: 0, 'nationally illegal': 1, 'not illegal': 2 };

interface Ctx {
  seed: number;
  window: TimeWindow;
  known: KnownFile[];
  knownImages: number[];
  actors: RepeatActor[];
  domains: string[];
  urls: string[];
}

/** Draft of a content item before its lineage exists (the lineage digest covers the items). */
interface ItemDraft {
  sourceRef: string;
  mediaType: ContentItem['mediaType'];
  sizeBytes: number;
  hashes: ContentItem['hashes'];
  known: KnownFile | null;
}

function drawLanguage(rng: Rng, country: string | undefined): string | undefined {
  if (rng.chance(LANGUAGE_MISSING)) return undefined;
  const langs = country ? COUNTRY_LANGUAGES[country] : undefined;
  if (!langs) return 'en';
  return rng.chance(0.7) ? langs[0] : rng.pick(langs);
}

function drawFlags(rng: Rng, table: ReadonlyArray<readonly [string, number]>): string[] {
  const out: string[] = [];
  for (const [flag, p] of table) if (rng.chance(p)) out.push(flag);
  return out.sort();
}

function drawItem(rng: Rng, ctx: Ctx, role: Role, j: number): ItemDraft {
  const sourceRef = `file-${j + 1}`;
  if (rng.chance(EXACT_REPEAT_SHARE)) {
    const k = ctx.known[rng.skewed(ctx.known.length)]!;
    const hashes: ContentItem['hashes'] = { md5: k.md5, sha1: k.sha1, sha256: k.sha256 };
    if (k.pdq) {
      hashes.pdq = k.pdq;
      hashes.pdqQuality = k.pdqQuality!;
    }
    return { sourceRef, mediaType: k.mediaType, sizeBytes: k.sizeBytes, hashes, known: k };
  }
  const mediaType = MEDIA_TYPE.draw(rng);
  const hashes: ContentItem['hashes'] = { md5: rng.hex(16) };
  // Hotlines often hold only MD5 and SHA-256 of what they assessed.
  const sha1 = rng.hex(20);
  if (role === 'platform' || role === 'law-enforcement' || rng.chance(0.7)) hashes.sha1 = sha1;
  hashes.sha256 = rng.hex(32);
  let sizeBytes: number;
  let known: KnownFile | null = null;
  if (mediaType === 'image') {
    sizeBytes = logUniform(rng, 20_000, 4_000_000);
    if (rng.chance(NEAR_DUPLICATE_SHARE)) {
      known = ctx.known[ctx.knownImages[rng.skewed(ctx.knownImages.length)]!]!;
      hashes.pdq = flipBits(rng, known.pdq!, rng.range(1, MAX_FLIPPED_BITS));
      hashes.pdqQuality = rng.range(60, 100);
    } else {
      hashes.pdq = rng.hex(32);
      hashes.pdqQuality = rng.chance(LOW_QUALITY_SHARE) ? rng.range(10, 49) : rng.range(50, 100);
    }
  } else if (mediaType === 'video') sizeBytes = logUniform(rng, 500_000, 300_000_000);
  else if (mediaType === 'archive') sizeBytes = logUniform(rng, 1_000_000, 1_000_000_000);
  else sizeBytes = logUniform(rng, 1_000, 1_000_000);
  return { sourceRef, mediaType, sizeBytes, hashes, known };
}

function drawAge(rng: Rng): AgeRange {
  switch (AGE_KIND.draw(rng)) {
    case 'band': {
      const [min, max] = AGE_BANDS.draw(rng);
      return { min, max, basis: 'estimated' };
    }
    case 'stage':
      return { ...AGE_STAGES.draw(rng) };
    case 'documented': {
      const n = rng.range(3, 17);
      return { min: n, max: n, basis: 'documented' };
    }
    case 'reported': {
      if (rng.chance(0.5)) {
        const n = rng.range(12, 17);
        return { min: n, max: n, basis: 'reported' };
      }
      return { min: 13, max: 15, basis: 'reported' };
    }
    default:
      return { min: null, max: null, basis: 'estimated' };
  }
}

/** Adds a signal unless the report already has it (same type and value would be the same id). */
function addSignal(out: Signal[], reportId: string, type: Signal['type'], value: string, pseudonymised: boolean): void {
  for (const s of out) if (s.value === value && s.type === type) return;
  out.push({ id: fastId('signal', [reportId, type, value]), reportId, type, value, pseudonymised });
}

interface Classifying {
  out: Classification[];
  rng: Rng;
  endMs: number;
  receivedMs: number;
}

/** One assessment by one organisation, some hours or days after the report arrived. */
function classify(c: Classifying, targetId: string, scheme: string, code: string, assessor: Producer, legalStatus: Classification['legalStatus'], jurisdiction?: string): void {
  const assessedAt = iso(Math.min(c.endMs, c.receivedMs + c.rng.range(3_600, 10 * 86_400) * 1000));
  const x = { id: fastId('classification', [targetId, scheme, code, assessor.orgId]), targetId, scheme, code, assessorOrgId: assessor.orgId, assessedAt } as Classification;
  if (jurisdiction) x.jurisdiction = jurisdiction;
  x.legalStatus = legalStatus;
  c.out.push(x);
}

/** ICCAM's values as CDM legal statuses: "nationally illegal" is relative to the assessing hotline's country. */
function iccamStatus(code: string): [Classification['legalStatus'], string | undefined] {
  return code === 'baseline' ? ['illegal', undefined] : code === 'nationally illegal' ? ['nationally-illegal', 'NL'] : ['not-illegal', 'NL'];
}

/** One report bundle: the whole record of report `index` of the dataset. */
function makeBundle(ctx: Ctx, index: number, capture?: (source: unknown) => void): ReportBundle {
  const rng = Rng.for(ctx.seed, 'report', index);
  const src = SOURCES.draw(rng);
  const { p, role } = src;
  const sourceRef = `${src.refPrefix}-${String(index).padStart(9, '0')}`;
  const reportId = fastId('report', [p.orgId, sourceRef]);
  const kind = src.kinds.draw(rng);
  const status = REPORT_STATUS.draw(rng);
  const reportedMs = timeIn(rng, ctx.window);
  const incidentMs = rng.chance(0.6) ? reportedMs - rng.int(30 * 86_400) * 1000 : null;
  const receivedMs = Math.min(ctx.window.endMs, reportedMs + (role === 'platform' ? rng.range(60, 3_600) : rng.range(600, 3 * 86_400)) * 1000);

  let country: string | undefined;
  if (!rng.chance(COUNTRY_MISSING)) {
    if (role === 'platform') country = PLATFORM_COUNTRIES.draw(rng);
    else country = rng.chance(0.35) ? p.spec.jurisdiction : role === 'law-enforcement' ? PLATFORM_COUNTRIES.draw(rng) : HOSTING_COUNTRIES.draw(rng);
  }
  const language = drawLanguage(rng, country);

  // Content items first: the report's incident type for a hotline is the most severe item.
  const nItems = ITEMS_PER_REPORT.draw(rng);
  const drafts: ItemDraft[] = [];
  for (let j = 0; j < nItems; j++) drafts.push(drawItem(rng, ctx, role, j));

  // Per-item assessments by the hotlines (own reports) — kept for classifications below.
  const grades: string[] = [];
  let incidentTypes: Report['incidentTypes'];
  let flags: string[];
  if (role === 'platform') {
    const table = p.spec.slug === 'kettle-games' ? GAMING_INCIDENTS : PLATFORM_INCIDENTS;
    incidentTypes = [{ scheme: 'ncmec-incident', code: table.draw(rng) }];
    if (rng.chance(0.03)) {
      const second = table.draw(rng);
      if (second !== incidentTypes[0]!.code) incidentTypes.push({ scheme: 'ncmec-incident', code: second });
    }
    flags = drawFlags(rng, PLATFORM_FLAGS);
  } else if (role === 'law-enforcement') {
    incidentTypes = [{ scheme: 'ncmec-incident', code: PLATFORM_INCIDENTS.draw(rng) }];
    flags = drawFlags(rng, LE_FLAGS);
  } else {
    const uk = role === 'hotline-uk';
    let worst: string | null = null;
    for (const d of drafts) {
      // A copy or near-duplicate of a known file gets the grade that file always gets.
      const g = d.mediaType === 'image' || d.mediaType === 'video' ? (uk ? (d.known?.uk2014 ?? UK_2014.draw(rng)) : (d.known?.iccam ?? ICCAM.draw(rng))) : '';
      grades.push(g);
      if (g && (worst === null || (uk ? g < worst : ICCAM_RANK[g]! < ICCAM_RANK[worst]!))) worst = g;
    }
    incidentTypes = worst === null ? [] : [{ scheme: uk ? 'uk-2014' : 'iccam', code: worst }];
    flags = drawFlags(rng, HOTLINE_FLAGS);
  }

  // Subjects (pseudonymous accounts) and the signals they give.
  const subjects: Subject[] = [];
  const signals: Signal[] = [];
  const nSubjects = SUBJECTS[role].draw(rng);
  for (let s = 0; s < nSubjects; s++) {
    const platform = role === 'platform' ? p.spec.slug : rng.pick(PLATFORM_SLUGS);
    const identifiers: Subject['identifiers'] = [];
    let subjectCountry: string | undefined;
    if (role !== 'hotline-iccam' && role !== 'hotline-uk' && rng.chance(role === 'platform' ? 0.12 : 0.1)) {
      const a = ctx.actors[rng.skewed(ctx.actors.length, 2)]!;
      identifiers.push({ type: 'account', value: a.accounts[platform]!, platform });
      identifiers.push({ type: 'email', value: a.email });
      if (rng.chance(0.5)) identifiers.push({ type: 'ip', value: a.ips[rng.int(a.ips.length)]! });
      if (a.phone && rng.chance(0.5)) identifiers.push({ type: 'phone', value: a.phone });
      if (a.country) subjectCountry = a.country;
    } else {
      identifiers.push({ type: 'account', value: rng.hex(32), platform });
      if (rng.chance(0.3)) identifiers.push({ type: 'email', value: rng.hex(32) });
      if (rng.chance(0.4)) identifiers.push({ type: 'ip', value: rng.hex(32) });
      if (rng.chance(0.1)) identifiers.push({ type: 'phone', value: rng.hex(32) });
      if (country && rng.chance(0.5)) subjectCountry = country;
    }
    const subjectRef = `subject-${s + 1}`;
    const subject: Subject = {
      id: fastId('subject', [reportId, subjectRef]),
      reportId,
      sourceRef: subjectRef,
      kind: role === 'law-enforcement' && rng.chance(0.5) ? 'person' : 'account',
      role: 'reported',
      identifiers,
    };
    if (subjectCountry) subject.country = subjectCountry;
    subjects.push(subject);
    for (const idf of identifiers) addSignal(signals, reportId, idf.type === 'device' || idf.type === 'other' ? 'keyword' : idf.type, idf.value, true);
  }

  // URLs: every hotline report is about one or more URLs; platforms sometimes include a link.
  const nUrls = role === 'hotline-iccam' || role === 'hotline-uk' ? rng.range(1, 3) : role === 'platform' ? (rng.chance(0.25) ? 1 : 0) : rng.chance(0.1) ? 1 : 0;
  for (let u = 0; u < nUrls; u++) {
    let url: string;
    if (rng.chance(0.08)) url = ctx.urls[rng.skewed(ctx.urls.length, 2)]!;
    else url = `https://${ctx.domains[rng.skewed(ctx.domains.length, 2)]}/${rng.pick(['i', 'v', 'f', 'g', 'p'])}/${rng.token(10)}`;
    addSignal(signals, reportId, 'url', url, false);
    addSignal(signals, reportId, 'domain', url.slice(8, url.indexOf('/', 8)), false);
  }

  // Children.
  const children: Child[] = [];
  const nChildren = CHILDREN_PER_REPORT.draw(rng) + (role === 'law-enforcement' && rng.chance(0.3) ? 1 : 0);
  for (let c = 0; c < nChildren; c++) {
    const age = drawAge(rng);
    const childRef = `child-${c + 1}`;
    const child = { id: fastId('child', [reportId, childRef]), reportId, sourceRef: childRef, age, gender: CHILD_GENDER.draw(rng) } as Child;
    if (country && rng.chance(0.3)) child.country = country;
    child.identified = rng.chance(age.basis === 'documented' ? 0.6 : 0.04);
    children.push(child);
  }

  // The synthetic source record the report was "received" as; its digest is the lineage rawDigest.
  const reportedAt = iso(reportedMs);
  const incidentAt = incidentMs === null ? undefined : iso(incidentMs);
  // Built with its keys already in sorted order at every level, so plain JSON.stringify is the
  // canonical JSON (a test checks this against canonicalJson) at a fraction of the cost.
  const source = {
    children: children.map((c) => ({ basis: c.age.basis, max: c.age.max, min: c.age.min, stage: c.age.stage })),
    country,
    files: drafts.map((d) => ({
      hashes: { md5: d.hashes.md5, pdq: d.hashes.pdq, pdqQuality: d.hashes.pdqQuality, sha1: d.hashes.sha1, sha256: d.hashes.sha256 },
      mediaType: d.mediaType,
      ref: d.sourceRef,
      sizeBytes: d.sizeBytes,
    })),
    flags,
    generator: { index, name: GENERATOR_NAME, seed: ctx.seed, version: GENERATOR_VERSION },
    incidentAt,
    incidentTypes: incidentTypes.map((t) => ({ code: t.code, scheme: t.scheme })),
    kind,
    language,
    org: p.spec.slug,
    ref: sourceRef,
    reportedAt,
    subjects: subjects.map((x) => x.identifiers.map((i) => ({ platform: i.platform, type: i.type, value: i.value }))),
  };
  capture?.(source);
  const lineage: Lineage = { ...p.lineage, receivedAt: iso(receivedMs), rawDigest: sha256Json(source), hops: [] };
  // Fields in schema order, optional ones only when present, so the JSON is stable and minimal.
  const report = { id: reportId, datasetId: p.datasetId, sourceOrgId: p.orgId, sourceRef, kind, status, reportedAt } as Report;
  if (incidentAt !== undefined) report.incidentAt = incidentAt;
  if (country) report.country = country;
  if (language) report.language = language;
  report.incidentTypes = incidentTypes;
  report.flags = flags;
  report.lineage = lineage;

  const contentItems: ContentItem[] = drafts.map((d) => ({
    id: fastId('content-item', [reportId, d.sourceRef]),
    reportId,
    sourceRef: d.sourceRef,
    mediaType: d.mediaType,
    sizeBytes: d.sizeBytes,
    hashes: d.hashes,
    // The files came in the same raw input as the report, so they share its lineage (a copy: hops grow per record).
    lineage: { ...lineage, hops: [] },
  }));

  // Classifications: each by one assessor organisation, in its own scheme.
  const classifications: Classification[] = [];
  const cl: Classifying = { out: classifications, rng, endMs: ctx.window.endMs, receivedMs };
  contentItems.forEach((item, j) => {
    const d = drafts[j]!;
    if (d.mediaType !== 'image' && d.mediaType !== 'video') return;
    if (role === 'hotline-uk') classify(cl, item.id, 'uk-2014', grades[j]!, ALBION, 'illegal', 'GB');
    else if (role === 'hotline-iccam') classify(cl, item.id, 'iccam', grades[j]!, NORTHSEA, ...iccamStatus(grades[j]!));
    else {
      if (role === 'platform' && rng.chance(0.6)) classify(cl, item.id, 'ncmec-industry', NCMEC_INDUSTRY.draw(rng), p, 'illegal', 'US');
      if (role === 'law-enforcement' && rng.chance(0.25)) classify(cl, item.id, 'interpol-baseline', 'baseline', POLICE, 'illegal');
      // Known files travel: a hotline has usually graded them already, with the same grade each time.
      if (d.known && d.hashes.sha256 === d.known.sha256 && rng.chance(0.5)) classify(cl, item.id, 'uk-2014', d.known.uk2014, ALBION, 'illegal', 'GB');
      else if (role === 'platform' && rng.chance(0.05)) {
        const code = d.known ? d.known.iccam : ICCAM.draw(rng);
        classify(cl, item.id, 'iccam', code, NORTHSEA, ...iccamStatus(code));
      }
    }
  });

  const bundle: ReportBundle = { report, contentItems, signals, children, subjects, classifications };
  return bundle;
}

/** The pools a seed implies; built once per generator run (a few hundred kilobytes). */
function context(seed: number, window: TimeWindow): Ctx {
  const known = knownFiles(seed);
  const domains = hostingDomains(seed);
  return { seed, window, known, knownImages: knownImageIndex(known), actors: repeatActors(seed), domains, urls: recurringUrls(seed, domains) };
}

/**
 * Report `index` with the synthetic source record its lineage digest was computed from, so
 * anyone can check `rawDigest = sha256(canonical JSON of the source)`. Slow (builds the pools
 * each call): for tests and spot checks.
 */
export function reportWithSource(opts: WindowOptions & { index: number }): { bundle: ReportBundle; source: unknown } {
  const ctx = context(resolveSeed(opts.seed), resolveWindow(opts));
  let source: unknown;
  const bundle = makeBundle(ctx, resolveCount('index', opts.index), (s) => (source = s));
  return { bundle, source };
}

/**
 * Report bundles in batches (default 1000), never more than one batch in memory. Every record
 * is valid against the CDM record schemas and its id equals `identify(Entity, record)`.
 */
export function* generateReports(opts: GenerateReportsOptions): Generator<ReportBundle[], void, undefined> {
  const seed = resolveSeed(opts.seed);
  const count = resolveCount('count', opts.count);
  const offset = resolveCount('offset', opts.offset, 0);
  const batchSize = resolveBatchSize(opts.batchSize);
  const ctx = context(seed, resolveWindow(opts));
  let batch: ReportBundle[] = [];
  for (let i = offset; i < offset + count; i++) {
    batch.push(makeBundle(ctx, i));
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
