/**
 * A complete Hamming-radius index for 256-bit hashes (PDQ) by multi-index hashing.
 *
 * The 256 bits are cut into 16 chunks of 16 bits. If two hashes are within distance r, then by
 * pigeonhole at least one chunk differs in at most floor(r / 16) bits (r = 31 -> at most 1 bit).
 * A query therefore looks up, in each chunk's table, its own chunk value and every value within
 * floor(r / 16) bits of it (17 buckets per chunk for r <= 31), and verifies each candidate with
 * the full 256-bit distance. Nothing within the radius can be missed: the search is complete,
 * and tests check it against brute force.
 *
 * Layout (typed arrays only, so 10M hashes fit in about 1.2 GB and load with one read):
 *  - codes: 8 x uint32 per entry (the hex text read left to right), quality (uint8, 255 =
 *    unknown), flags (withdrawn), external id (float64, an integer up to 2^53).
 *  - per chunk, a compressed bucket table (CSR): offsets[65537] + postings. Each posting holds
 *    the entry number and a copy of 4 other 32-bit words of its hash (128 bits not overlapping
 *    the chunk). A candidate is first checked on those 128 bits, read sequentially with the
 *    bucket: if they alone differ in more than `radius` bits it cannot match (exact pruning,
 *    no recall lost). Only survivors (in practice the real near-duplicates) touch the full code,
 *    so a query does almost no random memory access. 20 bytes per entry per chunk.
 *  - entries added after the last compaction sit in per-chunk chains (head[65536], next[n]):
 *    adding is O(16); when the chains hold more than a quarter of the entries they are folded
 *    into the CSR in one linear pass (amortised O(1) per add). Withdrawing sets a flag: O(1).
 */
