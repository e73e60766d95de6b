/**
 * What travels: STIX 2.1 objects of two types Tessera defines with an extension definition of
 * type `new-sdo` (STIX 2.1 §7.3), so any STIX consumer can read, store and ignore them:
 *
 * - `tessera-report`: one shared report as the agreement lets it travel (`record`: the fields
 *   the projection shows, pseudonyms in place of pseudonymised values, nested groups the
 *   agreement shares), with `agreement_ref`. A withdrawal or deletion is the same object with
 *   `revoked: true` and a later `modified` (the STIX way to withdraw), plus `tombstone`.
 * - `tessera-feedback` (and any other `tessera-*` type the referral module sends): an object
 *   about a record, travelling back towards the source, with `about_ref`.
 *
 * Report and STIX ids share their UUID: `report--U` ↔ `tessera-report--U`.
 */
export const EXCHANGE_EXTENSION_ID = 'extension-definition--3f5d0c4e-8b1a-4c2e-9a7d-6e4b2f1c0d93';
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

const CREATED = '2026-11-22T00:00:00.000Z';

export function exchangeExtensionDefinition(): Record<string, unknown> {
  return {
    type: 'extension-definition', spec_version: '2.1', id: EXCHANGE_EXTENSION_ID, created: CREATED, modified: CREATED,
    created_by_ref: 'identity--2f0b9e1a-4c7d-4e55-8a21-5d9c3b7e6f40',
    name: 'Tessera exchange objects',
    description: 'New STIX domain objects of the Tessera federation: tessera-report (a report as a data-sharing agreement lets it travel: record, agreement_ref; revoked=true with tombstone when withdrawn or deleted) and tessera-feedback (an outcome or opinion about a shared report, with about_ref, travelling back to the source). No abuse content: metadata, hashes and pseudonyms only.',
    schema: 'https://tessera.example/schemas/stix-extension/v1/tessera-exchange.json',
    version: '1.0.0', extension_types: ['new-sdo'],
  };
}

const ext = { [EXCHANGE_EXTENSION_ID]: { extension_type: 'new-sdo' } };
const uuidOf = (id: string) => id.slice(id.indexOf('--') + 2);

export const stixIdOfRecord = (recordId: string): string => `tessera-report--${uuidOf(recordId)}`;
export const recordIdOfStix = (stixId: string): string => `report--${uuidOf(stixId)}`;
/** STIX timestamps: UTC, millisecond precision. */
export const stixTime = (d: Date | string): string => new Date(d).toISOString();

export function reportObject(record: Record<string, unknown> & { id: string; reportedAt?: string }, agreementId: string, modified: Date | string): Record<string, unknown> {
  const m = stixTime(modified);
  const created = record.reportedAt && record.reportedAt < m ? stixTime(record.reportedAt) : m;
  return { type: 'tessera-report', spec_version: '2.1', id: stixIdOfRecord(record.id), created, modified: m, extensions: ext, agreement_ref: agreementId, record };
}

const EXT_JSON = JSON.stringify(ext);

/**
 * `reportObject` as JSON text, around a record already serialised (the database builds it:
 * `reportLineSql` of the records module): the same members in the same order. Both times are
 * STIX timestamps already (`stixTime`), so they compare as text and are written as they are.
 */
export function reportObjectJson(recordJson: string, recordId: string, reportedAt: string | undefined, agreementId: string, modified: string): string {
  const m = modified;
  const created = reportedAt && reportedAt < m ? reportedAt : m;
  return `{"type":"tessera-report","spec_version":"2.1","id":${JSON.stringify(stixIdOfRecord(recordId))},"created":"${created}","modified":"${m}","extensions":${EXT_JSON},"agreement_ref":${JSON.stringify(agreementId)},"record":${recordJson}}`;
}

export interface TombstoneFacts {
  recordId: string;
  action: string;
  cause: string;
  reason: string;
  at: Date | string;
}

export function tombstoneObject(t: TombstoneFacts, agreementId: string): Record<string, unknown> {
  const m = stixTime(t.at);
  return { type: 'tessera-report', spec_version: '2.1', id: stixIdOfRecord(t.recordId), created: m, modified: m, revoked: true, extensions: ext, agreement_ref: agreementId, tombstone: { action: t.action, cause: t.cause, reason: t.reason } };
}

export const FEEDBACK_OUTCOMES = ['true-positive', 'false-positive', 'disputed', 'content-removed', 'child-safeguarded', 'investigation-opened', 'referral-completed'] as const;
export type FeedbackOutcome = (typeof FEEDBACK_OUTCOMES)[number];

/** Any Tessera-extension object about a record (feedback, referral, outcome…). */
export function aboutObject(type: string, id: string, aboutRecordId: string, agreementId: string, body: Record<string, unknown>, at: Date | string): Record<string, unknown> {
  const m = stixTime(at);
  return { ...body, type, spec_version: '2.1', id, created: m, modified: m, extensions: ext, about_ref: stixIdOfRecord(aboutRecordId), agreement_ref: agreementId };
}
