/**
 * PDQ core: a bit-for-bit port of Meta's C++ reference (`pdq/cpp/hashing/pdqhashing.cpp`,
 * `pdq/cpp/downscaling/downscaling.cpp`, `pdq/cpp/hashing/torben.cpp`).
 *
 * Every arithmetic step the reference does in 32-bit float is done here in 32-bit float too:
 * each single operation is computed in double and rounded with `Math.fround` (or by storing into
 * a Float32Array), which gives exactly the IEEE single-precision result for + - * /. Loops keep
 * the reference's order of accumulation, so identical pixels give the identical hash.
 *
 * Work is done on typed arrays with reusable scratch buffers (`PdqScratch`) so hashing many
 * images allocates nothing per image beyond the decoded pixels.
 */
import { wordsToHex } from './hash256.ts';

const fround = Math.fround;

/** Reference luma coefficients (stored as float in C++). */
const LUMA_R = fround(0.299);
const LUMA_G = fround(0.587);
const LUMA_B = fround(0.114);
/** Images smaller than this on a side hash to zero with quality 0 (reference MIN_HASHABLE_DIM). */
export const MIN_HASHABLE_DIM = 5;
const JAROSZ_PASSES = 2;

// Per-channel products, exact float32 (`float * uint8` in C++).
const TAB_R = new Float32Array(256);
const TAB_G = new Float32Array(256);
const TAB_B = new Float32Array(256);
for (let v = 0; v < 256; v++) {
  TAB_R[v] = fround(LUMA_R * v);
  TAB_G[v] = fround(LUMA_G * v);
  TAB_B[v] = fround(LUMA_B * v);
}

/** DCT matrix, 16 rows x 64 columns, as the reference computes it (float scale * double cos, stored as float). */
const DCT = (() => {
  const m = new Float32Array(16 * 64);
  const scale = fround(Math.sqrt(2.0 / 64));
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) m[i * 64 + j] = scale * Math.cos((Math.PI / 2.0 / 64) * (i + 1) * (2 * j + 1));
  }
  return m;
})();

/** Reusable buffers for one hashing thread. */
export class PdqScratch {
  buf1 = new Float32Array(0);
  buf2 = new Float32Array(0);
  colSums = new Float32Array(0);
  readonly b64 = new Float32Array(64 * 64);
  readonly t16x64 = new Float32Array(16 * 64);
  readonly b16 = new Float32Array(256);
  readonly aux16 = new Float32Array(256);

  ensure(n: number, cols: number): void {
    if (this.buf1.length < n) {
      this.buf1 = new Float32Array(n);
      this.buf2 = new Float32Array(n);
    }
    if (this.colSums.length < Math.max(cols, 64)) this.colSums = new Float32Array(Math.max(cols, 64));
    // (also the per-row sums of the row pass: ROW_BLOCK <= 64)
  }
}

const defaultScratch = new PdqScratch();

/** Pixel input for the core: 8-bit samples, 1 channel (grey) or 3+ channels (R, G, B first). */
export interface RawPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

export interface PdqResult {
  /** 64 hex characters, reference format. */
  hash: string;
  /** 0..100; below 50 the hash is not considered reliable. */
  quality: number;
}

export interface PdqDihedralResult {
  quality: number;
  orig: string;
  rot90: string;
  rot180: string;
  rot270: string;
  flipx: string;
  flipy: string;
  flipplus1: string;
  flipminus1: string;
}

/** Fills `out` (row-major) with reference luma: grey samples as is, RGB as 0.299R+0.587G+0.114B in float. */
export function fillLuma(px: RawPixels, out: Float32Array): void {
  const { data, width, height, channels } = px;
  const n = width * height;
  if (channels === 1) {
    for (let i = 0; i < n; i++) out[i] = data[i] as number;
    return;
  }
  if (channels === 3) {
    for (let i = 0, p = 0; i < n; i++, p += 3) {
      out[i] = fround((TAB_R[data[p] as number] as number) + (TAB_G[data[p + 1] as number] as number)) + (TAB_B[data[p + 2] as number] as number);
    }
    return;
  }
  for (let i = 0, p = 0; i < n; i++, p += channels) {
    out[i] = fround((TAB_R[data[p] as number] as number) + (TAB_G[data[p + 1] as number] as number)) + (TAB_B[data[p + 2] as number] as number);
  }
}

