/**
 * A reader thread of a large ingest (started by reader.ts). It receives the input's bytes chunk
 * by chunk and does everything up to the write — decode, cut into records, parse, validate
 * against the CDM, map — and sends back the batches it owns. With two reader threads each reads
 * the whole input (cutting is cheap, and both must cut at the same places) and maps every other
 * batch (`part` of `parts`), so the main thread is left with writing.
 *
 * It holds no connection and writes nothing. It cuts and maps batches with the inline pipeline's
 * own `mapBatches`, so a run read here resumes at the same batches as one read inline, and it
 * skips mapping the batches an interrupted run already committed.
 *
 * Not a task-pool worker: the main thread streams chunks in and batches stream out as each is
 * finished (a task per chunk made the thread wait for a round trip through a busy main thread
 * before every chunk, and held a finished batch until its chunk was done).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { adapterFor, type AdapterOptions } from './adapters.ts';
import { pseudonymiserFromKey } from './env.ts';
import { decode, type Encoding } from './input.ts';
import { encodeBatch, encodedTransfer } from './encode-batch.ts';
import type { EncodeContext, EncodedBatch } from './encoded-batch.ts';
import { mapBatches, type MappedBatch, type Work } from './prepare.ts';
import type { IngestFormat, MapEnv } from './types.ts';
import type { ErrorLocation } from '../shared/errors.ts';

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
  /** This thread maps the batches with seq % parts === part (the others it cuts and skips). */
  part: number;
  parts: number;
  /** Encode mapped batches for the write's fast path (encode-batch.ts) and send bytes; absent: send the mapped batches. */
  encode?: EncodeContext;
}

/**
 * A batch as it crosses back: mapped (records without their parse tree: the main thread needs only
 * raw text and place), the count of a batch an interrupted run committed, or — when encoding —
 * the batch as COPY bytes, whose buffers are transferred, not copied. The thread keeps an encoded
 * batch's mapped records until the main thread releases them (written) or asks for them (the fast
 * path did not hold: the exact path needs them).
 */
export type ReadBatch = MappedBatch | { seq: number; committed: false; encoded: EncodedBatch };

/** An error as it crosses back: enough to rebuild a TesseraError with its code and place. */
export interface ReaderFailure {
  message: string;
  code?: string;
  status?: number;
  where?: ErrorLocation;
  stack?: string;
}

/** Main thread → reader thread. */
export type ToReader = { kind: 'chunk'; data: Uint8Array } | { kind: 'end' } | { kind: 'release'; seq: number } | { kind: 'work'; seq: number };

/** Reader thread → main thread. `consumed`: one more chunk taken by the decoder (flow control). */
export type FromReader =
  | { kind: 'consumed' }
  | { kind: 'batch'; batch: ReadBatch }
  | { kind: 'warning'; text: string }
  | { kind: 'done' }
  | { kind: 'failed'; error: ReaderFailure }
  | { kind: 'work'; seq: number; work: Work | null };

/**
 * Tests only: TESSERA_INGEST_READER_FAULT=`<part>:<throw|exit>` makes that reader thread fail
 * after its first batch, so a test can check that a dying thread fails the run cleanly.
 */
const FAULT = /^(\d+):(throw|exit)$/.exec(process.env.TESSERA_INGEST_READER_FAULT ?? '');

if (!isMainThread && parentPort) serve(parentPort, workerData as ReadWorkerSettings);

function serve(port: NonNullable<typeof parentPort>, settings: ReadWorkerSettings): void {
  const adapter = adapterFor(settings.format, settings.adapterOptions);
  const env: MapEnv = { ...settings.env, pseudonymise: pseudonymiserFromKey(settings.pseudonymKey) };
  const committed = new Set(settings.committed);
  const ctx = { file: settings.file };
  const post = (m: FromReader) => port.postMessage(m);

  const arrived: Array<Buffer | null> = [];
  let deliver: ((c: Buffer | null) => void) | null = null;
  /** Encoded batches' mapped records, until written (see ReadBatch). */
  const kept = new Map<number, Work>();
  port.on('message', (m: ToReader) => {
    if (m.kind === 'release') {
      kept.delete(m.seq);
      return;
    }
    if (m.kind === 'work') {
      post({ kind: 'work', seq: m.seq, work: kept.get(m.seq) ?? null });
      kept.delete(m.seq);
      return;
    }
    const c = m.kind === 'end' ? null : Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength);
    if (deliver) {
      const d = deliver;
      deliver = null;
      d(c);
    } else arrived.push(c);
  });
  async function* bytes(): AsyncIterable<Buffer> {
    for (;;) {
      const c = arrived.length ? (arrived.shift() as Buffer | null) : await new Promise<Buffer | null>((resolve) => (deliver = resolve));
      if (c === null) return;
      post({ kind: 'consumed' });
      yield c;
    }
  }

  const fault = FAULT && Number(FAULT[1]) === settings.part ? FAULT[2] : null;
  void (async () => {
    const text = decode(bytes(), {
      ...(settings.encoding ? { encoding: settings.encoding } : {}),
      xml: settings.format === 'cybertipline-xml',
      onEncoding: (e) => {
        if (e.encoding !== 'utf-8' || e.basis !== 'UTF-8') post({ kind: 'warning', text: `${settings.file}: read as ${e.encoding} (${e.basis})` });
      },
    });
    const owns = (seq: number) => seq % settings.parts === settings.part;
    for await (const b of mapBatches(adapter.read(text, ctx), settings.batchSize, committed, adapter, env, ctx, owns)) {
      const enc = settings.encode && !b.committed ? encodeBatch(b, settings.encode) : null;
      if (enc?.fast) {
        kept.set(b.seq, b);
        port.postMessage({ kind: 'batch', batch: { seq: b.seq, committed: false, encoded: enc } } satisfies FromReader, encodedTransfer(enc));
      } else post({ kind: 'batch', batch: b });
      if (fault === 'exit') process.exit(3);
      if (fault === 'throw') throw new Error('reader fault injected for a test (TESSERA_INGEST_READER_FAULT)');
    }
    post({ kind: 'done' });
  })().catch((e: unknown) => {
    const err = e as { message?: unknown; code?: unknown; status?: unknown; where?: unknown; stack?: unknown };
    post({
      kind: 'failed',
      error: {
        message: typeof err?.message === 'string' ? err.message : String(e),
        ...(typeof err?.code === 'string' ? { code: err.code } : {}),
        ...(typeof err?.status === 'number' ? { status: err.status } : {}),
        ...(err?.where && typeof err.where === 'object' ? { where: err.where as ErrorLocation } : {}),
        ...(typeof err?.stack === 'string' ? { stack: err.stack } : {}),
      },
    });
  });
}
