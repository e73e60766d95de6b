/**
 * Referral pathways: the service directory (search by a child's country, language, age and
 * need; CSV import), referrals with consent or an audited safeguarding override and a
 * timestamped, attributed lifecycle, and outcomes fed back to the data's source. Across nodes
 * referrals and outcomes travel as STIX 2.1 objects with the Tessera extension, through a
 * transport the exchange provides.
 */
export {
  SERVICE_KINDS, SERVICE_NEEDS, SERVICE_CSV_COLUMNS, ServiceInput, Service, ServiceContact, ServiceSearch, upsertService, getService, searchServices, importServicesCsv, serviceId,
  type ServiceMatch, type ImportSummary,
} from './services.ts';
export {
  ReferralCreate, ReferralUpdate, ReferralView, ReferralStep, ReferralFilter, REFERRAL_PURPOSES, createReferral, updateReferral, getReferral, listReferrals, referralCounts,
  type ReferralOptions, type ReferralPage,
} from './referrals.ts';
export { TRANSITIONS, nextStatuses, checkTransition, type ReferralStatus, type Party } from './lifecycle.ts';
export { OutcomeRecord, OutcomeView, OutcomeFilter, POSITIVE_OUTCOMES, isPositive, recordOutcome, listOutcomes, type OutcomeType, type OutcomeOptions, type OutcomePage } from './outcomes.ts';
export { REFERRAL_EXTENSION_ID, REFERRAL_STIX_TYPE, OUTCOME_STIX_TYPE, referralExtensionDefinition, referralToStix, outcomeToStix, receiveReferralObjects, applyReferralObjects, type ReceiveSummary } from './stix.ts';
export { loopbackTransport, useReferralTransport, referralTransportOf, type ReferralTransport, type DeliveryMessage, type ReceiveContext, type StixObject } from './transport.ts';
export type { ReferralTables } from './tables.ts';
export { exchangeTransport, linkExchange } from './exchange-link.ts';

import { linkExchange } from './exchange-link.ts';
// Objects arriving through the exchange are applied by this module wherever it is loaded.
linkExchange();
