/**
 * Deconfliction and cases across reports. `runLinkage` reads the reports an actor may read in
 * a scope — their own organisation's, or under an agreement (the provider's shared reports and
 * the actor's own) — links them (`engine.ts`), stores every link with its explanation, turns
 * clusters into cases, and marks new reports that join an active case for urgent review.
 * Every read goes through the policy module (`withAccess`) and is audited; case views show only
 * reports the reader may read now, so a case never reveals another organisation's records.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../audit/index.ts';
import type { Principal } from '../identity/principal.ts';
import { Purpose } from '../model/index.ts';
import { decide, pseudonymKey, reportRowFilter, requireAllowed, withAccess, type AccessPlan, type FieldRule } from '../policy/index.ts';
import { pseudonymOfNormalised, type IdentifierKind } from '../privacy/identifiers.ts';
import { pdb, type PrivacyDb } from '../privacy/tables.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import { identifierKey } from './bundles.ts';
import { DEFAULT_MAX_KEY_REPORTS, DEFAULT_PDQ_RADIUS, DEFAULT_WINDOWS, EVIDENCE_KINDS, Evidence, explainLink, linkEvidence, linkEvidenceAsync, type EvidenceKind, type Link } from './engine.ts';
import { PdqJoinPool } from './pdq-join-pool.ts';

export { Evidence, linkEvidence, linkEvidenceAsync, preparePdq, explainLink, EVIDENCE_KINDS, type EvidenceKind, type Link, type LinkageResult, type LinkOptions, type PdqInput } from './engine.ts';
export { PdqJoinPool } from './pdq-join-pool.ts';
export { addBundles, identifierKey, type LinkableBundle } from './bundles.ts';

const DAY = 86_400_000;

export const LinkRunRequest = z
  .strictObject({
    agreement: z.string().max(200).optional().meta({ description: 'Link the provider\'s reports shared under this agreement with your own; absent = your own reports only.' }),
    purpose: Purpose.optional(),
    ipWindowDays: z.number().min(0).max(3650).default(7).meta({ description: 'Largest time between two reports linked by an IP address.' }),
    windowDays: z.number().min(0).max(36500).optional().meta({ description: 'Largest time between two reports linked by any other identifier or content (default: no limit).' }),
    pdqRadius: z.int().min(0).max(63).default(DEFAULT_PDQ_RADIUS),
    maxKeyReports: z.int().min(2).max(1_000_000).default(DEFAULT_MAX_KEY_REPORTS),
    caseEvidence: z.array(z.enum(EVIDENCE_KINDS)).min(1).optional().meta({ description: 'Evidence that joins reports into one case (default: account, email, phone, ip, url).' }),
  })
  .meta({ id: 'LinkRunRequest' });
export type LinkRunRequest = z.input<typeof LinkRunRequest>;

export interface LinkRunSummary {
  scope: string;
  reports: number;
  links: Record<EvidenceKind, number>;
  cases: number;
  newCases: number;
  urgentReviews: number;
  tooCommon: number;
  seconds: number;
}

interface ScopeRead {
  scope: string;
  plans: AccessPlan[];
}

/**
 * The scope key of a run: `org:<id>`, or `agreement:<id>/org:<id>` — per recipient, because an
 * agreement can give each recipient different fields, and a link found on a field one recipient
 * may see must never be shown to another.
 */
function scopeOf(actor: Principal, plan: AccessPlan | null): string {
  return plan?.agreement ? `agreement:${plan.agreement.id}/org:${actor.orgId}` : `org:${actor.orgId}`;
}

