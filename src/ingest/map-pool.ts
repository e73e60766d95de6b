import { TaskPool, workerModule } from '../workers/task-pool.ts';
import type { MapJob, MappedBatch, MapWorkerSettings } from './map-worker.ts';
import type { Work } from './prepare.ts';
import type { RawRecord } from './types.ts';

/**
 * Mapping worker threads for a large ingest (on the generic task pool, src/workers): the main
 * thread reads records and writes batches; validating and mapping them into CDM units runs in the
 * workers, several batches at a time. Results are matched back to their records by position, so
 * the records' raw text never travels back; the pipeline commits batches in order of their
 * sequence number whatever order the workers finish in.
 */
export class MapPool {
  private readonly pool: TaskPool<MapJob, MappedBatch, MapWorkerSettings>;

  constructor(size: number, settings: MapWorkerSettings) {
    this.pool = new TaskPool({ module: workerModule(import.meta.url, './map-worker'), size, name: 'mapping worker', init: settings });
  }

  get size(): number {
    return this.pool.size;
  }

  /** Maps one batch in a worker. */
  async prepare(batch: { seq: number; records: RawRecord[] }): Promise<Work> {
    const recs = batch.records;
    const out = await this.pool.run({ seq: batch.seq, records: recs });
    return {
      seq: out.seq, records: out.records, needsEarlier: out.needsEarlier,
      good: out.good.map((g) => ({ rec: recs[g.i] as RawRecord, mapped: g.mapped })),
      bad: out.bad.map((b) => ({ rec: recs[b.i] as RawRecord, problems: b.problems })),
    };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
