/**
 * Hashing many files: decodes of the next files run on libvips' threads while the current one
 * is hashed, results come back in input order, and one bad file never stops the batch.
 */
import { TesseraError, type Problem } from '../shared/errors.ts';
import { hashFile, type MediaHashes, type MediaHashOptions } from './media.ts';
import { PdqScratch } from './pdq/core.ts';

export type FileHashOutcome = { file: string; ok: true; hashes: MediaHashes } | { file: string; ok: false; error: Problem };

export async function* hashFiles(files: string[], opts: MediaHashOptions = {}, concurrency = 3): AsyncGenerator<FileHashOutcome> {
  const scratch = opts.scratch ?? new PdqScratch();
  const run = async (file: string): Promise<FileHashOutcome> => {
    try {
      return { file, ok: true, hashes: await hashFile(file, { ...opts, scratch, where: { file } }) };
    } catch (e) {
      if (e instanceof TesseraError) return { file, ok: false, error: e.toProblem() };
      return { file, ok: false, error: { code: 'internal_error', message: e instanceof Error ? e.message : String(e), where: { file } } };
    }
  };
  const inFlight: Array<Promise<FileHashOutcome>> = [];
  let next = 0;
  while (next < files.length && inFlight.length < concurrency) inFlight.push(run(files[next++] as string));
  while (inFlight.length) {
    const r = await (inFlight.shift() as Promise<FileHashOutcome>);
    if (next < files.length) inFlight.push(run(files[next++] as string));
    yield r;
  }
}
