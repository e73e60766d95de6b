import { randomInt, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../../audit/index.ts';
import type { Principal } from '../../identity/principal.ts';
import { Purpose } from '../../model/index.ts';
import { decideFor, reportRowFilter, withAccess, type AccessPlan } from '../../policy/index.ts';
import { TesseraError } from '../../shared/errors.ts';
import type { Store } from '../../store/index.ts';
import { pdb } from '../tables.ts';
import { ELEMENT_BYTES, PSI_GROUPS, randomKey, type PsiGroup } from './curve.ts';
import { sharedCurvePool, type CurvePool } from './pool.ts';

/**
 * ECDH private set intersection between two nodes (Meadows 1986; Huberman, Franklin and Hogg
 * 1999), over Curve25519 (X25519, RFC 9380 Elligator 2) by default or P-256 (RFC 9380 SSWU).
 * The initiator names the group in `open`; both sides then use it for the whole session.
 *
 *   initiator A (set X, secret a)                     responder B (set Y, secret b)
 *   open(agreement, kind, reveal, |X|)        ──────▶ policy decision, caps, rate limit; |Y|
 *   a·H(x) for x in X (shuffled)               ──────▶ b·a·H(x), kept until A has sent all
 *                                              ◀────── b·H(y) for y in Y (shuffled)
 *   a·b·H(y)                                   ◀────── b·a·H(x): shuffled (cardinality) or in A's order
 *   |{a·b·H(y)} ∩ {b·a·H(x)}|, or which x     ──────▶ finish: the cardinality, for B's record
 *
 * The agreement must permit the `psi` action (and `read` for reveal "intersection").
 * A learns |X ∩ Y| (and, only when the agreement lets A read the identifiers, which of its own
 * x are in Y); B learns |X| and, if A reports it, |X ∩ Y|. Neither learns the other's values.
 * Doubly-blinded values travel truncated to 16 bytes (collision chance ~2^-88 at 10^6 × 10^6).
 */
export const PSI_KINDS = ['account', 'email', 'phone', 'ip', 'url'] as const;
export type PsiKind = (typeof PSI_KINDS)[number];
export const DOUBLE_BYTES = 16;

export interface PsiLimits {
  /** Largest set either side may bring. */
  maxSetSize: number;
  /** Sessions a responder accepts per agreement in 24 hours. */
  sessionsPerDay: number;
  /** Largest batch of elements per message. */
  maxBatch: number;
  /** A session is forgotten this long after it opened. */
  sessionTtlMs: number;
}

export function psiLimits(env: NodeJS.ProcessEnv = process.env): PsiLimits {
  const num = (name: string, d: number) => {
    const v = env[name];
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 1) throw new TesseraError('invalid_config', `${name} must be a whole number >= 1, got "${v}"`);
    return n;
  };
  return { maxSetSize: num('TESSERA_PSI_MAX_SET', 2_000_000), sessionsPerDay: num('TESSERA_PSI_SESSIONS_PER_DAY', 20), maxBatch: 65_536, sessionTtlMs: 3_600_000 };
}

export const PsiOpenRequest = z
  .strictObject({
    agreement: z.string().min(1).max(200),
    purpose: Purpose,
    kind: z.enum(PSI_KINDS),
    reveal: z.enum(['cardinality', 'intersection']).default('cardinality'),
    setSize: z.int().min(1),
    group: z.enum(PSI_GROUPS).default('x25519').meta({ description: 'The group: x25519 (Curve25519, default, about 3× faster) or p256.' }),
  })
  .meta({ id: 'PsiOpenRequest', description: 'Opens a private set intersection session with this node as responder.' });
export type PsiOpenRequest = z.input<typeof PsiOpenRequest>;

export interface PsiOpenResponse {
  sessionId: string;
  peerSetSize: number;
  maxBatch: number;
  reveal: 'cardinality' | 'intersection';
  /** Absent from nodes that only know P-256. */
  group?: PsiGroup;
  agreement: { id: string; versionHash: string };
}

