import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_ROOT, appendLeaves, consistencyPath, inclusionPath, leafHash, nodeHash, rootAt, rootOfLeaves, splitPoint, verifyConsistency, verifyInclusion, type Hash, type NodeLookup,
} from './merkle.ts';

/** RFC 9162 MTH written the slow, obvious way. */
function mth(leaves: Hash[]): Hash {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0] as Hash;
  const k = splitPoint(leaves.length);
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

function treeOf(n: number): { leaves: Hash[]; get: NodeLookup } {
  const leaves = Array.from({ length: n }, (_, i) => leafHash(`entry ${i}`));
  const { nodes } = appendLeaves(0, [], leaves);
  const map = new Map(nodes.map((x) => [`${x.level}:${x.idx}`, x.hash]));
  return {
    leaves,
    get: (level, idx) => {
      const h = map.get(`${level}:${idx}`);
      if (!h) throw new Error(`missing node ${level}:${idx}`);
      return h;
    },
  };
}

describe('RFC 9162 Merkle tree', () => {
  it('hashes leaves and nodes with the 0x00 / 0x01 prefixes (known vector: the empty tree and one leaf)', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // SHA-256(0x00) — the hash of an empty leaf, as in the CT test vectors.
    expect(leafHash('').toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  });

  it('stored-node roots equal the recursive definition for every size up to 70', () => {
    for (let n = 0; n <= 70; n++) {
      const t = treeOf(n);
      expect(rootAt(t.get, n).equals(mth(t.leaves)), `size ${n}`).toBe(true);
      expect(rootOfLeaves(t.leaves).equals(mth(t.leaves))).toBe(true);
    }
  });

  it('inclusion proofs verify for every leaf, and fail for a wrong leaf, index or root', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), (n, r) => {
        const t = treeOf(n);
        const m = r % n;
        const root = rootAt(t.get, n);
        const path = inclusionPath(t.get, m, n);
        expect(path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)) + 1);
        expect(verifyInclusion(t.leaves[m] as Hash, m, n, path, root)).toBe(true);
        expect(verifyInclusion(leafHash('forged'), m, n, path, root)).toBe(false);
        if (n > 1) expect(verifyInclusion(t.leaves[m] as Hash, (m + 1) % n, n, path, root)).toBe(false);
        expect(verifyInclusion(t.leaves[m] as Hash, m, n, path, leafHash('other root'))).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('consistency proofs verify between any two sizes, and fail when history was rewritten', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 200 }), (a, b) => {
        const m = Math.min(a, a + b);
        const n = a + b;
        const t = treeOf(n);
        const proof = consistencyPath(t.get, m, n);
        const oldRoot = rootAt(t.get, m);
        const newRoot = rootAt(t.get, n);
        expect(verifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
        // A rewritten old leaf gives another old root: the proof no longer matches it.
        const forged = [...t.leaves.slice(0, m)];
        forged[0] = leafHash('rewritten');
        expect(verifyConsistency(m, n, mth(forged), newRoot, proof)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