/** Reference `computeJaroszFilterWindowSize`. */
export function jaroszWindowSize(oldDim: number, newDim: number): number {
  return Math.trunc((oldDim + 2 * newDim - 1) / (2 * newDim));
}

/** Rows processed side by side in the row pass: independent running sums keep the CPU busy. */
const ROW_BLOCK = 16;

/**
 * One box pass along each row (reference `boxAlongRowsFloat` / `box1DFloat`, stride 1).
 * A block of rows advances together, one running sum per row, so the per-row chains of
 * dependent float operations overlap; per row, the operations and their order are the reference's.
 */
function boxAlongRows(inp: Float32Array, out: Float32Array, rows: number, cols: number, win: number, sums: Float32Array): void {
  const half = (win + 2) >> 1;
  const p1 = half - 1;
  const p2 = win - half + 1;
  const p3 = cols - win;
  const p4 = half - 1;
  for (let r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
    const nb = Math.min(ROW_BLOCK, rows - r0);
    const base = r0 * cols;
    const end = base + nb * cols;
    sums.fill(0, 0, nb);
    let ri = base;
    let li = base;
    let oi = base;
    let cws = 0;
    for (let i = 0; i < p1; i++, ri++) {
      for (let k = 0, x = ri; x < end; k++, x += cols) sums[k] = (sums[k] as number) + (inp[x] as number);
      cws++;
    }
    for (let i = 0; i < p2; i++, ri++, oi++) {
      cws++;
      for (let k = 0, x = ri, o = oi; o < end; k++, x += cols, o += cols) {
        const s = fround((sums[k] as number) + (inp[x] as number));
        sums[k] = s;
        out[o] = s / cws;
      }
    }
    for (let i = 0; i < p3; i++, ri++, li++, oi++) {
      for (let k = 0, x = ri, l = li, o = oi; o < end; k++, x += cols, l += cols, o += cols) {
        const s = fround(fround((sums[k] as number) + (inp[x] as number)) - (inp[l] as number));
        sums[k] = s;
        out[o] = s / cws;
      }
    }
    for (let i = 0; i < p4; i++, li++, oi++) {
      cws--;
      for (let k = 0, l = li, o = oi; o < end; k++, l += cols, o += cols) {
        const s = fround((sums[k] as number) - (inp[l] as number));
        sums[k] = s;
        out[o] = s / cws;
      }
    }
  }
}

/**
 * One box pass down each column, processed row by row with one running sum per column
 * (cache-friendly; per column the operations and their order are the reference's).
 * When `onlyCols`/`onlyRows` are given, only those outputs are produced (last pass before
 * decimation needs just 64x64 of them).
 */
