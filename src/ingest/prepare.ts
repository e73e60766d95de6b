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
  const good: Good[] = [];
  const bad: Work['bad'] = [];
  const reportRefs = new Set<string>();
  let needsEarlier = false;
  for (const rec of b.records) {
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
      bad.push({ rec, problems });
      continue;
    }
    let m: Mapped | { problems: Problem[] };
    try {
      m = adapter.map(rec, env);
    } catch (e) {
      // A mapper bug must not take the node down or lose the record: it goes to quarantine.
      m = { problems: [{ code: 'internal_mapping_error', message: `The ${adapter.format} adapter failed on this record: ${(e as Error).message}. Report this as a bug; the record is kept here.`, where: rec.where }] };
    }
    if ('problems' in m) {
      bad.push({ rec, problems: m.problems.map((p) => ({ ...p, where: { ...rec.where, ...p.where, file: p.where?.file ?? rec.where.file ?? ctx.file } })) });
      continue;
    }
    for (const u of m.units) {
      if (u.kind === 'report') reportRefs.add(u.bundle.report.sourceRef);
      if (u.kind === 'file' && !reportRefs.has(u.sourceReportRef)) needsEarlier = true;
    }
    good.push({ rec, mapped: m });
  }
  return { seq: b.seq, records: b.records.length, good, bad, needsEarlier };
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
