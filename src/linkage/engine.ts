import { hexToU32 } from '../hashing/pdq/hash256.ts';
import { MihIndex } from '../matching/mih-index.ts';
import { markNearDuplicates, packHex } from './pdq-join.ts';

/**
 * The linkage engine: which reports share something, and why. Pure and in memory, over columns
 * of evidence, so a million reports link in seconds.
 *
 * - Exact evidence (a content hash, a pseudonymised account, e-mail, phone or IP, a normalised
 *   URL): reports are visited in time order, and each is linked to the most recent earlier report
 *   with the same key, if that one lies within the key kind's window. A key seen in n reports
 *   gives a chain of n − 1 links, which connects them as well as all n(n−1)/2 pairs would.
 *   Keys seen in more than `maxKeyReports` reports (a shared NAT address, a viral file) are
 *   reported as too common and link nothing.
 * - PDQ: among image hashes of good quality, a self-join (pdq-join.ts) flags those with another
 *   hash within `pdqRadius`; those are looked up, in input order, among earlier representatives
 *   (multi-index hashing), and link their reports with the distance as explanation.
 * Linked reports form connected components: those are the cases.
 */
export const EVIDENCE_KINDS = ['content', 'pdq', 'account', 'email', 'phone', 'ip', 'url'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
const KIND_CODE = new Map<EvidenceKind, number>(EVIDENCE_KINDS.map((k, i) => [k, i]));

/** Report numbers in time order (ties by number): a numeric sort of packed keys when they fit in 53 bits. */
function timeOrder(times: Float64Array, n: number): Uint32Array {
  const out = new Uint32Array(n);
  if (n === 0) return out;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = times[i] as number;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const bits = Math.ceil(Math.log2(n + 1));
  if ((max - min + 1) * 2 ** bits < 2 ** 53) {
    const keys = new Float64Array(n);
    const scale = 2 ** bits;
    for (let i = 0; i < n; i++) keys[i] = ((times[i] as number) - min) * scale + i;
    keys.sort();
    for (let i = 0; i < n; i++) out[i] = (keys[i] as number) % scale;
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = i;
  return out.sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
}

export interface LinkOptions {
  /** Largest time between two reports linked by a key of this kind (ms); absent = no limit. Default: ip 7 days. */
  windows?: Partial<Record<EvidenceKind, number | null>>;
  pdqRadius?: number;
  pdqQualityFloor?: number;
  maxKeyReports?: number;
  /** Kinds to use (default all). */
  kinds?: readonly EvidenceKind[];
  /**
   * Kinds whose links join reports into one case (default: account, e-mail, phone, IP, URL).
   * Content and PDQ links are still found and explained (deconfliction: "this file is also in
   * report X"), but a file seen across many unrelated reports would otherwise weld them into one
   * giant case.
   */
  caseKinds?: readonly EvidenceKind[];
}

export const DEFAULT_WINDOWS: Partial<Record<EvidenceKind, number>> = { ip: 7 * 86_400_000 };
export const DEFAULT_PDQ_RADIUS = 31;
export const DEFAULT_CASE_KINDS: readonly EvidenceKind[] = ['account', 'email', 'phone', 'ip', 'url'];
export const DEFAULT_MAX_KEY_REPORTS = 100;

/** Evidence, one row per (report, key): columns filled by add(). */
export class Evidence {
  readonly reportIds: string[] = [];
  times: Float64Array = new Float64Array(1024);
  private readonly index = new Map<string, number>();
  keyReport: number[] = [];
  keyKind: number[] = [];
  keyValue: string[] = [];
  pdqReport: number[] = [];
  pdqHex: string[] = [];
  pdqQuality: number[] = [];

  /** Registers a report (once) and returns its number. */
  report(id: string, reportedAtMs: number): number {
    let i = this.index.get(id);
    if (i !== undefined) return i;
    i = this.reportIds.length;
    this.reportIds.push(id);
    this.index.set(id, i);
    if (i >= this.times.length) {
      const t = new Float64Array(this.times.length * 2);
      t.set(this.times);
      this.times = t;
    }
    this.times[i] = reportedAtMs;
    return i;
  }

  indexOf(id: string): number | undefined {
    return this.index.get(id);
  }

  key(report: number, kind: EvidenceKind, value: string): void {
    this.keyReport.push(report);
    this.keyKind.push(KIND_CODE.get(kind) as number);
    this.keyValue.push(value);
  }

  pdq(report: number, hex: string, quality: number | null): void {
    this.pdqReport.push(report);
    this.pdqHex.push(hex);
    this.pdqQuality.push(quality ?? 255);
  }

  get size(): number {
    return this.reportIds.length;
  }
}

export interface Link {
  a: number;
  b: number;
  kind: EvidenceKind;
  /** The shared key (hash, pseudonym, URL), or for PDQ the two hashes "h1~h2". */
  key: string;
  /** PDQ distance; time between the two reports (ms). */
  distance?: number;
  gapMs: number;
}

export interface LinkageResult {
  links: Link[];
  /** Component of each report (the smallest report number in it). */
  component: Int32Array;
  /** Components with at least two reports: report numbers, sorted. */
  clusters: number[][];
  tooCommon: Array<{ kind: EvidenceKind; key: string; reports: number }>;
  stats: { reports: number; keys: number; pdqHashes: number; /** PDQ hashes with another within the radius (the rest can link nothing). */ pdqWithNeighbour: number; links: Record<EvidenceKind, number>; skippedByWindow: number; seconds: number };
}

/** The PDQ hashes the engine looks at (quality at or above the floor), packed 8 words each. */
export interface PdqInput {
  /** Positions in the evidence's PDQ columns, in input order. */
  eligible: number[];
  /** 8 words per eligible hash; on a SharedArrayBuffer when worker threads are to read it. */
  codes: Uint32Array;
  radius: number;
}

export function preparePdq(ev: Evidence, opts: LinkOptions = {}, shared = false): PdqInput | null {
  const kinds = new Set(opts.kinds ?? EVIDENCE_KINDS);
  if (!kinds.has('pdq') || ev.pdqHex.length === 0) return null;
  const radius = opts.pdqRadius ?? DEFAULT_PDQ_RADIUS;
  const floor = opts.pdqQualityFloor ?? 50;
  const eligible: number[] = [];
  for (let i = 0; i < ev.pdqHex.length; i++) {
    const q = ev.pdqQuality[i] as number;
    if (q !== 255 && q < floor) continue;
    eligible.push(i);
  }
  const bytes = eligible.length * 32;
  const codes = new Uint32Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  for (let k = 0; k < eligible.length; k++) {
    const hex = ev.pdqHex[eligible[k] as number] as string;
    // Malformed text packs as the hashing module has always read it (parseInt), so results do not change.
    if (!packHex(hex, codes, k * 8)) hexToU32(hex, codes, k * 8);
  }
  return { eligible, codes, radius };
}

/** Links the evidence on this thread. */
export function linkEvidence(ev: Evidence, opts: LinkOptions = {}): LinkageResult {
  const t0 = performance.now();
  const pdq = preparePdq(ev, opts);
  let flags: Uint8Array | null = null;
  return linkPrepared(ev, opts, t0, pdq, () => {
    if (!pdq) return new Uint8Array(0);
    flags ??= new Uint8Array(pdq.eligible.length);
    markNearDuplicates(pdq.codes, pdq.eligible.length, pdq.radius, flags);
    return flags;
  });
}

/**
 * Links the evidence with the PDQ self-join on worker threads (`flagNearDuplicates`, e.g. a
 * `PdqJoinPool`), while this thread links the exact keys. Same result as `linkEvidence`.
 */
export async function linkEvidenceAsync(ev: Evidence, opts: LinkOptions, flagNearDuplicates: (pdq: PdqInput) => Promise<Uint8Array>): Promise<LinkageResult> {
  const t0 = performance.now();
  const pdq = preparePdq(ev, opts, true);
  const pending = pdq && pdq.eligible.length > 0 ? flagNearDuplicates(pdq) : null;
  // The exact keys are linked while the threads join; the flags are awaited only for the PDQ step.
  let flags: Uint8Array | null = null;
  const exact = linkExactKeys(ev, opts);
  if (pending) flags = await pending;
  return linkPrepared(ev, opts, t0, pdq, () => flags ?? new Uint8Array(0), exact);
}

interface ExactLinks {
  links: Link[];
  linkSlot: number[];
  seenCount: Int32Array;
  slotKey: string[];
  slotKind: number[];
  skippedByWindow: number;
}

function linkPrepared(ev: Evidence, opts: LinkOptions, t0: number, pdq: PdqInput | null, nearDuplicateFlags: () => Uint8Array, exactDone?: ExactLinks): LinkageResult {
  const n = ev.size;
  const maxKey = opts.maxKeyReports ?? DEFAULT_MAX_KEY_REPORTS;
  const counts = Object.fromEntries(EVIDENCE_KINDS.map((k) => [k, 0])) as Record<EvidenceKind, number>;
  const tooCommon: LinkageResult['tooCommon'] = [];
  const times = ev.times;
  const m = ev.keyReport.length;
  const { links, linkSlot, seenCount, slotKey, slotKind, skippedByWindow } = exactDone ?? linkExactKeys(ev, opts);

  // Keys in too many reports link nothing.
  let kept = 0;
  for (let i = 0; i < links.length; i++) {
    const l = links[i] as Link;
    if ((seenCount[linkSlot[i] as number] as number) > maxKey) continue;
    links[kept++] = l;
    counts[l.kind]++;
  }
  links.length = kept;
  for (let slot = 0; slot < slotKey.length; slot++) {
    const c = seenCount[slot] as number;
    if (c > maxKey) {
      tooCommon.push({ kind: EVIDENCE_KINDS[slotKind[slot] as number] as EvidenceKind, key: slotKey[slot] as string, reports: c });
    }
  }

  // PDQ near-duplicates.
  const pdqHashes = pdq ? pdq.eligible.length : 0;
  let pdqWithNeighbour = 0;
  if (pdq && pdqHashes > 0) {
    const { eligible, codes, radius } = pdq;
    // Representatives: each hash is looked up among the earlier representatives; it links to
    // every one within the radius, and becomes a representative itself when none is. Near-
    // duplicates of one picture thus cost one link each instead of one per pair.
    //
    // Almost every hash is of an unrelated picture and has no other hash within the radius: it
    // becomes a representative that nothing ever links to. A self-join over all hashes
    // (pdq-join.ts: sequential, allocation-free, shardable over threads) flags the hashes that
    // have any neighbour; the sequential scheme then runs over the flagged ones only, which gives
    // the same links as running it over all of them.
    const hasNeighbour = nearDuplicateFlags();
    for (let k = 0; k < hasNeighbour.length; k++) pdqWithNeighbour += hasNeighbour[k] as number;
    const idx = new MihIndex(1024);
    const repOf: number[] = [];
    const repCount: number[] = [];
    const pdqRep: number[] = [];
    const pdqStart = links.length;
    for (let k = 0; k < eligible.length; k++) {
      if (!hasNeighbour[k]) continue;
      const i = eligible[k] as number;
      const query = codes.subarray(k * 8, k * 8 + 8);
      const ra = ev.pdqReport[i] as number;
      const hits = idx.search(query, { radius, qualityFloor: 0 });
      if (hits.length === 0) {
        idx.addWords(codes, k * 8, repOf.length);
        repOf.push(i);
        continue;
      }
      const hex = ev.pdqHex[i] as string;
      for (const hit of hits) {
        repCount[hit.id] = (repCount[hit.id] ?? 0) + 1;
        const j = repOf[hit.id] as number;
        const rb = ev.pdqReport[j] as number;
        if (rb === ra) continue;
        const [a, b] = (times[ra] as number) <= (times[rb] as number) ? [ra, rb] : [rb, ra];
        links.push({ a, b, kind: 'pdq', key: `${ev.pdqHex[j]}~${hex}`, distance: hit.distance, gapMs: (times[b] as number) - (times[a] as number) });
        pdqRep.push(hit.id);
      }
    }
    // A picture near-duplicated in too many reports is known content, not a case.
    let kept2 = pdqStart;
    for (let i = pdqStart; i < links.length; i++) {
      const rep = pdqRep[i - pdqStart] as number;
      if ((repCount[rep] ?? 0) + 1 > maxKey) continue;
      links[kept2++] = links[i] as Link;
      counts.pdq++;
    }
    links.length = kept2;
    repCount.forEach((c, rep) => {
      if (c + 1 > maxKey) tooCommon.push({ kind: 'pdq', key: ev.pdqHex[repOf[rep] as number] as string, reports: c + 1 });
    });
  }

  // Components (union-find with path halving), numbered by their smallest report.
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x] as number] as number;
      x = parent[x] as number;
    }
    return x;
  };
  const caseKinds = new Set(opts.caseKinds ?? DEFAULT_CASE_KINDS);
  for (const l of links) {
    if (!caseKinds.has(l.kind)) continue;
    const ra = find(l.a);
    const rb = find(l.b);
    if (ra !== rb) {
      if (ra < rb) parent[rb] = ra;
      else parent[ra] = rb;
    }
  }
  const component = new Int32Array(n);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = find(i);
    component[i] = c;
    if (c !== i || groups.has(c)) {
      let g = groups.get(c);
      if (!g) {
        g = [c];
        groups.set(c, g);
      }
      if (c !== i) g.push(i);
    }
  }
  const clusters = [...groups.values()].filter((g) => g.length > 1);
  return { links, component, clusters, tooCommon, stats: { reports: n, keys: m, pdqHashes, pdqWithNeighbour, links: counts, skippedByWindow, seconds: (performance.now() - t0) / 1000 } };
}