function boxAlongCols(
  inp: Float32Array, out: Float32Array, rows: number, cols: number, win: number, sums: Float32Array,
  onlyCols?: Int32Array,
): void {
  const half = (win + 2) >> 1;
  const p1 = half - 1;
  const p2 = win - half + 1;
  const p3 = rows - win;
  const p4 = half - 1;
  let ri = 0;
  let li = 0;
  let oi = 0;
  let cws = 0;
  if (!onlyCols) {
    sums.fill(0, 0, cols);
    for (let i = 0; i < p1; i++, ri++) {
      const b = ri * cols;
      for (let j = 0; j < cols; j++) sums[j] = (sums[j] as number) + (inp[b + j] as number);
      cws++;
    }
    for (let i = 0; i < p2; i++, ri++, oi++) {
      const b = ri * cols;
      const o = oi * cols;
      cws++;
      for (let j = 0; j < cols; j++) {
        const s = fround((sums[j] as number) + (inp[b + j] as number));
        sums[j] = s;
        out[o + j] = s / cws;
      }
    }
    for (let i = 0; i < p3; i++, ri++, li++, oi++) {
      const b = ri * cols;
      const l = li * cols;
      const o = oi * cols;
      for (let j = 0; j < cols; j++) {
        const s = fround(fround((sums[j] as number) + (inp[b + j] as number)) - (inp[l + j] as number));
        sums[j] = s;
        out[o + j] = s / cws;
      }
    }
    for (let i = 0; i < p4; i++, li++, oi++) {
      const l = li * cols;
      const o = oi * cols;
      cws--;
      for (let j = 0; j < cols; j++) {
        const s = fround((sums[j] as number) - (inp[l + j] as number));
        sums[j] = s;
        out[o + j] = s / cws;
      }
    }
    return;
  }
  // Sparse variant: only the listed columns.
  const nc = onlyCols.length;
  sums.fill(0, 0, nc);
  for (let i = 0; i < p1; i++, ri++) {
    const b = ri * cols;
    for (let k = 0; k < nc; k++) sums[k] = (sums[k] as number) + (inp[b + (onlyCols[k] as number)] as number);
    cws++;
  }
  for (let i = 0; i < p2; i++, ri++, oi++) {
    const b = ri * cols;
    const o = oi * cols;
    cws++;
    for (let k = 0; k < nc; k++) {
      const j = onlyCols[k] as number;
      const s = fround((sums[k] as number) + (inp[b + j] as number));
      sums[k] = s;
      out[o + j] = s / cws;
    }
  }
  for (let i = 0; i < p3; i++, ri++, li++, oi++) {
    const b = ri * cols;
    const l = li * cols;
    const o = oi * cols;
    for (let k = 0; k < nc; k++) {
      const j = onlyCols[k] as number;
      const s = fround(fround((sums[k] as number) + (inp[b + j] as number)) - (inp[l + j] as number));
      sums[k] = s;
      out[o + j] = s / cws;
    }
  }
  for (let i = 0; i < p4; i++, li++, oi++) {
    const l = li * cols;
    const o = oi * cols;
    cws--;
    for (let k = 0; k < nc; k++) {
      const j = onlyCols[k] as number;
      const s = fround((sums[k] as number) - (inp[l + j] as number));
      sums[k] = s;
      out[o + j] = s / cws;
    }
  }
}

function decimationIndices(inDim: number, outDim: number): Int32Array {
  const idx = new Int32Array(outDim);
  for (let o = 0; o < outDim; o++) idx[o] = Math.trunc(((o + 0.5) * inDim) / outDim);
  return idx;
}

/**
 * Blur (two Jarosz x/y passes) and decimate `luma` (in buf1, destroyed) to 64x64 into `b64`.
 * 64x64 input is copied through unchanged, as in the reference.
 */
function downsampleTo64(s: PdqScratch, rows: number, cols: number, passThrough64: boolean): void {
  const b1 = s.buf1;
  const b2 = s.buf2;
  const b64 = s.b64;
  if (passThrough64 && rows === 64 && cols === 64) {
    b64.set(b1.subarray(0, 4096));
    return;
  }
  const winRows = jaroszWindowSize(cols, 64); // window along rows
  const winCols = jaroszWindowSize(rows, 64);
  const rowIdx = decimationIndices(rows, 64);
  const colIdx = decimationIndices(cols, 64);
  for (let pass = 0; pass < JAROSZ_PASSES; pass++) {
    boxAlongRows(b1, b2, rows, cols, winRows, s.colSums);
    const last = pass === JAROSZ_PASSES - 1;
    boxAlongCols(b2, b1, rows, cols, winCols, s.colSums, last ? colIdx : undefined);
  }
  for (let i = 0; i < 64; i++) {
    const base = (rowIdx[i] as number) * cols;
    for (let j = 0; j < 64; j++) b64[i * 64 + j] = b1[base + (colIdx[j] as number)] as number;
  }
}

