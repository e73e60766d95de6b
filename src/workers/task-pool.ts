/**
 * One generic pool of worker threads for CPU-bound tasks (ingest mapping, PSI curve work, index
 * sharding): a fixed number of threads, a FIFO queue, one task per idle thread, results matched
 * back to their task by id. The main side is `TaskPool`; the worker module calls `serveTasks`.
 *
 * Why one pool: the queue, the failure rules and the TypeScript-source bootstrap are subtle
 * enough (a thread that dies must fail exactly its own tasks; a pool with no threads left must
 * fail what is queued; a shared pool must not keep the process alive while idle) that two
 * copies drifted. Every user gets the same rules from here.
 */
import { isMainThread, parentPort, Worker, type Transferable, type WorkerOptions } from 'node:worker_threads';

export interface TaskPoolOptions<Init> {
  /** The worker module, a file that calls `serveTasks` (a `.ts` URL works under tsx and vitest). */
  module: URL;
  /** Number of threads (at least 1). */
  size: number;
  /** Named in errors ("mapping worker", "curve worker"). */
  name: string;
  /** Sent once to every thread before its first task (settings, keys). */
  init?: Init;
  /**
   * Let the process exit while no task is running (a long-lived shared pool). By default the
   * threads keep the process alive until `close()`.
   */
  unrefWhenIdle?: boolean;
}

/** Messages between the pool and its threads. */
type ToWorker<Task, Init> = { kind: 'init'; init: Init } | { kind: 'task'; id: number; task: Task };
type FromWorker<Result> = { id: number; ok: true; result: Result } | { id: number; ok: false; error: string };

interface Queued<Task, Result> {
  task: Task;
  transfer: readonly Transferable[];
  resolve: (r: Result) => void;
  reject: (e: Error) => void;
}

/** Error of a task that failed in its thread (the thread's message), or of a thread that died. */
export class TaskError extends Error {
  override readonly name = 'TaskError';
}

export class TaskPool<Task, Result, Init = undefined> {
  private readonly threads: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Array<Queued<Task, Result>> = [];
  private readonly running = new Map<number, { worker: Worker; resolve: (r: Result) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private closed = false;
  private readonly name: string;
  private readonly unrefWhenIdle: boolean;

  constructor(opts: TaskPoolOptions<Init>) {
    this.name = opts.name;
    this.unrefWhenIdle = opts.unrefWhenIdle ?? false;
    const size = Math.max(1, Math.floor(opts.size));
    for (let i = 0; i < size; i++) {
      const w = startThread(opts.module);
      if (opts.init !== undefined) w.postMessage({ kind: 'init', init: opts.init } satisfies ToWorker<Task, Init>);
      if (this.unrefWhenIdle) w.unref();
      w.on('message', (m: FromWorker<Result>) => this.settle(w, m));
      w.on('error', (e) => this.lose(w, new TaskError(`${this.name} failed: ${e.message}`, { cause: e })));
      w.on('exit', (code) => {
        if (!this.closed) this.lose(w, new TaskError(`${this.name} exited (code ${code})`));
      });
      this.threads.push(w);
      this.idle.push(w);
    }
  }

  /** Threads alive. */
  get size(): number {
    return this.threads.length;
  }

  /** Tasks queued or running. */
  get pending(): number {
    return this.queue.length + this.running.size;
  }

  /**
   * Runs one task on the next idle thread (tasks start in the order given). `transfer` moves
   * buffers to the thread instead of copying them (they are unusable here afterwards).
   */
  run(task: Task, transfer: readonly Transferable[] = []): Promise<Result> {
    if (this.closed) return Promise.reject(new TaskError(`the ${this.name} pool is closed`));
    if (this.threads.length === 0) return Promise.reject(new TaskError(`the ${this.name} pool has no threads left`));
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ task, transfer, resolve, reject });
      this.pump();
    });
  }

  /** Ends every thread; tasks still queued or running are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const e = new TaskError(`the ${this.name} pool was closed`);
    for (const q of this.queue.splice(0)) q.reject(e);
    for (const [id, r] of this.running) {
      this.running.delete(id);
      r.reject(e);
    }
    await Promise.all(this.threads.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop() as Worker;
      const q = this.queue.shift() as Queued<Task, Result>;
      const id = this.nextId++;
      this.running.set(id, { worker: w, resolve: q.resolve, reject: q.reject });
      if (this.unrefWhenIdle) w.ref();
      w.postMessage({ kind: 'task', id, task: q.task } satisfies ToWorker<Task, Init>, q.transfer);
    }
    if (this.unrefWhenIdle && this.running.size === 0) for (const w of this.threads) w.unref();
  }

  private settle(w: Worker, m: FromWorker<Result>): void {
    const r = this.running.get(m.id);
    if (!r) return;
    this.running.delete(m.id);
    this.idle.push(w);
    if (m.ok) r.resolve(m.result);
    else r.reject(new TaskError(`${this.name}: ${m.error}`));
    this.pump();
  }

  /** A thread died: its running task fails, the others go on; with no thread left, the queue fails too. */
  private lose(w: Worker, e: Error): void {
    for (const [id, r] of this.running) {
      if (r.worker !== w) continue;
      this.running.delete(id);
      r.reject(e);
    }
    const i = this.idle.indexOf(w);
    if (i >= 0) this.idle.splice(i, 1);
    const j = this.threads.indexOf(w);
    if (j < 0) return;
    this.threads.splice(j, 1);
    if (this.threads.length === 0) for (const q of this.queue.splice(0)) q.reject(e);
    else this.pump();
  }
}

