import { serveTasks, transferring } from '../../workers/task-pool.ts';
import { blindIn, hashAndBlindIn, type PsiGroup } from './curve.ts';

/** One PSI worker thread (on the generic task pool): hashes and blinds batches for the curve pool. */
export type JobBody = { op: 'hash'; group: PsiGroup; key: Uint8Array; domain: string; values: string[] } | { op: 'mult'; group: PsiGroup; key: Uint8Array; xs: Uint8Array };

serveTasks<JobBody, Uint8Array>(() => (job) => {
  const out = job.op === 'hash' ? hashAndBlindIn(job.group, job.key, job.domain, job.values) : blindIn(job.group, job.key, job.xs);
  const copy = new Uint8Array(out.buffer, out.byteOffset, out.byteLength).slice();
  return transferring(copy, [copy.buffer]);
});
