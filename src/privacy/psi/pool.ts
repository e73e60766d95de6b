import { availableParallelism } from 'node:os';
import { TaskPool, workerModule } from '../../workers/task-pool.ts';
import { ELEMENT_BYTES, type PsiGroup } from './curve.ts';
import type { JobBody } from './worker.ts';

/**
 * Worker threads for the curve work (hash-to-curve and scalar multiplication are CPU-bound:
 * ~35–40 µs each on Curve25519, ~70–150 µs on P-256). Jobs are split into chunks and spread over the threads; results come back
 * in order.
 */
export interface PoolProgress {
  (done: number): void;
}

const CHUNK = 2048;

export class CurvePool {
  // The generic task pool (src/workers/task-pool.ts): one thread per core, idle threads do not keep the process alive.
  private readonly pool: TaskPool<JobBody, Uint8Array>;

  constructor(size = Math.max(1, availableParallelism())) {
    this.pool = new TaskPool({ module: workerModule(import.meta.url, './worker'), size, name: 'curve worker', unrefWhenIdle: true });
  }

  get size(): number {
    return this.pool.size;
  }

  private run(job: JobBody): Promise<Uint8Array> {
    return this.pool.run(job);
  }

  /** x(k·H(domain, v)) for every value: n × 32 bytes. */
  async hashAndBlind(group: PsiGroup, key: Uint8Array, domain: string, values: readonly string[], progress?: PoolProgress): Promise<Buffer> {
    const out = Buffer.allocUnsafe(values.length * ELEMENT_BYTES);
    let done = 0;
    const jobs: Array<Promise<void>> = [];
    for (let i = 0; i < values.length; i += CHUNK) {
      const slice = values.slice(i, i + CHUNK);
      jobs.push(
        this.run({ op: 'hash', group, key, domain, values: slice }).then((b) => {
          out.set(b, i * ELEMENT_BYTES);
          done += slice.length;
          progress?.(done);
        }),
      );
    }
    await Promise.all(jobs);
    return out;
  }

  /** x(k·P) for every 32-byte x-coordinate. */
  async blind(group: PsiGroup, key: Uint8Array, xs: Uint8Array, progress?: PoolProgress): Promise<Buffer> {
    const out = Buffer.allocUnsafe(xs.length);
    const step = CHUNK * ELEMENT_BYTES;
    let done = 0;
    const jobs: Array<Promise<void>> = [];
    for (let off = 0; off < xs.length; off += step) {
      const slice = xs.slice(off, off + step);
      jobs.push(
        this.run({ op: 'mult', group, key, xs: slice }).then((b) => {
          out.set(b, off);
          done += slice.length / ELEMENT_BYTES;
          progress?.(done);
        }),
      );
    }
    await Promise.all(jobs);
    return out;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

let shared: CurvePool | null = null;
/** One pool per process, created on first use. */
export function sharedCurvePool(): CurvePool {
  shared ??= new CurvePool();
  return shared;
}

/** Ends the shared pool's threads, if it was created (a command that ran PSI calls this, or the process would not exit). */
export async function closeSharedCurvePool(): Promise<void> {
  const p = shared;
  shared = null;
  if (p) await p.close();
}