/**
 * Starts a thread on a module; from TypeScript sources (tests, tsx) it registers tsx's loader first.
 * Exported for threads that stream rather than take tasks (the ingest reader threads, reader.ts).
 */
export function startThread(module: URL, options: Pick<WorkerOptions, 'workerData' | 'name' | 'resourceLimits'> = {}): Worker {
  if (module.pathname.endsWith('.ts')) {
    return new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(module.href)}); });`, { ...options, eval: true });
  }
  return new Worker(module, options);
}

/**
 * The URL of a worker module next to the caller, as `.ts` when running from sources and `.js`
 * when compiled: `workerModule(import.meta.url, './read-worker')`.
 */
export function workerModule(callerUrl: string, relative: string): URL {
  return new URL(`${relative}${callerUrl.endsWith('.ts') ? '.ts' : '.js'}`, callerUrl);
}

/** What a task handler returns: a result, or a result with buffers to move (not copy) back. */
export type TaskOutput<Result> = Result | { result: Result; transfer: readonly Transferable[]; [TRANSFER]: true };

const TRANSFER = Symbol('transfer');

/** A result whose buffers move to the main thread instead of being copied. */
export function transferring<Result>(result: Result, transfer: readonly Transferable[]): TaskOutput<Result> {
  return { result, transfer, [TRANSFER]: true };
}

const isTransferring = <Result>(o: TaskOutput<Result>): o is { result: Result; transfer: readonly Transferable[]; [TRANSFER]: true } =>
  typeof o === 'object' && o !== null && TRANSFER in o;

/**
 * The worker side: call once at the top of a worker module. `setup` receives the pool's `init`
 * (undefined without one) before the first task and returns the task handler. A handler that
 * throws fails only its own task (its message travels to the caller).
 */
export function serveTasks<Task, Result, Init = undefined>(setup: (init: Init) => (task: Task) => TaskOutput<Result> | Promise<TaskOutput<Result>>): void {
  if (isMainThread || !parentPort) throw new Error('serveTasks() runs in a worker thread (started by TaskPool)');
  const port = parentPort;
  let handler: ((task: Task) => TaskOutput<Result> | Promise<TaskOutput<Result>>) | null = null;
  let setupError: string | null = null;
  const ready = () => {
    if (handler || setupError) return;
    try {
      handler = setup(undefined as Init);
    } catch (e) {
      setupError = e instanceof Error ? e.message : String(e);
    }
  };
  port.on('message', async (m: ToWorker<Task, Init>) => {
    if (m.kind === 'init') {
      try {
        handler = setup(m.init);
        setupError = null;
      } catch (e) {
        setupError = e instanceof Error ? e.message : String(e);
      }
      return;
    }
    ready();
    try {
      if (!handler) throw new Error(`setup failed: ${setupError ?? 'no handler'}`);
      const out = await handler(m.task);
      if (isTransferring(out)) port.postMessage({ id: m.id, ok: true, result: out.result } satisfies FromWorker<Result>, out.transfer);
      else port.postMessage({ id: m.id, ok: true, result: out } satisfies FromWorker<Result>);
    } catch (e) {
      port.postMessage({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies FromWorker<Result>);
    }
  });
}
