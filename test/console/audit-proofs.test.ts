import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, proveInclusion, signCheckpoint, signingKey } from '../../src/audit/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { verifyCheckpoint, verifyProof } from '../../web/src/lib/merkle.ts';

// The console's in-browser checks (WebCrypto) against proofs made by the node's audit log.
describe('console audit proof checks', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({});
    await appendAudit(store, Array.from({ length: 13 }, (_, i) => ({ action: 'test.event', decision: 'done' as const, reason: `event ${i}`, actor: null, resource: `r${i}` })));
    await signCheckpoint(store);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('accepts every genuine inclusion proof and the signed checkpoint', async () => {
    const pem = (await signingKey(store)).publicKeyPem;
    for (const seq of [0, 1, 6, 11, 12]) {
      const p = await proveInclusion(store, seq);
      expect(await verifyProof(p, pem), `seq ${seq}`).toEqual({ leaf: true, path: true, signature: true });
    }
  });

  it('rejects a changed entry, a wrong path and a forged checkpoint', async () => {
    const pem = (await signingKey(store)).publicKeyPem;
    const p = await proveInclusion(store, 5);
    expect((await verifyProof({ ...p, entry: p.entry.replace('event 5', 'event 6') }, pem)).path).toBe(false);
    expect((await verifyProof({ ...p, path: [...p.path].reverse() }, pem)).path).toBe(false);
    const forged = { ...p.checkpoint, size: p.checkpoint.size + 1, note: p.checkpoint.note.replace(`\n${p.checkpoint.size}\n`, `\n${p.checkpoint.size + 1}\n`) };
    expect(await verifyCheckpoint(forged, pem)).toBe(false);
  });
});
