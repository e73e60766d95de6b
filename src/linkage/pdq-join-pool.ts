import { availableParallelism } from 'node:os';
import { TaskPool, workerModule } from '../workers/task-pool.ts';
import type { PdqInput } from './engine.ts';
import { ALL_CHUNKS } from './pdq-join.ts';

/** A share of the PDQ self-join: some of the 16 chunks, over hashes every thread reads in place. */
export interface PdqJoinTask {
  codes: SharedArrayBuffer;
  count: number;
  radius: number;
  chunks: number[];
}

/**
 * The PDQ self-join on worker threads (the generic task pool). The packed hashes sit on a
 * SharedArrayBuffer, so no thread copies them; each task joins a share of the 16 chunks and
 * returns its flags, which are OR-ed (a hash has a neighbour if any chunk finds one). Chunks cost
 * about the same, so they are dealt round-robin into two tasks per thread.
 */
export class PdqJoinPool {
  private readonly pool: TaskPool<PdqJoinTask, Uint8Array>;

  constructor(size = Math.max(1, availableParallelism())) {
    this.pool = new TaskPool({ module: workerModule(import.meta.url, './pdq-join-worker'), size, name: 'PDQ join worker', unrefWhenIdle: true });
  }

  get size(): number {
    return this.pool.size;
  }

  /** Flags (1 = has another hash within the radius) for every hash of `pdq`. */
  async flag(pdq: PdqInput): Promise<Uint8Array> {
    const count = pdq.eligible.length;
    const buffer = pdq.codes.buffer;
    if (!(buffer instanceof SharedArrayBuffer)) throw new TypeError('PdqJoinPool.flag needs the hashes on a SharedArrayBuffer (preparePdq(ev, opts, true))');
    const tasks = Math.min(ALL_CHUNKS.length, this.pool.size * 2);
    const shares: number[][] = Array.from({ length: tasks }, () => []);
    ALL_CHUNKS.forEach((c, i) => (shares[i % tasks] as number[]).push(c));
    const results = await Promise.all(shares.map((chunks) => this.pool.run({ codes: buffer, count, radius: pdq.radius, chunks })));
    const flags = new Uint8Array(count);
    for (const r of results) for (let i = 0; i < count; i++) flags[i] = (flags[i] as number) | (r[i] as number);
    return flags;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