/** Loads evidence of the rows a plan allows, with the plan's field rules: hidden fields are not read, pseudonymised ones are re-keyed under the agreement. */
async function loadEvidence(store: Store, plan: AccessPlan, ev: Evidence, rekey: ((kind: EvidenceKind, v: string) => string) | null): Promise<number[]> {
  const f = plan.fields;
  const rows = await store.db.selectFrom('reports as r').select(['r.id', 'r.reported_at']).where(reportRowFilter(plan.rows, 'r')).execute();
  const ids: number[] = [];
  const canTime = f.reportedAt === 'visible';
  for (const r of rows) ids.push(ev.report(r.id, canTime ? new Date(r.reported_at).getTime() : 0));
  const map = (rule: FieldRule, kind: EvidenceKind, v: string) => (rule === 'pseudonymised' ? (rekey ? rekey(kind, v) : null) : v);
  if (f.contentItems !== 'hidden') {
    const items = await sql<{ report_id: string; sha256: string | null; md5: string | null; pdq: string | null; pdq_quality: number | null }>`SELECT c.report_id, c.sha256, c.md5, c.pdq, c.pdq_quality FROM content_items c JOIN reports r ON r.id = c.report_id WHERE ${reportRowFilter(plan.rows, 'r')}`.execute(store.db);
    for (const c of items.rows) {
      const r = ev.indexOf(c.report_id);
      if (r === undefined) continue;
      const h = c.sha256 ? `sha256:${c.sha256.toLowerCase()}` : c.md5 ? `md5:${c.md5.toLowerCase()}` : null;
      const k = h ? map(f.contentItems, 'content', h) : null;
      if (k) ev.key(r, 'content', k);
      // A keyed pseudonym of a PDQ keeps equality only: near-duplicates need the hash itself.
      if (c.pdq && f.contentItems === 'visible') ev.pdq(r, c.pdq.toLowerCase(), c.pdq_quality);
    }
  }
  if (f.subjects !== 'hidden') {
    const ids2 = await sql<{ report_id: string; type: string; value: string; platform: string | null }>`SELECT s.report_id, i->>'type' AS type, i->>'value' AS value, i->>'platform' AS platform
      FROM subjects s JOIN reports r ON r.id = s.report_id CROSS JOIN LATERAL jsonb_array_elements(s.identifiers) i
      WHERE ${reportRowFilter(plan.rows, 'r')} AND i->>'type' IN ('account', 'email', 'phone', 'ip')`.execute(store.db);
    for (const i of ids2.rows) {
      const r = ev.indexOf(i.report_id);
      const k = r === undefined ? null : map(f.subjects, i.type as EvidenceKind, identifierKey(i.type, i.value, i.platform));
      if (r !== undefined && k) ev.key(r, i.type as EvidenceKind, k);
    }
  }
  if (f.signals !== 'hidden') {
    const sigs = await sql<{ report_id: string; type: string; value: string }>`SELECT g.report_id, g.type, g.value FROM signals g JOIN reports r ON r.id = g.report_id
      WHERE ${reportRowFilter(plan.rows, 'r')} AND g.type IN ('email', 'phone', 'ip', 'url')`.execute(store.db);
    for (const g of sigs.rows) {
      const r = ev.indexOf(g.report_id);
      const k = r === undefined ? null : map(f.signals, g.type as EvidenceKind, identifierKey(g.type, g.value));
      if (r !== undefined && k) ev.key(r, g.type as EvidenceKind, k);
    }
  }
  return ids;
}

/** Below this many PDQ hashes the self-join runs on the calling thread (starting threads would cost more). */
const THREADED_PDQ_HASHES = 50_000;
/** Shared by every run of this process; idle threads do not keep it alive. */
let joinPool: PdqJoinPool | null = null;

