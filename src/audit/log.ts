import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { NotFoundError, TesseraError } from '../shared/errors.ts';
import type { CoreDatabase, Store } from '../store/index.ts';
import {
  appendLeaves, consistencyPath, frontierKeys, inclusionPath, lastLeafOf, leafHash, nodeHash, nodesNeeded, rootAt, verifyConsistency, verifyInclusion,
  EMPTY_ROOT, type Hash, type NodeKey, type NodeLookup,
} from './merkle.ts';

/**
 * The node's append-only audit log: who did or viewed what, under which agreement version,
 * and what the policy decided. Each event's canonical JSON is a leaf of an RFC 9162 Merkle
 * tree; checkpoints (tree size + root) are signed with the node's Ed25519 key, and inclusion
 * and consistency proofs let anyone check that an event is in the log and that the log only
 * ever grew.
 */
export type AuditTables = {
  audit_events: {
    seq: number;
    at: Date | string;
    actor_user_id: string | null;
    actor_org_id: string | null;
    owner_org_id: string | null;
    action: string;
    decision: string;
    agreement_id: string | null;
    agreement_hash: string | null;
    entry: string;
  };
  audit_nodes: { last_leaf: number; level: number; hash: Uint8Array };
  audit_checkpoints: { size: number; root: Uint8Array; signed_at: Date | string; key_id: string; signature: Uint8Array };
};

type Db = Kysely<CoreDatabase & AuditTables>;

export interface AuditActor {
  userId: string;
  orgId: string;
  via: string;
}

export interface AuditEventInput {
  /** What happened: `report.list`, `report.read`, `report.export`, `agreement.accept`, `consent.record`, … */
  action: string;
  /** `allow` / `deny` for access decisions; `done` for changes. */
  decision: 'allow' | 'deny' | 'done';
  /** Why, in words a person understands (the policy's reason). */
  reason: string;
  actor: AuditActor | null;
  /** Organisation whose data was touched (the provider under an agreement). */
  ownerOrgId?: string | null;
  agreement?: { id: string; version: number; versionHash: string } | null;
  purpose?: string | null;
  /** The resource: a record id, or a collection such as `reports`. */
  resource: string;
  /** Filters, counts, record ids viewed (or their count and digest). Never abuse content. */
  details?: Record<string, unknown>;
  at?: string;
}

export interface AuditEvent extends AuditEventInput {
  seq: number;
  at: string;
}

/** Deterministic JSON: object keys sorted, no whitespace. The leaf is exactly these bytes. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/** Ids viewed are kept in the log up to this many; beyond, their count and SHA-256 digest. */
export const MAX_IDS_IN_EVENT = 100;

export function viewedRecords(ids: readonly string[]): Record<string, unknown> {
  if (ids.length <= MAX_IDS_IN_EVENT) return { recordIds: ids };
  // The same digest as one update per id and newline, in one call (pages hold thousands of ids).
  const digest = createHash('sha256').update(ids.join('\n') + '\n').digest('hex');
  return { recordCount: ids.length, recordsDigest: 'sha256:' + digest };
}

const LOCK_KEY = 7_347_220_262;
const toBuf = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

function db(store: Store): Db {
  return store.db.withTables<AuditTables>();
}

async function lock(trx: Transaction<CoreDatabase & AuditTables>, store: Store): Promise<void> {
  // PGlite serialises every transaction already; PostgreSQL needs a lock so two nodes on one
  // database never give two events the same sequence number.
  if (store.kind === 'postgres') await sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
}