/** Reference `pdqImageDomainQualityMetric`. */
export function qualityMetric(b64: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++) {
      const d = Math.trunc(fround(fround(fround((b64[i * 64 + j] as number) - (b64[(i + 1) * 64 + j] as number)) * 100) / 255));
      sum += Math.abs(d);
    }
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++) {
      const d = Math.trunc(fround(fround(fround((b64[i * 64 + j] as number) - (b64[i * 64 + j + 1] as number)) * 100) / 255));
      sum += Math.abs(d);
    }
  }
  const q = Math.trunc(sum / 90);
  return q > 100 ? 100 : q;
}

/** Reference `dct64To16`: B = D A Dt, only the 16x16 low frequencies (1..16). */
function dct64To16(a: Float32Array, t: Float32Array, b: Float32Array): void {
  for (let i = 0; i < 16; i++) {
    const di = i * 64;
    for (let j = 0; j < 64; j++) {
      let sum = 0;
      for (let k = 0; k < 64; k++) sum = fround(sum + fround((DCT[di + k] as number) * (a[k * 64 + j] as number)));
      t[i * 64 + j] = sum;
    }
  }
  for (let i = 0; i < 16; i++) {
    const ti = i * 64;
    for (let j = 0; j < 16; j++) {
      const dj = j * 64;
      let sum = 0;
      for (let k = 0; k < 64; k++) sum = fround(sum + fround((t[ti + k] as number) * (DCT[dj + k] as number)));
      b[i * 16 + j] = sum;
    }
  }
}

