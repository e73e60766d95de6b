import { serveTasks, transferring } from '../workers/task-pool.ts';
import { markNearDuplicates } from './pdq-join.ts';
import type { PdqJoinTask } from './pdq-join-pool.ts';

/** One PDQ self-join thread (on the generic task pool): joins its share of the chunks over the shared codes. */
serveTasks<PdqJoinTask, Uint8Array>(() => (task) => {
  const codes = new Uint32Array(task.codes, 0, task.count * 8);
  const flags = new Uint8Array(task.count);
  markNearDuplicates(codes, task.count, task.radius, flags, task.chunks);
  return transferring(flags, [flags.buffer]);
});
