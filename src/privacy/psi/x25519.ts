import { createDiffieHellman, createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * The group of ECDH-PSI on Curve25519, with OpenSSL's X25519 (node:crypto) doing every scalar
 * multiplication. X25519 works on u-coordinates only, and for clamped scalars a, b
 * X25519(a, X25519(b, u)) = X25519(b, X25519(a, u)) = u([ab]P): exactly the commutative
 * blinding the protocol needs, at about a third of the cost of a P-256 multiplication through
 * `computeSecret` (measured in bench/privacy.ts).
 *
 * Hashing to the group is RFC 9380 `encode_to_curve` for suite curve25519_XMD:SHA-512_ELL2_NU_:
 * expand_message_xmd(SHA-512) to one field element t (48 bytes, §5.2), then Elligator 2 (§6.7.1),
 * of which only the u-coordinate is needed. The suite's cofactor clearing ([8]P) is done by the
 * blinding itself: a clamped X25519 scalar is a multiple of 8, so k·map(t) = (k/8)·[8]map(t),
 * and every blinded value lies in the prime-order subgroup. Why the non-uniform (NU) encoding
 * is enough, and why points on the twist or of small order do no harm, is in docs/privacy.md.
 *
 * Elligator 2 has to decide whether g(x1) is a square mod p = 2^255 − 19. That Legendre symbol
 * is g(x1)^((p−1)/2), a 255-bit exponentiation which costs ~150 µs in BigInt; node:crypto's
 * Diffie-Hellman does it natively in constant time (~35 µs): `computeSecret(y)` is
 * y^private mod prime, and with private = (p−1)/2 and "prime" M = p·q (OpenSSL refuses moduli
 * under 512 bits, so q is a fixed odd 258-bit factor; M need not be prime for the arithmetic)
 * the result mod p is the symbol. Field inversions of a batch share one (Montgomery's trick).
 */
export const X25519_DST = 'TESSERA-PSI-V2-curve25519_XMD:SHA-512_ELL2_NU_';
export const X25519_BYTES = 32;

const P = 2n ** 255n - 19n;
const A = 486662n;
const Z = 2n;
const LEGENDRE_EXP = (P - 1n) / 2n;
/** M = p·q ≥ 2^512: the modulus the native exponentiation runs under (q odd, so Montgomery works). */
const Q = 2n ** 257n + 1n;
const M = P * Q;
const M_BYTES = Math.ceil(M.toString(16).length / 2);

function mod(a: bigint): bigint {
  const r = a % P;
  return r < 0n ? r + P : r;
}

function pow(b: bigint, e: bigint): bigint {
  let r = 1n;
  b = mod(b);
  while (e > 0n) {
    if (e & 1n) r = (r * b) % P;
    b = (b * b) % P;
    e >>= 1n;
  }
  return r;
}

function batchInvert(xs: bigint[]): void {
  const prefix: bigint[] = new Array<bigint>(xs.length);
  let acc = 1n;
  for (let i = 0; i < xs.length; i++) {
    prefix[i] = acc;
    const x = xs[i] as bigint;
    if (x !== 0n) acc = (acc * x) % P;
  }
  let accInv = pow(acc, P - 2n);
  for (let i = xs.length - 1; i >= 0; i--) {
    const x = xs[i] as bigint;
    if (x === 0n) continue;
    xs[i] = (accInv * (prefix[i] as bigint)) % P;
    accInv = (accInv * x) % P;
  }
}

const hexOf = (x: bigint, bytes: number): string => x.toString(16).padStart(bytes * 2, '0');

/** is_square(x) for x in GF(p), by the native exponentiation (a BigInt fallback if OpenSSL refuses the input). */
export class LegendreOracle {
  private readonly dh = createDiffieHellman(Buffer.from(hexOf(M, M_BYTES), 'hex'), Buffer.from([2]));
  constructor() {
    this.dh.setPrivateKey(Buffer.from(hexOf(LEGENDRE_EXP, 32), 'hex'));
  }
  isSquare(x: bigint): boolean {
    const v = mod(x);
    if (v === 0n) return true;
    let r: bigint;
    try {
      const out = this.dh.computeSecret(Buffer.from(hexOf(v, M_BYTES), 'hex'));
      r = BigInt('0x' + out.toString('hex')) % P;
    } catch {
      r = pow(v, LEGENDRE_EXP); // OpenSSL refuses 1 and M − 1 as "public keys"; never for a hashed value in practice
    }
    return r !== P - 1n;
  }
}

let oracle: LegendreOracle | null = null;

/** expand_message_xmd(msg, DST, 48) with SHA-512 (RFC 9380 §5.3.1): one field element (hash_to_field, count 1). */
export function hashToField25519(msg: Uint8Array, dstPrime: Buffer): bigint {
  const b0 = createHash('sha512').update(Buffer.alloc(128)).update(msg).update(Buffer.from([0, 48, 0])).update(dstPrime).digest();
  const b1 = createHash('sha512').update(b0).update(Buffer.from([1])).update(dstPrime).digest();
  return BigInt('0x' + b1.toString('hex', 0, 48)) % P;
}

/** Elligator 2 u-coordinates for field elements (RFC 9380 §6.7.1, J = A, K = 1, Z = 2), one inversion in all. */
export function elligator2U(ts: readonly bigint[]): bigint[] {
  const n = ts.length;
  const den: bigint[] = new Array<bigint>(n);
  for (let i = 0; i < n; i++) {
    const t = ts[i] as bigint;
    den[i] = mod(1n + Z * ((t * t) % P)); // never 0: −1/2 is not a square mod p
  }
  batchInvert(den);
  oracle ??= new LegendreOracle();
  const out: bigint[] = new Array<bigint>(n);
  for (let i = 0; i < n; i++) {
    let x1 = mod(-A * (den[i] as bigint));
    if (x1 === 0n) x1 = P - A;
    const gx1 = (x1 * mod(((x1 * x1) % P) + ((A * x1) % P) + 1n)) % P;
    out[i] = oracle.isSquare(gx1) ? x1 : mod(-x1 - A);
  }
  return out;
}

/** u-coordinates (32 bytes little-endian, RFC 7748) of the encoding of each message, in one buffer. */
export function hashToCurve25519Batch(msgs: readonly Uint8Array[], dst: string = X25519_DST): Buffer {
  const d = Buffer.from(dst);
  if (d.length > 255) throw new Error('a domain separation tag has at most 255 bytes');
  const dstPrime = Buffer.concat([d, Buffer.from([d.length])]);
  const us = elligator2U(msgs.map((m) => hashToField25519(m, dstPrime)));
  const out = Buffer.allocUnsafe(us.length * X25519_BYTES);
  for (let i = 0; i < us.length; i++) {
    const be = Buffer.from(hexOf(us[i] as bigint, 32), 'hex');
    for (let j = 0; j < 32; j++) out[i * 32 + j] = be[31 - j] as number;
  }
  return out;
}

/** A blinding key: the raw X25519 private key followed by its public key (both needed to import it as JWK). */
export function randomX25519Key(): Uint8Array {
  const jwk = generateKeyPairSync('x25519').privateKey.export({ format: 'jwk' });
  return new Uint8Array(Buffer.concat([Buffer.from(jwk.d as string, 'base64url'), Buffer.from(jwk.x as string, 'base64url')]));
}

function privateKeyOf(key: Uint8Array): KeyObject {
  if (key.length !== 64) throw new Error('an X25519 blinding key is 64 bytes (private ‖ public)');
  const b = Buffer.from(key);
  return createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: b.toString('base64url', 0, 32), x: b.toString('base64url', 32, 64) }, format: 'jwk' });
}

