/**
 * What every record generator shares: the time window, the organisations that produce
 * records, and the seeded pools that make records recur across reports (known files, repeat
 * actors, hosting domains and URLs). Pools are small and fixed in size, so memory does not
 * grow with the number of records.
 */
import type { Lineage } from '../model/lineage.ts';
import { TesseraError } from '../shared/errors.ts';
import { DEFAULT_MONTHS, DEFAULT_SEED, DEFAULT_START_AT, GENERATOR_NAME, GENERATOR_VERSION, datasetId, findOrgSpec, orgId, type OrgSpec } from './ecosystem.ts';
import { ICCAM, KNOWN_FILES, UK_2014 } from './distributions.ts';
import { keyedHash } from './ids.ts';
import { Rng } from './prng.ts';

export interface WindowOptions {
  seed?: number;
  /** End of the time window (ISO 8601); fixed by default so output never depends on the clock. */
  startAt?: string;
  /** Length of the window in months before startAt (default 24). */
  months?: number;
}

export interface TimeWindow {
  startMs: number;
  endMs: number;
}

export function resolveSeed(seed: number | undefined): number {
  const s = seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(s) || s < 0 || s > 0xffff_ffff) throw new TesseraError('invalid_option', `seed must be an integer between 0 and 4294967295, got ${String(seed)}`, { where: { field: 'seed' } });
  return s;
}

export function resolveWindow(opts: WindowOptions): TimeWindow {
  const startAt = opts.startAt ?? DEFAULT_START_AT;
  const endMs = Date.parse(startAt);
  if (!Number.isFinite(endMs)) throw new TesseraError('invalid_option', `startAt must be an ISO 8601 date and time, got "${startAt}"`, { where: { field: 'startAt' } });
  const months = opts.months ?? DEFAULT_MONTHS;
  if (!Number.isInteger(months) || months < 1 || months > 240) throw new TesseraError('invalid_option', `months must be an integer between 1 and 240, got ${String(months)}`, { where: { field: 'months' } });
  const start = new Date(endMs);
  start.setUTCMonth(start.getUTCMonth() - months);
  return { startMs: start.getTime(), endMs };
}

export function resolveCount(name: string, n: number | undefined, dflt?: number): number {
  const v = n ?? dflt;
  if (v === undefined || !Number.isSafeInteger(v) || v < 0) throw new TesseraError('invalid_option', `${name} must be a whole number >= 0, got ${String(n)}`, { where: { field: name } });
  return v;
}

export function resolveBatchSize(n: number | undefined): number {
  const v = n ?? 1000;
  if (!Number.isSafeInteger(v) || v < 1 || v > 1_000_000) throw new TesseraError('invalid_option', `batchSize must be a whole number between 1 and 1000000, got ${String(n)}`, { where: { field: 'batchSize' } });
  return v;
}

/**
 * A time in the window, whole seconds. Volume grows over the window (density rises linearly to
 * twice its starting value), as reporting to hotlines and clearinghouses has year on year.
 */
export function timeIn(rng: Rng, w: TimeWindow): number {
  const g = 1;
  const u = rng.float();
  const x = (-1 + Math.sqrt(1 + 2 * g * u * (1 + g / 2))) / g;
  return Math.floor((w.startMs + x * (w.endMs - w.startMs)) / 1000) * 1000;
}

/**
 * `new Date(ms).toISOString()` for whole seconds in years 1000–9999, about 3× faster (the
 * generator formats four or five timestamps per report). Days to civil date after Howard
 * Hinnant's `civil_from_days`; anything else falls back to Date. A test compares the two.
 */
export function iso(ms: number): string {
  if (ms % 1000 !== 0 || ms < -30610224000000 || ms >= 253402300800000) return new Date(ms).toISOString();
  const t = ms / 1000;
  const secs = ((t % 86400) + 86400) % 86400;
  const z = (t - secs) / 86400 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  // Written as ASCII into a buffer so the result is one flat string (see Rng.hex).
  const b = ISO_SCRATCH;
  b[0] = 48 + Math.floor(y / 1000);
  b[1] = 48 + (Math.floor(y / 100) % 10);
  b[2] = 48 + (Math.floor(y / 10) % 10);
  b[3] = 48 + (y % 10);
  two(b, 5, m);
  two(b, 8, d);
  two(b, 11, Math.floor(secs / 3600));
  two(b, 14, Math.floor((secs % 3600) / 60));
  two(b, 17, secs % 60);
  return b.toString('latin1', 0, 24);
}

const ISO_SCRATCH = Buffer.from('0000-00-00T00:00:00.000Z', 'latin1');
function two(b: Buffer, at: number, n: number): void {
  b[at] = 48 + Math.floor(n / 10);
  b[at + 1] = 48 + (n % 10);
}

/** An organisation that produces records, with everything its records repeat. */
export interface Producer {
  spec: OrgSpec;
  orgId: string;
  datasetId: string;
  /** Lineage without receivedAt and rawDigest, which vary per record. */
  lineage: Omit<Lineage, 'receivedAt' | 'rawDigest' | 'hops'>;
}

export function producer(slug: string, datasetSlug: string): Producer {
  const spec = findOrgSpec(slug);
  const d = spec.datasets.find((x) => x.slug === datasetSlug);
  if (!d) throw new Error(`no dataset "${datasetSlug}" for "${slug}"`);
  return {
    spec,
    orgId: orgId(slug),
    datasetId: datasetId(slug, datasetSlug),
    lineage: { sourceOrgId: orgId(slug), sourceSystem: spec.sourceSystem, collectionPurpose: d.purpose, legalBasis: d.legalBasis, adapter: { name: GENERATOR_NAME, version: GENERATOR_VERSION } },
  };
}

