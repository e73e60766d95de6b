/**
 * The one place access is decided. Routes and commands never test roles, organisations or
 * agreements themselves:
 *
 * - `decide` answers role-level questions (directory, writes, governance actions);
 * - `withAccess` is the only way records are read: it asks Cedar once per query whether the
 *   person may read, export or count records (their own organisation's, or under an agreement
 *   for a stated purpose), compiles the answer into a row filter and a field projection that
 *   the query applies in SQL, and audits the decision with the agreement's version hash.
 */
export * from './decide.ts';
export { withAccess, decideFor, reportRowFilter, contactRowFilter, pseudonymKey, type AccessTools, type AccessOutcome, type AccessCall } from './access.ts';
export { decideAccess, rowVisible, explain, type AccessPlan, type AccessDenial, type AccessDecision, type AccessRequest, type RowFilter, type RowFacts, type LoadedAgreement } from './plan.ts';
export { POLICIES, evaluate } from './cedar.ts';
export * from './terms.ts';
export { draftAgreement, acceptAgreement, revokeAgreement, getAgreement, listAgreements, agreementAsJsonLd, loadAgreement, effectiveState, type AgreementView } from './agreements.ts';
export { recordConsent, withdrawConsent, recordSafeguardingOverride, consentHistory, ConsentRecordInput, SafeguardingOverrideInput, type ConsentEvent } from './consent.ts';
export { sealField, openField, openFields, destroyDataKey, dataKey, masterKey, type Opened } from './envelope.ts';
export { runRetention, setRetentionAction, listTombstones, tombstonesSince, type RetentionReport, type RetentionItem, type Tombstone } from './retention.ts';
export type { GovernanceTables } from './tables.ts';
export { decideExchange, decideIncomingRecord, incomingRecordCheck, decideIncomingFeedback, type ExchangeAction, type ExchangeDecision, type MirroredAgreement, type IncomingRecord } from './exchange.ts';