/** u(P) < p, top bit clear: one encoding per point (X25519 would otherwise accept u and u + p, and ignore bit 255). */
function canonical(xs: Uint8Array, off: number): boolean {
  if (((xs[off + 31] as number) & 0x80) !== 0) return false;
  // u ≥ p only for 2^255 − 19 … 2^255 − 1: top byte 0x7f, bytes 30…1 0xff, first byte ≥ 0xed.
  if (xs[off + 31] !== 0x7f || (xs[off] as number) < 0xed) return true;
  for (let j = 1; j < 31; j++) if (xs[off + j] !== 0xff) return true;
  return false;
}

/** X25519(k, u) for each 32-byte u; a non-canonical u, or one of small order (the result would be 0), is refused with its index. */
export function blindAll25519(key: Uint8Array, xs: Uint8Array): Buffer {
  if (xs.length % X25519_BYTES !== 0) throw new Error(`a batch of points is a multiple of ${X25519_BYTES} bytes, got ${xs.length}`);
  const k = privateKeyOf(key);
  const n = xs.length / X25519_BYTES;
  const out = Buffer.allocUnsafe(xs.length);
  const src = Buffer.from(xs.buffer, xs.byteOffset, xs.byteLength);
  for (let i = 0; i < n; i++) {
    const off = i * X25519_BYTES;
    if (!canonical(xs, off)) throw new Error(`element ${i} of the batch is not a canonical Curve25519 u-coordinate`);
    let r: Buffer;
    try {
      const pub = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: src.toString('base64url', off, off + X25519_BYTES) }, format: 'jwk' });
      r = diffieHellman({ privateKey: k, publicKey: pub });
    } catch {
      throw new Error(`element ${i} of the batch is a point of small order on Curve25519`);
    }
    r.copy(out, off);
  }
  return out;
}

/** X25519(k, H(m)) for each message. */
export function hashAndBlind25519(key: Uint8Array, msgs: readonly Uint8Array[]): Buffer {
  return blindAll25519(key, hashToCurve25519Batch(msgs));
}
