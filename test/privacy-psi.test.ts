import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditTables } from '../src/audit/index.ts';
import { localPrincipal } from '../src/identity/index.ts';
import { ed25519, ed25519_hasher } from '@noble/curves/ed25519.js';
import { CurvePool, PSI_GROUPS, PsiResponder, blindAll25519, hashAndBlindIn, hashToCurve25519Batch, httpTransport, localTransport, psiLimits, randomKey, runPsi } from '../src/privacy/index.ts';
import { buildApp } from '../src/server/app.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { seedPeople, seedTwoOrgs, type TwoOrgs } from './support/fixtures.ts';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('ECDH group operations', () => {
  it.each(PSI_GROUPS)('%s: blinding commutes, a·(b·H(x)) = b·(a·H(x)), and distinct inputs stay distinct', async (group) => {
    const pool = new CurvePool(2);
    try {
      const a = randomKey(group);
      const b = randomKey(group);
      const xs = Array.from({ length: 300 }, (_, i) => `id-${i}`);
      const ab = await pool.blind(group, b, await pool.hashAndBlind(group, a, 'dom', xs));
      const ba = await pool.blind(group, a, hashAndBlindIn(group, b, 'dom', xs));
      expect(ab.equals(ba)).toBe(true);
      const set = new Set<string>();
      for (let i = 0; i < ab.length; i += 32) set.add(ab.toString('hex', i, i + 32));
      expect(set.size).toBe(300);
      // Another domain (agreement, kind) gives unrelated values.
      const other = await pool.hashAndBlind(group, a, 'other', xs.slice(0, 1));
      expect(other.equals(await pool.hashAndBlind(group, a, 'dom', xs.slice(0, 1)))).toBe(false);
      await expect(pool.blind(group, a, Buffer.alloc(32, 0xff))).rejects.toThrow(group === 'p256' ? /not the x-coordinate of a P-256 point/ : /not a canonical Curve25519 u-coordinate/);
    } finally {
      await pool.close();
    }
  });

  it('x25519: H is RFC 9380 encode_to_curve (curve25519_XMD:SHA-512_ELL2_NU_) with the cofactor cleared by the clamped scalar', () => {
    const P = 2n ** 255n - 19n;
    const modP = (x: bigint) => ((x % P) + P) % P;
    const inv = (x: bigint) => {
      let r = 1n;
      let b = modP(x);
      for (let e = P - 2n; e > 0n; e >>= 1n) {
        if (e & 1n) r = (r * b) % P;
        b = (b * b) % P;
      }
      return r;
    };
    const dst = 'QUUX-V01-CS02-with-curve25519_XMD:SHA-512_ELL2_NU_';
    const msgs = ['', 'abc', 'abcdef0123456789', 'q128_' + 'q'.repeat(128), ...Array.from({ length: 200 }, (_, i) => `tessera-${i}`)].map((m) => new TextEncoder().encode(m));
    const us = hashToCurve25519Batch(msgs, dst);
    msgs.forEach((m, i) => {
      const u = BigInt('0x' + Buffer.from(us.subarray(32 * i, 32 * i + 32)).reverse().toString('hex'));
      // [8]·(our point), through the Edwards form, against @noble/curves' encode_to_curve (which clears the cofactor itself).
      const y = modP((u - 1n) * inv(u + 1n));
      const ours = ed25519.Point.fromBytes(Buffer.from(y.toString(16).padStart(64, '0'), 'hex').reverse(), false).multiply(8n);
      expect(ours.toAffine().y).toBe(ed25519_hasher.encodeToCurve(m, { DST: dst }).toAffine().y);
    });
    // RFC 9380 appendix J.7.2, msg "": Q.x of [8]·map(u) (Montgomery u of the Edwards y above).
    const u0 = BigInt('0x' + Buffer.from(us.subarray(0, 32)).reverse().toString('hex'));
    const q = ed25519.Point.fromBytes(Buffer.from(modP((u0 - 1n) * inv(u0 + 1n)).toString(16).padStart(64, '0'), 'hex').reverse(), false).multiply(8n).toAffine();
    expect(modP((1n + q.y) * inv(1n - q.y)).toString(16).padStart(64, '0')).toBe('1bb913f0c9daefa0b3375378ffa534bda5526c97391952a7789eb976edfe4d08');
  });

  it('x25519: points of small order are refused (the blinded value would be 0)', () => {
    const k = randomKey('x25519');
    expect(() => blindAll25519(k, Buffer.alloc(32))).toThrow(/element 0 .* small order/);
    const one = Buffer.alloc(64);
    one[32] = 1;
    expect(() => blindAll25519(k, one)).toThrow(/element 0 .* small order/);
  });
});

/**
 * Two nodes in one process: B (the hotline's node, responder) serves its API on loopback; A
 * (the platform's node, initiator) runs `runPsi` against it over HTTP with the token of its user
 * on B. Results are checked against a plain intersection of the two sets.
 */
