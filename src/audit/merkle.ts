import { createHash } from 'node:crypto';

/**
 * RFC 9162 (Certificate Transparency 2.0) §2.1 Merkle tree hashing, written out here:
 *
 *   MTH({})      = SHA-256()
 *   leaf hash    = SHA-256(0x00 || entry)
 *   node hash    = SHA-256(0x01 || left || right)
 *   MTH(D[0:n])  = node(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two < n
 *
 * The log stores every perfect subtree hash ("node" at `level` covering leaves
 * [idx·2^level, (idx+1)·2^level)); any other subtree the proofs need is a right edge of the
 * tree, made of at most log2(n) perfect subtrees. So appends, inclusion and consistency
 * proofs read O(log n) stored hashes.
 */
export type Hash = Buffer;

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export function leafHash(entry: string | Uint8Array): Hash {
  return createHash('sha256').update(LEAF).update(entry).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return createHash('sha256').update(NODE).update(left).update(right).digest();
}

export const EMPTY_ROOT: Hash = createHash('sha256').digest();

/** Largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** A perfect subtree: `level` and `idx` (leaves [idx·2^level, (idx+1)·2^level)). */
export interface NodeKey {
  level: number;
  idx: number;
}

/** The stored key of a node: the index of its last leaf, and its level. Unique, and in creation order. */
export function lastLeafOf(k: NodeKey): number {
  return (k.idx + 1) * 2 ** k.level - 1;
}

/** Looks up a stored perfect-subtree hash. */
export type NodeLookup = (level: number, idx: number) => Hash;

function isPow2(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}
function log2(n: number): number {
  return Math.round(Math.log2(n));
}

/** MTH(D[start:end]) where the range is a perfect subtree or a right edge of the tree. */
export function rangeHash(get: NodeLookup, start: number, end: number): Hash {
  const size = end - start;
  if (size <= 0) return EMPTY_ROOT;
  if (isPow2(size) && start % size === 0) return get(log2(size), start / size);
  const k = splitPoint(size);
  return nodeHash(rangeHash(get, start, start + k), rangeHash(get, start + k, end));
}

export function rootAt(get: NodeLookup, size: number): Hash {
  return rangeHash(get, 0, size);
}

/** RFC 9162 §2.1.3.1 PATH(m, D[start:end]), as a list of sibling hashes from the leaf up. */
export function inclusionPath(get: NodeLookup, m: number, size: number): Hash[] {
  if (m < 0 || m >= size) throw new RangeError(`leaf ${m} is not in a tree of size ${size}`);
  const out: Hash[] = [];
  const walk = (leaf: number, start: number, end: number): void => {
    const n = end - start;
    if (n === 1) return;
    const k = splitPoint(n);
    if (leaf - start < k) {
      walk(leaf, start, start + k);
      out.push(rangeHash(get, start + k, end));
    } else {
      walk(leaf, start + k, end);
      out.push(rangeHash(get, start, start + k));
    }
  };
  walk(m, 0, size);
  return out;
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]). */
export function consistencyPath(get: NodeLookup, m: number, n: number): Hash[] {
  if (m < 1 || m > n) throw new RangeError(`no consistency proof from size ${m} to size ${n}`);
  const out: Hash[] = [];
  const sub = (mm: number, start: number, end: number, b: boolean): void => {
    const size = end - start;
    if (mm === size) {
      if (!b) out.push(rangeHash(get, start, end));
      return;
    }
    const k = splitPoint(size);
    if (mm <= k) {
      sub(mm, start, start + k, b);
      out.push(rangeHash(get, start + k, end));
    } else {
      sub(mm - k, start + k, end, false);
      out.push(rangeHash(get, start, start + k));
    }
  };
  if (m < n) sub(m, 0, n, true);
  return out;
}

/** The stored nodes an operation will read: run it with a recording lookup, then fetch them at once. */
export function nodesNeeded(op: (get: NodeLookup) => unknown): NodeKey[] {
  const seen = new Map<string, NodeKey>();
  op((level, idx) => {
    seen.set(`${level}:${idx}`, { level, idx });
    return EMPTY_ROOT;
  });
  return [...seen.values()];
}

/** RFC 9162 §2.1.3.2: verifies an inclusion proof of `leaf` at `index` in a tree of `size` with `root`. */
export function verifyInclusion(leaf: Hash, index: number, size: number, path: readonly Uint8Array[], root: Uint8Array): boolean {
  if (index >= size || index < 0) return false;
  let fn = index;
  let sn = size - 1;
  let r: Hash = Buffer.from(leaf);
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: verifies that the tree of size `n` with `newRoot` extends the one of size `m` with `oldRoot`. */
export function verifyConsistency(m: number, n: number, oldRoot: Uint8Array, newRoot: Uint8Array, path: readonly Uint8Array[]): boolean {
  if (m < 1 || m > n) return false;
  if (m === n) return path.length === 0 && Buffer.from(oldRoot).equals(newRoot);
  let proof = [...path];
  if (isPow2(m)) proof = [oldRoot, ...proof];
  if (proof.length === 0) return false;
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Hash = Buffer.from(proof[0] as Uint8Array);
  let sr: Hash = Buffer.from(proof[0] as Uint8Array);
  for (const c of proof.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(oldRoot) && sr.equals(newRoot);
}

/**
 * The right edge of a tree of `size` leaves: the perfect subtrees it decomposes into, left to
 * right. Appending a leaf only needs these.
 */
export function frontierKeys(size: number): NodeKey[] {
  const out: NodeKey[] = [];
  let start = 0;
  for (let level = 52; level >= 0; level--) {
    const span = 2 ** level;
    if (size - start >= span) {
      out.push({ level, idx: start / span });
      start += span;
    }
  }
  return out;
}

/**
 * Appends leaves to a tree given its frontier, returning every perfect-subtree node the new
 * leaves complete (leaf nodes included) in creation order, and the new frontier.
 */
export function appendLeaves(size: number, frontier: Array<NodeKey & { hash: Hash }>, leaves: readonly Hash[]): { nodes: Array<NodeKey & { hash: Hash }>; frontier: Array<NodeKey & { hash: Hash }> } {
  const stack = [...frontier];
  const nodes: Array<NodeKey & { hash: Hash }> = [];
  let n = size;
  for (const leaf of leaves) {
    let cur = { level: 0, idx: n, hash: leaf };
    nodes.push(cur);
    while (cur.idx % 2 === 1) {
      const left = stack.pop();
      if (!left || left.level !== cur.level || left.idx !== cur.idx - 1) throw new Error(`audit tree frontier is inconsistent at size ${n}`);
      cur = { level: cur.level + 1, idx: (cur.idx - 1) / 2, hash: nodeHash(left.hash, cur.hash) };
      nodes.push(cur);
    }
    stack.push(cur);
    n++;
  }
  return { nodes, frontier: stack };
}

/** MTH of leaves held in memory (reference implementation for tests and verification). */
export function rootOfLeaves(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return EMPTY_ROOT;
  const { frontier } = appendLeaves(0, [], leaves);
  let acc = frontier[frontier.length - 1]?.hash as Hash;
  for (let i = frontier.length - 2; i >= 0; i--) acc = nodeHash((frontier[i] as { hash: Hash }).hash, acc);
  return acc;
}