/** How an initiator reaches a responder: HTTP (a peer's URL and token) or in process (tests). */
export interface PsiTransport {
  open(req: z.output<typeof PsiOpenRequest>): Promise<PsiOpenResponse>;
  /** a·H(x) for the initiator's elements [offset, offset + n). */
  sendBlinded(sessionId: string, offset: number, xs: Buffer): Promise<void>;
  /** b·H(y) for the responder's elements [offset, offset + limit). */
  peerSet(sessionId: string, offset: number, limit: number): Promise<Buffer>;
  /** b·a·H(x) truncated, [offset, offset + limit), once every a·H(x) was sent. */
  doubled(sessionId: string, offset: number, limit: number): Promise<Buffer>;
  finish(sessionId: string, summary: { cardinality: number }): Promise<void>;
}

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    const t = xs[i] as T;
    xs[i] = xs[j] as T;
    xs[j] = t;
  }
  return xs;
}

/** The identifiers of a kind in the rows a plan allows: subject identifiers and signals, distinct. */
export async function identifiersUnder(store: Store, plan: AccessPlan, kind: PsiKind): Promise<string[]> {
  const out = new Set<string>();
  const f = plan.fields;
  if (kind !== 'url' && f.subjects !== 'hidden') {
    const rows = await sql<{ v: string }>`SELECT DISTINCT CASE WHEN i->>'type' = 'account' AND i->>'platform' IS NOT NULL THEN lower(i->>'platform') || ':' || lower(trim(i->>'value')) ELSE lower(trim(i->>'value')) END AS v
      FROM reports r JOIN subjects s ON s.report_id = r.id CROSS JOIN LATERAL jsonb_array_elements(s.identifiers) i
      WHERE ${reportRowFilter(plan.rows, 'r')} AND i->>'type' = ${kind}`.execute(store.db);
    for (const r of rows.rows) out.add(r.v);
  }
  if (f.signals !== 'hidden' && kind !== 'account') {
    const rows = await sql<{ v: string }>`SELECT DISTINCT lower(trim(g.value)) AS v FROM reports r JOIN signals g ON g.report_id = r.id WHERE ${reportRowFilter(plan.rows, 'r')} AND g.type = ${kind}`.execute(store.db);
    for (const r of rows.rows) out.add(r.v);
  }
  return [...out];
}

function requireFields(plan: AccessPlan, reveal: 'cardinality' | 'intersection'): void {
  const f = plan.fields;
  const ok = reveal === 'intersection' ? f.subjects === 'visible' || f.signals === 'visible' : f.subjects !== 'hidden' || f.signals !== 'hidden';
  if (!ok) {
    throw new TesseraError(
      'field_not_shared',
      reveal === 'intersection'
        ? `Revealing which identifiers are shared needs subjects or signals visible under agreement ${plan.agreement?.slug ?? ''}; ask for the cardinality instead (reveal "cardinality").`
        : `Agreement ${plan.agreement?.slug ?? ''} shares neither subjects nor signals, so there are no identifiers to intersect.`,
      { status: 403 },
    );
  }
}

interface Session {
  id: string;
  userId: string;
  agreementId: string;
  reveal: 'cardinality' | 'intersection';
  group: PsiGroup;
  key: Uint8Array;
  setSize: number;
  received: Buffer;
  receivedMask: Uint8Array;
  receivedCount: number;
  mine: Promise<Buffer>;
  doubled: Promise<Buffer> | null;
  expiresAt: number;
}

/** The responder role of a node: sessions live in memory for an hour; the record lives in psi_sessions and the audit log. */
export class PsiResponder {
  private readonly sessions = new Map<string, Session>();
  constructor(
    private readonly store: Store,
    private readonly limits: PsiLimits = psiLimits(),
    private readonly pool: CurvePool = sharedCurvePool(),
    /** Where the responder's set comes from (default: identifiers in the rows the plan allows); benchmarks plug in a generated set. */
    private readonly source: (plan: AccessPlan, kind: PsiKind) => Promise<string[]> = (plan, kind) => identifiersUnder(store, plan, kind),
  ) {}

