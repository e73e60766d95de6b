import { parentPort } from 'node:worker_threads';
import { blindIn, hashAndBlindIn, type PsiGroup } from './curve.ts';

/** One PSI worker thread: hashes and blinds batches for the pool. */
export type JobBody = { op: 'hash'; group: PsiGroup; key: Uint8Array; domain: string; values: string[] } | { op: 'mult'; group: PsiGroup; key: Uint8Array; xs: Uint8Array };
export type WorkerJob = JobBody & { id: number };
export type WorkerReply = { id: number; ok: true; out: Uint8Array } | { id: number; ok: false; error: string };

parentPort?.on('message', (job: WorkerJob) => {
  try {
    const out = job.op === 'hash' ? hashAndBlindIn(job.group, job.key, job.domain, job.values) : blindIn(job.group, job.key, job.xs);
    const copy = new Uint8Array(out.buffer, out.byteOffset, out.byteLength).slice();
    parentPort?.postMessage({ id: job.id, ok: true, out: copy } satisfies WorkerReply, [copy.buffer]);
  } catch (e) {
    parentPort?.postMessage({ id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
  }
});