// ---------------------------------------------------------------- pools

/** A file that recurs: exact copies reuse all its hashes, near-duplicates its PDQ with bits flipped. */
export interface KnownFile {
  mediaType: 'image' | 'video';
  sizeBytes: number;
  md5: string;
  sha1: string;
  sha256: string;
  /** Images only. */
  pdq?: string;
  pdqQuality?: number;
  /** How the UK hotline graded it, and how the Dutch hotline did: the same file, classified again and again. */
  uk2014: string;
  iccam: string;
}

export function knownFiles(seed: number): KnownFile[] {
  const out: KnownFile[] = [];
  for (let k = 0; k < KNOWN_FILES; k++) {
    const rng = Rng.for(seed, 'known-file', k);
    const image = rng.chance(0.85);
    const f: KnownFile = {
      mediaType: image ? 'image' : 'video',
      sizeBytes: image ? logUniform(rng, 20_000, 4_000_000) : logUniform(rng, 500_000, 300_000_000),
      md5: rng.hex(16),
      sha1: rng.hex(20),
      sha256: rng.hex(32),
      uk2014: UK_2014.draw(rng),
      iccam: ICCAM.draw(rng),
    };
    if (image) {
      f.pdq = rng.hex(32);
      f.pdqQuality = rng.range(70, 100);
    }
    out.push(f);
  }
  return out;
}

/** Indices of known files that are images (near-duplicates need a PDQ). */
export function knownImageIndex(files: readonly KnownFile[]): number[] {
  return files.flatMap((f, i) => (f.pdq ? [i] : []));
}

export const logUniform = (rng: Rng, lo: number, hi: number) => Math.round(Math.exp(Math.log(lo) + rng.float() * (Math.log(hi) - Math.log(lo))));

/** Flips `bits` distinct bits of a 256-bit hex hash. */
export function flipBits(rng: Rng, hex: string, bits: number): string {
  const b = Buffer.from(hex, 'hex');
  const used = new Set<number>();
  while (used.size < bits) {
    const p = rng.int(256);
    if (used.has(p)) continue;
    used.add(p);
    b[p >>> 3] = b[p >>> 3]! ^ (1 << (p & 7));
  }
  return b.toString('hex');
}

/**
 * A person behind accounts on several platforms. Their e-mail pseudonym is the same on every
 * platform; half reuse one handle everywhere (same account pseudonym), half have one per platform.
 */
export interface RepeatActor {
  email: string;
  /** Account pseudonym per platform slug. */
  accounts: Record<string, string>;
  ips: string[];
  phone: string | null;
  country: string | null;
}

export const REPEAT_ACTORS = 400;
export const PLATFORM_SLUGS = ['chirp-social', 'pixelvault-cloud', 'kettle-games'] as const;

/** The key pseudonyms are computed under: derived from the seed, as a node's pseudonymisation key would be its own. */
export const pseudonymKey = (seed: number) => `tessera-generator-pseudonym-key:${seed}`;

export function repeatActors(seed: number): RepeatActor[] {
  const key = pseudonymKey(seed);
  const out: RepeatActor[] = [];
  for (let k = 0; k < REPEAT_ACTORS; k++) {
    const rng = Rng.for(seed, 'repeat-actor', k);
    const sameHandle = rng.chance(0.5);
    const handle = `actor${k}_${rng.token(5)}`;
    const accounts: Record<string, string> = {};
    for (const p of PLATFORM_SLUGS) accounts[p] = keyedHash(key, `account:${sameHandle ? handle : `${handle}@${p}`}`);
    out.push({
      email: keyedHash(key, `email:${handle}@mail.example`),
      accounts,
      ips: [keyedHash(key, `ip:192.0.2.${k % 250}`), keyedHash(key, `ip:198.51.100.${(k * 7) % 250}`)],
      phone: rng.chance(0.3) ? keyedHash(key, `phone:+99900${String(k).padStart(6, '0')}`) : null,
      country: rng.chance(0.7) ? rng.pick(['IN', 'PH', 'US', 'BR', 'MX', 'NG', 'GB', 'DE', 'ID', 'PK']) : null,
    });
  }
  return out;
}

const HOST_WORDS = ['imgdrop', 'picshare', 'fastfiles', 'cloudbox', 'snaphost', 'vidstream', 'filelocker', 'boardchan', 'pastepix', 'hostly', 'quickup', 'linkvault'];

/** Invented hosting domains under the reserved `.example` TLD; popularity is skewed. */
export function hostingDomains(seed: number): string[] {
  const rng = Rng.for(seed, 'domains', 0);
  const out: string[] = [];
  for (let k = 0; k < 250; k++) out.push(`${HOST_WORDS[k % HOST_WORDS.length]}-${rng.token(4)}.example`);
  return out;
}

/** URLs reported again and again (to several hotlines, by several platforms). */
export function recurringUrls(seed: number, domains: readonly string[]): string[] {
  const rng = Rng.for(seed, 'urls', 0);
  const out: string[] = [];
  for (let k = 0; k < 300; k++) out.push(`https://${domains[rng.skewed(domains.length, 2)]}/${rng.pick(['i', 'v', 'f', 'g', 'p'])}/${rng.token(10)}`);
  return out;
}

