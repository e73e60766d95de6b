import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import {
  appendAudit, checkConsistencyProof, checkInclusionProof, entryOf, latestCheckpoint, proveConsistency, proveInclusion, signCheckpoint, signingKey, verifyLog,
  type AuditEvent, type AuditEventInput,
} from '../src/audit/index.ts';
import type { Store } from '../src/store/index.ts';
import { describeEachStore } from './support/databases.ts';

const ev = (i: number): AuditEventInput => ({
  action: i % 3 ? 'report.list' : 'report.read', decision: i % 7 ? 'allow' : 'deny', reason: `synthetic event ${i}`,
  actor: { userId: `user--${i % 5}`, orgId: `organisation--${i % 2}`, via: 'local' }, ownerOrgId: `organisation--${(i + 1) % 2}`,
  agreement: i % 4 ? { id: 'agreement--00000000-0000-4000-8000-000000000001', version: 1, versionHash: 'sha256:' + 'ab'.repeat(32) } : null,
  purpose: 'content-removal', resource: 'reports', details: { recordIds: [`report--${i}`] },
});

/** Runs SQL as the database owner with the append-only triggers off: what an attacker with DBA rights can do. */
async function asAttacker(store: Store, statements: string): Promise<void> {
  await store.exec(`ALTER TABLE audit_events DISABLE TRIGGER USER; ALTER TABLE audit_nodes DISABLE TRIGGER USER; ALTER TABLE audit_checkpoints DISABLE TRIGGER USER;
    ${statements};
    ALTER TABLE audit_events ENABLE TRIGGER USER; ALTER TABLE audit_nodes ENABLE TRIGGER USER; ALTER TABLE audit_checkpoints ENABLE TRIGGER USER;`);
}