/** Exact keys: links (before the too-common filter) and the per-key counts. */
function linkExactKeys(ev: Evidence, opts: LinkOptions): ExactLinks {
  const n = ev.size;
  const kinds = new Set(opts.kinds ?? EVIDENCE_KINDS);
  const windows = { ...DEFAULT_WINDOWS, ...opts.windows };
  const windowOf = EVIDENCE_KINDS.map((k) => windows[k] ?? Infinity);
  const links: Link[] = [];
  let skippedByWindow = 0;
  // Exact keys: reports in time order (rows of a report are contiguous), one pass keeping, per
  // key, the last report seen and how many reports had it.
  const m = ev.keyReport.length;
  const times = ev.times;
  const byTime = timeOrder(times, n);
  // Rows are added report by report: the first row of each report and the end of its run.
  const firstRow = new Int32Array(n).fill(-1);
  const rowEnd = new Int32Array(n);
  for (let i = 0; i < m; i++) {
    const r = ev.keyReport[i] as number;
    if (firstRow[r] === -1) firstRow[r] = i;
    rowEnd[r] = i + 1;
  }
  // One map per kind: no key concatenation per row.
  const slotOf = EVIDENCE_KINDS.map(() => new Map<string, number>());
  let last = new Int32Array(1 << 16);
  let seenCount = new Int32Array(1 << 16);
  const slotKey: string[] = [];
  const slotKind: number[] = [];
  const linkSlot: number[] = [];
  for (let o = 0; o < n; o++) {
    const r = byTime[o] as number;
    const from = firstRow[r] as number;
    if (from < 0) continue;
    const to = rowEnd[r] as number;
    for (let i = from; i < to; i++) {
      if ((ev.keyReport[i] as number) !== r) continue;
      const kindCode = ev.keyKind[i] as number;
      const kind = EVIDENCE_KINDS[kindCode] as EvidenceKind;
      if (!kinds.has(kind)) continue;
      const value = ev.keyValue[i] as string;
      const map = slotOf[kindCode] as Map<string, number>;
      let slot = map.get(value);
      if (slot === undefined) {
        slot = slotKey.length;
        map.set(value, slot);
        slotKey.push(value);
        slotKind.push(kindCode);
        if (slot >= last.length) {
          const l2 = new Int32Array(last.length * 2);
          l2.set(last);
          last = l2;
          const c2 = new Int32Array(seenCount.length * 2);
          c2.set(seenCount);
          seenCount = c2;
        }
        last[slot] = r;
        seenCount[slot] = 1;
        continue;
      }
      const prev = last[slot] as number;
      if (prev === r) continue;
      last[slot] = r;
      seenCount[slot] = (seenCount[slot] as number) + 1;
      const gap = (times[r] as number) - (times[prev] as number);
      if (gap > (windowOf[kindCode] as number)) {
        skippedByWindow++;
        continue;
      }
      links.push({ a: prev, b: r, kind, key: value, gapMs: gap });
      linkSlot.push(slot);
    }
  }
  return { links, linkSlot, seenCount, slotKey, slotKind, skippedByWindow };
}

