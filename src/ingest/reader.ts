import { TaskPool, workerModule } from '../workers/task-pool.ts';
import type { ReadResult, ReadTask, ReadWorkerSettings } from './read-worker.ts';

/**
 * The reader thread of one ingest run, on the generic task pool (one thread: reading an input is
 * sequential). `read(chunk)` hands it the next bytes and resolves with the batches it completed
 * meanwhile; `read(null)` ends the input. Tasks run in the order given, so the caller may queue
 * the next chunk before the previous one's batches are back (that is how reading, parsing and
 * writing overlap).
 */
export class ReaderThread {
  private readonly pool: TaskPool<ReadTask, ReadResult, ReadWorkerSettings>;

  constructor(settings: ReadWorkerSettings) {
    this.pool = new TaskPool({ module: workerModule(import.meta.url, './read-worker'), size: 1, name: 'ingest reader thread', init: settings });
  }

  read(chunk: Uint8Array | null): Promise<ReadResult> {
    const p = this.pool.run({ chunk });
    // A queued read may be abandoned (the run stopped or failed): its rejection is not an error.
    p.catch(() => {});
    return p;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
