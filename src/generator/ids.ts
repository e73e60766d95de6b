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
/** The message: the namespace in bytes 0-15 (written once, never overwritten), the name from byte 16. */
let msg = new Uint8Array(4096);
let view = new DataView(msg.buffer);
msg.set(TESSERA_NAMESPACE, 0);

/**
 * One SHA-1 compression of msg[off..off+64) into H (FIPS 180-4 §6.1.2). The message words are
 * read with a DataView and the schedule is worked out within the rounds: 163 against 212 ns per
 * block for byte loads and a separate schedule loop (measured alone, 10^6 blocks).
 */
function sha1Block(off: number): void {
  const v = view;
  let a = H[0]!, b = H[1]!, c = H[2]!, d = H[3]!, e = H[4]!, tmp = 0, w = 0, x = 0;
  for (let t = 0; t < 16; t++) {
    w = v.getInt32(off + (t << 2));
    W[t] = w;
    tmp = (((a << 5) | (a >>> 27)) + (d ^ (b & (c ^ d))) + e + 0x5a827999 + w) | 0; e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = tmp;
  }
  for (let t = 16; t < 20; t++) {
    x = W[t - 3]! ^ W[t - 8]! ^ W[t - 14]! ^ W[t - 16]!; w = (x << 1) | (x >>> 31); W[t] = w;
    tmp = (((a << 5) | (a >>> 27)) + (d ^ (b & (c ^ d))) + e + 0x5a827999 + w) | 0; e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = tmp;
  }
  for (let t = 20; t < 40; t++) {
    x = W[t - 3]! ^ W[t - 8]! ^ W[t - 14]! ^ W[t - 16]!; w = (x << 1) | (x >>> 31); W[t] = w;
    tmp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w) | 0; e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = tmp;
  }
  for (let t = 40; t < 60; t++) {
    x = W[t - 3]! ^ W[t - 8]! ^ W[t - 14]! ^ W[t - 16]!; w = (x << 1) | (x >>> 31); W[t] = w;
    tmp = (((a << 5) | (a >>> 27)) + ((b & c) | (d & (b | c))) + e + (0x8f1bbcdc | 0) + w) | 0; e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = tmp;
  }
  for (let t = 60; t < 80; t++) {
    x = W[t - 3]! ^ W[t - 8]! ^ W[t - 14]! ^ W[t - 16]!; w = (x << 1) | (x >>> 31); W[t] = w;
    tmp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + (0xca62c1d6 | 0) + w) | 0; e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = tmp;
  }
  H[0] = (H[0]! + a) | 0;
  H[1] = (H[1]! + b) | 0;
  H[2] = (H[2]! + c) | 0;
  H[3] = (H[3]! + d) | 0;
  H[4] = (H[4]! + e) | 0;
}

/**
 * Per id type: its name's first bytes and the id's prefix (`type--`) as bytes, and the SHA-1
 * state after the first block for the last first identity value seen. When
 * `type ‖ 0x1e ‖ identity[0]` is at least 48 characters, the first 64 bytes hashed (16 of
 * namespace, 48 of name) depend on nothing else — and the mappers and the generator make all
 * ids of one type in a report with the same first value (the report id), mostly the same
 * string, so the check is one pointer comparison.
 */
interface Kind {
  /** The type's characters as bytes (the low byte of each, as Uint8Array stores them). */
  name: Uint8Array;
  /** `type--` as the id's first bytes (latin1, as Buffer writes it). */
  prefix: Uint8Array;
  first: string | null;
  state: Int32Array;
}
const kinds = new Map<string, Kind>();

function kindOf(type: string): Kind {
  let k = kinds.get(type);
  if (!k) {
    const name = new Uint8Array(type.length);
    for (let i = 0; i < type.length; i++) name[i] = type.charCodeAt(i);
    k = { name, prefix: new Uint8Array(Buffer.from(`${type}--`, 'latin1')), first: null, state: new Int32Array(5) };
    kinds.set(type, k);
    if (k.prefix.length + 36 > OUT.length) OUT = Buffer.alloc(2 * (k.prefix.length + 36));
  }
  return k;
}

