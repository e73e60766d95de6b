/**
 * vPDQ: video matching over per-frame PDQ hashes, as Meta's vPDQ reference
 * (`vpdq/cpp/vpdq/cpp/hashing/matchTwoHash.cpp`). Tessera does not decode video: frame hashes
 * are supplied as `frame,quality,hash,timestamp` lines (the vPDQ hash file format).
 *
 * Two percentages: the share of the query's frames that have a match in the target
 * (`queryMatchPercent`) and the share of the target's frames that have a match in the query
 * (`targetMatchPercent`), both after dropping frames below the quality floor. A frame matches
 * when the Hamming distance is *strictly below* the distance tolerance, as in the reference.
 */
import { TesseraError, ValidationError, type ErrorLocation, type Problem } from '../shared/errors.ts';
import { hexToU32, hammingU32, parsePdqHex } from './pdq/hash256.ts';

export interface VpdqFrame {
  frame: number;
  quality: number;
  hash: string;
  /** Seconds from the start. */
  timestamp: number;
}

export const VPDQ_DEFAULTS = { distanceTolerance: 31, qualityTolerance: 50, queryMatchPercent: 80, targetMatchPercent: 0 } as const;

/** Parses vPDQ text; every bad line is reported (ValidationError with one issue per line). */
export function parseVpdq(text: string, where?: ErrorLocation): VpdqFrame[] {
  const frames: VpdqFrame[] = [];
  const issues: Problem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const at = { ...(where ?? {}), line: (where?.line ?? 0) + i + 1 };
    const parts = line.split(',');
    if (parts.length !== 4) {
      issues.push({ code: 'invalid_vpdq_line', message: `Expected 4 comma-separated fields (frame,quality,hash,timestamp), found ${parts.length}.`, where: at });
      return;
    }
    const [f, q, h, ts] = parts.map((p) => p.trim()) as [string, string, string, string];
    const frame = Number(f);
    const quality = Number(q);
    const timestamp = Number(ts);
    if (!Number.isInteger(frame) || frame < 0) issues.push({ code: 'invalid_vpdq_line', message: `Frame number ${JSON.stringify(f)} is not a non-negative integer.`, where: { ...at, field: 'frame' } });
    else if (!Number.isInteger(quality) || quality < 0 || quality > 100) issues.push({ code: 'invalid_vpdq_line', message: `Quality ${JSON.stringify(q)} is not an integer from 0 to 100.`, where: { ...at, field: 'quality' } });
    else if (!Number.isFinite(timestamp) || timestamp < 0) issues.push({ code: 'invalid_vpdq_line', message: `Timestamp ${JSON.stringify(ts)} is not a non-negative number of seconds.`, where: { ...at, field: 'timestamp' } });
    else {
      try {
        frames.push({ frame, quality, hash: parsePdqHex(h, { ...at, field: 'hash' }), timestamp });
      } catch (e) {
        if (e instanceof TesseraError) issues.push(e.toProblem());
        else throw e;
      }
    }
  });
  if (issues.length) throw new ValidationError(issues);
  if (frames.length === 0) throw new TesseraError('invalid_vpdq', 'The vPDQ hash has no frame lines.', where ? { where } : {});
  return frames;
}

export function formatVpdq(frames: VpdqFrame[]): string {
  return frames.map((f) => `${f.frame},${f.quality},${f.hash},${f.timestamp.toFixed(3)}`).join('\n');
}

export interface VpdqMatchOptions {
  distanceTolerance?: number;
  qualityTolerance?: number;
  queryMatchPercent?: number;
  targetMatchPercent?: number;
}

export interface VpdqMatchResult {
  queryMatchPercent: number;
  targetMatchPercent: number;
  /** Both percentages reach their thresholds. */
  match: boolean;
  queryFramesUsed: number;
  targetFramesUsed: number;
}

function packed(frames: VpdqFrame[]): Uint32Array {
  const a = new Uint32Array(frames.length * 8);
  frames.forEach((f, i) => hexToU32(f.hash, a, i * 8));
  return a;
}

function countMatched(a: Uint32Array, na: number, b: Uint32Array, nb: number, tol: number): number {
  let n = 0;
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) {
      if (hammingU32(a, i * 8, b, j * 8) < tol) {
        n++;
        break;
      }
    }
  }
  return n;
}

export function matchVpdq(query: VpdqFrame[], target: VpdqFrame[], opts: VpdqMatchOptions = {}): VpdqMatchResult {
  const o = { ...VPDQ_DEFAULTS, ...opts };
  const q = query.filter((f) => f.quality >= o.qualityTolerance);
  const t = target.filter((f) => f.quality >= o.qualityTolerance);
  if (q.length === 0 || t.length === 0) {
    return { queryMatchPercent: 0, targetMatchPercent: 0, match: false, queryFramesUsed: q.length, targetFramesUsed: t.length };
  }
  const qa = packed(q);
  const ta = packed(t);
  const queryMatchPercent = (countMatched(qa, q.length, ta, t.length, o.distanceTolerance) * 100) / q.length;
  const targetMatchPercent = (countMatched(ta, t.length, qa, q.length, o.distanceTolerance) * 100) / t.length;
  return {
    queryMatchPercent,
    targetMatchPercent,
    match: queryMatchPercent >= o.queryMatchPercent && targetMatchPercent >= o.targetMatchPercent,
    queryFramesUsed: q.length,
    targetFramesUsed: t.length,
  };
}
