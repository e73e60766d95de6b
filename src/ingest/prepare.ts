/**
 * Mapping a batch of raw records into CDM units (pure: no I/O), in the main thread or in a
 * reader thread (read-worker.ts): records whose reading found problems, or that hold bytes that
 * are not text, go to `bad`; the adapter maps the rest.
 */
import { BAD_BYTE, badBytes } from './input.ts';
import type { Problem } from '../shared/errors.ts';
import type { Adapter, MapEnv, Mapped, RawRecord } from './types.ts';

export interface Good {
  rec: RawRecord;
  mapped: Mapped;
}

export interface Work {
  seq: number | null;
  records: number;
  good: Good[];
  bad: Array<{ rec: RawRecord; problems: Problem[] }>;
  needsEarlier: boolean;
}

/** Maps a batch's records (pure: no I/O). */
export function prepare(b: { seq: number | null; records: RawRecord[] }, adapter: Adapter, env: MapEnv, ctx: { file: string }): Work {
  const m = new BatchMapper(b.seq, adapter, env, ctx);
  for (const rec of b.records) m.add(rec);
  return m.finish();
}

/**
 * Maps records one at a time into a batch's Work. Mapping each record as soon as it is read lets
 * its parse tree die young (a tree kept until the whole batch was read survived into the old
 * generation: the garbage collector was a quarter of the CPU of a CyberTipline ingest).
 */
export class BatchMapper {
  private readonly good: Good[] = [];
  private readonly bad: Work['bad'] = [];
  private readonly reportRefs = new Set<string>();
  private needsEarlier = false;
  private count = 0;

  constructor(private readonly seq: number | null, private readonly adapter: Adapter, private readonly env: MapEnv, private readonly ctx: { file: string }) {}

  add(rec: RawRecord): void {
    this.count++;
    let problems = rec.problems;
    if (!problems.length && BAD_BYTE.test(rec.raw)) {
      const bytes = badBytes(rec.raw);
      problems = [{
        code: 'invalid_encoding',
        message: bytes.every((x) => x.byte === 0)
          ? `the record holds ${bytes.length} NUL character(s) (0x00), which no text field may hold: remove them (shown as \\x00) and retry`
          : `${bytes.length} byte(s) are not valid UTF-8 (${bytes.filter((x) => x.byte !== 0).slice(0, 5).map((x) => `0x${x.byte.toString(16).toUpperCase().padStart(2, '0')}`).join(', ')}): the file mixes encodings. If the file is Latin-1 / Windows-1252 ingest it with --encoding latin1; otherwise correct the record and retry.`,
        where: rec.where,
      }];
    }
    if (problems.length) {
      this.bad.push({ rec, problems });
      return;
    }
    let m: Mapped | { problems: Problem[] };
    try {
      m = this.adapter.map(rec, this.env);
    } catch (e) {
      // A mapper bug must not take the node down or lose the record: it goes to quarantine.
      m = { problems: [{ code: 'internal_mapping_error', message: `The ${this.adapter.format} adapter failed on this record: ${(e as Error).message}. Report this as a bug; the record is kept here.`, where: rec.where }] };
    }
    if ('problems' in m) {
      this.bad.push({ rec, problems: m.problems.map((p) => ({ ...p, where: { ...rec.where, ...p.where, file: p.where?.file ?? rec.where.file ?? this.ctx.file } })) });
      return;
    }
    for (const u of m.units) {
      if (u.kind === 'report') this.reportRefs.add(u.bundle.report.sourceRef);
      if (u.kind === 'file' && !this.reportRefs.has(u.sourceReportRef)) this.needsEarlier = true;
    }
    this.good.push({ rec, mapped: m });
  }

  finish(): Work {
    return { seq: this.seq, records: this.count, good: this.good, bad: this.bad, needsEarlier: this.needsEarlier };
  }
}

/** A batch is also cut when its raw text reaches this size, so a batch of huge records stays small. */
export const FLUSH_CHARS = 64 * 1024 * 1024;

/**
 * Cuts records into numbered batches: by count, or earlier by size (huge records). Both depend
 * only on the input, so every run of the same input — inline or in the reader thread, first or
 * resumed — cuts it at the same places.
 */
export async function* cutBatches(records: AsyncIterable<RawRecord>, size: number): AsyncIterable<{ seq: number; records: RawRecord[] }> {
  let batch: RawRecord[] = [];
  let seq = 0;
  let chars = 0;
  for await (const rec of records) {
    batch.push(rec);
    chars += rec.raw.length;
    if (batch.length >= size || chars >= FLUSH_CHARS) {
      yield { seq: seq++, records: batch };
      batch = [];
      chars = 0;
    }
  }
  if (batch.length) yield { seq, records: batch };
}

/**
 * Mapping runs in the thread that writes batches, and a 1 MiB chunk of input is a few hundred
 * milliseconds of mapping with no turn of the event loop: every database round trip of the
 * batches being written (a batch is a dozen or more statements) waited for the chunk to end, so
 * the database and the mapping took turns instead of working at the same time. Giving the event
 * loop a turn every few milliseconds lets the writes go on while the next batch is mapped.
 */
const YIELD_AFTER_MS = 4;
const YIELD_CHECK_EVERY = 16;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A mapped batch, or the count of a batch an interrupted run already committed (not mapped again). */
export type MappedBatch = Work & { seq: number; committed: boolean };

/**
 * `cutBatches` and `prepare` in one pass, for adapters whose records map on their own
 * (CyberTipline XML, helpline CSV): each record is mapped as soon as it is read and its parse
 * tree dropped, so trees die young; batches are cut at the same places as `cutBatches`.
 *
 * `owns` (reader threads, see reader.ts): batches it refuses are cut and counted like the others
 * but neither mapped nor yielded — another thread maps them. Batches still break at the same
 * places, so every thread numbers them alike.
 */
export async function* mapBatches(records: AsyncIterable<RawRecord>, size: number, committed: ReadonlySet<number>, adapter: Adapter, env: MapEnv, ctx: { file: string }, owns: (seq: number) => boolean = () => true): AsyncIterable<MappedBatch> {
  let seq = 0;
  let n = 0;
  let chars = 0;
  const mapperFor = (s: number) => (committed.has(s) || !owns(s) ? null : new BatchMapper(s, adapter, env, ctx));
  let mapper: BatchMapper | null = mapperFor(0);
  const done = (): MappedBatch => (mapper ? { ...mapper.finish(), seq, committed: false } : { seq, records: n, committed: true, good: [], bad: [], needsEarlier: false });
  let sliceStart = performance.now();
  let sinceCheck = 0;
  for await (const rec of records) {
    n++;
    chars += rec.raw.length;
    if (mapper) {
      mapper.add(rec);
      rec.parsed = undefined;
      if (++sinceCheck >= YIELD_CHECK_EVERY) {
        sinceCheck = 0;
        if (performance.now() - sliceStart >= YIELD_AFTER_MS) {
          await yieldToEventLoop();
          sliceStart = performance.now();
        }
      }
    }
    if (n >= size || chars >= FLUSH_CHARS) {
      if (owns(seq)) yield done();
      seq++;
      n = 0;
      chars = 0;
      mapper = mapperFor(seq);
    }
  }
  if (n && owns(seq)) yield done();
}
