import { createHmac, hash } from 'node:crypto';
import { TESSERA_NAMESPACE, deterministicId } from '../model/identifiers.ts';

/**
 * The model's `deterministicId` (UUID v5: SHA-1 over namespace ‖ name), computed faster. The
 * generator makes about ten ids per report, and at 10 million reports hashing them is the
 * largest cost. Two things make this ~3–5× cheaper than `createHash('sha1')` per id:
 *  - SHA-1 in plain JavaScript on a reused buffer: for 80-byte names the fixed cost of a call
 *    into native crypto outweighs the hashing itself;
 *  - a cache of the state after the first 64-byte block: every id of one kind within one
 *    report starts with the same 64 bytes (namespace, type, report id), so most ids need one
 *    compression instead of two.
 * The result is identical to `deterministicId` — the tests compare every generated id with
 * `identify()` — and any value this fast path does not handle falls back to it.
 */

const W = new Int32Array(80);
const H = new Int32Array(5);
let msg = new Uint8Array(4096);

function sha1Init(): void {
  H[0] = 0x67452301;
  H[1] = 0xefcdab89 | 0;
  H[2] = 0x98badcfe | 0;
  H[3] = 0x10325476;
  H[4] = 0xc3d2e1f0 | 0;
}

/** One SHA-1 compression of msg[off..off+64) into H (FIPS 180-4 §6.1.2). */
function sha1Block(m: Uint8Array, off: number): void {
  for (let t = 0; t < 16; t++) {
    const j = off + (t << 2);
    W[t] = (m[j]! << 24) | (m[j + 1]! << 16) | (m[j + 2]! << 8) | m[j + 3]!;
  }
  for (let t = 16; t < 80; t++) {
    const x = W[t - 3]! ^ W[t - 8]! ^ W[t - 14]! ^ W[t - 16]!;
    W[t] = (x << 1) | (x >>> 31);
  }
  let a = H[0]!, b = H[1]!, c = H[2]!, d = H[3]!, e = H[4]!, t = 0, tmp = 0;
  for (; t < 20; t++) { tmp = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + W[t]!) | 0; e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = tmp; }
  for (; t < 40; t++) { tmp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + W[t]!) | 0; e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = tmp; }
  for (; t < 60; t++) { tmp = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + (0x8f1bbcdc | 0) + W[t]!) | 0; e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = tmp; }
  for (; t < 80; t++) { tmp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + (0xca62c1d6 | 0) + W[t]!) | 0; e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = tmp; }
  H[0] = (H[0]! + a) | 0;
  H[1] = (H[1]! + b) | 0;
  H[2] = (H[2]! + c) | 0;
  H[3] = (H[3]! + d) | 0;
  H[4] = (H[4]! + e) | 0;
}

/**
 * SHA-1 state after the first block, per id type, for the last first identity value seen. When
 * `type ‖ 0x1e ‖ identity[0]` is at least 48 characters, the first 64 bytes hashed (16 of
 * namespace, 48 of name) depend on nothing else — and the generator makes all ids of one type
 * in a report with the same first value (the report id), passed as the same string, so the
 * check is one pointer comparison.
 */
interface Midstate {
  first: string;
  state: Int32Array;
}
const midstates = new Map<string, Midstate>();

function midstateFor(type: string, first: string): Int32Array {
  const m = midstates.get(type);
  if (m && m.first === first) return m.state;
  msg.set(TESSERA_NAMESPACE, 0);
  const n = writeName(type, [first], 0, 48, 16);
  if (n !== 64) throw new Error('fastId: first block is not full');
  sha1Init();
  sha1Block(msg, 0);
  const state = H.slice();
  midstates.set(type, { first, state });
  return state;
}

/** Writes characters [skip, end) of the name `type ‖ 0x1e ‖ part ‖ 0x1e ‖ part …` into msg at `n`; returns the new end. */
function writeName(type: string, parts: readonly string[], skip: number, end: number, n: number): number {
  let pos = 0;
  for (let k = -1; k < parts.length && pos < end; k++) {
    const s = k < 0 ? type : parts[k]!;
    if (k >= 0) {
      if (pos >= skip) msg[n++] = 0x1e;
      pos++;
    }
    const from = Math.max(0, skip - pos);
    const to = Math.min(s.length, end - pos);
    for (let i = from; i < to; i++) msg[n++] = s.charCodeAt(i);
    pos += s.length;
  }
  return n;
}