/** Runs linkage in a scope, stores links and cases, and returns what changed. */
export async function runLinkage(store: Store, actor: Principal, request: LinkRunRequest = {}): Promise<LinkRunSummary> {
  const req = LinkRunRequest.parse(request);
  const t0 = performance.now();
  const ev = new Evidence();
  const read: ScopeRead = { scope: `org:${actor.orgId}`, plans: [] };
  // Own reports, then (under an agreement) the provider's shared reports: two decisions, two audit events.
  let agreementKey: Buffer | null = null;
  if (req.agreement) {
    await withAccess(store, actor, { action: 'link', agreementId: req.agreement, purpose: req.purpose, resource: 'reports.linkage', details: { agreement: req.agreement } }, async (plan) => {
      read.scope = scopeOf(actor, plan);
      const rekeyNeeded = Object.values(plan.fields).includes('pseudonymised');
      agreementKey = rekeyNeeded && plan.agreement ? await pseudonymKey(store, plan.agreement.id) : null;
      const ids = await loadEvidence(store, plan, ev, agreementKey ? rekeyWith(agreementKey) : null);
      read.plans.push(plan);
      return { result: null, details: { reports: ids.length } };
    });
  }
  await withAccess(store, actor, { action: 'link', resource: 'reports.linkage', details: { scope: read.scope } }, async (plan) => {
    // Under an agreement whose fields are pseudonymised, own values are re-keyed the same way so they compare.
    const partner = read.plans[0];
    const own: AccessPlan = partner ? { ...plan, fields: { ...plan.fields, ...Object.fromEntries(Object.entries(partner.fields).map(([k, v]) => [k, v === 'hidden' ? 'hidden' : v])) } } : plan;
    const ids = await loadEvidence(store, own, ev, agreementKey ? rekeyWith(agreementKey) : null);
    read.plans.push(plan);
    return { result: null, details: { reports: ids.length } };
  });
  const windows: Partial<Record<EvidenceKind, number | null>> = { ...DEFAULT_WINDOWS, ip: req.ipWindowDays * DAY };
  if (req.windowDays !== undefined) for (const k of EVIDENCE_KINDS) if (k !== 'ip') windows[k] = req.windowDays * DAY;
  const linkOptions = { windows, pdqRadius: req.pdqRadius, maxKeyReports: req.maxKeyReports, ...(req.caseEvidence ? { caseKinds: req.caseEvidence } : {}) };
  // Many PDQ hashes: the near-duplicate self-join runs on worker threads while this one links the exact keys.
  const result = ev.pdqHex.length >= THREADED_PDQ_HASHES ? await linkEvidenceAsync(ev, linkOptions, (pdq) => (joinPool ??= new PdqJoinPool()).flag(pdq)) : linkEvidence(ev, linkOptions);
  const stored = await storeResult(store, read.scope, ev, result.links, result.clusters, windows);
  const summary: LinkRunSummary = {
    scope: read.scope, reports: ev.size, links: result.stats.links, cases: result.clusters.length, newCases: stored.newCases, urgentReviews: stored.urgent, tooCommon: result.tooCommon.length,
    seconds: (performance.now() - t0) / 1000,
  };
  const db = pdb(store);
  await db.insertInto('linkage_runs').values({ id: `lrun_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`, scope: read.scope, org_id: actor.orgId, user_id: actor.userId, options: JSON.stringify(req), summary: JSON.stringify(summary), at: new Date().toISOString() }).execute();
  return summary;
}

function rekeyWith(key: Buffer): (kind: EvidenceKind, v: string) => string {
  return (kind, v) => pseudonymOfNormalised(key, (kind === 'content' || kind === 'pdq' ? 'url' : kind) as IdentifierKind, `${kind}:${v}`);
}

const caseIdOf = (scope: string, firstReport: string) => 'case_' + createHash('sha256').update(scope).update('\0').update(firstReport).digest('hex').slice(0, 24);

