import type { Worker } from 'node:worker_threads';
import { TesseraError } from '../shared/errors.ts';
import { startThread, workerModule } from '../workers/task-pool.ts';
import type { Work } from './prepare.ts';
import type { FromReader, ReadBatch, ReaderFailure, ReadWorkerSettings, ToReader } from './read-worker.ts';

/**
 * The reader threads of one ingest run (read-worker.ts). Every thread is handed the whole input,
 * chunk by chunk, and maps its share of the batches (thread k the batches with seq % n === k);
 * `batches()` gives them back in seq order, so the run writes, checkpoints and resumes exactly as
 * when reading inline.
 *
 * Flow control keeps memory flat: a thread is sent at most QUEUED chunks it has not yet taken,
 * the thread ahead at most LEAD chunks beyond the one behind (the only chunks held here), and a
 * thread stops being fed while READY of its batches wait to be written — unless it owns the
 * batch the writer waits for. The lead matters: a thread skipping a batch reads several times
 * faster than one mapping, so in lockstep each would wait for the other in turn.
 */
const QUEUED = 3;
const LEAD = 12;
const READY = 3;

/**
 * The young generation of the reader threads: the process's own when it was given one. V8 flags
 * such as `--max-semi-space-size` set the main isolate's heap only; a worker gets V8's default
 * (16 MiB semi-spaces) unless told. A reader thread makes the same short-lived garbage per record
 * as inline mapping, which 64 MiB semi-spaces made about a quarter cheaper (see bin/node-flags.js);
 * a synthetic churn in a worker ran 2.0 s with the default and 1.05 s with 64 MiB semi-spaces.
 * Node's limit is the whole young generation: three semi-spaces.
 */
function youngGenerationMb(): number | undefined {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('--max-semi-space-size') && !a.startsWith('--max_semi_space_size')) continue;
    const mb = Number(a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[i + 1]);
    if (Number.isFinite(mb) && mb > 0) return 3 * mb;
  }
  return undefined;
}

interface Thread {
  worker: Worker;
  /** Chunks sent (an index into the input's chunks), chunks taken by its decoder. */
  sent: number;
  taken: number;
  endSent: boolean;
  done: boolean;
  ready: ReadBatch[];
}

export class ReaderThreads {
  private readonly threads: Thread[] = [];
  private readonly chunks: Array<Buffer | undefined> = [];
  /** Index in the input of chunks[0]. */
  private base = 0;
  private read = 0;
  private inputDone = false;
  private reading = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private closed = false;
  private next = 0;
  private readonly source: AsyncIterator<Buffer>;
  private readonly asked = new Map<number, { resolve: (w: Work) => void; reject: (e: Error) => void }>();

  constructor(input: AsyncIterable<Buffer>, settings: Omit<ReadWorkerSettings, 'part' | 'parts'>, parts: number, private readonly warnings: string[]) {
    this.source = input[Symbol.asyncIterator]();
    const module = workerModule(import.meta.url, './read-worker');
    const n = Math.max(1, Math.floor(parts));
    const young = youngGenerationMb();
    for (let part = 0; part < n; part++) {
      const worker = startThread(module, { workerData: { ...settings, part, parts: n } satisfies ReadWorkerSettings, name: `ingest reader ${part + 1}/${n}`, ...(young ? { resourceLimits: { maxYoungGenerationSizeMb: young } } : {}) });
      const t: Thread = { worker, sent: 0, taken: 0, endSent: false, done: false, ready: [] };
      worker.on('message', (m: FromReader) => this.received(t, part, m));
      worker.on('error', (e) => this.fail(new TesseraError('reader_thread_failed', `Ingest reader thread ${part + 1} of ${n} failed: ${e.message}. What was committed stays; run the same command again to resume (or with --workers 0 to read in the main thread).`, { cause: e, status: 500, where: { file: settings.file } })));
      worker.on('exit', (code) => {
        if (!this.closed && !t.done) this.fail(new TesseraError('reader_thread_failed', `Ingest reader thread ${part + 1} of ${n} exited (code ${code}) before the end of the input. What was committed stays; run the same command again to resume (or with --workers 0 to read in the main thread).`, { status: 500, where: { file: settings.file } }));
      });
      this.threads.push(t);
    }
    this.pump();
  }

  /** The batches in seq order (mapped, or committed-batch counts); throws a thread's failure. */
  async *batches(): AsyncIterable<ReadBatch> {
    for (;;) {
      if (this.failure) throw this.failure;
      const t = this.threads[this.next % this.threads.length] as Thread;
      const b = t.ready.shift();
      if (b) {
        if (b.seq !== this.next) throw new TesseraError('reader_out_of_order', `Ingest reader threads disagree on batches: expected batch ${this.next}, got ${b.seq}. This is a bug; read with --workers 0.`, { status: 500 });
        this.next++;
        this.pump();
        yield b;
        continue;
      }
      // The owner of the next batch is done without it: the input has no more batches. The
      // others must be done too (a failure of theirs still fails the run).
      if (t.done && this.threads.every((x) => x.done)) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /**
   * The mapped records of an encoded batch whose fast path did not hold (something of it is
   * stored already): its thread kept them. Rare on a first ingest; every batch of a re-run.
   */
  work(seq: number): Promise<Work> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new TesseraError('reader_closed', `the ingest reader threads are closed: batch ${seq} cannot be read again`, { status: 500 }));
    return new Promise<Work>((resolve, reject) => {
      this.asked.set(seq, { resolve, reject });
      this.ownerOf(seq).worker.postMessage({ kind: 'work', seq } satisfies ToReader);
    });
  }

