import { sql } from 'kysely';
import type { Principal } from '../identity/principal.ts';
import type { Purpose } from '../model/index.ts';
import { withAccess, type AccessCall, type AccessPlan, type ReportField } from '../policy/index.ts';
import { TesseraError } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';

/**
 * Whose rows an indicator counts: the organisation's own, plus what each agreement in force
 * shares with it for counting (action "aggregate"), nothing else. Every part is decided by the
 * policy module (`withAccess`, one audited decision per agreement); an agreement that does not
 * allow the count, or hides a field the indicator needs, is left out and said so in the coverage.
 */

/** One disjoint slice of rows: an organisation's reports, optionally only some datasets, from a time, with a consent rule. */
export interface Piece {
  orgId: string;
  datasetIds: string[] | null;
  /** Rows reported at or after this instant (an agreement's retention window). */
  from: string | null;
  consent: AccessPlan['rows']['consent'];
  basis: 'own-organisation' | 'agreement';
  agreement: { id: string; slug: string; version: number; versionHash: string } | null;
}

export interface Exclusion {
  agreement: string;
  reason: string;
}

export type ScopeOption = 'all' | 'own' | (string & {});

export interface ScopeRequest {
  scope: ScopeOption;
  purpose: Purpose;
  /** Report fields the computation needs in clear. */
  fields: ReportField[];
  resource: string;
  details: Record<string, unknown>;
}

interface Candidate {
  call: AccessCall;
  label: string;
  optional: boolean;
}

async function agreementsReceived(store: Store, orgId: string): Promise<Array<{ id: string; slug: string }>> {
  const rows = await sql<{ id: string; slug: string; terms: unknown }>`SELECT id, slug, terms FROM agreements WHERE state = 'active' ORDER BY slug, id`.execute(store.db);
  return rows.rows
    .filter((r) => {
      const t = (typeof r.terms === 'string' ? JSON.parse(r.terms) : r.terms) as { recipients?: Array<{ orgId: string }> };
      return (t.recipients ?? []).some((x) => x.orgId === orgId);
    })
    .map((r) => ({ id: r.id, slug: r.slug }));
}

/**
 * Runs `fn` with the pieces of every plan granted, inside the access decisions (so each is
 * audited with what it read). A denial of the organisation's own rows, or of the one agreement
 * asked for by name, is an error; under "all" a denied agreement is only left out.
 */
export async function withScope<T>(store: Store, principal: Principal, req: ScopeRequest, fn: (pieces: Piece[], excluded: Exclusion[]) => Promise<T>): Promise<T> {
  const base = { action: 'aggregate' as const, resource: req.resource, details: req.details };
  const candidates: Candidate[] = [];
  if (req.scope === 'all' || req.scope === 'own') candidates.push({ call: { ...base }, label: 'own', optional: false });
  if (req.scope === 'all') for (const a of await agreementsReceived(store, principal.orgId)) candidates.push({ call: { ...base, agreementId: a.id, purpose: req.purpose }, label: a.slug, optional: true });
  if (req.scope !== 'all' && req.scope !== 'own') candidates.push({ call: { ...base, agreementId: req.scope, purpose: req.purpose }, label: req.scope, optional: false });

  const plans: AccessPlan[] = [];
  const excluded: Exclusion[] = [];
  const step = async (i: number): Promise<T> => {
    if (i === candidates.length) return fn(piecesOf(plans, req.fields, excluded), excluded);
    const c = candidates[i] as Candidate;
    let entered = false;
    try {
      return await withAccess(store, principal, c.call, async (plan) => {
        entered = true;
        plans.push(plan);
        return { result: await step(i + 1) };
      });
    } catch (e) {
      if (entered || !c.optional || !(e instanceof TesseraError) || e.code !== 'forbidden') throw e;
      excluded.push({ agreement: c.label, reason: e.message.replace(/^Access denied: /, '') });
      return step(i + 1);
    }
  };
  return step(0);
}

/**
 * Plans to disjoint pieces. Two agreements of one provider may share the same dataset: the rows
 * are counted once, under the widest grant (no consent rule, earliest start).
 */
function piecesOf(plans: AccessPlan[], fields: ReportField[], excluded: Exclusion[]): Piece[] {
  const usable: AccessPlan[] = [];
  for (const p of plans) {
    const hidden = fields.filter((f) => p.fields[f] !== 'visible');
    if (hidden.length && p.agreement) {
      excluded.push({ agreement: p.agreement.slug, reason: `it does not share ${hidden.join(', ')} in clear, which this indicator needs` });
      continue;
    }
    usable.push(p);
  }
  const own = usable.find((p) => p.basis === 'own-organisation');
  const out: Piece[] = [];
  if (own) out.push({ orgId: own.ownerOrgId, datasetIds: null, from: null, consent: null, basis: 'own-organisation', agreement: null });
  // Per provider and dataset, the widest grant.
  const best = new Map<string, { plan: AccessPlan; datasetId: string }>();
  const wider = (a: AccessPlan, b: AccessPlan) => {
    if (!a.rows.consent !== !b.rows.consent) return !a.rows.consent;
    return (a.rows.reportedAtOrAfter ?? '') < (b.rows.reportedAtOrAfter ?? '');
  };
  for (const p of usable) {
    if (p.basis !== 'agreement') continue;
    if (own && p.ownerOrgId === own.ownerOrgId) continue;
    for (const ds of p.rows.datasetIds ?? []) {
      const key = `${p.ownerOrgId}\u0001${ds}`;
      const cur = best.get(key);
      if (!cur || wider(p, cur.plan)) best.set(key, { plan: p, datasetId: ds });
    }
  }
  // Group back by plan so each piece is one filter.
  const byPlan = new Map<AccessPlan, string[]>();
  for (const { plan, datasetId } of best.values()) byPlan.set(plan, [...(byPlan.get(plan) ?? []), datasetId]);
  for (const [p, ds] of byPlan) out.push({ orgId: p.ownerOrgId, datasetIds: ds.sort(), from: p.rows.reportedAtOrAfter, consent: p.rows.consent, basis: 'agreement', agreement: p.agreement });
  return out;
}