async function storeResult(store: Store, scope: string, ev: Evidence, links: Link[], clusters: number[][], windows: Partial<Record<EvidenceKind, number | null>>): Promise<{ newCases: number; urgent: number }> {
  const db = pdb(store);
  const now = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('report_links').where('scope', '=', scope).execute();
    for (let i = 0; i < links.length; i += 2000) {
      const chunk = links.slice(i, i + 2000);
      const seen = new Set<string>();
      const rows = [];
      for (const l of chunk) {
        const [a, b] = [ev.reportIds[l.a] as string, ev.reportIds[l.b] as string].sort() as [string, string];
        const key = l.key.length > 300 ? l.key.slice(0, 300) : l.key;
        const sig = `${a}|${b}|${l.kind}|${key}`;
        if (seen.has(sig)) continue;
        seen.add(sig);
        rows.push({ scope, a, b, evidence: l.kind, key, detail: JSON.stringify({ distance: l.distance ?? null, gapMs: l.gapMs, explanation: explainLink(l, windows[l.kind] ?? null) }), created_at: now });
      }
      if (rows.length) await trx.insertInto('report_links').values(rows).onConflict((oc) => oc.doNothing()).execute();
    }
    // Existing case of each report in this scope.
    const existing = new Map<string, { caseId: string; status: string }>();
    const prior = await trx.selectFrom('linkage_case_reports as m').innerJoin('linkage_cases as c', 'c.id', 'm.case_id').select(['m.report_id', 'c.id', 'c.status', 'c.created_at']).where('c.scope', '=', scope).orderBy('c.created_at').execute();
    for (const p of prior) if (!existing.has(p.report_id)) existing.set(p.report_id, { caseId: p.id, status: p.status });
    let newCases = 0;
    let urgent = 0;
    for (const cluster of clusters) {
      const ids = cluster.map((r) => ev.reportIds[r] as string).sort();
      const earlier = [...new Set(ids.map((id) => existing.get(id)?.caseId).filter((x): x is string => !!x))];
      let caseId: string;
      let active = false;
      if (earlier.length === 0) {
        caseId = caseIdOf(scope, ids[0] as string);
        await trx.insertInto('linkage_cases').values({ id: caseId, scope, status: 'open', flagged_by_org: null, flagged_by: null, flag_note: null, flagged_at: null, created_at: now, updated_at: now }).onConflict((oc) => oc.doNothing()).execute();
        newCases++;
      } else {
        // Clusters that grew together: the oldest case absorbs the others and keeps any active flag.
        caseId = earlier[0] as string;
        const cases = await trx.selectFrom('linkage_cases').selectAll().where('id', 'in', earlier).execute();
        const flagged = cases.find((c) => c.status === 'active');
        active = !!flagged;
        if (earlier.length > 1) {
          await trx.updateTable('linkage_case_reports').set({ case_id: caseId }).where('case_id', 'in', earlier.slice(1)).where('report_id', 'not in', sql<string>`(SELECT report_id FROM linkage_case_reports WHERE case_id = ${caseId})`).execute();
          if (flagged && flagged.id !== caseId) {
            await trx.updateTable('linkage_cases').set({ status: 'active', flagged_by_org: flagged.flagged_by_org, flagged_by: flagged.flagged_by, flag_note: flagged.flag_note, flagged_at: flagged.flagged_at }).where('id', '=', caseId).execute();
          }
          await trx.deleteFrom('linkage_cases').where('id', 'in', earlier.slice(1)).execute();
        }
        await trx.updateTable('linkage_cases').set({ updated_at: now }).where('id', '=', caseId).execute();
      }
      const members = new Set((await trx.selectFrom('linkage_case_reports').select('report_id').where('case_id', '=', caseId).execute()).map((r) => r.report_id));
      const fresh = ids.filter((id) => !members.has(id));
      if (fresh.length) {
        await trx.insertInto('linkage_case_reports').values(fresh.map((id) => ({ case_id: caseId, report_id: id, added_at: now }))).onConflict((oc) => oc.doNothing()).execute();
        if (active) {
          await trx.insertInto('urgent_reviews').values(fresh.map((id) => ({ report_id: id, case_id: caseId, scope, reason: 'this report links to a case a partner has flagged as under active investigation', created_at: now, reviewed_at: null, reviewed_by: null }))).onConflict((oc) => oc.doNothing()).execute();
          urgent += fresh.length;
        }
      }
    }
    return { newCases, urgent };
  });
}

// ---------------------------------------------------------------- reading cases

