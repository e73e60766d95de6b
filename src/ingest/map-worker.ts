/**
 * A mapping worker thread: maps batches of raw records into CDM units for the main thread's
 * pipeline (see map-pool.ts). It holds no connection and writes nothing: it rebuilds the adapter
 * and the mapping environment (lineage, pseudonymisation key) from the run's settings, maps, and
 * sends back what each record became, by its position in the batch.
 */
import { serveTasks } from '../workers/task-pool.ts';
import { adapterFor, type AdapterOptions } from './adapters.ts';
import { pseudonymiserFromKey } from './env.ts';
import { prepare } from './prepare.ts';
import type { MapEnv, Mapped, RawRecord } from './types.ts';
import type { IngestFormat } from './types.ts';
import type { Problem } from '../shared/errors.ts';

export interface MapWorkerSettings {
  format: IngestFormat;
  adapterOptions: AdapterOptions;
  env: Omit<MapEnv, 'pseudonymise'>;
  pseudonymKey: string;
  file: string;
}

export type MapJob = { seq: number; records: RawRecord[] };
export type MappedBatch = { seq: number; records: number; good: Array<{ i: number; mapped: Mapped }>; bad: Array<{ i: number; problems: Problem[] }>; needsEarlier: boolean };

serveTasks<MapJob, MappedBatch, MapWorkerSettings>((settings) => {
  if (!settings) throw new Error('mapping worker started without its settings');
  const adapter = adapterFor(settings.format, settings.adapterOptions);
  const env: MapEnv = { ...settings.env, pseudonymise: pseudonymiserFromKey(settings.pseudonymKey) };
  return (m) => {
    const index = new Map<RawRecord, number>(m.records.map((r, i) => [r, i]));
    const w = prepare({ seq: m.seq, records: m.records }, adapter, env, { file: settings.file });
    return {
      seq: m.seq, records: w.records, needsEarlier: w.needsEarlier,
      good: w.good.map((g) => ({ i: index.get(g.rec) as number, mapped: g.mapped })),
      bad: w.bad.map((b) => ({ i: index.get(b.rec) as number, problems: b.problems })),
    };
  };
});
