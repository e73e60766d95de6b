import type { Classification, Contact, ContentItem, Lineage } from '../model/index.ts';
import type { ErrorLocation, Problem } from '../shared/errors.ts';
import type { ReportBundle } from '../store/repositories/records.ts';

export const INGEST_FORMATS = ['cybertipline-xml', 'helpline-csv', 'hashlist', 'stix'] as const;
export type IngestFormat = (typeof INGEST_FORMATS)[number];

/** Something the CDM cannot hold, kept verbatim and counted (an unknown category, an unrecognised hash type). */
export interface Note {
  code: string;
  message: string;
  /** The source's own value, verbatim. */
  value?: string;
  where?: ErrorLocation;
}

/** One record as read from the input: its raw text, where it is, and what the reader found. */
export interface RawRecord<P = unknown> {
  /** 0-based position of the record in the input (records, not lines). */
  index: number;
  raw: string;
  /** True when the raw text was cut because the record was over the size limit. */
  truncated?: boolean;
  where: ErrorLocation;
  /** The parsed form (element tree, CSV row, hash line); absent when reading failed. */
  parsed?: P;
  /** Problems found while reading: the record goes to quarantine. */
  problems: Problem[];
  /** What the adapter needs to read the raw text again on its own (e.g. the CSV header). */
  context?: Record<string, unknown>;
}

/** A hash for the registry, from a hash list or a STIX indicator. */
export interface HashUnit {
  signalType: string;
  value: string;
  quality?: number;
  label?: string;
  classification?: { scheme: string; code: string };
}

/** Feedback on a hash (STIX sighting or opinion). */
export interface FeedbackUnit {
  signalType: string;
  value: string;
  verdict: 'true_positive' | 'false_positive';
  note: string;
}

/** What one record maps to in the CDM. */
export type Unit =
  | { kind: 'report'; bundle: ReportBundle }
  | { kind: 'file'; sourceReportRef: string; item: ContentItem; classifications: Classification[] }
  | { kind: 'contact'; contact: Contact }
  | { kind: 'hash'; hash: HashUnit }
  | { kind: 'feedback'; feedback: FeedbackUnit };

export interface Mapped {
  units: Unit[];
  notes: Note[];
  rawDigest: string;
}

/** Facts every mapping needs: whose data, which dataset, on what terms. */
export interface MapEnv {
  orgId: string;
  datasetId: string | null;
  lineage: Omit<Lineage, 'rawDigest'>;
  /** Keyed hash for personal identifiers (accounts, e-mail, phone, IP): they are never stored in clear. */
  pseudonymise(type: string, value: string): string;
  receivedAt: string;
}

export interface Adapter<P = unknown> {
  format: IngestFormat;
  name: string;
  version: string;
  /** Default lineage.sourceSystem. */
  sourceSystem: string;
  /** Records in the decoded text, in order, with constant memory. */
  read(text: AsyncIterable<string>, opts: { file: string }): AsyncIterable<RawRecord<P>>;
  /** One record again, from its (corrected) raw text and context: quarantine retry. */
  readOne(raw: string, context: Record<string, unknown>, where: ErrorLocation): Promise<RawRecord<P>>;
  /** The CDM units of one record, or the problems that keep it out. */
  map(record: RawRecord<P>, env: MapEnv): Mapped | { problems: Problem[] };
  /** Input options that change the mapping (part of the run identity). */
  optionsKey?: string;
}

/** What a run (or one of its batches) did with its records. */
export interface IngestCounts {
  records: number;
  accepted: number;
  duplicates: number;
  quarantined: number;
  /** Records skipped because an earlier, interrupted run of the same input had committed them. */
  resumed: number;
  /** Accepted records with something kept verbatim that the CDM could not hold. */
  flagged: number;
  byReason: Record<string, number>;
  flags: Record<string, number>;
}

export interface IngestSummary extends IngestCounts {
  runId: string;
  /** One run per input file. */
  runs: string[];
  format: IngestFormat;
  files: string[];
  datasetId: string | null;
  seconds: number;
  recordsPerSecond: number;
  warnings: string[];
}