  async open(principal: Principal, request: PsiOpenRequest): Promise<PsiOpenResponse> {
    const req = PsiOpenRequest.parse(request);
    this.expire();
    // The agreement must name the psi action; learning which identifiers are shared also needs read.
    return withAccess(this.store, principal, { action: 'psi', agreementId: req.agreement, purpose: req.purpose, resource: 'psi.responder', details: { kind: req.kind, reveal: req.reveal, group: req.group, peerSetSize: req.setSize } }, async (plan) => {
      if (req.reveal === 'intersection') {
        const read = await decideFor(this.store, principal, { action: 'read', agreementId: req.agreement, purpose: req.purpose });
        if (!read.allowed) throw new TesseraError('forbidden', `Revealing which identifiers are shared needs the read action as well as psi: ${read.reason}. Ask for the cardinality instead (reveal "cardinality").`, { status: 403 });
      }
      requireFields(plan, req.reveal);
      const agreementId = plan.agreement?.id;
      if (!agreementId || !plan.agreement) throw new TesseraError('agreement_required', 'Set intersection runs under an agreement between the two organisations.');
      if (req.setSize > this.limits.maxSetSize) throw new TesseraError('set_too_large', `Your set has ${req.setSize} elements; this node accepts at most ${this.limits.maxSetSize} per session.`, { status: 413, where: { field: 'setSize' } });
      const since = new Date(Date.now() - 86_400_000);
      const recent = await pdb(this.store).selectFrom('psi_sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('agreement_id', '=', agreementId).where('role', '=', 'responder').where('created_at', '>=', since).executeTakeFirstOrThrow();
      if (Number(recent.n) >= this.limits.sessionsPerDay) {
        throw new TesseraError('rate_limited', `Agreement ${plan.agreement.slug} has had ${Number(recent.n)} set intersections in the last 24 hours, the most this node allows; try again later.`, { status: 429 });
      }
      const mine = shuffle(await this.source(plan, req.kind));
      if (mine.length > this.limits.maxSetSize) throw new TesseraError('set_too_large', `This node holds more than ${this.limits.maxSetSize} identifiers of this kind under the agreement; the session was refused.`, { status: 413 });
      const key = randomKey(req.group);
      const id = `psi_${randomUUID()}`;
      const domain = `${agreementId}\0${req.kind}`;
      const session: Session = {
        id, userId: principal.userId, agreementId, reveal: req.reveal, group: req.group, key, setSize: req.setSize,
        received: Buffer.alloc(req.setSize * ELEMENT_BYTES), receivedMask: new Uint8Array(Math.ceil(req.setSize / this.limits.maxBatch) + 1), receivedCount: 0,
        mine: this.pool.hashAndBlind(req.group, key, domain, mine), doubled: null, expiresAt: Date.now() + this.limits.sessionTtlMs,
      };
      session.mine.catch(() => undefined);
      this.sessions.set(id, session);
      await pdb(this.store).insertInto('psi_sessions').values({
        id, agreement_id: agreementId, role: 'responder', org_id: principal.orgId, peer: principal.orgSlug, identifier_kind: req.kind, reveal: req.reveal, set_size: mine.length, peer_set_size: req.setSize, state: 'open', result: null, created_at: new Date().toISOString(), finished_at: null,
      }).execute();
      return { result: { sessionId: id, peerSetSize: mine.length, maxBatch: this.limits.maxBatch, reveal: req.reveal, group: req.group, agreement: { id: agreementId, versionHash: plan.agreement.versionHash } }, details: { setSize: mine.length } };
    });
  }

  private session(principal: Principal, id: string): Session {
    const s = this.sessions.get(id);
    if (!s || s.userId !== principal.userId || s.expiresAt < Date.now()) throw new TesseraError('not_found', `No open set intersection session "${id}" of yours (sessions last an hour).`, { status: 404 });
    return s;
  }

  async receiveBlinded(principal: Principal, id: string, offset: number, xs: Buffer): Promise<{ received: number; of: number }> {
    const s = this.session(principal, id);
    if (s.doubled) throw new TesseraError('psi_state', 'Every element was already received.', { status: 409 });
    const n = xs.length / ELEMENT_BYTES;
    if (!Number.isInteger(n) || n < 1 || n > this.limits.maxBatch) throw new TesseraError('invalid_batch', `A batch is 1 to ${this.limits.maxBatch} elements of ${ELEMENT_BYTES} bytes; got ${xs.length} bytes.`, { where: { field: 'points' } });
    if (offset % this.limits.maxBatch !== 0 && offset + n !== s.setSize) throw new TesseraError('invalid_batch', `offset ${offset} must be a multiple of ${this.limits.maxBatch}`, { where: { field: 'offset' } });
    if (offset < 0 || offset + n > s.setSize) throw new TesseraError('invalid_batch', `elements ${offset}–${offset + n - 1} lie outside the announced set of ${s.setSize}`, { where: { field: 'offset' } });
    const slot = Math.floor(offset / this.limits.maxBatch);
    if (s.receivedMask[slot]) throw new TesseraError('invalid_batch', `the batch at offset ${offset} was already received`, { status: 409, where: { field: 'offset' } });
    s.receivedMask[slot] = 1;
    xs.copy(s.received, offset * ELEMENT_BYTES);
    s.receivedCount += n;
    if (s.receivedCount === s.setSize) {
      s.doubled = this.pool.blind(s.group, s.key, s.received).then((full) => {
        const order = Array.from({ length: s.setSize }, (_, i) => i);
        if (s.reveal === 'cardinality') shuffle(order);
        const out = Buffer.allocUnsafe(s.setSize * DOUBLE_BYTES);
        order.forEach((from, to) => full.copy(out, to * DOUBLE_BYTES, from * ELEMENT_BYTES, from * ELEMENT_BYTES + DOUBLE_BYTES));
        return out;
      });
      s.doubled.catch(() => undefined);
    }
    return { received: s.receivedCount, of: s.setSize };
  }

  async peerSet(principal: Principal, id: string, offset: number, limit: number): Promise<Buffer> {
    const s = this.session(principal, id);
    const mine = await s.mine.catch((e: unknown) => {
      throw new TesseraError('psi_failed', `The responder could not prepare its set: ${e instanceof Error ? e.message : String(e)}`, { status: 500 });
    });
    const lim = Math.min(limit, this.limits.maxBatch);
    return mine.subarray(offset * ELEMENT_BYTES, Math.min(mine.length, (offset + lim) * ELEMENT_BYTES));
  }

  async doubled(principal: Principal, id: string, offset: number, limit: number): Promise<Buffer> {
    const s = this.session(principal, id);
    if (!s.doubled) throw new TesseraError('psi_state', `Only ${s.receivedCount} of ${s.setSize} elements were received; send them all first.`, { status: 409 });
    const d = await s.doubled.catch((e: unknown) => {
      throw new TesseraError('invalid_batch', `The blinded elements could not be processed: ${e instanceof Error ? e.message : String(e)}`);
    });
    const lim = Math.min(limit, this.limits.maxBatch);
    return d.subarray(offset * DOUBLE_BYTES, Math.min(d.length, (offset + lim) * DOUBLE_BYTES));
  }

  async finish(principal: Principal, id: string, summary: { cardinality: number }): Promise<{ finished: true }> {
    const s = this.session(principal, id);
    this.sessions.delete(id);
    const result = { cardinality: summary.cardinality, reportedBy: 'initiator' };
    await pdb(this.store).updateTable('psi_sessions').set({ state: 'finished', result: JSON.stringify(result), finished_at: new Date().toISOString() }).where('id', '=', id).execute();
    await appendAudit(this.store, [{ action: 'psi.finish', decision: 'done', reason: 'the initiator reported the size of the intersection', actor: { userId: principal.userId, orgId: principal.orgId, via: principal.via }, resource: id, details: { agreementId: s.agreementId, ...result, peerSetSize: s.setSize } }]);
    return { finished: true };
  }

  private expire(): void {
    const now = Date.now();
    for (const [id, s] of this.sessions) if (s.expiresAt < now) this.sessions.delete(id);
  }
}

const responders = new WeakMap<Store, PsiResponder>();
/** The responder of a node (one per store). */
export function responderFor(store: Store): PsiResponder {
  let r = responders.get(store);
  if (!r) {
    r = new PsiResponder(store);
    responders.set(store, r);
  }
  return r;
}

export interface PsiRunOptions {
  transport: PsiTransport;
  /** The peer, for the record (URL or registered peer id). */
  peer: string;
  agreement: string;
  purpose: z.infer<typeof Purpose>;
  kind: PsiKind;
  reveal?: 'cardinality' | 'intersection';
  /** The group (default x25519). */
  group?: PsiGroup;
  /** The initiator's set; by default its own organisation's identifiers of the kind. */
  values?: readonly string[];
  pool?: CurvePool;
  progress?: (phase: string, done: number, total: number) => void;
  limits?: PsiLimits;
}

export interface PsiResult {
  sessionId: string;
  agreement: { id: string; versionHash: string };
  kind: PsiKind;
  reveal: 'cardinality' | 'intersection';
  group: PsiGroup;
  setSize: number;
  peerSetSize: number;
  cardinality: number;
  /** Own elements the peer also holds (reveal "intersection" only). */
  intersection?: string[];
  seconds: number;
}

/** The initiator role: runs the protocol against a responder and audits the run on this node. */
export async function runPsi(store: Store, principal: Principal, opts: PsiRunOptions): Promise<PsiResult> {
  const t0 = performance.now();
  const limits = opts.limits ?? psiLimits();
  const pool = opts.pool ?? sharedCurvePool();
  const reveal = opts.reveal ?? 'cardinality';
  const own = opts.values
    ? [...new Set(opts.values.map((v) => v.trim().toLowerCase()).filter(Boolean))]
    : await withAccess(store, principal, { action: 'psi', resource: 'psi.initiator', details: { kind: opts.kind } }, async (plan) => ({ result: await identifiersUnder(store, plan, opts.kind) }));
  if (own.length === 0) throw new TesseraError('empty_set', `There are no ${opts.kind} identifiers to intersect on this side.`);
  if (own.length > limits.maxSetSize) throw new TesseraError('set_too_large', `Your set has ${own.length} elements; at most ${limits.maxSetSize} per session.`, { status: 413 });
  const values = shuffle([...own]);
  const group = opts.group ?? 'x25519';
  const open = await opts.transport.open({ agreement: opts.agreement, purpose: opts.purpose, kind: opts.kind, reveal, setSize: values.length, group });
  if ((open.group ?? 'p256') !== group) throw new TesseraError('psi_group', `The peer answered in group ${open.group ?? 'p256'}, not ${group}; run with the group it supports.`, { status: 502 });
  const domain = `${open.agreement.id}\0${opts.kind}`;
  const key = randomKey(group);
  const batch = Math.min(open.maxBatch, limits.maxBatch);
  // Our blinded set, sent batch by batch as it is computed.
  let sent = 0;
  for (let off = 0; off < values.length; off += batch) {
    const chunk = values.slice(off, off + batch);
    const blinded = await pool.hashAndBlind(group, key, domain, chunk);
    await opts.transport.sendBlinded(open.sessionId, off, blinded);
    sent += chunk.length;
    opts.progress?.('sent', sent, values.length);
  }
  // Their blinded set, blinded again by us.
  const theirs = new Set<string>();
  for (let off = 0; off < open.peerSetSize; off += batch) {
    const got = await opts.transport.peerSet(open.sessionId, off, batch);
    const again = await pool.blind(group, key, got);
    for (let i = 0; i < again.length; i += ELEMENT_BYTES) theirs.add(again.toString('base64', i, i + DOUBLE_BYTES));
    opts.progress?.('peer set', Math.min(open.peerSetSize, off + batch), open.peerSetSize);
  }
  let cardinality = 0;
  const intersection: string[] = [];
  for (let off = 0; off < values.length; off += batch) {
    const d = await opts.transport.doubled(open.sessionId, off, batch);
    for (let i = 0; i < d.length; i += DOUBLE_BYTES) {
      if (theirs.has(d.toString('base64', i, i + DOUBLE_BYTES))) {
        cardinality++;
        if (reveal === 'intersection') intersection.push(values[off + i / DOUBLE_BYTES] as string);
      }
    }
    opts.progress?.('compared', Math.min(values.length, off + batch), values.length);
  }
  await opts.transport.finish(open.sessionId, { cardinality });
  const result: PsiResult = {
    sessionId: open.sessionId, agreement: open.agreement, kind: opts.kind, reveal, group, setSize: values.length, peerSetSize: open.peerSetSize, cardinality,
    ...(reveal === 'intersection' ? { intersection: intersection.sort() } : {}), seconds: (performance.now() - t0) / 1000,
  };
  const now = new Date().toISOString();
  await pdb(store).insertInto('psi_sessions').values({
    id: open.sessionId, agreement_id: open.agreement.id, role: 'initiator', org_id: principal.orgId, peer: opts.peer, identifier_kind: opts.kind, reveal, set_size: values.length, peer_set_size: open.peerSetSize, state: 'finished', result: JSON.stringify({ cardinality }), created_at: now, finished_at: now,
  }).onConflict((oc) => oc.column('id').doNothing()).execute();
  await appendAudit(store, [{
    action: 'psi.run', decision: 'done', reason: `private set intersection of ${opts.kind} identifiers with ${opts.peer} under agreement ${open.agreement.id}`, actor: { userId: principal.userId, orgId: principal.orgId, via: principal.via },
    agreement: null, purpose: opts.purpose, resource: open.sessionId, details: { agreementId: open.agreement.id, versionHash: open.agreement.versionHash, kind: opts.kind, reveal, group, setSize: values.length, peerSetSize: open.peerSetSize, cardinality },
  }]);
  return result;
}

/** A responder in the same process (tests, benchmarks): the same calls an HTTP peer answers. */
export function localTransport(responder: PsiResponder, principal: Principal): PsiTransport {
  return {
    open: (req) => responder.open(principal, req),
    sendBlinded: async (id, off, xs) => {
      await responder.receiveBlinded(principal, id, off, xs);
    },
    peerSet: (id, off, lim) => responder.peerSet(principal, id, off, lim),
    doubled: (id, off, lim) => responder.doubled(principal, id, off, lim),
    finish: async (id, s) => {
      await responder.finish(principal, id, s);
    },
  };
}

/** A responder node over HTTP: its API base URL (…/api/v1) and an API token of a user there. Later, a registered peer supplies both. */
export function httpTransport(baseUrl: string, token: string, fetchImpl: typeof fetch = fetch): PsiTransport {
  const base = baseUrl.replace(/\/+$/, '');
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await fetchImpl(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch (e) {
      throw new TesseraError('peer_unreachable', `Could not reach the peer at ${base}: ${e instanceof Error ? e.message : String(e)}`, { status: 502 });
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      throw new TesseraError('peer_error', `The peer at ${base} answered ${res.status} with something other than JSON.`, { status: 502 });
    }
    if (!res.ok) {
      const err = (json as { error?: { code?: string; message?: string } }).error;
      throw new TesseraError(err?.code ?? 'peer_error', `The peer refused: ${err?.message ?? `HTTP ${res.status}`}`, { status: res.status >= 500 ? 502 : res.status });
    }
    return json as T;
  };
  return {
    open: (req) => call<PsiOpenResponse>('POST', '/psi/sessions', req),
    sendBlinded: async (id, offset, xs) => {
      await call('POST', `/psi/sessions/${encodeURIComponent(id)}/blinded`, { offset, points: xs.toString('base64') });
    },
    peerSet: async (id, offset, limit) => Buffer.from((await call<{ points: string }>('GET', `/psi/sessions/${encodeURIComponent(id)}/set?offset=${offset}&limit=${limit}`)).points, 'base64'),
    doubled: async (id, offset, limit) => Buffer.from((await call<{ points: string }>('GET', `/psi/sessions/${encodeURIComponent(id)}/doubled?offset=${offset}&limit=${limit}`)).points, 'base64'),
    finish: async (id, summary) => {
      await call('POST', `/psi/sessions/${encodeURIComponent(id)}/finish`, summary);
    },
  };
}
