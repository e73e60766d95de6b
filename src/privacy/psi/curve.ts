import { createECDH } from 'node:crypto';
import { p256_hasher } from '@noble/curves/nist.js';
import { hashToCurveBatch } from './h2c.ts';
import { X25519_DST, blindAll25519, hashAndBlind25519, randomX25519Key } from './x25519.ts';

/**
 * The two groups ECDH-PSI can run in. `x25519` (default): Curve25519 with OpenSSL's X25519 and
 * RFC 9380 Elligator 2 (`x25519.ts`). `p256`: P-256 with RFC 9380 SSWU and OpenSSL's ECDH (below);
 * kept for peers that require a NIST curve. Both send 32-byte x-coordinates.
 */
export const PSI_GROUPS = ['x25519', 'p256'] as const;
export type PsiGroup = (typeof PSI_GROUPS)[number];
export const GROUP_DST: Record<PsiGroup, string> = { x25519: X25519_DST, p256: 'TESSERA-PSI-V1-P256_XMD:SHA-256_SSWU_RO_' };

/**
 * The group operations of ECDH-PSI on P-256. Identifiers are mapped to the curve with RFC 9380
 * hash_to_curve, suite P256_XMD:SHA-256_SSWU_RO_ (@noble/curves), under a Tessera domain
 * separation tag; exponentiation is OpenSSL's constant-time P-256 through node:crypto ECDH.
 *
 * Only x-coordinates travel: x(k·P) = x(k·(−P)), so a point known by its x alone (either sign)
 * still gives a well-defined x after multiplication. 32 bytes per element.
 */
export const PSI_DST = 'TESSERA-PSI-V1-P256_XMD:SHA-256_SSWU_RO_';
export const ELEMENT_BYTES = 32;

const enc = new TextEncoder();

/** The message hashed to the curve: agreement, kind and normalised value, NUL-separated. */
export function psiMessage(domain: string, value: string): Uint8Array {
  return enc.encode(`${domain}\0${value}`);
}

/** Uncompressed SEC1 encoding of hash_to_curve(msg), by @noble/curves (the reference the batch version is tested against). */
export function hashToCurve(msg: Uint8Array): Uint8Array {
  return p256_hasher.hashToCurve(msg, { DST: PSI_DST }).toBytes(false);
}

export class Scalar {
  private readonly ecdh;
  constructor(privateKey: Uint8Array) {
    this.ecdh = createECDH('prime256v1');
    this.ecdh.setPrivateKey(Buffer.from(privateKey));
  }
  static random(): Uint8Array {
    const e = createECDH('prime256v1');
    e.generateKeys();
    return new Uint8Array(e.getPrivateKey());
  }
  /** x(k·P) for P given in SEC1 (uncompressed, compressed). */
  mulPoint(sec1: Uint8Array): Buffer {
    return this.ecdh.computeSecret(sec1 as Buffer);
  }
  /** x(k·P) for P given by its x-coordinate. */
  mulX(x: Uint8Array, scratch: Buffer): Buffer {
    scratch[0] = 2;
    scratch.set(x, 1);
    return this.ecdh.computeSecret(scratch);
  }
}

/** x(k·H(m)) for each value, written into one buffer of n × 32 bytes. */
export function hashAndBlind(key: Uint8Array, domain: string, values: readonly string[]): Buffer {
  const k = new Scalar(key);
  const points = hashToCurveBatch(values.map((v) => psiMessage(domain, v)), PSI_DST);
  const out = Buffer.allocUnsafe(values.length * ELEMENT_BYTES);
  for (let i = 0; i < values.length; i++) k.mulPoint(points.subarray(65 * i, 65 * i + 65)).copy(out, i * ELEMENT_BYTES);
  return out;
}

/** A fresh secret blinding key of the group. */
export function randomKey(group: PsiGroup): Uint8Array {
  return group === 'x25519' ? randomX25519Key() : Scalar.random();
}

/** x(k·H(m)) for each value, in the group. */
export function hashAndBlindIn(group: PsiGroup, key: Uint8Array, domain: string, values: readonly string[]): Buffer {
  return group === 'x25519' ? hashAndBlind25519(key, values.map((v) => psiMessage(domain, v))) : hashAndBlind(key, domain, values);
}

/** x(k·P) for each 32-byte x-coordinate, in the group. */
export function blindIn(group: PsiGroup, key: Uint8Array, xs: Uint8Array): Buffer {
  return group === 'x25519' ? blindAll25519(key, xs) : blindAll(key, xs);
}

/** x(k·P) for each 32-byte x-coordinate; a value that is not on the curve is refused with its index. */
export function blindAll(key: Uint8Array, xs: Uint8Array): Buffer {
  if (xs.length % ELEMENT_BYTES !== 0) throw new Error(`a batch of points is a multiple of ${ELEMENT_BYTES} bytes, got ${xs.length}`);
  const k = new Scalar(key);
  const n = xs.length / ELEMENT_BYTES;
  const out = Buffer.allocUnsafe(xs.length);
  const scratch = Buffer.allocUnsafe(33);
  for (let i = 0; i < n; i++) {
    let r: Buffer;
    try {
      r = k.mulX(xs.subarray(i * ELEMENT_BYTES, (i + 1) * ELEMENT_BYTES), scratch);
    } catch {
      throw new Error(`element ${i} of the batch is not the x-coordinate of a P-256 point`);
    }
    r.copy(out, i * ELEMENT_BYTES);
  }
  return out;
}
