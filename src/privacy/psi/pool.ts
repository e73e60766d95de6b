import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ELEMENT_BYTES, type PsiGroup } from './curve.ts';
import type { JobBody, WorkerReply } from './worker.ts';

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
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Array<{ job: JobBody; resolve: (b: Uint8Array) => void; reject: (e: Error) => void }> = [];
  private readonly pending = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void; worker: Worker }>();
  private nextId = 1;
  private closed = false;

  constructor(size = Math.max(1, availableParallelism())) {
    const url = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
    for (let i = 0; i < size; i++) {
      // From TypeScript sources (tests, tsx) the thread registers tsx's loader before importing the worker.
      const w = url.pathname.endsWith('.ts')
        ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`, { eval: true })
        : new Worker(url);
      w.unref();
      w.on('message', (m: WorkerReply) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.out);
        else p.reject(new Error(m.error));
        this.idle.push(w);
        this.pump();
      });
      w.on('error', (e) => {
        for (const [id, p] of this.pending) if (p.worker === w) {
          this.pending.delete(id);
          p.reject(e);
        }
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop() as Worker;
      const q = this.queue.shift() as (typeof this.queue)[number];
      const id = this.nextId++;
      this.pending.set(id, { resolve: q.resolve, reject: q.reject, worker: w });
      w.ref();
      w.postMessage({ ...q.job, id });
    }
    if (this.pending.size === 0) for (const w of this.workers) w.unref();
  }

  private run(job: JobBody): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new Error('the curve pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
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

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
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
