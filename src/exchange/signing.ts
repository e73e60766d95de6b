/**
 * Signed envelopes. Every TAXII body a node sends to another node is signed with the node's
 * Ed25519 key (the same key that signs audit checkpoints: one identity per node):
 *
 *   string to sign = "tessera-exchange-v1\n" + kind + "\n" + method + " " + path-and-query + "\n"
 *                    + date + "\n" + nonce + "\n" + hex(SHA-256(body))
 *
 * carried in the headers `Tessera-Key-Id`, `Tessera-Date`, `Tessera-Nonce` and
 * `Tessera-Signature` (base64). A request (kind `request`, a POST) has a fresh random nonce the
 * receiver remembers, so a replayed request is refused; a response (kind `response`, to a GET)
 * echoes the nonce the client sent, so an old response cannot be passed off as a new one.
 */
import { createHash, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { keyIdOf, signingKey } from '../audit/index.ts';
import type { Store } from '../store/index.ts';

export const SIG_HEADERS = { keyId: 'tessera-key-id', date: 'tessera-date', nonce: 'tessera-nonce', signature: 'tessera-signature' } as const;
/** How far a signed request's date may be from our clock. */
export const MAX_SKEW_MS = 5 * 60_000;

export interface NodeKey {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI DER, base64: what a peer registers. */
  publicKeySpki: string;
}

const cache = new WeakMap<object, Promise<NodeKey>>();

/** This node's signing key (created with the audit key on first use). */
export function nodeKey(store: Store): Promise<NodeKey> {
  let k = cache.get(store);
  if (!k) {
    k = signingKey(store).then((s) => ({ keyId: s.keyId, privateKey: s.privateKey, publicKey: s.publicKey, publicKeySpki: s.publicKey.export({ format: 'der', type: 'spki' }).toString('base64') }));
    cache.set(store, k);
  }
  return k;
}

export function publicKeyFrom(spkiBase64OrPem: string): KeyObject {
  const s = spkiBase64OrPem.trim();
  const key = s.startsWith('-----') ? createPublicKey(s) : createPublicKey({ key: Buffer.from(s, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519`);
  return key;
}
export { keyIdOf };

export function bodyDigest(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

function toSign(kind: 'request' | 'response', method: string, path: string, date: string, nonce: string, digest: string): Buffer {
  return Buffer.from(`tessera-exchange-v1\n${kind}\n${method.toUpperCase()} ${path}\n${date}\n${nonce}\n${digest}`);
}

export const newNonce = (): string => randomBytes(18).toString('base64url');

export interface Signature {
  keyId: string;
  date: string;
  nonce: string;
  signature: string;
}

export function signBody(key: NodeKey, kind: 'request' | 'response', method: string, path: string, body: string | Buffer, nonce: string, date = new Date().toISOString()): Signature {
  const sig = sign(null, toSign(kind, method, path, date, nonce, bodyDigest(body)), key.privateKey).toString('base64');
  return { keyId: key.keyId, date, nonce, signature: sig };
}

export function signatureHeaders(s: Signature): Record<string, string> {
  return { [SIG_HEADERS.keyId]: s.keyId, [SIG_HEADERS.date]: s.date, [SIG_HEADERS.nonce]: s.nonce, [SIG_HEADERS.signature]: s.signature };
}

export function signatureFrom(headers: Record<string, string | string[] | undefined> | Headers): Partial<Signature> {
  const get = (h: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(h) ?? undefined;
    const v = headers[h];
    return Array.isArray(v) ? v[0] : v;
  };
  const out: Partial<Signature> = {};
  const k = get(SIG_HEADERS.keyId), d = get(SIG_HEADERS.date), n = get(SIG_HEADERS.nonce), s = get(SIG_HEADERS.signature);
  if (k) out.keyId = k;
  if (d) out.date = d;
  if (n) out.nonce = n;
  if (s) out.signature = s;
  return out;
}

/** Why a signature does not hold, or null when it does (nonce freshness is the caller's check). */
export function checkSignature(publicKey: KeyObject, kind: 'request' | 'response', method: string, path: string, body: string | Buffer, sig: Partial<Signature>, now = Date.now()): { code: string; message: string } | null {
  if (!sig.signature || !sig.keyId || !sig.date || !sig.nonce) return { code: 'unsigned', message: 'the envelope is not signed: Tessera-Key-Id, Tessera-Date, Tessera-Nonce and Tessera-Signature headers are required between nodes' };
  if (sig.keyId !== keyIdOf(publicKey)) return { code: 'unknown_key', message: `the envelope is signed with key ${sig.keyId.slice(0, 20)}, not the key registered for this peer (${keyIdOf(publicKey)})` };
  const at = Date.parse(sig.date);
  if (!Number.isFinite(at) || Math.abs(now - at) > MAX_SKEW_MS) return { code: 'stale_signature', message: `the signature is dated ${sig.date.slice(0, 40)}, more than 5 minutes from this node's clock: a replay, or a clock to fix` };
  let ok = false;
  try {
    ok = verify(null, toSign(kind, method, path, sig.date, sig.nonce, bodyDigest(body)), publicKey, Buffer.from(sig.signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) return { code: 'forged_signature', message: 'the signature does not match the envelope and the peer\u2019s key: the content was changed or not signed by this peer' };
  return null;
}