async function sizeOf(d: Kysely<CoreDatabase & AuditTables>): Promise<number> {
  const r = await d.selectFrom('audit_events').select(sql<number>`coalesce(max(seq) + 1, 0)`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function fetchNodes(d: Kysely<CoreDatabase & AuditTables>, keys: NodeKey[]): Promise<Map<string, Hash>> {
  const out = new Map<string, Hash>();
  for (let i = 0; i < keys.length; i += 500) {
    const part = keys.slice(i, i + 500);
    if (part.length === 0) continue;
    const tuples = sql.join(part.map((k) => sql`(${lastLeafOf(k)}::bigint, ${k.level}::smallint)`));
    const rows = await sql<{ last_leaf: number; level: number; hash: Uint8Array }>`SELECT last_leaf, level, hash FROM audit_nodes WHERE (last_leaf, level) IN (${tuples})`.execute(d);
    for (const r of rows.rows) {
      const level = Number(r.level);
      const idx = (Number(r.last_leaf) + 1) / 2 ** level - 1;
      out.set(`${level}:${idx}`, toBuf(r.hash));
    }
  }
  return out;
}

function lookupIn(map: Map<string, Hash>): NodeLookup {
  return (level, idx) => {
    const h = map.get(`${level}:${idx}`);
    if (!h) throw new TesseraError('audit_tree_incomplete', `The audit tree is missing node ${level}:${idx}; run \`tessera audit verify\` to see what was changed.`, { status: 500 });
    return h;
  };
}

/** Reads the stored nodes an operation needs (one query), then runs it. */
async function withNodes<T>(d: Kysely<CoreDatabase & AuditTables>, op: (get: NodeLookup) => T): Promise<T> {
  const map = await fetchNodes(d, nodesNeeded(op));
  return op(lookupIn(map));
}

interface Pending {
  inputs: readonly AuditEventInput[];
  resolve: (events: AuditEvent[]) => void;
  reject: (e: unknown) => void;
}
const queues = new WeakMap<Store, { pending: Pending[]; flushing: boolean }>();

/**
 * Appends events, in order, and returns them with their sequence numbers. Appends are group
 * committed: calls that arrive while a transaction is writing are written together in the next
 * one (events, the tree nodes they complete), so a busy node does not pay one transaction per
 * event, and each call still returns only once its events are durable.
 */
export function appendAudit(store: Store, inputs: readonly AuditEventInput[]): Promise<AuditEvent[]> {
  if (inputs.length === 0) return Promise.resolve([]);
  let q = queues.get(store);
  if (!q) queues.set(store, (q = { pending: [], flushing: false }));
  const queue = q;
  return new Promise<AuditEvent[]>((resolve, reject) => {
    queue.pending.push({ inputs, resolve, reject });
    if (!queue.flushing) void flush(store, queue);
  });
}

async function flush(store: Store, q: { pending: Pending[]; flushing: boolean }): Promise<void> {
  q.flushing = true;
  try {
    while (q.pending.length > 0) {
      const group = q.pending.splice(0, q.pending.length);
      try {
        const events = await writeEvents(store, group.flatMap((g) => g.inputs));
        let k = 0;
        for (const g of group) {
          g.resolve(events.slice(k, k + g.inputs.length));
          k += g.inputs.length;
        }
      } catch (e) {
        for (const g of group) g.reject(e);
      }
    }
  } finally {
    q.flushing = false;
  }
}

async function writeEvents(store: Store, inputs: readonly AuditEventInput[]): Promise<AuditEvent[]> {
  return db(store)
    .transaction()
    .execute(async (trx) => {
      await lock(trx, store);
      const size = await sizeOf(trx);
      const fk = frontierKeys(size);
      const fmap = await fetchNodes(trx, fk);
      const get = lookupIn(fmap);
      const frontier = fk.map((k) => ({ ...k, hash: get(k.level, k.idx) }));
      const now = new Date().toISOString();
      const events: AuditEvent[] = inputs.map((e, i) => ({ ...e, seq: size + i, at: e.at ? new Date(e.at).toISOString() : now }));
      const entries = events.map(entryOf);
      const { nodes } = appendLeaves(size, frontier, entries.map((e) => leafHash(e)));
      // One INSERT … SELECT FROM unnest(…) per table and chunk: arrays as parameters, not thousands of placeholders.
      for (let i = 0; i < events.length; i += 20_000) {
        const part = events.slice(i, i + 20_000);
        const col = <T>(f: (e: AuditEvent) => T) => part.map(f);
        await sql`INSERT INTO audit_events (seq, at, actor_user_id, actor_org_id, owner_org_id, action, decision, agreement_id, agreement_hash, entry)
          SELECT * FROM unnest(${col((e) => e.seq)}::bigint[], ${col((e) => e.at)}::timestamptz[], ${col((e) => e.actor?.userId ?? null)}::text[], ${col((e) => e.actor?.orgId ?? null)}::text[],
            ${col((e) => e.ownerOrgId ?? null)}::text[], ${col((e) => e.action)}::text[], ${col((e) => e.decision)}::text[], ${col((e) => e.agreement?.id ?? null)}::text[],
            ${col((e) => e.agreement?.versionHash ?? null)}::text[], ${entries.slice(i, i + 20_000)}::text[])`.execute(trx);
      }
      for (let i = 0; i < nodes.length; i += 40_000) {
        const part = nodes.slice(i, i + 40_000);
        await sql`INSERT INTO audit_nodes (last_leaf, level, hash)
          SELECT l, v, decode(h, 'hex') FROM unnest(${part.map(lastLeafOf)}::bigint[], ${part.map((n) => n.level)}::smallint[], ${part.map((n) => n.hash.toString('hex'))}::text[]) AS t(l, v, h)`.execute(trx);
      }
      return events;
    });
}

/** The canonical entry (leaf bytes) of an event. */
export function entryOf(e: AuditEvent): string {
  return canonicalJson({
    v: 1, seq: e.seq, at: e.at, action: e.action, decision: e.decision, reason: e.reason, actor: e.actor, ownerOrgId: e.ownerOrgId ?? null,
    agreement: e.agreement ?? null, purpose: e.purpose ?? null, resource: e.resource, details: e.details ?? {},
  });
}

// ---------------------------------------------------------------- signing key and checkpoints

interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
}

const SIGNING_KEY_SETTING = 'audit.signing-key';

/** The node's Ed25519 audit key (created on first use, kept in node settings). */
export async function signingKey(store: Store): Promise<SigningKey> {
  const read = async () => store.db.selectFrom('node_settings').select('value').where('key', '=', SIGNING_KEY_SETTING).executeTakeFirst();
  let row = await read();
  if (!row) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const value = { privateKeyPkcs8: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'), publicKeySpki: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') };
    await store.db.insertInto('node_settings').values({ key: SIGNING_KEY_SETTING, value: JSON.stringify(value) }).onConflict((oc) => oc.column('key').doNothing()).execute();
    row = await read();
  }
  const v = (typeof row?.value === 'string' ? JSON.parse(row.value) : row?.value) as { privateKeyPkcs8: string; publicKeySpki: string };
  const privateKey = createPrivateKey({ key: Buffer.from(v.privateKeyPkcs8, 'base64'), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey({ key: Buffer.from(v.publicKeySpki, 'base64'), format: 'der', type: 'spki' });
  return { keyId: keyIdOf(publicKey), privateKey, publicKey, publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString() };
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
}

export interface Checkpoint {
  origin: string;
  size: number;
  /** Root hash, hex. */
  root: string;
  signedAt: string;
  keyId: string;
  /** Ed25519 signature over `note`, base64. */
  signature: string;
  /** The signed text (C2SP checkpoint body): origin, size, base64 root, each on its own line. */
  note: string;
}

export function checkpointNote(keyId: string, size: number, root: Uint8Array): string {
  return `tessera.audit/${keyId}\n${size}\n${toBuf(root).toString('base64')}\n`;
}

function checkpointFromRow(r: { size: number; root: Uint8Array; signed_at: Date | string; key_id: string; signature: Uint8Array }): Checkpoint {
  const note = checkpointNote(r.key_id, Number(r.size), r.root);
  return { origin: `tessera.audit/${r.key_id}`, size: Number(r.size), root: toBuf(r.root).toString('hex'), signedAt: new Date(r.signed_at).toISOString(), keyId: r.key_id, signature: toBuf(r.signature).toString('base64'), note };
}

/** Signs a checkpoint of the log as it is now (or returns the existing one for this size). */
export async function signCheckpoint(store: Store): Promise<Checkpoint> {
  const key = await signingKey(store);
  return db(store)
    .transaction()
    .execute(async (trx) => {
      await lock(trx, store);
      const size = await sizeOf(trx);
      const existing = await trx.selectFrom('audit_checkpoints').selectAll().where('size', '=', size).executeTakeFirst();
      if (existing) return checkpointFromRow(existing);
      const root = size === 0 ? EMPTY_ROOT : await withNodes(trx, (get) => rootAt(get, size));
      const signature = sign(null, Buffer.from(checkpointNote(key.keyId, size, root)), key.privateKey);
      const row = { size, root, signed_at: new Date().toISOString(), key_id: key.keyId, signature };
      await trx.insertInto('audit_checkpoints').values(row).execute();
      return checkpointFromRow(row);
    });
}

export async function latestCheckpoint(store: Store): Promise<Checkpoint | null> {
  const r = await db(store).selectFrom('audit_checkpoints').selectAll().orderBy('size', 'desc').limit(1).executeTakeFirst();
  return r ? checkpointFromRow(r) : null;
}

export async function checkpointAt(store: Store, size: number): Promise<Checkpoint> {
  const r = await db(store).selectFrom('audit_checkpoints').selectAll().where('size', '=', size).executeTakeFirst();
  if (!r) throw new NotFoundError('signed checkpoint of size', String(size));
  return checkpointFromRow(r);
}

export function verifyCheckpointSignature(cp: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return cp.note === checkpointNote(cp.keyId, cp.size, Buffer.from(cp.root, 'hex')) && verify(null, Buffer.from(cp.note), publicKey, Buffer.from(cp.signature, 'base64'));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- proofs

export interface InclusionProof {
  seq: number;
  treeSize: number;
  /** The event's entry (the leaf's bytes) and its leaf hash, hex. */
  entry: string;
  leafHash: string;
  /** Sibling hashes from the leaf up, hex. */
  path: string[];
  checkpoint: Checkpoint;
}

/**
 * Proves that event `seq` is in the log, against a signed checkpoint (the latest, signing a
 * new one when the event is newer than it).
 */
export async function proveInclusion(store: Store, seq: number, treeSize?: number): Promise<InclusionProof> {
  const ev = await db(store).selectFrom('audit_events').select(['seq', 'entry']).where('seq', '=', seq).executeTakeFirst();
  if (!ev) throw new NotFoundError('audit event', String(seq));
  let cp = treeSize === undefined ? await latestCheckpoint(store) : await checkpointAt(store, treeSize);
  if (!cp || cp.size <= seq) {
    if (treeSize !== undefined) throw new TesseraError('event_after_checkpoint', `Event ${seq} is not covered by the checkpoint of size ${treeSize}; ask for a later checkpoint.`, { status: 422 });
    cp = await signCheckpoint(store);
  }
  const size = cp.size;
  const path = await withNodes(db(store), (get) => inclusionPath(get, seq, size));
  return { seq, treeSize: size, entry: ev.entry, leafHash: leafHash(ev.entry).toString('hex'), path: path.map((h) => h.toString('hex')), checkpoint: cp };
}

export interface ConsistencyProof {
  fromSize: number;
  toSize: number;
  fromRoot: string;
  toRoot: string;
  path: string[];
}

/** Proves that the log of size `to` extends the log of size `from` (both signed checkpoints or any sizes up to the current one). */
export async function proveConsistency(store: Store, from: number, to?: number): Promise<ConsistencyProof> {
  const size = await sizeOf(db(store));
  const n = to ?? (await latestCheckpoint(store))?.size ?? size;
  if (from < 1 || from > n || n > size) throw new TesseraError('invalid_proof_request', `A consistency proof needs 1 ≤ from ≤ to ≤ ${size} (the log size); got from ${from}, to ${n}.`, { status: 422, where: { field: 'from' } });
  const { path, oldRoot, newRoot } = await withNodes(db(store), (get) => ({ path: consistencyPath(get, from, n), oldRoot: rootAt(get, from), newRoot: rootAt(get, n) }));
  return { fromSize: from, toSize: n, fromRoot: oldRoot.toString('hex'), toRoot: newRoot.toString('hex'), path: path.map((h) => h.toString('hex')) };
}

/** Checks a proof offline (what a peer or an auditor does with what the API returned). */
export function checkInclusionProof(p: InclusionProof, publicKey?: KeyObject): boolean {
  if (publicKey && !verifyCheckpointSignature(p.checkpoint, publicKey)) return false;
  const leaf = leafHash(p.entry);
  if (leaf.toString('hex') !== p.leafHash) return false;
  return verifyInclusion(leaf, p.seq, p.treeSize, p.path.map((h) => Buffer.from(h, 'hex')), Buffer.from(p.checkpoint.root, 'hex'));
}

export function checkConsistencyProof(p: ConsistencyProof): boolean {
  return verifyConsistency(p.fromSize, p.toSize, Buffer.from(p.fromRoot, 'hex'), Buffer.from(p.toRoot, 'hex'), p.path.map((h) => Buffer.from(h, 'hex')));
}

// ---------------------------------------------------------------- verification

export interface VerifyProblem {
  code: 'gap' | 'entry_mismatch' | 'column_mismatch' | 'node_mismatch' | 'node_missing' | 'node_extra' | 'checkpoint_root_mismatch' | 'checkpoint_signature_invalid' | 'checkpoint_beyond_log' | 'unparseable_entry';
  message: string;
  seq?: number;
}

export interface VerifyReport {
  ok: boolean;
  size: number;
  root: string;
  checkpointsVerified: number;
  /** Events after the last signed checkpoint (checked against the tree, not yet signed). */
  unsignedTail: number;
  problems: VerifyProblem[];
  elapsedMs: number;
}

/**
 * Re-reads the whole log and recomputes it: every sequence number present once and in order,
 * every entry matching its indexed columns, every stored tree node equal to the one computed
 * from the entries, every checkpoint's root equal to the recomputed root at its size and
 * signed by the node's key (or `publicKey`, when the caller pins one). Any change, gap or
 * reordering shows up as a problem.
 */
export async function verifyLog(store: Store, opts: { publicKey?: KeyObject; chunk?: number; maxProblems?: number } = {}): Promise<VerifyReport> {
  const t0 = performance.now();
  const d = db(store);
  const chunk = opts.chunk ?? 50_000;
  const maxProblems = opts.maxProblems ?? 50;
  const problems: VerifyProblem[] = [];
  const add = (p: VerifyProblem) => {
    if (problems.length < maxProblems) problems.push(p);
  };
  const publicKey = opts.publicKey ?? (await signingKey(store)).publicKey;
  const checkpoints = (await d.selectFrom('audit_checkpoints').selectAll().orderBy('size').execute()).map(checkpointFromRow);
  let cpi = 0;
  let verified = 0;
  let frontier: Array<NodeKey & { hash: Hash }> = [];
  let expected = 0;
  const rootOfFrontier = (): Hash => {
    if (frontier.length === 0) return EMPTY_ROOT;
    let acc = (frontier[frontier.length - 1] as { hash: Hash }).hash;
    for (let i = frontier.length - 2; i >= 0; i--) acc = nodeHash((frontier[i] as { hash: Hash }).hash, acc);
    return acc;
  };
  const checkCheckpointsAt = (size: number) => {
    while (cpi < checkpoints.length && (checkpoints[cpi] as Checkpoint).size === size) {
      const cp = checkpoints[cpi] as Checkpoint;
      if (!verifyCheckpointSignature(cp, publicKey)) add({ code: 'checkpoint_signature_invalid', message: `the checkpoint of size ${cp.size} is not signed by the node's audit key` });
      else if (rootOfFrontier().toString('hex') !== cp.root) add({ code: 'checkpoint_root_mismatch', message: `the log's first ${cp.size} events no longer hash to the root signed at ${cp.signedAt}: an event before #${cp.size} was changed, removed, inserted or reordered` });
      else verified++;
      cpi++;
    }
  };
  checkCheckpointsAt(0);
  // The indexed columns must say what the signed entry says: checked by the database, in one
  // pass, on another connection while this process recomputes the tree (PostgreSQL runs the
  // two side by side; PGlite takes them in turn). Its problems are listed first.
  const columnProblems: VerifyProblem[] = [];
  const driftDone = sql<{ seq: number; col: string }>`
    SELECT seq, col FROM (
      SELECT seq, CASE
        WHEN (j ->> 'seq')::bigint IS DISTINCT FROM seq THEN 'seq'
        WHEN j ->> 'action' IS DISTINCT FROM action THEN 'action'
        WHEN j ->> 'decision' IS DISTINCT FROM decision THEN 'decision'
        WHEN j -> 'actor' ->> 'userId' IS DISTINCT FROM actor_user_id THEN 'actor_user_id'
        WHEN j -> 'actor' ->> 'orgId' IS DISTINCT FROM actor_org_id THEN 'actor_org_id'
        WHEN j ->> 'ownerOrgId' IS DISTINCT FROM owner_org_id THEN 'owner_org_id'
        WHEN j -> 'agreement' ->> 'id' IS DISTINCT FROM agreement_id THEN 'agreement_id'
        WHEN j -> 'agreement' ->> 'versionHash' IS DISTINCT FROM agreement_hash THEN 'agreement_hash'
        WHEN (j ->> 'at')::timestamptz IS DISTINCT FROM at THEN 'at'
      END AS col
      -- OFFSET 0 keeps the subquery from being flattened: each entry is parsed once, not once per comparison.
      FROM (SELECT seq, at, action, decision, actor_user_id, actor_org_id, owner_org_id, agreement_id, agreement_hash, entry::jsonb AS j FROM audit_events OFFSET 0) parsed
    ) checked
    WHERE col IS NOT NULL
    ORDER BY seq LIMIT ${maxProblems}`
    .execute(d)
    .then(
      (drift) => {
        for (const r of drift.rows) {
          const seq = Number(r.seq);
          if (r.col === 'seq') columnProblems.push({ code: 'entry_mismatch', seq, message: `event #${seq} says it is another event: events were moved or reordered` });
          else columnProblems.push({ code: 'column_mismatch', seq, message: `event #${seq}: column ${r.col} differs from the signed entry` });
        }
      },
      () => {
        columnProblems.push({ code: 'unparseable_entry', message: 'some entries are no longer valid JSON, so their indexed columns could not be compared; the tree check below names them' });
      },
    );
  let lastSeq = -1;
  for (;;) {
    const events = await d.selectFrom('audit_events').select(['seq', 'entry']).where('seq', '>', lastSeq).orderBy('seq').limit(chunk).execute();
    if (events.length === 0) break;
    const last = Number((events[events.length - 1] as { seq: number }).seq);
    const stored = await storedNodes(d, expected, expected + events.length);
    // Stored nodes come in (last leaf, level) order — the order in which appending creates them — so they are compared in step.
    let si = 0;
    let i = 0;
    while (i < events.length) {
      // Positions are what the tree is built on; a stored sequence number out of step is a gap.
      const seq = Number((events[i] as { seq: number }).seq);
      if (seq !== expected + 0) add({ code: 'gap', seq: expected, message: `event #${expected} is missing from the log (the next one stored is #${seq}): events were removed or renumbered` });
      // Take events up to the next checkpoint size (or a gap), append them in one go, then compare.
      const nextCp = cpi < checkpoints.length ? (checkpoints[cpi] as Checkpoint).size : Infinity;
      let j = i + 1;
      while (j < events.length && expected + (j - i) < nextCp && Number((events[j] as { seq: number }).seq) === seq + (j - i)) j++;
      const leaves = events.slice(i, j).map((e) => leafHash(e.entry));
      const { nodes, frontier: next } = appendLeaves(expected, frontier, leaves);
      frontier = next;
      for (const n of nodes) {
        const ll = lastLeafOf(n);
        while (si < stored.length && ((stored.lastLeaf[si] as number) < ll || (stored.lastLeaf[si] === ll && (stored.level[si] as number) < n.level))) {
          add({ code: 'node_extra', message: `tree node ${stored.level[si]}:${stored.lastLeaf[si]} has no event under it` });
          si++;
        }
        if (si >= stored.length || stored.lastLeaf[si] !== ll || stored.level[si] !== n.level) {
          add({ code: 'node_missing', seq: ll, message: `tree node ${n.level}:${n.idx} (completed by event #${ll}) is missing` });
          continue;
        }
        si++;
        if (!stored.hashEquals(si - 1, n.hash)) add({ code: n.level === 0 ? 'entry_mismatch' : 'node_mismatch', seq: ll, message: n.level === 0 ? `event #${ll} was changed after it was logged: its hash differs from the one in the tree` : `tree node ${n.level}:${n.idx} does not match the events under it (changed near event #${ll})` });
      }
      expected += j - i;
      checkCheckpointsAt(expected);
      i = j;
    }
    for (; si < stored.length; si++) add({ code: 'node_extra', message: `tree node ${stored.level[si]}:${stored.lastLeaf[si]} has no event under it` });
    lastSeq = last;
    if (events.length < chunk) break;
  }
  for (; cpi < checkpoints.length; cpi++) {
    const cp = checkpoints[cpi] as Checkpoint;
    add({ code: 'checkpoint_beyond_log', message: `a checkpoint was signed at size ${cp.size} but the log now has only ${expected} events: events were removed from its end` });
  }
  await driftDone;
  const treeProblems = problems.splice(0);
  for (const p of [...columnProblems, ...treeProblems]) add(p);
  const lastCp = checkpoints[checkpoints.length - 1];
  return {
    ok: problems.length === 0, size: expected, root: rootOfFrontier().toString('hex'), checkpointsVerified: verified,
    unsignedTail: expected - Math.min(expected, lastCp?.size ?? 0), problems, elapsedMs: Math.round(performance.now() - t0),
  };
}

/** Stored tree nodes of a range of leaves, in (last leaf, level) order. */
interface StoredNodes {
  length: number;
  lastLeaf: number[];
  level: number[];
  hashEquals(i: number, h: Buffer): boolean;
}

/**
 * Reads the stored nodes completed by leaves [from, to) as three aggregates (keys as arrays, the
 * hashes concatenated) rather than one row object per node: a million-event log has two
 * million nodes. If any stored hash is not 32 bytes (tampering), the concatenation would not
 * line up, so that range is read row by row instead.
 */
async function storedNodes(d: Db, from: number, to: number): Promise<StoredNodes> {
  const agg = await sql<{ ll: Array<string | number> | null; lv: Array<string | number> | null; h: Uint8Array | null; ok: boolean | null }>`
    SELECT array_agg(last_leaf ORDER BY last_leaf, level) AS ll, array_agg(level ORDER BY last_leaf, level) AS lv,
           string_agg(hash, ''::bytea ORDER BY last_leaf, level) AS h, bool_and(hash IS NOT NULL AND octet_length(hash) = 32) AS ok
    FROM audit_nodes WHERE last_leaf >= ${from} AND last_leaf < ${to}`.execute(d);
  const r = agg.rows[0];
  if (!r || r.ll === null) return { length: 0, lastLeaf: [], level: [], hashEquals: () => false };
  if (r.ok && r.h && r.lv) {
    const all = toBuf(r.h);
    return { length: r.ll.length, lastLeaf: r.ll.map(Number), level: r.lv.map(Number), hashEquals: (i, h) => all.compare(h, 0, 32, i * 32, i * 32 + 32) === 0 };
  }
  const rows = await d.selectFrom('audit_nodes').select(['last_leaf', 'level', 'hash']).where('last_leaf', '>=', from).where('last_leaf', '<', to).orderBy('last_leaf').orderBy('level').execute();
  return { length: rows.length, lastLeaf: rows.map((x) => Number(x.last_leaf)), level: rows.map((x) => Number(x.level)), hashEquals: (i, h) => toBuf((rows[i] as { hash: Uint8Array }).hash).equals(h) };
}

/** Events of the log, for auditors: those done by their organisation or touching its data. */
export async function listAuditEvents(store: Store, filter: { orgId?: string; agreementId?: string; afterSeq?: number; limit: number }): Promise<AuditEvent[]> {
  let q = db(store).selectFrom('audit_events').select(['entry']).orderBy('seq');
  if (filter.orgId) {
    const org = filter.orgId;
    q = q.where((eb) => eb.or([eb('actor_org_id', '=', org), eb('owner_org_id', '=', org)]));
  }
  if (filter.agreementId) q = q.where('agreement_id', '=', filter.agreementId);
  if (filter.afterSeq !== undefined) q = q.where('seq', '>', filter.afterSeq);
  const rows = await q.limit(filter.limit).execute();
  return rows.map((r) => JSON.parse(r.entry) as AuditEvent);
}

export async function auditSize(store: Store): Promise<number> {
  return sizeOf(db(store));
}