/** True when `normaliseIdentityValue` would return the value unchanged and it is printable ASCII. */
function isPlainAscii(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  if (s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32) return false;
  let prevSpace = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7e || c < 0x20) return false;
    const space = c === 32;
    if (space && prevSpace) return false;
    prevSpace = space;
  }
  return true;
}

export function fastId(type: string, identity: readonly string[]): string {
  let len = type.length;
  const first = identity[0];
  for (let k = 0; k < identity.length; k++) {
    const part = identity[k]!;
    // The first value was checked when its midstate was made.
    if (!(k === 0 && midstates.get(type)?.first === part) && !isPlainAscii(part)) return deterministicId(type, identity);
    len += 1 + part.length;
  }
  const total = 16 + len;
  if (total + 72 > msg.length) msg = new Uint8Array(2 * (total + 72));
  let n: number;
  if (first !== undefined && type.length + 1 + first.length >= 48) {
    H.set(midstateFor(type, first));
    n = writeName(type, identity, 48, len, 0);
  } else {
    sha1Init();
    msg.set(TESSERA_NAMESPACE, 0);
    n = writeName(type, identity, 0, len, 16);
  }
  // Padding: 0x80, zeros to 56 mod 64, then the message length in bits (big-endian, 64-bit).
  const bits = total * 8;
  msg[n++] = 0x80;
  while ((n & 63) !== 56) msg[n++] = 0;
  msg[n++] = 0;
  msg[n++] = 0;
  msg[n++] = 0;
  msg[n++] = Math.floor(bits / 0x1_0000_0000) & 255;
  msg[n++] = (bits >>> 24) & 255;
  msg[n++] = (bits >>> 16) & 255;
  msg[n++] = (bits >>> 8) & 255;
  msg[n++] = bits & 255;
  for (let off = 0; off < n; off += 64) sha1Block(msg, off);
  // UUID version 5 and the RFC 9562 variant bits, written as ASCII into a buffer so the id is
  // one flat string (see Rng.hex for why that matters).
  const w1 = (H[1]! & 0xffff0fff) | 0x00005000;
  const w2 = (H[2]! & 0x3fffffff) | 0x80000000;
  let o = OUT.write(type, 0, 'latin1');
  OUT[o++] = 45;
  OUT[o++] = 45;
  o = hex32(H[0]!, o);
  OUT[o++] = 45;
  o = hex16(w1 >>> 16, o);
  OUT[o++] = 45;
  o = hex16(w1 & 0xffff, o);
  OUT[o++] = 45;
  o = hex16(w2 >>> 16, o);
  OUT[o++] = 45;
  o = hex16(w2 & 0xffff, o);
  o = hex32(H[3]!, o);
  return OUT.toString('latin1', 0, o);
}

const OUT = Buffer.alloc(256);
const HEX_DIGIT = Buffer.from('0123456789abcdef', 'latin1');

function hex16(x: number, o: number): number {
  OUT[o] = HEX_DIGIT[(x >>> 12) & 15]!;
  OUT[o + 1] = HEX_DIGIT[(x >>> 8) & 15]!;
  OUT[o + 2] = HEX_DIGIT[(x >>> 4) & 15]!;
  OUT[o + 3] = HEX_DIGIT[x & 15]!;
  return o + 4;
}

function hex32(x: number, o: number): number {
  return hex16(x & 0xffff, hex16(x >>> 16, o));
}

/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members left out — so the
 * digest of a source record does not depend on the order its fields were built in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return '[' + value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',') + ']';
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let s = '{';
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    if (s.length > 1) s += ',';
    s += JSON.stringify(k) + ':' + canonicalJson(v);
  }
  return s + '}';
}

/** `sha256:<hex>` of JSON.stringify(value): only for values built with sorted keys (then it is the canonical JSON). */
export function sha256Json(value: unknown): string {
  return 'sha256:' + hash('sha256', JSON.stringify(value), 'hex');
}

/** `sha256:<hex>` of the canonical JSON of a source record. */
export function rawDigestOf(sourceRecord: unknown): string {
  return 'sha256:' + hash('sha256', canonicalJson(sourceRecord), 'hex');
}

/** Pseudonym of an (invented) identifier: HMAC-SHA-256 under a key derived from the seed, as a node would key it. */
export function keyedHash(key: string, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}
