/**
 * The reader thread of a large ingest (see reader.ts): it receives the input's bytes chunk by
 * chunk and does everything up to the write — decode, cut into records, parse, validate against
 * the CDM, map — and sends back mapped batches. The main thread is left with reading bytes and
 * writing batches, so parsing and the database writes run at the same time on two cores.
 *
 * It holds no connection and writes nothing. It cuts and maps batches with the inline pipeline's
 * own `mapBatches`, so a run read here resumes at the same batches as one read inline, and it
 * skips mapping the batches an interrupted run already committed.
 */
import { serveTasks } from '../workers/task-pool.ts';
import { adapterFor, type AdapterOptions } from './adapters.ts';
import { pseudonymiserFromKey } from './env.ts';
import { decode, type Encoding } from './input.ts';
import { mapBatches, type MappedBatch } from './prepare.ts';
import type { IngestFormat, MapEnv } from './types.ts';

export interface ReadWorkerSettings {
  format: IngestFormat;
  adapterOptions: AdapterOptions;
  env: Omit<MapEnv, 'pseudonymise'>;
  pseudonymKey: string;
  file: string;
  encoding?: Encoding;
  batchSize: number;
  /** Batches an interrupted run of this input committed: counted, not mapped again. */
  committed: number[];
}

/** The next chunk of the input's bytes, or null at its end. */
export type ReadTask = { chunk: Uint8Array | null };

/** A batch as it crosses back: records without their parse tree (the main thread needs only raw text and place). */
export type ReadBatch = MappedBatch;

export interface ReadResult {
  batches: ReadBatch[];
  warnings: string[];
  /** The input is read to its end: `batches` holds the last ones. */
  done: boolean;
}

serveTasks<ReadTask, ReadResult, ReadWorkerSettings>((settings) => {
  if (!settings) throw new Error('ingest reader started without its settings');
  const adapter = adapterFor(settings.format, settings.adapterOptions);
  const env: MapEnv = { ...settings.env, pseudonymise: pseudonymiserFromKey(settings.pseudonymKey) };
  const committed = new Set(settings.committed);
  const ctx = { file: settings.file };

  // Bytes arrive one task at a time; the reading loop below pulls them. A task returns once its
  // chunk has been consumed (the loop asks for more) or the input is done, with the batches
  // completed meanwhile: memory stays at one chunk's worth of batches.
  const arrived: Array<Buffer | null> = [];
  let deliver: ((c: Buffer | null) => void) | null = null;
  let hungry: (() => void) | null = null;
  let out: ReadBatch[] = [];
  const warnings: string[] = [];
  let done = false;
  let failed: unknown = null;

  async function* bytes(): AsyncIterable<Buffer> {
    for (;;) {
      const c = arrived.length
        ? (arrived.shift() as Buffer | null)
        : await new Promise<Buffer | null>((resolve) => {
            deliver = resolve;
            hungry?.();
          });
      if (c === null) return;
      yield c;
    }
  }

  const reading = (async () => {
    const text = decode(bytes(), {
      ...(settings.encoding ? { encoding: settings.encoding } : {}),
      xml: settings.format === 'cybertipline-xml',
      onEncoding: (e) => {
        if (e.encoding !== 'utf-8' || e.basis !== 'UTF-8') warnings.push(`${settings.file}: read as ${e.encoding} (${e.basis})`);
      },
    });
    for await (const b of mapBatches(adapter.read(text, ctx), settings.batchSize, committed, adapter, env, ctx)) out.push(b);
  })().then(
    () => {
      done = true;
      hungry?.();
    },
    (e: unknown) => {
      failed = e;
      done = true;
      hungry?.();
    },
  );
  void reading;

  return async (task) => {
    const c = task.chunk === null ? null : Buffer.from(task.chunk.buffer, task.chunk.byteOffset, task.chunk.byteLength);
    await new Promise<void>((resolve) => {
      hungry = resolve;
      if (deliver) {
        const d = deliver;
        deliver = null;
        d(c);
      } else arrived.push(c);
      if (done) resolve();
    });
    hungry = null;
    if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
    const batches = out;
    out = [];
    return { batches, warnings: warnings.splice(0), done };
  };
});
