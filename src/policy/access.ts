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
  /**
   * The same pseudonym computed by the database, for queries that build their output in SQL
   * (bulk export): a function from a text expression to its pseudonym, or null when the
   * database cannot compute exactly what `pseudonymise` computes (then the caller pseudonymises
   * in Node). Checked against `pseudonymise` on a probe value before use, so a change to one
   * side never yields two different pseudonyms for one value.
   */
  sqlPseudonymiser(): Promise<((text: RawBuilder<string>) => RawBuilder<string>) | null>;
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
  /** Which records: reports (default) or helpline contacts; names the audit action (`contact.read`) and the projection logged. */
  records?: 'report' | 'contact';
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
    action: `${call.records ?? 'report'}.${call.action}`, actor, ownerOrgId: decision.ownerOrgId, agreement: decision.agreement ? { id: decision.agreement.id, version: decision.agreement.version, versionHash: decision.agreement.versionHash } : null,
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
  await appendAudit(store, [{ ...base, decision: 'allow', reason: decision.reason, details: { ...call.details, ...outcome.details, ...viewedRecords(outcome.viewed ?? []), fields: call.records === 'contact' ? decision.contactFields : decision.fields } }]);
  return outcome.result;
}

async function toolsFor(store: Store, plan: AccessPlan): Promise<AccessTools> {
  const needsKey = plan.agreement && [...Object.values(plan.fields), ...Object.values(plan.contactFields)].includes('pseudonymised');
  if (!needsKey || !plan.agreement) return { pseudonymise: () => { throw new Error('no pseudonymised field in this plan'); }, sqlPseudonymiser: () => Promise.resolve(null) };
  const key = await pseudonymKey(store, plan.agreement.id);
  const pseudonymise = (value: string) => pseudonymOfNormalised(key, 'value', value);
  return { pseudonymise, sqlPseudonymiser: () => sqlPseudonymiserFor(store, key, pseudonymise) };
}

/**
 * HMAC-SHA-256 written with the database's built-in sha256() (no extension needed, PGlite
 * too): H((K ^ opad) || H((K ^ ipad) || m)), the padded keys passed as parameters, then the
 * pseudonym's text form. Used only if it gives exactly what `pseudonymise` gives for a probe.
 * The padded keys travel as query parameters: do not log statement parameters on this server.
 */
async function sqlPseudonymiserFor(store: Store, key: Buffer, pseudonymise: (v: string) => string): Promise<((text: RawBuilder<string>) => RawBuilder<string>) | null> {
  if (key.length > 64) return null;
  const block = Buffer.alloc(64);
  key.copy(block);
  const ipad = Buffer.from(block.map((b) => b ^ 0x36));
  const opad = Buffer.from(block.map((b) => b ^ 0x5c));
  const fn = (text: RawBuilder<string>) => sql<string>`('pseu_' || left(translate(encode(sha256(${opad}::bytea || sha256(${ipad}::bytea || convert_to(${text}, 'UTF8'))), 'base64'), '+/', '-_'), 27))`;
  const probe = 'tessera-probe-ünï-' + randomBytes(6).toString('hex');
  try {
    const r = await sql<{ p: string }>`SELECT ${fn(sql<string>`${probe}::text`)} AS p`.execute(store.db);
    return r.rows[0]?.p === pseudonymise(probe) ? fn : null;
  } catch {
    return null;
  }
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

/**
 * The row filter as SQL over `contacts` (aliased `alias`): the same plan, read on the contact's
 * own columns — its time is `contact_at`, and consent is the contact's own (a helpline contact
 * is the child's, or a caregiver's, own conversation).
 */
export function contactRowFilter(f: RowFilter, alias = 'contacts'): RawBuilder<boolean> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const parts: RawBuilder<unknown>[] = [];
  if (f.sourceOrgIds.length === 0) return sql<boolean>`false`;
  parts.push(sql`${col('source_org_id')} IN (${sql.join(f.sourceOrgIds)})`);
  if (f.datasetIds) parts.push(f.datasetIds.length ? sql`${col('dataset_id')} IN (${sql.join(f.datasetIds)})` : sql`false`);
  if (f.reportedAtOrAfter) parts.push(sql`${col('contact_at')} >= ${f.reportedAtOrAfter}::timestamptz`);
  if (f.consent) {
    const ok = f.consent.allowOverride ? sql`cs.status IN ('given', 'safeguarding-override')` : sql`cs.status = 'given'`;
    parts.push(sql`EXISTS (SELECT 1 FROM consent_state cs WHERE cs.subject_ref = ${col('id')} AND cs.purpose = ${f.consent.purpose} AND ${ok} AND (cs.expires_at IS NULL OR cs.expires_at > now()))`);
  }
  return sql<boolean>`(${sql.join(parts, sql` AND `)})`;
}