  /** An encoded batch is written: its thread may drop its mapped records. */
  release(seq: number): void {
    if (!this.closed && !this.failure) this.ownerOf(seq).worker.postMessage({ kind: 'release', seq } satisfies ToReader);
  }

  private ownerOf(seq: number): Thread {
    return this.threads[seq % this.threads.length] as Thread;
  }

  /** Ends the threads (at the end of a run, or when it stops or fails early). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.chunks.length = 0;
    const e = new TesseraError('reader_closed', 'the ingest reader threads were closed', { status: 500 });
    for (const a of this.asked.values()) a.reject(e);
    this.asked.clear();
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
    await this.source.return?.();
  }

  private received(t: Thread, part: number, m: FromReader): void {
    switch (m.kind) {
      case 'consumed':
        t.taken++;
        this.pump();
        return;
      case 'batch':
        t.ready.push(m.batch);
        break;
      case 'warning':
        // Every thread decodes the same bytes and says the same thing: the first one speaks.
        if (part === 0) this.warnings.push(m.text);
        return;
      case 'done':
        t.done = true;
        break;
      case 'failed':
        this.fail(failureOf(m.error));
        return;
      case 'work': {
        const a = this.asked.get(m.seq);
        this.asked.delete(m.seq);
        if (!a) return;
        if (m.work) a.resolve(m.work);
        else a.reject(new TesseraError('reader_lost_batch', `Ingest reader thread ${part + 1} no longer holds batch ${m.seq}. This is a bug; run the same command again to resume (or with --workers 0).`, { status: 500 }));
        return;
      }
    }
    this.signal();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const a of this.asked.values()) a.reject(this.failure);
    this.asked.clear();
    this.signal();
  }

  private signal(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Sends every thread what it may have now, reading the next chunk of input when one needs it. */
  private pump(): void {
    if (this.closed || this.failure) return;
    const n = this.threads.length;
    const owner = this.threads[this.next % n];
    let behind = Infinity;
    for (const t of this.threads) if (!t.endSent) behind = Math.min(behind, t.sent);
    for (const t of this.threads) {
      while (!t.endSent && t.sent - t.taken < QUEUED && t.sent - behind < LEAD && (t === owner || t.ready.length < READY)) {
        if (t.sent < this.read) this.send(t);
        else if (this.inputDone) {
          t.endSent = true;
          t.worker.postMessage({ kind: 'end' } satisfies ToReader);
        } else {
          this.readMore();
          break;
        }
      }
    }
    // Drop the chunks every thread has been sent.
    let low = Infinity;
    for (const t of this.threads) low = Math.min(low, t.sent);
    while (this.base < low && this.chunks.length) {
      this.chunks.shift();
      this.base++;
    }
  }

  private send(t: Thread): void {
    const i = t.sent - this.base;
    const chunk = this.chunks[i] as Buffer;
    t.sent++;
    // The last thread to get a chunk takes the chunk itself when it owns its memory (file reads
    // do); the others get a copy. Either way the thread gets a buffer of its own, transferred:
    // posting a view without transferring would copy the whole buffer behind it.
    const last = this.threads.every((x) => x === t || x.sent > t.sent - 1);
    let data: Uint8Array;
    if (last && chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength && chunk.buffer instanceof ArrayBuffer) {
      data = chunk;
      this.chunks[i] = undefined;
    } else {
      data = new Uint8Array(chunk.byteLength);
      data.set(chunk);
    }
    t.worker.postMessage({ kind: 'chunk', data } satisfies ToReader, [data.buffer as ArrayBuffer]);
  }

  private readMore(): void {
    if (this.reading || this.inputDone) return;
    this.reading = true;
    this.source.next().then(
      (r) => {
        this.reading = false;
        if (r.done) this.inputDone = true;
        else {
          this.chunks.push(r.value);
          this.read++;
        }
        this.pump();
      },
      (e: unknown) => {
        this.reading = false;
        this.fail(e instanceof Error ? e : new Error(String(e)));
      },
    );
  }
}

function failureOf(f: ReaderFailure): Error {
  if (f.code) return new TesseraError(f.code, f.message, { ...(f.where ? { where: f.where } : {}), ...(f.status !== undefined ? { status: f.status } : {}) });
  const e = new Error(f.message);
  if (f.stack) e.stack = f.stack;
  return e;
}