describeEachStore('audit log', (fx) => {
  let events: AuditEvent[] = [];
  beforeAll(async () => {
    const s = fx.store();
    events = [...(await appendAudit(s, Array.from({ length: 150 }, (_, i) => ev(i))))];
    await signCheckpoint(s);
    for (let i = 150; i < 333; i += 61) events.push(...(await appendAudit(s, Array.from({ length: Math.min(61, 333 - i) }, (_, j) => ev(i + j)))));
    await appendAudit(s, [ev(333)]).then((x) => events.push(...x));
    await signCheckpoint(s);
  });

  it('numbers events from 0 without gaps and verifies clean', async () => {
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 334 }, (_, i) => i));
    const r = await verifyLog(fx.store(), { chunk: 100 });
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true, size: 334, checkpointsVerified: 2, unsignedTail: 0 });
    expect(r.root).toBe((await latestCheckpoint(fx.store()))?.root);
  });

  it('gives inclusion proofs that a third party can check against the signed checkpoint', async () => {
    const { publicKey } = await signingKey(fx.store());
    for (const seq of [0, 1, 149, 150, 200, 333]) {
      const p = await proveInclusion(fx.store(), seq);
      expect(p.treeSize).toBe(334);
      expect(p.path.length).toBeLessThanOrEqual(9);
      expect(checkInclusionProof(p, publicKey)).toBe(true);
      expect(JSON.parse(p.entry)).toMatchObject({ seq, reason: `synthetic event ${seq}` });
      expect(checkInclusionProof({ ...p, entry: p.entry.replace('synthetic', 'forged') }, publicKey)).toBe(false);
    }
    // Against the older checkpoint of size 150 too.
    expect(checkInclusionProof(await proveInclusion(fx.store(), 10, 150), publicKey)).toBe(true);
    await expect(proveInclusion(fx.store(), 200, 150)).rejects.toThrow(/not covered by the checkpoint of size 150/);
  });

  it('gives consistency proofs between checkpoints', async () => {
    const p = await proveConsistency(fx.store(), 150, 334);
    expect(checkConsistencyProof(p)).toBe(true);
    expect(p.fromRoot).not.toBe(p.toRoot);
    await expect(proveConsistency(fx.store(), 0, 334)).rejects.toThrow(/1 ≤ from ≤ to/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the log, even from the table owner', async () => {
    const s = fx.store();
    await expect(sql`UPDATE audit_events SET decision = 'allow' WHERE seq = 0`.execute(s.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_events WHERE seq = 0`.execute(s.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_nodes`.execute(s.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_checkpoints`.execute(s.db)).rejects.toThrow(/append-only/);
    await expect(s.exec('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    expect((await verifyLog(s)).ok).toBe(true);
  });

  it('detects a changed entry, and a changed indexed column', async () => {
    const s = fx.store();
    const original = events[42] as AuditEvent;
    await asAttacker(s, `UPDATE audit_events SET entry = replace(entry, 'synthetic event 42', 'nothing to see') WHERE seq = 42`);
    let r = await verifyLog(s);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => [p.code, p.seq])).toContainEqual(['entry_mismatch', 42]);
    expect(r.problems[0]?.message).toMatch(/event #42 was changed after it was logged/);
    await asAttacker(s, `UPDATE audit_events SET entry = '${entryOf(original).replace(/'/g, "''")}' WHERE seq = 42`);
    expect((await verifyLog(s)).ok).toBe(true);

    await asAttacker(s, `UPDATE audit_events SET agreement_id = NULL WHERE seq = 43`);
    r = await verifyLog(s);
    expect(r.problems.map((p) => p.code)).toEqual(['column_mismatch']);
    expect(r.problems[0]?.message).toMatch(/event #43: column agreement_id/);
    await asAttacker(s, `UPDATE audit_events SET agreement_id = 'agreement--00000000-0000-4000-8000-000000000001' WHERE seq = 43`);
    expect((await verifyLog(s)).ok).toBe(true);
  });

  it('detects a removed event (a gap) and two events swapped', async () => {
    const s = fx.store();
    const e = events[100] as AuditEvent;
    await asAttacker(s, `DELETE FROM audit_events WHERE seq = 100`);
    let r = await verifyLog(s);
    expect(r.problems[0]).toMatchObject({ code: 'gap', seq: 100 });
    await appendRaw(s, e);
    expect((await verifyLog(s)).ok).toBe(true);

    // Swap the contents of #10 and #11, renumbering each so it looks in place.
    const a = events[10] as AuditEvent;
    const b = events[11] as AuditEvent;
    const swapA = entryOf({ ...b, seq: 10 });
    const swapB = entryOf({ ...a, seq: 11 });
    await asAttacker(s, `UPDATE audit_events SET entry = '${swapA.replace(/'/g, "''")}', action = '${b.action}', decision = '${b.decision}', actor_user_id = '${b.actor?.userId}', actor_org_id = '${b.actor?.orgId}', owner_org_id = '${b.ownerOrgId}', agreement_id = ${b.agreement ? `'${b.agreement.id}'` : 'NULL'}, agreement_hash = ${b.agreement ? `'${b.agreement.versionHash}'` : 'NULL'} WHERE seq = 10;
      UPDATE audit_events SET entry = '${swapB.replace(/'/g, "''")}', action = '${a.action}', decision = '${a.decision}', actor_user_id = '${a.actor?.userId}', actor_org_id = '${a.actor?.orgId}', owner_org_id = '${a.ownerOrgId}', agreement_id = ${a.agreement ? `'${a.agreement.id}'` : 'NULL'}, agreement_hash = ${a.agreement ? `'${a.agreement.versionHash}'` : 'NULL'} WHERE seq = 11`);
    r = await verifyLog(s);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.seq)).toEqual(expect.arrayContaining([10, 11]));
    await asAttacker(s, `UPDATE audit_events SET entry = '${entryOf(a).replace(/'/g, "''")}', action = '${a.action}', decision = '${a.decision}', actor_user_id = '${a.actor?.userId}', actor_org_id = '${a.actor?.orgId}', owner_org_id = '${a.ownerOrgId}', agreement_id = ${a.agreement ? `'${a.agreement.id}'` : 'NULL'}, agreement_hash = ${a.agreement ? `'${a.agreement.versionHash}'` : 'NULL'} WHERE seq = 10;
      UPDATE audit_events SET entry = '${entryOf(b).replace(/'/g, "''")}', action = '${b.action}', decision = '${b.decision}', actor_user_id = '${b.actor?.userId}', actor_org_id = '${b.actor?.orgId}', owner_org_id = '${b.ownerOrgId}', agreement_id = ${b.agreement ? `'${b.agreement.id}'` : 'NULL'}, agreement_hash = ${b.agreement ? `'${b.agreement.versionHash}'` : 'NULL'} WHERE seq = 11`);
    expect((await verifyLog(s)).ok).toBe(true);
  });

  it('detects a changed stored tree node, whether or not its hash is still 32 bytes, and a removed one', async () => {
    const s = fx.store();
    const saved = await sql<{ h: string }>`SELECT encode(hash, 'hex') AS h FROM audit_nodes WHERE level = 2 AND last_leaf = 7`.execute(s.db);
    const h = saved.rows[0]?.h as string;
    await asAttacker(s, `UPDATE audit_nodes SET hash = decode('${'ab'.repeat(32)}', 'hex') WHERE level = 2 AND last_leaf = 7`);
    let r = await verifyLog(s);
    expect(r.problems.map((p) => p.code)).toEqual(['node_mismatch']);
    expect(r.problems[0]?.message).toMatch(/tree node 2:1 does not match the events under it/);
    await asAttacker(s, `UPDATE audit_nodes SET hash = decode('abcd', 'hex') WHERE level = 2 AND last_leaf = 7`);
    r = await verifyLog(s);
    expect(r.problems.map((p) => p.code)).toEqual(['node_mismatch']);
    await asAttacker(s, `DELETE FROM audit_nodes WHERE level = 2 AND last_leaf = 7`);
    r = await verifyLog(s);
    expect(r.problems.map((p) => p.code)).toEqual(['node_missing']);
    await asAttacker(s, `INSERT INTO audit_nodes (last_leaf, level, hash) VALUES (7, 2, decode('${h}', 'hex'))`);
    expect((await verifyLog(s)).ok).toBe(true);
  });

  it('detects a forged checkpoint signature and events cut from the end', async () => {
    const s = fx.store();
    await asAttacker(s, `UPDATE audit_checkpoints SET signature = decode(repeat('00', 64), 'hex') WHERE size = 150`);
    const r = await verifyLog(s);
    expect(r.problems.map((p) => p.code)).toEqual(['checkpoint_signature_invalid']);
    // Restoring needs the real signature: re-sign is impossible for the attacker without the key, so the test re-signs as the node.
    await asAttacker(s, `DELETE FROM audit_checkpoints WHERE size = 150`);
    expect((await verifyLog(s)).ok).toBe(true);

    await asAttacker(s, `DELETE FROM audit_nodes WHERE last_leaf >= 330; DELETE FROM audit_events WHERE seq >= 330`);
    const cut = await verifyLog(s);
    expect(cut.problems.map((p) => p.code)).toContain('checkpoint_beyond_log');
    expect(cut.problems.find((p) => p.code === 'checkpoint_beyond_log')?.message).toMatch(/signed at size 334 but the log now has only 330/);
  });

  it('detects history rewritten consistently (events and tree recomputed) through the signed checkpoint', async () => {
    const s = fx.store();
    // Rebuild the log from scratch with one event altered: every node is consistent with the entries.
    const altered = events.map((e) => (e.seq === 5 ? { ...e, reason: 'rewritten' } : e));
    await asAttacker(s, `DELETE FROM audit_nodes; DELETE FROM audit_events`);
    for (const e of altered) await appendRaw(s, e);
    const r = await verifyLog(s);
    expect(r.problems.map((p) => p.code)).toEqual(['checkpoint_root_mismatch']);
    expect(r.problems[0]?.message).toMatch(/no longer hash to the root signed/);
  });
});

