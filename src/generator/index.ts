/**
 * The synthetic data generator: the one source of demo, test and benchmark data.
 *
 * Everything is deterministic: the same seed gives byte-identical output on any machine
 * (seeded sfc32 streams, a fixed reference time instead of the clock). Nothing is real: the
 * organisations and people are invented, URLs are under `.example`, identifiers are
 * pseudonyms (keyed hashes) and content is only ever hashes — random bytes shaped like hashes.
 *
 *   generateEcosystem({ seed })                       organisations, datasets, demo users
 *   generateReports({ seed, count, batchSize, … })    report bundles, streamed in batches
 *   generateContacts({ seed, count, batchSize, … })   helpline contacts, streamed in batches
 */
export {
  generateEcosystem, ORG_SPECS, orgId, datasetId, findOrgSpec,
  GENERATOR_NAME, GENERATOR_VERSION, DEFAULT_SEED, DEFAULT_START_AT, DEFAULT_MONTHS,
  type Ecosystem, type DemoUser, type DemoRole, type OrgSpec,
} from './ecosystem.ts';
export { generateReports, reportWithSource, REPORT_SOURCES, type GenerateReportsOptions } from './reports.ts';
export { generateContacts, contactWithSource, CONTACT_SOURCES, type GenerateContactsOptions } from './contacts.ts';
export { knownFiles, repeatActors, hostingDomains, pseudonymKey, PLATFORM_SLUGS, REPEAT_ACTORS, type KnownFile, type RepeatActor } from './context.ts';
export { Rng, Weighted, weighted } from './prng.ts';
export { canonicalJson } from './ids.ts';
export type { ReportBundle } from '../store/repositories/records.ts';
export { writeSyntheticFiles, loadIntoStore, type SyntheticRun, type SyntheticCounts, type FileSummary } from './sinks.ts';