/**
 * Writes `part` at msg[n..) when `normaliseIdentityValue` would return it unchanged and it is
 * printable ASCII; returns the new end, or -1 (the caller then takes the model's path). One pass
 * both checks and copies: a check pass and then a copy pass read every character twice.
 */
function writePart(part: string, n: number): number {
  const len = part.length;
  if (len === 0) return n;
  if (part.charCodeAt(0) === 32 || part.charCodeAt(len - 1) === 32) return -1;
  const m = msg;
  let prev = 0;
  for (let i = 0; i < len; i++) {
    const c = part.charCodeAt(i);
    if (c > 0x7e || c < 0x20 || (c === 32 && prev === 32)) return -1;
    m[n++] = c;
    prev = c;
  }
  return n;
}

export function fastId(type: string, identity: readonly string[]): string {
  const k = kindOf(type);
  // Room for the name (each part at most its length plus a separator) and the padding.
  let room = 16 + k.name.length + 72;
  for (let i = 0; i < identity.length; i++) room += 1 + identity[i]!.length;
  if (room > msg.length) {
    msg = new Uint8Array(2 * room);
    view = new DataView(msg.buffer);
    msg.set(TESSERA_NAMESPACE, 0);
  }
  const m = msg;
  const first = identity[0];
  const typeLen = k.name.length;
  // When the first block depends on the type and the first value only, its state is kept per type;
  // with the same first value again (the report id of a report's ids), its characters in that block
  // are neither checked again (they were when the state was made) nor written.
  const keep = first !== undefined && typeLen < 48 && typeLen + 1 + first.length >= 48;
  const reuse = keep && k.first === first;
  let n: number;
  let i = 0;
  if (reuse) {
    n = 64;
    const from = 64 - 17 - typeLen;
    const f = first as string;
    for (let j = from; j < f.length; j++) m[n++] = f.charCodeAt(j);
    i = 1;
  } else {
    m.set(k.name, 16);
    n = 16 + typeLen;
  }
  for (; i < identity.length; i++) {
    m[n++] = 0x1e;
    n = writePart(identity[i]!, n);
    if (n < 0) return deterministicId(type, identity);
  }
  const total = n;
  // Padding: 0x80, zeros to 56 mod 64, then the message length in bits (big-endian, 64-bit).
  const bits = total * 8;
  m[n++] = 0x80;
  while ((n & 63) !== 56) m[n++] = 0;
  m[n++] = 0;
  m[n++] = 0;
  m[n++] = 0;
  m[n++] = Math.floor(bits / 0x1_0000_0000) & 255;
  m[n++] = (bits >>> 24) & 255;
  m[n++] = (bits >>> 16) & 255;
  m[n++] = (bits >>> 8) & 255;
  m[n++] = bits & 255;
  let off = 0;
  if (reuse) {
    H.set(k.state);
    off = 64;
  } else {
    sha1Init();
    if (keep) {
      sha1Block(0);
      k.state.set(H);
      k.first = first as string;
      off = 64;
    }
  }
  for (; off < n; off += 64) sha1Block(off);
  // UUID version 5 and the RFC 9562 variant bits, written as ASCII into a buffer so the id is
  // one flat string (see Rng.hex for why that matters).
  const w1 = (H[1]! & 0xffff0fff) | 0x00005000;
  const w2 = (H[2]! & 0x3fffffff) | 0x80000000;
  OUT.set(k.prefix, 0);
  let o = k.prefix.length;
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
  return latin1Slice ? latin1Slice.call(OUT, 0, o) : OUT.toString('latin1', 0, o);
}

function sha1Init(): void {
  H[0] = 0x67452301;
  H[1] = 0xefcdab89 | 0;
  H[2] = 0x98badcfe | 0;
  H[3] = 0x10325476;
  H[4] = 0xc3d2e1f0 | 0;
}

let OUT = Buffer.alloc(256);
/** Node's own latin1 slice, which `toString('latin1', …)` ends in (its argument handling was 5% of an id, measured). */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (this: Buffer, start: number, end: number) => string }).latin1Slice;
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