/** Re-inserts an event exactly as it was (rebuilding its nodes), as an attacker restoring or forging would. */
async function appendRaw(store: Store, e: AuditEvent): Promise<void> {
  const { appendLeaves, frontierKeys, lastLeafOf, leafHash } = await import('../src/audit/merkle.ts');
  const size = e.seq;
  const keys = frontierKeys(size);
  const frontier = [];
  for (const k of keys) {
    const row = await sql<{ hash: Uint8Array }>`SELECT hash FROM audit_nodes WHERE last_leaf = ${lastLeafOf(k)} AND level = ${k.level}`.execute(store.db);
    frontier.push({ ...k, hash: Buffer.from(row.rows[0]?.hash as Uint8Array) });
  }
  const { nodes } = appendLeaves(size, frontier, [leafHash(entryOf(e))]);
  const esc = (x: string | null | undefined) => (x === null || x === undefined ? 'NULL' : `'${x.replace(/'/g, "''")}'`);
  const nodeSql = nodes.map((n) => `INSERT INTO audit_nodes VALUES (${lastLeafOf(n)}, ${n.level}, decode('${n.hash.toString('hex')}', 'hex')) ON CONFLICT DO NOTHING`).join(';');
  await asAttacker(store, `INSERT INTO audit_events VALUES (${e.seq}, ${esc(e.at)}, ${esc(e.actor?.userId)}, ${esc(e.actor?.orgId)}, ${esc(e.ownerOrgId)}, ${esc(e.action)}, ${esc(e.decision)}, ${esc(e.agreement?.id)}, ${esc(e.agreement?.versionHash)}, ${esc(entryOf(e))}); ${nodeSql}`);
}