import { closeSync, fstatSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { TesseraError } from '../shared/errors.ts';
import { hexToU32, popcount32, u32ToHex } from '../hashing/pdq/hash256.ts';

const CHUNKS = 16;
const BUCKETS = 1 << 16;
const WITHDRAWN = 1;
export const QUALITY_UNKNOWN = 255;
const MAGIC = 0x3148494d; // 'MIH1' little-endian
const FORMAT_VERSION = 2;
/** Words of the hash copied into each posting. */
const SKETCH = 4;
const STRIDE = 1 + SKETCH;

export interface MihSearchOptions {
  /** Largest Hamming distance that matches (default 31). */
  radius?: number;
  /** Entries with a known quality below this are skipped (default 50). */
  qualityFloor?: number;
  /** Stop after this many matches (default unlimited). */
  limit?: number;
}

export interface MihMatch {
  /** External id given at add time. */
  id: number;
  distance: number;
  /** Position inside the index (stable for its life). */
  entry: number;
}

function chunkOf(codes: Uint32Array, base: number, c: number): number {
  const w = codes[base + (c >> 1)] as number;
  return c & 1 ? w & 0xffff : w >>> 16;
}

/** All 16-bit values within `flips` bits of v (v itself first). */
function probes(v: number, flips: number, out: number[]): number[] {
  out.length = 0;
  out.push(v);
  if (flips >= 1) for (let a = 0; a < 16; a++) out.push(v ^ (1 << a));
  if (flips >= 2) for (let a = 0; a < 16; a++) for (let b = a + 1; b < 16; b++) out.push(v ^ (1 << a) ^ (1 << b));
  if (flips >= 3) for (let a = 0; a < 16; a++) for (let b = a + 1; b < 16; b++) for (let c = b + 1; c < 16; c++) out.push(v ^ (1 << a) ^ (1 << b) ^ (1 << c));
  if (flips >= 4) {
    // Radius >= 64: enumerate every value by popcount of the difference.
    out.length = 0;
    for (let x = 0; x < BUCKETS; x++) if (popcount32(x) <= flips) out.push(v ^ x);
  }
  return out;
}

export class MihIndex {
  private n = 0;
  private cap: number;
  private codes: Uint32Array;
  private quality: Uint8Array;
  private flags: Uint8Array;
  private ids: Float64Array;
  private live = 0;
  /** CSR over entries [0, csrCount). */
  private csrCount = 0;
  private offsets: Uint32Array[] = [];
  private postings: Uint32Array[] = [];
  /** Chains over entries [csrCount, n). */
  private heads: Int32Array[] = [];
  private next: Int32Array[] = [];
  private readonly probeBuf: number[] = [];
  /**
   * Per entry, the number of the last search that verified it: a near-duplicate shows up through
   * most of the 16 chunks, and is verified once per search instead of once per chunk.
   */
  private seenIn = new Int32Array(0);
  private searchNo = 0;
  private readonly foundEntries: number[] = [];
  private readonly foundDistances: number[] = [];

  constructor(initialCapacity = 1024) {
    this.cap = Math.max(16, initialCapacity);
    this.codes = new Uint32Array(this.cap * 8);
    this.quality = new Uint8Array(this.cap);
    this.flags = new Uint8Array(this.cap);
    this.ids = new Float64Array(this.cap);
    for (let c = 0; c < CHUNKS; c++) {
      this.offsets.push(new Uint32Array(BUCKETS + 1));
      this.postings.push(new Uint32Array(0));
      this.heads.push(new Int32Array(BUCKETS).fill(-1));
      this.next.push(new Int32Array(0));
    }
  }

  /** Number of entries ever added (including withdrawn). */
  get size(): number {
    return this.n;
  }

  /** Entries not withdrawn. */
  get liveCount(): number {
    return this.live;
  }

  /** Room for `min` entries: doubling for one-by-one adds, exactly `min` when `exact` (bulk loads). */
  private grow(min: number, exact = false): void {
    let cap = Math.max(16, this.cap);
    if (exact && min > cap) cap = min;
    while (cap < min) cap *= 2;
    if (cap === this.cap) return;
    const c = new Uint32Array(cap * 8);
    c.set(this.codes.subarray(0, this.n * 8));
    this.codes = c;
    const q = new Uint8Array(cap);
    q.set(this.quality.subarray(0, this.n));
    this.quality = q;
    const f = new Uint8Array(cap);
    f.set(this.flags.subarray(0, this.n));
    this.flags = f;
    const ids = new Float64Array(cap);
    ids.set(this.ids.subarray(0, this.n));
    this.ids = ids;
    this.cap = cap;
  }

  /** Chains are indexed by entry - csrCount; make room for `len` of them. */
  private growChains(len: number): void {
    const cur = (this.next[0] as Int32Array).length;
    if (cur >= len) return;
    let cap = Math.max(1024, cur);
    while (cap < len) cap *= 2;
    for (let k = 0; k < CHUNKS; k++) {
      const nx = new Int32Array(cap);
      nx.set(this.next[k] as Int32Array);
      this.next[k] = nx;
    }
  }

  /** Adds one hash (64 hex). Returns its entry number. */
  add(hex: string, id?: number, quality?: number): number {
    const words = hexToU32(hex);
    return this.addWords(words, 0, id, quality);
  }

  /** Adds a hash given as 8 words at `offset` of `words`. */
  addWords(words: Uint32Array, offset: number, id?: number, quality?: number): number {
    if (this.n >= this.cap) this.grow(this.n + 1);
    const e = this.n++;
    this.codes.set(words.subarray(offset, offset + 8), e * 8);
    this.quality[e] = quality === undefined ? QUALITY_UNKNOWN : Math.max(0, Math.min(100, Math.round(quality)));
    this.ids[e] = id ?? e;
    this.live++;
    const base = e * 8;
    const slot = e - this.csrCount;
    this.growChains(slot + 1);
    for (let c = 0; c < CHUNKS; c++) {
      const v = chunkOf(this.codes, base, c);
      const head = this.heads[c] as Int32Array;
      (this.next[c] as Int32Array)[slot] = head[v] as number;
      head[v] = slot;
    }
    if (this.n - this.csrCount > Math.max(65536, this.csrCount >> 2)) this.compact();
    return e;
  }

  /**
   * Bulk add of `count` hashes packed as 8 words each; builds the tables once at the end
   * (much faster than `add` one by one). Ids default to entry numbers.
   */
  addBulk(words: Uint32Array, count: number, ids?: ArrayLike<number>, quality?: ArrayLike<number>): void {
    this.grow(this.n + count, true);
    const start = this.n;
    this.codes.set(words.subarray(0, count * 8), start * 8);
    for (let i = 0; i < count; i++) {
      this.ids[start + i] = ids ? (ids[i] as number) : start + i;
      this.quality[start + i] = quality ? (quality[i] as number) : QUALITY_UNKNOWN;
    }
    // Entries are placed straight into the CSR by a full compaction (chains stay empty).
    this.n += count;
    this.live += count;
    this.compact();
  }

  /** Marks an entry withdrawn: it is never returned again. O(1). */
  withdrawEntry(entry: number): boolean {
    if (entry < 0 || entry >= this.n || ((this.flags[entry] as number) & WITHDRAWN)) return false;
    this.flags[entry] = (this.flags[entry] as number) | WITHDRAWN;
    this.live--;
    return true;
  }

  /** Withdraws every live entry with this external id (linear scan; keep your own id->entry map for speed). */
  withdrawId(id: number): number {
    let k = 0;
    for (let e = 0; e < this.n; e++) if (this.ids[e] === id && this.withdrawEntry(e)) k++;
    return k;
  }

  isWithdrawn(entry: number): boolean {
    return ((this.flags[entry] as number) & WITHDRAWN) !== 0;
  }

  idOf(entry: number): number {
    return this.ids[entry] as number;
  }

  hexOf(entry: number): string {
    return u32ToHex(this.codes, entry * 8);
  }

  /** Rebuilds the bucket tables from all live entries in one linear pass per chunk. */
  compact(): void {
    const n = this.n;
    const flags = this.flags;
    let live = 0;
    for (let e = 0; e < n; e++) if (!((flags[e] as number) & WITHDRAWN)) live++;
    for (let c = 0; c < CHUNKS; c++) {
      const off = new Uint32Array(BUCKETS + 1);
      const w = c >> 1;
      const shift = c & 1 ? 0 : 16;
      const codes = this.codes;
      for (let e = 0; e < n; e++) {
        if ((flags[e] as number) & WITHDRAWN) continue;
        const v1 = (((codes[e * 8 + w] as number) >>> shift) & 0xffff) + 1;
        off[v1] = (off[v1] as number) + 1;
      }
      for (let v = 0; v < BUCKETS; v++) off[v + 1] = (off[v + 1] as number) + (off[v] as number);
      const fill = off.slice(0, BUCKETS);
      const post = new Uint32Array(live * STRIDE);
      const s0 = (w + 1) & 7, s1 = (w + 2) & 7, s2 = (w + 3) & 7, s3 = (w + 4) & 7;
      for (let e = 0; e < n; e++) {
        if ((flags[e] as number) & WITHDRAWN) continue;
        const b = e * 8;
        const v = ((codes[b + w] as number) >>> shift) & 0xffff;
        const at = (fill[v] as number) * STRIDE;
        post[at] = e;
        post[at + 1] = codes[b + s0] as number;
        post[at + 2] = codes[b + s1] as number;
        post[at + 3] = codes[b + s2] as number;
        post[at + 4] = codes[b + s3] as number;
        fill[v] = (fill[v] as number) + 1;
      }
      this.offsets[c] = off;
      this.postings[c] = post;
      (this.heads[c] as Int32Array).fill(-1);
    }
    this.csrCount = n;
    for (let c = 0; c < CHUNKS; c++) this.next[c] = new Int32Array(0);
  }

  /** All live entries within `radius` of the query (hex or 8 words), nearest first. */
  search(query: string | Uint32Array, opts: MihSearchOptions = {}): MihMatch[] {
    const q = typeof query === 'string' ? hexToU32(query) : query;
    const radius = opts.radius ?? 31;
    const floor = opts.qualityFloor ?? 50;
    const limit = opts.limit ?? Number.POSITIVE_INFINITY;
    if (!Number.isInteger(radius) || radius < 0 || radius > 256) {
      throw new TesseraError('invalid_radius', `Radius must be an integer from 0 to 256; got ${radius}.`, { details: { radius } });
    }
    const flips = Math.floor(radius / CHUNKS);
    const q0 = q[0] as number, q1 = q[1] as number, q2 = q[2] as number, q3 = q[3] as number;
    const q4 = q[4] as number, q5 = q[5] as number, q6 = q[6] as number, q7 = q[7] as number;
    const codes = this.codes;
    const flags = this.flags;
    const qual = this.quality;
    if (this.seenIn.length < this.n || this.searchNo >= 0x7fffffff) {
      this.seenIn = new Int32Array(Math.max(this.cap, this.n));
      this.searchNo = 0;
    }
    const seenIn = this.seenIn;
    const searchNo = ++this.searchNo;
    const foundEntries = this.foundEntries;
    const foundDistances = this.foundDistances;
    foundEntries.length = 0;
    foundDistances.length = 0;
    const csr = this.csrCount;
    const hasChains = csr < this.n;
    /** Full distance with an early exit after half the words (most candidates are far). */
    const consider = (e: number): void => {
      if (seenIn[e] === searchNo) return;
      seenIn[e] = searchNo;
      const b = e * 8;
      let d =
        popcount32((codes[b] as number) ^ q0) + popcount32((codes[b + 1] as number) ^ q1) +
        popcount32((codes[b + 2] as number) ^ q2) + popcount32((codes[b + 3] as number) ^ q3);
      if (d > radius) return;
      d += popcount32((codes[b + 4] as number) ^ q4) + popcount32((codes[b + 5] as number) ^ q5) +
        popcount32((codes[b + 6] as number) ^ q6) + popcount32((codes[b + 7] as number) ^ q7);
      if (d > radius || ((flags[e] as number) & WITHDRAWN)) return;
      const qe = qual[e] as number;
      if (qe === QUALITY_UNKNOWN || qe >= floor) {
        foundEntries.push(e);
        foundDistances.push(d);
      }
    };
    const probeList = flips > 1 ? this.probeBuf : undefined;
    for (let c = 0; c < CHUNKS; c++) {
      const v = chunkOf(q, 0, c);
      const off = this.offsets[c] as Uint32Array;
      const post = this.postings[c] as Uint32Array;
      const head = this.heads[c] as Int32Array;
      const next = this.next[c] as Int32Array;
      const w = c >> 1;
      const k0 = q[(w + 1) & 7] as number, k1 = q[(w + 2) & 7] as number, k2 = q[(w + 3) & 7] as number, k3 = q[(w + 4) & 7] as number;
      // Probe values: v, then (radius >= 16) v with each single bit flipped, or the general list.
      const np = probeList ? probes(v, flips, probeList).length : flips === 1 ? 17 : 1;
      for (let k = 0; k < np; k++) {
        const p = probeList ? (probeList[k] as number) : k === 0 ? v : v ^ (1 << (k - 1));
        const end = off[p + 1] as number;
        for (let i = (off[p] as number) * STRIDE, stop = end * STRIDE; i < stop; i += STRIDE) {
          // 128 bits of the hash disjoint from this chunk: more than `radius` of them differ -> no match.
          const d = popcount32((post[i + 1] as number) ^ k0) + popcount32((post[i + 2] as number) ^ k1) +
            popcount32((post[i + 3] as number) ^ k2) + popcount32((post[i + 4] as number) ^ k3);
          if (d <= radius) consider(post[i] as number);
        }
        if (hasChains) for (let slot = head[p] as number; slot >= 0; slot = next[slot] as number) consider(slot + csr);
      }
    }
    const out: MihMatch[] = [];
    for (let k = 0; k < foundEntries.length; k++) {
      const entry = foundEntries[k] as number;
      out.push({ id: this.ids[entry] as number, distance: foundDistances[k] as number, entry });
    }
    out.sort((a, b) => a.distance - b.distance || a.entry - b.entry);
    return out.length > limit ? out.slice(0, limit) : out;
  }

  /** Brute force over every live entry: the oracle the index is tested against. */
  searchBrute(query: string | Uint32Array, opts: MihSearchOptions = {}): MihMatch[] {
    const q = typeof query === 'string' ? hexToU32(query) : query;
    const radius = opts.radius ?? 31;
    const floor = opts.qualityFloor ?? 50;
    const q0 = q[0] as number, q1 = q[1] as number, q2 = q[2] as number, q3 = q[3] as number;
    const q4 = q[4] as number, q5 = q[5] as number, q6 = q[6] as number, q7 = q[7] as number;
    const codes = this.codes;
    const out: MihMatch[] = [];
    for (let e = 0, b = 0; e < this.n; e++, b += 8) {
      const d =
        popcount32((codes[b] as number) ^ q0) + popcount32((codes[b + 1] as number) ^ q1) +
        popcount32((codes[b + 2] as number) ^ q2) + popcount32((codes[b + 3] as number) ^ q3) +
        popcount32((codes[b + 4] as number) ^ q4) + popcount32((codes[b + 5] as number) ^ q5) +
        popcount32((codes[b + 6] as number) ^ q6) + popcount32((codes[b + 7] as number) ^ q7);
      if (d > radius || (this.flags[e] as number) & WITHDRAWN) continue;
      const qe = this.quality[e] as number;
      if (qe !== QUALITY_UNKNOWN && qe < floor) continue;
      out.push({ id: this.ids[e] as number, distance: d, entry: e });
    }
    out.sort((a, b) => a.distance - b.distance || a.entry - b.entry);
    return out;
  }

  /** Approximate bytes held by the index's arrays. */
  memoryBytes(): number {
    let b = this.codes.byteLength + this.quality.byteLength + this.flags.byteLength + this.ids.byteLength + this.seenIn.byteLength;
    for (let c = 0; c < CHUNKS; c++) {
      b += (this.offsets[c] as Uint32Array).byteLength + (this.postings[c] as Uint32Array).byteLength;
      b += (this.heads[c] as Int32Array).byteLength + (this.next[c] as Int32Array).byteLength;
    }
    return b;
  }

  /**
   * Writes the index to `path` (atomically: a temporary file renamed over it). Pending chains
   * are compacted first so the file holds ready-to-use tables. Layout: 32-byte header, ids
   * (f64), codes (u32 x 8), 16 offset tables, quality, flags, padding to 8, 16 posting lists.
   */
  save(path: string): void {
    if (this.csrCount !== this.n) this.compact();
    const n = this.n;
    const header = new Uint32Array(8);
    header[0] = MAGIC;
    header[1] = FORMAT_VERSION;
    header[2] = n;
    header[3] = this.live;
    header[4] = CHUNKS;
    const parts: Uint8Array[] = [bytesOf(header), bytesOf(this.ids.subarray(0, n)), bytesOf(this.codes.subarray(0, n * 8))];
    for (let c = 0; c < CHUNKS; c++) parts.push(bytesOf(this.offsets[c] as Uint32Array));
    parts.push(this.quality.subarray(0, n), this.flags.subarray(0, n), new Uint8Array(pad8(2 * n)));
    for (let c = 0; c < CHUNKS; c++) parts.push(bytesOf(this.postings[c] as Uint32Array));
    const tmp = `${path}.tmp-${process.pid}`;
    const fd = openSync(tmp, 'w');
    try {
      for (const p of parts) {
        let off = 0;
        while (off < p.byteLength) off += writeSync(fd, p, off, p.byteLength - off);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  }

  /**
   * Loads an index written by `save`; the tables are used as read, no rebuild. Sections are
   * read one by one into their own arrays (files can be larger than one Buffer).
   */
  static load(path: string): MihIndex {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      throw new TesseraError('index_not_readable', `Cannot read index file (${(e as { code?: string }).code ?? 'error'}).`, { where: { file: path } });
    }
    const bad = (why: string) => new TesseraError('index_corrupt', `Not a valid Tessera hash index: ${why}.`, { where: { file: path } });
    try {
      const size = fstatSync(fd).size;
      let pos = 0;
      const read = (bytes: number): ArrayBuffer => {
        if (pos + bytes > size) throw bad('file truncated');
        const ab = new ArrayBuffer(bytes);
        const view = new Uint8Array(ab);
        let got = 0;
        while (got < bytes) {
          const k = readSync(fd, view, got, Math.min(bytes - got, 1 << 30), pos + got);
          if (k <= 0) throw bad('file truncated');
          got += k;
        }
        pos += bytes;
        return ab;
      };
      if (size < 32) throw bad('file too short');
      const header = new Uint32Array(read(32));
      if (header[0] !== MAGIC) throw bad('wrong magic number');
      if (header[1] !== FORMAT_VERSION) throw bad(`format version ${header[1]} (expected ${FORMAT_VERSION})`);
      if (header[4] !== CHUNKS) throw bad('unexpected chunk count');
      const n = header[2] as number;
      const live = header[3] as number;
      const idx = new MihIndex(16);
      idx.ids = new Float64Array(read(n * 8));
      idx.codes = new Uint32Array(read(n * 32));
      for (let c = 0; c < CHUNKS; c++) {
        const off = new Uint32Array(read((BUCKETS + 1) * 4));
        if ((off[BUCKETS] as number) > n) throw bad('bucket table out of range');
        idx.offsets[c] = off;
      }
      const qf = new Uint8Array(read(2 * n + pad8(2 * n)));
      idx.quality = qf.subarray(0, n);
      idx.flags = qf.subarray(n, 2 * n);
      for (let c = 0; c < CHUNKS; c++) {
        const len = (idx.offsets[c] as Uint32Array)[BUCKETS] as number;
        idx.postings[c] = new Uint32Array(read(len * STRIDE * 4));
      }
      idx.n = n;
      idx.cap = n;
      idx.live = live;
      idx.csrCount = n;
      return idx;
    } finally {
      closeSync(fd);
    }
  }
}

function pad8(len: number): number {
  return (8 - (len % 8)) % 8;
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
