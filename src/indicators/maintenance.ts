import type { Store } from '../store/index.ts';
import { compactRollups } from './rollup.ts';

export interface RollupCompaction {
  /** Stops the timer and waits for a compaction in progress, so the store can close after it. */
  stop(): Promise<void>;
}

/**
 * Folds the indicator rollup's append-only deltas on a running node. Without it every write adds
 * delta rows and indicator reads slow down as the node ages (4.6M delta rows for 1M reports loaded
 * in batches). Safe beside writers; a failed round is reported and retried at the next one.
 */
export function startRollupCompaction(store: Store, opts: { firstAfterMs?: number; everyMs?: number; onError?: (e: unknown) => void } = {}): RollupCompaction {
  let running: Promise<void> | null = null;
  let stopped = false;
  const round = () => {
    if (stopped || running) return;
    running = compactRollups(store)
      .then(() => undefined, (e: unknown) => (opts.onError ?? ((err) => process.stderr.write(`indicator rollup compaction failed: ${String(err)}\n`)))(e))
      .finally(() => { running = null; });
  };
  const first = setTimeout(() => { round(); }, opts.firstAfterMs ?? 30_000);
  const every = setInterval(round, opts.everyMs ?? 5 * 60_000);
  first.unref();
  every.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
