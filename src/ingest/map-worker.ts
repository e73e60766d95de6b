/**
 * A mapping worker thread: maps batches of raw records into CDM units for the main thread's
 * pipeline (see map-pool.ts). It holds no connection and writes nothing: it rebuilds the adapter
 * and the mapping environment (lineage, pseudonymisation key) from the run's settings, maps, and
 * sends back what each record became, by its position in the batch.
 */
import { parentPort } from 'node:worker_threads';
import { adapterFor, type AdapterOptions } from './adapters.ts';
import { pseudonymiserFromKey } from './env.ts';
import { prepare } from './prepare.ts';
import type { Adapter, IngestFormat, MapEnv, Mapped, RawRecord } from './types.ts';
import type { Problem } from '../shared/errors.ts';

export interface MapWorkerSettings {
  format: IngestFormat;
  adapterOptions: AdapterOptions;
  env: Omit<MapEnv, 'pseudonymise'>;
  pseudonymKey: string;
  file: string;
}

export type MapJob = { id: number; seq: number; records: RawRecord[] };
export type MappedBatch = { seq: number; records: number; good: Array<{ i: number; mapped: Mapped }>; bad: Array<{ i: number; problems: Problem[] }>; needsEarlier: boolean };
export type MapReply = { id: number; ok: true; out: MappedBatch } | { id: number; ok: false; error: string };

let adapter: Adapter | undefined;
let env: MapEnv | undefined;
let file = '';

parentPort?.on('message', (m: { settings: MapWorkerSettings } | MapJob) => {
  if ('settings' in m) {
    adapter = adapterFor(m.settings.format, m.settings.adapterOptions);
    env = { ...m.settings.env, pseudonymise: pseudonymiserFromKey(m.settings.pseudonymKey) };
    file = m.settings.file;
    return;
  }
  try {
    if (!adapter || !env) throw new Error('mapping worker used before its settings arrived');
    const index = new Map<RawRecord, number>(m.records.map((r, i) => [r, i]));
    const w = prepare({ seq: m.seq, records: m.records }, adapter, env, { file });
    const out: MappedBatch = {
      seq: m.seq, records: w.records, needsEarlier: w.needsEarlier,
      good: w.good.map((g) => ({ i: index.get(g.rec) as number, mapped: g.mapped })),
      bad: w.bad.map((b) => ({ i: index.get(b.rec) as number, problems: b.problems })),
    };
    parentPort?.postMessage({ id: m.id, ok: true, out } satisfies MapReply);
  } catch (e) {
    parentPort?.postMessage({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies MapReply);
  }
});