describe('private set intersection between two nodes over HTTP', () => {
  let storeA: Store;
  let storeB: Store;
  let orgsA: TwoOrgs;
  let orgsB: TwoOrgs;
  let app: FastifyInstance;
  let base = '';
  let agreementId = '';
  let narrowId = '';
  let noPsiId = '';
  let setA: string[] = [];
  let setB: string[] = [];
  const pool = new CurvePool(2);

  beforeAll(async () => {
    storeA = await openStore({});
    storeB = await openStore({});
    orgsA = await seedTwoOrgs(storeA);
    orgsB = await seedTwoOrgs(storeB);
    // B's hotline holds e-mails 0..39; A's platform holds 25..74: 15 in common.
    const b = await seedPeople(storeB, orgsB.hotline.orgId, orgsB.hotline.datasetId, 'B', [...Array(40).keys()], (i) => i);
    const a = await seedPeople(storeA, orgsA.platform.orgId, orgsA.platform.datasetId, 'A', [...Array(50).keys()].map((i) => i + 25), (i) => 1000 + i);
    setB = b.map((x) => x.subjects?.[0]?.identifiers[0]?.value as string);
    setA = a.map((x) => x.subjects?.[0]?.identifiers[0]?.value as string);
    app = await buildApp({ store: storeB });
    const agree = async (slug: string, fields: Record<string, string>, actions: string[]) => {
      const d = await app.inject({
        method: 'POST', url: '/api/v1/agreements', headers: auth(orgsB.hotline.tokens.steward),
        payload: { slug, title: slug, recipients: [{ orgId: orgsB.platform.orgId }], purposes: ['investigation'], legalBasis: 'legitimate-interest', datasetIds: [orgsB.hotline.datasetId], actions, fields, validFrom: '2026-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 36500, then: 'delete' } },
      });
      for (const tok of [orgsB.hotline.tokens.steward, orgsB.platform.tokens.steward]) await app.inject({ method: 'POST', url: `/api/v1/agreements/${d.json().id}/accept`, headers: auth(tok), payload: {} });
      return d.json().id as string;
    };
    agreementId = await agree('psi-share', { subjects: 'visible' }, ['read', 'psi']);
    narrowId = await agree('psi-counts-only', { subjects: 'pseudonymised' }, ['psi']);
    noPsiId = await agree('no-psi', { subjects: 'visible' }, ['read', 'aggregate']);
    base = (await app.listen({ host: '127.0.0.1', port: 0 })) + '/api/v1';
  });
  afterAll(async () => {
    await app?.close();
    await pool.close();
    await storeA?.close();
    await storeB?.close();
  });

  const plain = () => setA.filter((x) => new Set(setB).has(x)).sort();

  it('cardinality equals the plain intersection; neither set is sent in clear', async () => {
    const me = await localPrincipal(storeA, 'analyst@platform.example');
    const seen: string[] = [];
    const fetchSpy: typeof fetch = async (url, init) => {
      seen.push(String(init?.body ?? ''));
      const res = await fetch(url, init);
      seen.push(await res.clone().text());
      return res;
    };
    const r = await runPsi(storeA, me, { transport: httpTransport(base, orgsB.platform.tokens.analyst, fetchSpy), peer: base, agreement: agreementId, purpose: 'investigation', kind: 'email', pool });
    expect(r.cardinality).toBe(plain().length);
    expect(r.cardinality).toBe(15);
    expect(r).toMatchObject({ setSize: 50, peerSetSize: 40, reveal: 'cardinality' });
    expect(r.intersection).toBeUndefined();
    const wire = seen.join('\n');
    for (const v of [...setA, ...setB]) expect(wire).not.toContain(v);
  });

  it('reveal "intersection" (the agreement shows the identifiers) returns exactly the plain intersection', async () => {
    const me = await localPrincipal(storeA, 'analyst@platform.example');
    const r = await runPsi(storeA, me, { transport: httpTransport(base, orgsB.platform.tokens.analyst), peer: base, agreement: agreementId, purpose: 'investigation', kind: 'email', reveal: 'intersection', pool });
    expect(r.intersection).toEqual(plain());
  });

  it('the P-256 group (named by the initiator) gives the same answer as the default Curve25519', async () => {
    const me = await localPrincipal(storeA, 'analyst@platform.example');
    const r = await runPsi(storeA, me, { transport: httpTransport(base, orgsB.platform.tokens.analyst), peer: base, agreement: agreementId, purpose: 'investigation', kind: 'email', reveal: 'intersection', group: 'p256', pool });
    expect(r.group).toBe('p256');
    expect(r.intersection).toEqual(plain());
  });

  it('an agreement that only pseudonymises identifiers allows the count and refuses the list', async () => {
    const me = await localPrincipal(storeA, 'analyst@platform.example');
    const t = httpTransport(base, orgsB.platform.tokens.analyst);
    const count = await runPsi(storeA, me, { transport: t, peer: base, agreement: narrowId, purpose: 'investigation', kind: 'email', pool });
    expect(count.cardinality).toBe(15);
    await expect(runPsi(storeA, me, { transport: t, peer: base, agreement: narrowId, purpose: 'investigation', kind: 'email', reveal: 'intersection', pool })).rejects.toThrow(/needs the read action as well as psi: agreement psi-counts-only permits psi, not read/);
  });

  it('an agreement that does not name the psi action refuses it (API and initiator), with the reason, audited', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/psi/sessions', headers: auth(orgsB.platform.tokens.analyst), payload: { agreement: noPsiId, purpose: 'investigation', kind: 'email', setSize: 10 } });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.message).toBe('Access denied: agreement no-psi permits read, aggregate, not psi (private set intersection with the provider\'s node); the parties must add it to the agreement.');
    const me = await localPrincipal(storeA, 'analyst@platform.example');
    await expect(runPsi(storeA, me, { transport: httpTransport(base, orgsB.platform.tokens.analyst), peer: base, agreement: noPsiId, purpose: 'investigation', kind: 'email', pool })).rejects.toThrow(/The peer refused: Access denied: agreement no-psi permits read, aggregate, not psi/);
    const denied = (await storeB.db.withTables<AuditTables>().selectFrom('audit_events').select(['action', 'decision', 'entry']).where('agreement_id', '=', noPsiId).execute()).filter((e) => e.action.startsWith('report.'));
    expect(denied).toHaveLength(2);
    expect(denied.every((e) => e.action === 'report.psi' && e.decision === 'deny' && /not psi/.test(e.entry))).toBe(true);
  });

  it('refuses parties the agreement does not name, wrong purposes, oversized sets, with the reason and without B\'s set size', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/psi/sessions', headers: auth(orgsB.hotline.tokens.auditor), payload: { agreement: agreementId, purpose: 'investigation', kind: 'email', setSize: 10 } });
    expect(r.statusCode).toBe(403);
    expect(r.body).not.toMatch(/\b40\b/);
    const p = await app.inject({ method: 'POST', url: '/api/v1/psi/sessions', headers: auth(orgsB.platform.tokens.analyst), payload: { agreement: agreementId, purpose: 'prevention', kind: 'email', setSize: 10 } });
    expect(p.statusCode).toBe(403);
    expect(p.json().error.message).toMatch(/purpose "prevention" is not one/);
    const big = await app.inject({ method: 'POST', url: '/api/v1/psi/sessions', headers: auth(orgsB.platform.tokens.analyst), payload: { agreement: agreementId, purpose: 'investigation', kind: 'email', setSize: 3_000_000 } });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message).toMatch(/at most 2000000/);
    const bad = await app.inject({ method: 'POST', url: '/api/v1/psi/sessions/psi_x/blinded', headers: auth(orgsB.platform.tokens.analyst), payload: { offset: 0, points: 'AAAA' } });
    expect(bad.statusCode).toBe(404);
  });

  it('rate limit per agreement, and every session is audited on both nodes', async () => {
    const responder = new PsiResponder(storeB, { ...psiLimits(), sessionsPerDay: 1 }, pool);
    const me = await localPrincipal(storeB, 'analyst@platform.example');
    const meA = await localPrincipal(storeA, 'analyst@platform.example');
    // Sessions already ran under this agreement today (tests above), so the limit of 1 is reached.
    await expect(runPsi(storeA, meA, { transport: localTransport(responder, me), peer: 'local', agreement: agreementId, purpose: 'investigation', kind: 'email', pool })).rejects.toThrow(/in the last 24 hours, the most this node allows/);
    const actions = async (st: Store) => (await st.db.withTables<AuditTables>().selectFrom('audit_events').select(['action', 'decision', 'agreement_id']).execute());
    const onB = await actions(storeB);
    // B: every open is a policy decision (allow or deny) citing the agreement; every finish recorded.
    expect(onB.filter((e) => e.action.startsWith('report.') && e.agreement_id === agreementId).length).toBeGreaterThanOrEqual(4);
    expect(onB.some((e) => e.decision === 'deny')).toBe(true);
    expect(onB.filter((e) => e.action === 'psi.finish').length).toBeGreaterThanOrEqual(3);
    const onA = await actions(storeA);
    expect(onA.filter((e) => e.action === 'psi.run').length).toBeGreaterThanOrEqual(3);
    const rowsB = await storeB.db.withTables<{ psi_sessions: { role: string; state: string } }>().selectFrom('psi_sessions').select(['role', 'state']).execute();
    expect(rowsB.filter((r) => r.role === 'responder').length).toBeGreaterThanOrEqual(3);
    const rowsA = await storeA.db.withTables<{ psi_sessions: { role: string; state: string } }>().selectFrom('psi_sessions').select(['role', 'state']).execute();
    expect(rowsA.every((r) => r.role === 'initiator' && r.state === 'finished')).toBe(true);
  });
});