export const CaseAccess = z.strictObject({ agreement: z.string().max(200).optional(), purpose: Purpose.optional() });
export type CaseAccess = z.input<typeof CaseAccess>;

export interface CaseSummary {
  id: string;
  scope: string;
  status: string;
  /** Reports in the case that you may read. */
  reports: number;
  urgentReviews: number;
  /** Who flagged it: shown to the flagging organisation only; others see "a partner". */
  flaggedBy: string | null;
  flagNote: string | null;
  flaggedAt: string | null;
  updatedAt: string;
}

export interface CaseDetail extends CaseSummary {
  members: Array<{ reportId: string; addedAt: string; urgent: boolean }>;
  links: Array<{ a: string; b: string; evidence: string; explanation: string; distance: number | null }>;
}

/**
 * Runs fn with the reports the actor may read in a scope: under an agreement, the provider's
 * shared reports and the actor's own; otherwise the own organisation's. One audited decision each.
 */
async function withScope<T>(store: Store, actor: Principal, access: CaseAccess, resource: string, fn: (scope: string, visible: (ids: string[]) => Promise<Set<string>>) => Promise<{ result: T; viewed?: string[] }>): Promise<T> {
  const acc = CaseAccess.parse(access);
  const visibleUnder = (plans: AccessPlan[]) => async (ids: string[]) => {
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += 5000) {
      const chunk = ids.slice(i, i + 5000);
      if (!chunk.length) continue;
      for (const plan of plans) {
        const rows = await store.db.selectFrom('reports').select('id').where('id', 'in', chunk).where(reportRowFilter(plan.rows)).execute();
        for (const r of rows) out.add(r.id);
      }
    }
    return out;
  };
  if (!acc.agreement) {
    return withAccess(store, actor, { action: 'link', resource }, async (plan) => {
      const r = await fn(`org:${actor.orgId}`, visibleUnder([plan]));
      return { result: r.result, viewed: r.viewed ?? [] };
    });
  }
  return withAccess(store, actor, { action: 'link', agreementId: acc.agreement, purpose: acc.purpose, resource }, async (plan) => {
    const own = await withAccess(store, actor, { action: 'link', resource }, async (p) => ({ result: p }));
    const r = await fn(scopeOf(actor, plan), visibleUnder([plan, own]));
    return { result: r.result, viewed: r.viewed ?? [] };
  });
}

function summaryOf(c: { id: string; scope: string; status: string; flagged_by_org: string | null; flag_note: string | null; flagged_at: Date | null; updated_at: Date }, actor: Principal, reports: number, urgent: number): CaseSummary {
  const mine = c.flagged_by_org === actor.orgId;
  return {
    id: c.id, scope: c.scope, status: c.status, reports, urgentReviews: urgent,
    flaggedBy: c.status === 'active' ? (mine ? actor.orgSlug : 'a partner') : null,
    flagNote: c.status === 'active' && mine ? c.flag_note : null,
    flaggedAt: c.flagged_at ? new Date(c.flagged_at).toISOString() : null,
    updatedAt: new Date(c.updated_at).toISOString(),
  };
}

/** Cases in the scope with at least two reports the actor may read; urgent ones first. */
export async function listCases(store: Store, actor: Principal, access: CaseAccess & { status?: string; urgentOnly?: boolean; limit?: number } = {}): Promise<CaseSummary[]> {
  const { status, urgentOnly, limit, ...acc } = access;
  return withScope(store, actor, acc, 'linkage.cases', async (scope, visible) => {
    const db: PrivacyDb = pdb(store);
    let q = db.selectFrom('linkage_cases').selectAll().where('scope', '=', scope);
    if (status) q = q.where('status', '=', status);
    const cases = await q.orderBy('updated_at', 'desc').orderBy('id').execute();
    if (cases.length === 0) return { result: [] };
    const members = await db.selectFrom('linkage_case_reports').select(['case_id', 'report_id']).where('case_id', 'in', cases.map((c) => c.id)).execute();
    const urgentRows = await db.selectFrom('urgent_reviews').select(['case_id', 'report_id']).where('scope', '=', scope).where('reviewed_at', 'is', null).execute();
    const vis = await visible([...new Set(members.map((m) => m.report_id))]);
    const out: CaseSummary[] = [];
    for (const c of cases) {
      const n = members.filter((m) => m.case_id === c.id && vis.has(m.report_id)).length;
      if (n < 2) continue;
      const u = urgentRows.filter((r) => r.case_id === c.id && vis.has(r.report_id)).length;
      if (urgentOnly && u === 0) continue;
      out.push(summaryOf(c, actor, n, u));
    }
    out.sort((a, b) => b.urgentReviews - a.urgentReviews || (a.status === 'active' ? -1 : 0) - (b.status === 'active' ? -1 : 0));
    return { result: out.slice(0, limit ?? 500) };
  });
}

