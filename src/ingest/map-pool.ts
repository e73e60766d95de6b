import { Worker } from 'node:worker_threads';
import type { MapJob, MapReply, MapWorkerSettings } from './map-worker.ts';
import type { Work } from './prepare.ts';
import type { RawRecord } from './types.ts';

/**
 * Mapping worker threads for a large ingest: the main thread reads records and writes batches;
 * validating and mapping them into CDM units (most of the CPU per record) runs in the workers,
 * several batches at a time. Results are matched back to their records by position, so the
 * records' raw text never travels back; the pipeline commits batches in order of their sequence
 * number whatever order the workers finish in.
 */
export class MapPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Array<{ job: Omit<MapJob, 'id'>; resolve: (w: Work) => void; reject: (e: Error) => void }> = [];
  private readonly pending = new Map<number, { records: RawRecord[]; resolve: (w: Work) => void; reject: (e: Error) => void; worker: Worker }>();
  private nextId = 1;
  private closed = false;

  constructor(size: number, settings: MapWorkerSettings) {
    const url = new URL(import.meta.url.endsWith('.ts') ? './map-worker.ts' : './map-worker.js', import.meta.url);
    for (let i = 0; i < size; i++) {
      // From TypeScript sources (tests, tsx) the thread registers tsx's loader before importing the worker.
      const w = url.pathname.endsWith('.ts')
        ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`, { eval: true })
        : new Worker(url);
      w.postMessage({ settings });
      w.on('message', (m: MapReply) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) {
          const recs = p.records;
          p.resolve({
            seq: m.out.seq, records: m.out.records, needsEarlier: m.out.needsEarlier,
            good: m.out.good.map((g) => ({ rec: recs[g.i] as RawRecord, mapped: g.mapped })),
            bad: m.out.bad.map((b) => ({ rec: recs[b.i] as RawRecord, problems: b.problems })),
          });
        } else p.reject(new Error(`mapping worker: ${m.error}`));
        this.idle.push(w);
        this.pump();
      });
      w.on('error', (e) => this.fail(w, e));
      w.on('exit', (code) => {
        if (!this.closed) this.fail(w, new Error(`mapping worker exited (code ${code})`));
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  private fail(w: Worker, e: Error): void {
    for (const [id, p] of this.pending) {
      if (p.worker !== w) continue;
      this.pending.delete(id);
      p.reject(e);
    }
    const i = this.idle.indexOf(w);
    if (i >= 0) this.idle.splice(i, 1);
    const j = this.workers.indexOf(w);
    if (j >= 0) this.workers.splice(j, 1);
    if (this.workers.length === 0) for (const q of this.queue.splice(0)) q.reject(e);
  }

  get size(): number {
    return this.workers.length;
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop() as Worker;
      const q = this.queue.shift() as (typeof this.queue)[number];
      const id = this.nextId++;
      this.pending.set(id, { records: q.job.records, resolve: q.resolve, reject: q.reject, worker: w });
      w.postMessage({ ...q.job, id } satisfies MapJob);
    }
  }

  /** Maps one batch in a worker. */
  prepare(batch: { seq: number; records: RawRecord[] }): Promise<Work> {
    if (this.closed || this.workers.length === 0) return Promise.reject(new Error('the mapping pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { seq: batch.seq, records: batch.records }, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
