/**
 * Ingest: one adapter per input format (NCMEC CyberTipline XML, helpline CSV with a mapping, hash
 * lists, STIX 2.1), mapped into the Common Data Model with lineage, written idempotently in
 * resumable batches, and a quarantine for everything that could not be accepted.
 * This file is the module's only entry point.
 */
import type { Principal } from '../identity/principal.ts';
import { HashRegistry } from '../matching/registry.ts';
import type { Store } from '../store/index.ts';
import { TesseraError } from '../shared/errors.ts';
import { adapterFor, type AdapterOptions } from './adapters.ts';
import { pseudonymKey, pseudonymiserFromKey, resolveDataset } from './env.ts';
import type { Encoding, Input } from './input.ts';
import { runIngest } from './pipeline.ts';
import type { IngestFormat, IngestSummary } from './types.ts';

export interface IngestRequest extends AdapterOptions {
  format: IngestFormat;
  inputs: Input[];
  /** Dataset id or slug (records are written there); hash lists go to a hash set instead. */
  dataset?: string;
  encoding?: Encoding;
  /** hashlist / stix indicators: the hash set (slug; created if missing) and its provenance. */
  set?: string;
  setName?: string;
  source?: { name?: string; reference?: string; version?: string };
  batchSize?: number;
  concurrency?: number;
  onProgress?: (records: number) => void;
  stopAfterBatches?: number;
  registry?: HashRegistry;
  /** XML and CSV: parse and map in a reader thread (1) or the main thread (0); default: the reader thread for inputs of 4 MiB or more on 3+ cores. */
  workers?: number;
}

export function slugOf(name: string): string {
  const base = name.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  return base.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'imported';
}

/** Ingests files (or uploads) of one format as the acting principal. */
export async function ingest(store: Store, actor: Principal, req: IngestRequest): Promise<IngestSummary> {
  if (req.inputs.length === 0) throw new TesseraError('no_input', 'Give at least one file to ingest.', { where: { field: 'files' } });
  const adapter = adapterFor(req.format, req);
  const recordKind = req.format === 'helpline-csv' ? 'contact' : 'report';
  const needsDataset = req.format !== 'hashlist';
  const dataset = needsDataset ? await resolveDataset(store, actor, recordKind, req.dataset) : null;
  const needsSet = req.format === 'hashlist' || req.format === 'stix';
  const firstName = req.inputs[0]?.name ?? 'input';
  const hashSet = needsSet
    ? { slug: req.set ?? slugOf(firstName), ...(req.setName ? { name: req.setName } : {}), source: { name: req.source?.name ?? firstName.replace(/^.*[\\/]/, ''), ...(req.source?.reference ? { reference: req.source.reference } : {}), ...(req.source?.version ? { version: req.source.version } : {}) } }
    : undefined;
  const sourceSystem = adapter.sourceSystem;
  const key = await pseudonymKey(store);
  const pseudonymise = pseudonymiserFromKey(key);
  return runIngest(store, actor, {
    adapter,
    inputs: req.inputs,
    dataset: dataset ? { id: dataset.id, ownerOrgId: dataset.ownerOrgId } : null,
    env: {
      orgId: dataset?.ownerOrgId ?? actor.orgId,
      datasetId: dataset?.id ?? null,
      pseudonymise,
      lineage: {
        sourceOrgId: dataset?.ownerOrgId ?? actor.orgId, sourceSystem, collectionPurpose: dataset?.purpose ?? 'content-removal', legalBasis: dataset?.legalBasis ?? 'legitimate-interest',
        adapter: { name: adapter.name, version: adapter.version }, hops: [],
      },
    },
    ...(req.encoding ? { encoding: req.encoding } : {}),
    ...(req.batchSize ? { batchSize: req.batchSize } : {}),
    ...(req.concurrency ? { concurrency: req.concurrency } : {}),
    ...(hashSet ? { hashSet } : {}),
    ...(req.onProgress ? { onProgress: req.onProgress } : {}),
    ...(req.stopAfterBatches !== undefined ? { stopAfterBatches: req.stopAfterBatches } : {}),
    ...(req.registry ? { registry: req.registry } : {}),
    ...(req.workers !== undefined ? { workers: req.workers } : {}),
    mapSettings: { adapterOptions: { ...(req.mapping ? { mapping: req.mapping } : {}), ...(req.mappingFile ? { mappingFile: req.mappingFile } : {}), ...(req.hashType ? { hashType: req.hashType } : {}) }, pseudonymKey: key },
  });
}

export { INGEST_FORMATS, type IngestFormat, type IngestSummary, type Note, type RawRecord, type Unit } from './types.ts';
export { fileInput, streamInput, memoryInput, decode, ENCODINGS, showBadBytes, rawBytes, type Encoding, type Input } from './input.ts';
export { listQuarantine, showQuarantine, correctQuarantine, retryQuarantine, discardQuarantine, QuarantineFilter, type RetryOutcome } from './quarantine.ts';
export type { QuarantineEntry } from './quarantine-store.ts';
export { recordSource, type RecordSource } from './sources.ts';
export { adapterFor } from './adapters.ts';
export { reportDocument, fileDetailsDocument, batchOpen, batchClose, batchEntry, TESSERA_NS } from './cybertipline/index.ts';
export { parseMapping, CHI_STYLE_MAPPING, builtinMapping, type HelplineMapping } from './helpline-csv/mapping.ts';
export { contactsCsvHeader, contactCsvRow } from './helpline-csv/export.ts';
export { exportStixBundle, TESSERA_EXTENSION_ID, tesseraExtensionDefinition } from './stix/index.ts';
export { quarantineExternal, type ExternalRejection } from './external.ts';