export async function getCase(store: Store, actor: Principal, caseId: string, access: CaseAccess = {}): Promise<CaseDetail> {
  return withScope(store, actor, access, caseId, async (scope, visible) => {
    const db = pdb(store);
    const c = await db.selectFrom('linkage_cases').selectAll().where('id', '=', caseId).where('scope', '=', scope).executeTakeFirst();
    if (!c) throw new NotFoundError('case', caseId);
    const members = await db.selectFrom('linkage_case_reports').selectAll().where('case_id', '=', caseId).orderBy('report_id').execute();
    const vis = await visible(members.map((m) => m.report_id));
    const shown = members.filter((m) => vis.has(m.report_id));
    // Fewer than two readable reports: the case does not exist for this reader.
    if (shown.length < 2) throw new NotFoundError('case', caseId);
    const urgent = new Set((await db.selectFrom('urgent_reviews').select('report_id').where('case_id', '=', caseId).where('reviewed_at', 'is', null).execute()).map((r) => r.report_id));
    const ids = shown.map((m) => m.report_id);
    const links = await db.selectFrom('report_links').selectAll().where('scope', '=', scope).where('a', 'in', ids).where('b', 'in', ids).orderBy('a').orderBy('b').execute();
    const u = shown.filter((m) => urgent.has(m.report_id)).length;
    return {
      result: {
        ...summaryOf(c, actor, shown.length, u),
        members: shown.map((m) => ({ reportId: m.report_id, addedAt: new Date(m.added_at).toISOString(), urgent: urgent.has(m.report_id) })),
        links: links.map((l) => {
          const d = (typeof l.detail === 'string' ? JSON.parse(l.detail) : l.detail) as { explanation: string; distance: number | null };
          return { a: l.a, b: l.b, evidence: l.evidence, explanation: d.explanation, distance: d.distance };
        }),
      },
      viewed: ids,
    };
  });
}

export const CaseFlagRequest = z.strictObject({
  status: z.enum(['active', 'open', 'closed']).default('active'),
  note: z.string().max(2000).optional().meta({ description: 'Why (seen only by your organisation).' }),
  agreement: z.string().max(200).optional(),
  purpose: Purpose.optional(),
});
export type CaseFlagRequest = z.input<typeof CaseFlagRequest>;

/** Flags a case active (investigation under way), or reopens or closes it. Stewards and admins of a party that can see the case. */
export async function flagCase(store: Store, actor: Principal, caseId: string, request: CaseFlagRequest): Promise<CaseSummary> {
  const req = CaseFlagRequest.parse(request);
  requireAllowed(decide(actor, 'write', 'report'));
  const detail = await getCase(store, actor, caseId, { agreement: req.agreement, purpose: req.purpose });
  const now = new Date().toISOString();
  await pdb(store).updateTable('linkage_cases').set(req.status === 'active' ? { status: 'active', flagged_by_org: actor.orgId, flagged_by: actor.userId, flag_note: req.note ?? null, flagged_at: now, updated_at: now } : { status: req.status, updated_at: now }).where('id', '=', caseId).execute();
  await appendAudit(store, [{ action: 'case.flag', decision: 'done', reason: `case marked ${req.status}`, actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, resource: caseId, details: { status: req.status, scope: detail.scope } }]);
  return { ...detail, status: req.status, flaggedBy: req.status === 'active' ? actor.orgSlug : null, flagNote: req.status === 'active' ? (req.note ?? null) : null, flaggedAt: req.status === 'active' ? now : detail.flaggedAt, updatedAt: now };
}

