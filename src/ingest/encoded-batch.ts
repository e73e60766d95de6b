/**
 * A batch ready for the write's fast path, as bytes: what `encodeBatch` makes of a mapped batch
 * (pure, no I/O: in the main thread or in a reader thread) and `writeEncodedBatch` writes.
 * Everything in it crosses between threads cheaply: COPY data as Uint8Arrays (transferred, not
 * copied) and a few short strings. The mapped batch itself (`Work`) stays where it was made; it is
 * needed only when the fast path cannot be taken (something in the batch is stored already, a
 * file names a report not on this node), and then the exact path writes it (`writeBatch`).
 *
 * CONTRACT between the encoder (src/ingest/encode-batch.ts) and the readers (pipeline.ts,
 * read-worker.ts); change it together.
 */
import type { Problem } from '../shared/errors.ts';
import type { TableCopy } from '../store/copy.ts';
import type { IngestCounts, RawRecord } from './types.ts';

/** One COPY of the fast path, in text or binary format (src/store/copy-binary.ts). */
export type EncodedCopy = TableCopy;

export interface EncodedBatch {
  /** The batch's number in its run (checkpoint row), or null outside a run (quarantine retry). */
  seq: number | null;
  /** Records read into the batch, good and bad. */
  records: number;
  /** Records of the batch that the fast path accepts (all good ones), flagged ones, and flags by code. */
  accepted: number;
  flagged: number;
  flags: Record<string, number>;
  /** Records the reader or mapper refused: quarantined by the writer, as now. */
  bad: Array<{ rec: RawRecord; problems: Problem[] }>;
  /**
   * Everything else of the fast path; the encoder decides the statements and their order, the
   * writer runs them in one transaction and falls back (returns null from writeEncodedBatch)
   * when they cannot all go in as new. Null: this batch cannot take the fast path at all (hash
   * lists and feedback go to the registry; a bundle's child names another report).
   */
  fast: FastWrite | null;
  /** A file of this batch names a report in an earlier batch: wait for earlier batches first. */
  needsEarlier: boolean;
}

/** The fast path of one batch: every record written as new, in one transaction. */
export interface FastWrite {
  /** Lineage contexts the rows name (ids sorted, and their JSON texts): written first. */
  contextIds: string[];
  contextTexts: string[];
  /**
   * The batch's first and last report ids in id order: if either is stored, the batch was
   * written before (a re-run) and the fast path is not taken (see `storedReportIds`).
   */
  reportProbe: string[];
  /** Reports files of this batch name that the batch does not write: all must be stored, in the run's organisation. */
  otherReports: string[];
  /** Whether `copies` hold the rollup deltas of the batch's reports (the rollup triggers are then told to skip them). */
  rollupWritten: boolean;
  /** The COPYs, in order. */
  copies: EncodedCopy[];
}

/** What a batch's write adds to the run's counts. */
export type BatchCounts = IngestCounts;

/** What `encodeBatch` needs of the run (plain data: it crosses to a reader thread). */
export interface EncodeContext {
  /** The run's organisation: files must name reports of it. */
  orgId: string;
  runId: string;
  /** The input's name (provenance rows of records without a file of their own). */
  file: string;
  /**
   * Every COPY as text (default: binary for the tables where it saves the server CPU, see
   * encode-batch.ts); the two store the same rows (tested), this is for tests and measurements.
   */
  text?: boolean;
}

/** The buffers to transfer when an EncodedBatch crosses to another thread. */
export type EncodedTransfer = ArrayBuffer[];