/** Torben's median, exactly as the reference (float32 comparisons and midpoint). */
export function torbenMedian(m: Float32Array, n = m.length): number {
  let min = m[0] as number;
  let max = min;
  for (let i = 1; i < n; i++) {
    const v = m[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const halfN = (n + 1) >> 1;
  let less = 0;
  let greater = 0;
  let equal = 0;
  let guess = 0;
  let maxlt = 0;
  let mingt = 0;
  for (;;) {
    guess = fround(fround(min + max) / 2);
    less = 0;
    greater = 0;
    equal = 0;
    maxlt = min;
    mingt = max;
    for (let i = 0; i < n; i++) {
      const v = m[i] as number;
      if (v < guess) {
        less++;
        if (v > maxlt) maxlt = v;
      } else if (v > guess) {
        greater++;
        if (v < mingt) mingt = v;
      } else equal++;
    }
    if (less <= halfN && greater <= halfN) break;
    else if (less > greater) max = maxlt;
    else min = mingt;
  }
  if (less >= halfN) return maxlt;
  if (less + equal >= halfN) return guess;
  return mingt;
}

/** Reference `pdqBuffer16x16ToBits`, straight to hex. */
function bitsToHex(b16: Float32Array): string {
  const median = torbenMedian(b16, 256);
  const words = new Uint16Array(16);
  for (let i = 0; i < 16; i++) {
    let w = 0;
    for (let j = 0; j < 16; j++) if ((b16[i * 16 + j] as number) > median) w |= 1 << j;
    words[i] = w;
  }
  return wordsToHex(words);
}

/** Luma already in `s.buf1` (rows x cols) -> 16x16 DCT in `s.b16`; returns quality. */
function lumaToDct(s: PdqScratch, rows: number, cols: number, passThrough64 = true): number {
  downsampleTo64(s, rows, cols, passThrough64);
  const quality = qualityMetric(s.b64);
  dct64To16(s.b64, s.t16x64, s.b16);
  return quality;
}

const ZERO_HASH = '0'.repeat(64);

/**
 * PDQ of a float luma image (row-major, `rows*cols` values; the array is used as scratch and
 * overwritten). Equivalent to the reference `pdqHash256FromFloatLuma`.
 */
export function pdqFromFloatLuma(luma: Float32Array, rows: number, cols: number, scratch: PdqScratch = defaultScratch): PdqResult {
  if (rows < MIN_HASHABLE_DIM || cols < MIN_HASHABLE_DIM) return { hash: ZERO_HASH, quality: 0 };
  scratch.ensure(rows * cols, cols);
  if (luma !== scratch.buf1) scratch.buf1.set(luma.subarray(0, rows * cols));
  const quality = lumaToDct(scratch, rows, cols);
  return { hash: bitsToHex(scratch.b16), quality };
}

/** PDQ of decoded pixels (grey or RGB). */
export function pdqFromPixels(px: RawPixels, scratch: PdqScratch = defaultScratch): PdqResult {
  const { width: cols, height: rows } = px;
  if (rows < MIN_HASHABLE_DIM || cols < MIN_HASHABLE_DIM) return { hash: ZERO_HASH, quality: 0 };
  scratch.ensure(rows * cols, cols);
  fillLuma(px, scratch.buf1);
  const quality = lumaToDct(scratch, rows, cols);
  return { hash: bitsToHex(scratch.b16), quality };
}

type Transform = (a: Float32Array, b: Float32Array) => void;
// Reference dct16OriginalTo* (sign patterns and transposes on the DCT coefficients).
const T_ROT90: Transform = (a, b) => { for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) b[j * 16 + i] = j & 1 ? (a[i * 16 + j] as number) : -(a[i * 16 + j] as number); };
const T_ROT180: Transform = (a, b) => { for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) b[i * 16 + j] = (i + j) & 1 ? -(a[i * 16 + j] as number) : (a[i * 16 + j] as number); };
const T_ROT270: Transform = (a, b) => { for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) b[j * 16 + i] = i & 1 ? (a[i * 16 + j] as number) : -(a[i * 16 + j] as number); };
const T_FLIPX: Transform = (a, b) => { for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) b[i * 16 + j] = i & 1 ? (a[i * 16 + j] as number) : -(a[i * 16 + j] as number); };
const T_FLIPY: Transform = (a, b) => { for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) b[i * 16 + j] = j & 1 ? (a[i * 16 + j] as number) : -(a[i * 16 + j] as number); };
const T_FLIPPLUS1: Transform = (a, b) => { for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) b[j * 16 + i] = a[i * 16 + j] as number; };
const T_FLIPMINUS1: Transform = (a, b) => { for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) b[j * 16 + i] = (i + j) & 1 ? -(a[i * 16 + j] as number) : (a[i * 16 + j] as number); };

/** The hash of the original and of its 7 rotations/reflections, from one DCT (reference `pdqDihedralHash256esFromFloatLuma`). */
export function pdqDihedralFromPixels(px: RawPixels, scratch: PdqScratch = defaultScratch): PdqDihedralResult {
  const { width: cols, height: rows } = px;
  if (rows < MIN_HASHABLE_DIM || cols < MIN_HASHABLE_DIM) {
    return { quality: 0, orig: ZERO_HASH, rot90: ZERO_HASH, rot180: ZERO_HASH, rot270: ZERO_HASH, flipx: ZERO_HASH, flipy: ZERO_HASH, flipplus1: ZERO_HASH, flipminus1: ZERO_HASH };
  }
  scratch.ensure(rows * cols, cols);
  fillLuma(px, scratch.buf1);
  // The reference's dihedral entry point always blurs, even 64x64 input.
  const quality = lumaToDct(scratch, rows, cols, false);
  const a = scratch.b16;
  const aux = scratch.aux16;
  const via = (t: Transform): string => { t(a, aux); return bitsToHex(aux); };
  return {
    quality,
    orig: bitsToHex(a),
    rot90: via(T_ROT90),
    rot180: via(T_ROT180),
    rot270: via(T_ROT270),
    flipx: via(T_FLIPX),
    flipy: via(T_FLIPY),
    flipplus1: via(T_FLIPPLUS1),
    flipminus1: via(T_FLIPMINUS1),
  };
}
