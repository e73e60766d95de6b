import { randomBytes } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import { appendAudit, viewedRecords } from '../audit/index.ts';
import type { Principal } from '../identity/principal.ts';
import { pseudonymOfNormalised } from '../privacy/identifiers.ts';
import { AuthError, TesseraError } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import { loadAgreement } from './agreements.ts';
import { openField, sealField } from './envelope.ts';
import { decideAccess, type AccessDecision, type AccessPlan, type AccessRequest, type RowFilter } from './plan.ts';

/**
 * The one way records are read: decide (one Cedar evaluation), compile, run the query the
 * caller builds from the plan, audit who viewed what under which agreement version. A denial
 * is audited too and raised with its reason.
 */
export interface AccessTools {
  /** Keyed pseudonym of a value, stable within the agreement and useless outside it. */
  pseudonymise(value: string): string;
}

export interface AccessOutcome<T> {
  result: T;
  /** Ids of the records returned (logged as ids, or as a count and digest when many). */
  viewed?: readonly string[];
  details?: Record<string, unknown>;
}

export interface AccessCall extends AccessRequest {
  /** What is read, for the audit log: `reports`, a report id, `reports.export`, … */
  resource: string;
  /** Request details worth keeping in the log (filters). */
  details?: Record<string, unknown>;
  /** Decision time (tests); defaults to now. */
  now?: Date;
}

export async function decideFor(store: Store, principal: Principal, call: AccessRequest & { now?: Date }): Promise<AccessDecision> {
  const now = call.now ?? new Date();
  const agreement = call.agreementId ? await loadAgreement(store, call.agreementId, principal.orgId) : null;
  return decideAccess(principal, call, agreement, now);
}

export async function withAccess<T>(store: Store, principal: Principal, call: AccessCall, run: (plan: AccessPlan, tools: AccessTools) => Promise<AccessOutcome<T>>): Promise<T> {
  const decision = await decideFor(store, principal, call);
  const actor = { userId: principal.userId, orgId: principal.orgId, via: principal.via };
  const base = {
    action: `report.${call.action}`, actor, ownerOrgId: decision.ownerOrgId, agreement: decision.agreement ? { id: decision.agreement.id, version: decision.agreement.version, versionHash: decision.agreement.versionHash } : null,
    purpose: decision.purpose, resource: call.resource,
  };
  if (!decision.allowed) {
    await appendAudit(store, [{ ...base, decision: 'deny', reason: decision.reason, details: { ...call.details, policies: decision.policies } }]);
    throw new AuthError('forbidden', `Access denied: ${decision.reason}.`);
  }
  const tools = await toolsFor(store, decision);
  let outcome: AccessOutcome<T>;
  try {
    outcome = await run(decision, tools);
  } catch (e) {
    if (e instanceof TesseraError) await appendAudit(store, [{ ...base, decision: 'deny', reason: e.message, details: { ...call.details, code: e.code } }]);
    throw e;
  }
  await appendAudit(store, [{ ...base, decision: 'allow', reason: decision.reason, details: { ...call.details, ...outcome.details, ...viewedRecords(outcome.viewed ?? []), fields: decision.fields } }]);
  return outcome.result;
}

async function toolsFor(store: Store, plan: AccessPlan): Promise<AccessTools> {
  const needsKey = plan.agreement && Object.values(plan.fields).includes('pseudonymised');
  if (!needsKey || !plan.agreement) return { pseudonymise: () => { throw new Error('no pseudonymised field in this plan'); } };
  const key = await pseudonymKey(store, plan.agreement.id);
  return { pseudonymise: (value) => pseudonymOfNormalised(key, 'value', value) };
}

/** The agreement's pseudonymisation key: random, sealed at rest under a data key of the agreement. */
export async function pseudonymKey(store: Store, agreementId: string): Promise<Buffer> {
  const at = { recordId: agreementId, field: 'pseudonym-key', datasetId: agreementId, period: 'pseudonyms' };
  let opened = await openField(store, agreementId, 'pseudonym-key');
  if (opened.state === 'absent') {
    await sealField(store, at, randomBytes(32));
    opened = await openField(store, agreementId, 'pseudonym-key');
  }
  if (opened.state !== 'ok') throw new TesseraError('pseudonym_key_destroyed', `The pseudonymisation key of agreement ${agreementId} was destroyed; nothing can be shared under it any more.`, { status: 409 });
  return opened.value;
}

/**
 * The row filter as SQL over `reports` (aliased `alias`): the only way shared rows are chosen.
 * Consent: the report has children, and each has current consent for the purpose (or, when the
 * agreement allows it, a safeguarding override).
 */
export function reportRowFilter(f: RowFilter, alias = 'reports'): RawBuilder<boolean> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const parts: RawBuilder<unknown>[] = [];
  if (f.sourceOrgIds.length === 0) return sql<boolean>`false`;
  parts.push(sql`${col('source_org_id')} IN (${sql.join(f.sourceOrgIds)})`);
  if (f.datasetIds) parts.push(f.datasetIds.length ? sql`${col('dataset_id')} IN (${sql.join(f.datasetIds)})` : sql`false`);
  if (f.reportedAtOrAfter) parts.push(sql`${col('reported_at')} >= ${f.reportedAtOrAfter}::timestamptz`);
  if (f.consent) {
    const ok = f.consent.allowOverride ? sql`cs.status IN ('given', 'safeguarding-override')` : sql`cs.status = 'given'`;
    parts.push(sql`EXISTS (SELECT 1 FROM children c0 WHERE c0.report_id = ${col('id')})`);
    parts.push(sql`NOT EXISTS (SELECT 1 FROM children c1 WHERE c1.report_id = ${col('id')} AND NOT EXISTS (
      SELECT 1 FROM consent_state cs WHERE cs.subject_ref = c1.id AND cs.purpose = ${f.consent.purpose} AND ${ok} AND (cs.expires_at IS NULL OR cs.expires_at > now())))`);
  }
  return sql<boolean>`(${sql.join(parts, sql` AND `)})`;
}