export interface LinkExplanation {
  a: string;
  b: string;
  linked: boolean;
  caseId: string | null;
  /** Direct evidence between the two, or the shortest chain of links through the case. */
  path: Array<{ from: string; to: string; evidence: string; explanation: string }>;
}

/** Why two reports are linked: direct evidence, or the chain of links that puts them in one case. */
export async function explainReports(store: Store, actor: Principal, a: string, b: string, access: CaseAccess = {}): Promise<LinkExplanation> {
  return withScope<LinkExplanation>(store, actor, access, `${a},${b}`, async (scope, visible) => {
    const vis = await visible([a, b]);
    for (const id of [a, b]) if (!vis.has(id)) throw new NotFoundError('report', id);
    const db = pdb(store);
    const caseRow = await db.selectFrom('linkage_case_reports as m').innerJoin('linkage_cases as c', 'c.id', 'm.case_id').select('m.case_id').where('c.scope', '=', scope).where('m.report_id', '=', a).executeTakeFirst();
    const all = await db.selectFrom('report_links').selectAll().where('scope', '=', scope).where((eb) => eb.or([eb('a', 'in', [a, b]), eb('b', 'in', [a, b])])).execute();
    const direct = all.filter((l) => (l.a === a && l.b === b) || (l.a === b && l.b === a));
    const text = (l: { detail: unknown }) => ((typeof l.detail === 'string' ? JSON.parse(l.detail) : l.detail) as { explanation: string }).explanation;
    if (direct.length) return { result: { a, b, linked: true, caseId: caseRow?.case_id ?? null, path: direct.map((l) => ({ from: l.a, to: l.b, evidence: l.evidence, explanation: text(l) })) }, viewed: [a, b] };
    // Breadth-first search over the case's links between reports the reader may see.
    if (!caseRow) return { result: { a, b, linked: false, caseId: null, path: [] }, viewed: [a, b] };
    const memberIds = (await db.selectFrom('linkage_case_reports').select('report_id').where('case_id', '=', caseRow.case_id).execute()).map((m) => m.report_id);
    const seen = await visible(memberIds);
    const links = await db.selectFrom('report_links').selectAll().where('scope', '=', scope).where('a', 'in', [...seen]).where('b', 'in', [...seen]).execute();
    const adj = new Map<string, typeof links>();
    for (const l of links) {
      for (const [x] of [[l.a], [l.b]] as const) {
        const list = adj.get(x) ?? [];
        list.push(l);
        adj.set(x, list);
      }
    }
    const prev = new Map<string, (typeof links)[number]>();
    const queue = [a];
    const visited = new Set([a]);
    while (queue.length) {
      const x = queue.shift() as string;
      if (x === b) break;
      for (const l of adj.get(x) ?? []) {
        const y = l.a === x ? l.b : l.a;
        if (visited.has(y)) continue;
        visited.add(y);
        prev.set(y, l);
        queue.push(y);
      }
    }
    if (!visited.has(b)) return { result: { a, b, linked: false, caseId: caseRow.case_id, path: [] }, viewed: [a, b] };
    const path: LinkExplanation['path'] = [];
    let cur = b;
    while (cur !== a) {
      const l = prev.get(cur) as (typeof links)[number];
      const from = l.a === cur ? l.b : l.a;
      path.unshift({ from, to: cur, evidence: l.evidence, explanation: text(l) });
      cur = from;
    }
    return { result: { a, b, linked: true, caseId: caseRow.case_id, path }, viewed: path.map((p) => p.to).concat(a) };
  });
}
