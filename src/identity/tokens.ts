import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** API tokens look like `tsr_<43 base64url chars>`; only their SHA-256 is stored. */
export const TOKEN_PREFIX = 'tsr_';

export function newToken(): { token: string; sha256: string; prefix: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, sha256: hashToken(token), prefix: token.slice(0, 10) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function looksLikeToken(s: string): boolean {
  return /^tsr_[A-Za-z0-9_-]{43}$/.test(s);
}

export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
