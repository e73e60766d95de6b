/**
 * 256-bit PDQ hash values.
 *
 * Canonical text form is the reference `Hash256::format()`: 16 words of 16 bits printed as
 * 64 lowercase hex characters from the highest word (w[15]) down to w[0]. Bit k of the hash
 * (k = 16*row + col of the 16x16 DCT block) is `(w[k >> 4] >> (k & 15)) & 1`.
 *
 * In memory a hash is a `Uint16Array(16)` indexed like the reference (`words[k >> 4]`), or,
 * for bulk work (the index), eight 32-bit words taken from the hex text left to right.
 */
import { TesseraError, type ErrorLocation } from '../../shared/errors.ts';

export const PDQ_HEX_LENGTH = 64;
const HEX_RE = /^[0-9a-f]{64}$/;

/** Words of a hash in reference order (w[0] .. w[15]). */
export type PdqWords = Uint16Array;

export function wordsToHex(words: PdqWords): string {
  let s = '';
  for (let i = 15; i >= 0; i--) s += (words[i] as number).toString(16).padStart(4, '0');
  return s;
}

export function hexToWords(hex: string): PdqWords {
  const w = new Uint16Array(16);
  for (let i = 0; i < 16; i++) w[15 - i] = parseInt(hex.slice(i * 4, i * 4 + 4), 16);
  return w;
}

/** True when `s` is already a canonical PDQ hex string (64 lowercase hex characters). */
export function isPdqHex(s: string): boolean {
  return HEX_RE.test(s);
}

/**
 * Parses PDQ hash text: trims, lower-cases, accepts an optional `0x` prefix. Throws a
 * TesseraError (`invalid_pdq_hash`) saying what is wrong; never returns a malformed value.
 */
export function parsePdqHex(input: string, where?: ErrorLocation): string {
  let s = input.trim().toLowerCase();
  if (s.startsWith('0x')) s = s.slice(2);
  if (HEX_RE.test(s)) return s;
  const bad = s.search(/[^0-9a-f]/);
  const reason = s.length === 0
    ? 'is empty'
    : bad >= 0
      ? `has a non-hex character ${JSON.stringify(s[bad])} at position ${bad + 1}`
      : `has ${s.length} hex characters; a PDQ hash has exactly 64`;
  throw new TesseraError('invalid_pdq_hash', `PDQ hash ${reason}.`, {
    ...(where ? { where } : {}),
    details: { expected: '64 hexadecimal characters (256 bits)', length: s.length },
  });
}

/** Eight 32-bit words from hex text (left to right); the layout used by the index. */
export function hexToU32(hex: string, out: Uint32Array = new Uint32Array(8), offset = 0): Uint32Array {
  for (let i = 0; i < 8; i++) out[offset + i] = parseInt(hex.slice(i * 8, i * 8 + 8), 16) >>> 0;
  return out;
}

export function u32ToHex(words: Uint32Array, offset = 0): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += (words[offset + i] as number).toString(16).padStart(8, '0');
  return s;
}

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance between two hashes given as hex text. */
export function hammingHex(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < 64; i += 8) {
    d += popcount32((parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0);
  }
  return d;
}

/** Hamming distance between 8-word hashes at offsets `ia` and `ib`. */
export function hammingU32(a: Uint32Array, ia: number, b: Uint32Array, ib: number): number {
  return (
    popcount32((a[ia] as number) ^ (b[ib] as number)) +
    popcount32((a[ia + 1] as number) ^ (b[ib + 1] as number)) +
    popcount32((a[ia + 2] as number) ^ (b[ib + 2] as number)) +
    popcount32((a[ia + 3] as number) ^ (b[ib + 3] as number)) +
    popcount32((a[ia + 4] as number) ^ (b[ib + 4] as number)) +
    popcount32((a[ia + 5] as number) ^ (b[ib + 5] as number)) +
    popcount32((a[ia + 6] as number) ^ (b[ib + 6] as number)) +
    popcount32((a[ia + 7] as number) ^ (b[ib + 7] as number))
  );
}
