/**
 * Audit proofs checked in the browser with WebCrypto, independently of the node:
 * RFC 9162 §2.1 hashing (leaf = SHA-256(0x00‖entry), node = SHA-256(0x01‖left‖right)), the
 * §2.1.3.2 inclusion-proof check, and the Ed25519 signature over the checkpoint note.
 */
const subtle = globalThis.crypto.subtle;

export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
export function bytesToHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
async function sha256(b: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await subtle.digest('SHA-256', b));
}
export function leafHash(entry: string): Promise<Uint8Array> {
  return sha256(concat(new Uint8Array([0]), new TextEncoder().encode(entry)));
}
function nodeHash(l: Uint8Array, r: Uint8Array): Promise<Uint8Array> {
  return sha256(concat(new Uint8Array([1]), l, r));
}

/** RFC 9162 §2.1.3.2: the root the path leads to must equal the signed root. */
export async function verifyInclusion(leaf: Uint8Array, index: number, size: number, path: Uint8Array[], root: Uint8Array): Promise<boolean> {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesToHex(r) === bytesToHex(root);
}

function pemToDer(pem: string): Uint8Array<ArrayBuffer> {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

export interface Checkpoint { origin: string; size: number; root: string; signedAt: string; keyId: string; signature: string; note: string }

/** The checkpoint note must say what the checkpoint says, and carry the node key's Ed25519 signature. */
export async function verifyCheckpoint(cp: Checkpoint, publicKeyPem: string): Promise<boolean> {
  const rootB64 = btoa(String.fromCharCode(...hexToBytes(cp.root)));
  if (cp.note !== `${cp.origin}\n${cp.size}\n${rootB64}\n`) return false;
  const key = await subtle.importKey('spki', pemToDer(publicKeyPem), { name: 'Ed25519' }, false, ['verify']);
  const sig = Uint8Array.from(atob(cp.signature), (c) => c.charCodeAt(0));
  return subtle.verify({ name: 'Ed25519' }, key, sig, new TextEncoder().encode(cp.note));
}

export interface InclusionProof { seq: number; treeSize: number; entry: string; leafHash: string; path: string[]; checkpoint: Checkpoint }

/** Everything checked here, nothing taken from the node on trust: leaf from the entry, root from the path, signature. */
export async function verifyProof(p: InclusionProof, publicKeyPem: string): Promise<{ leaf: boolean; path: boolean; signature: boolean }> {
  const leaf = await leafHash(p.entry);
  const leafOk = bytesToHex(leaf) === p.leafHash;
  const pathOk = p.checkpoint.size === p.treeSize && (await verifyInclusion(leaf, p.seq, p.treeSize, p.path.map(hexToBytes), hexToBytes(p.checkpoint.root)));
  const signature = await verifyCheckpoint(p.checkpoint, publicKeyPem);
  return { leaf: leafOk, path: pathOk, signature };
}