/** One sentence that says why two reports are linked. */
export function explainLink(l: Pick<Link, 'kind' | 'key' | 'distance' | 'gapMs'>, window?: number | null): string {
  const gap = humanGap(l.gapMs);
  const short = (s: string) => (s.length > 24 ? s.slice(0, 20) + '…' : s);
  switch (l.kind) {
    case 'content':
      return `both contain the file ${short(l.key)} (exact hash match); reported ${gap} apart`;
    case 'pdq':
      return `both contain images whose PDQ hashes differ in ${l.distance} of 256 bits (a near-duplicate: within the threshold of 31); reported ${gap} apart`;
    case 'ip':
      return `both name the IP address pseudonym ${short(l.key)}, seen ${gap} apart${window ? ` (within the ${humanGap(window)} window for IP addresses)` : ''}`;
    case 'url':
      return `both report the URL ${short(l.key)}; reported ${gap} apart`;
    default:
      return `both name the same ${l.kind} (pseudonym ${short(l.key)}); reported ${gap} apart`;
  }
}

export function humanGap(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 3_600_000) return `${Math.round(abs / 60_000)} min`;
  if (abs < 2 * 86_400_000) return `${Math.round(abs / 3_600_000)} h`;
  return `${Math.round(abs / 86_400_000)} days`;
}
