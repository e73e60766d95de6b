/**
 * Hashing a file or an upload: exact hashes (MD5, SHA-1, SHA-256) of the bytes and, for
 * images, PDQ. The bytes live only in memory for the duration of the call; nothing is kept,
 * logged or written. A PDQ failure (not an image, corrupt, too large) is reported as a value
 * beside the exact hashes, which are still useful.
 */
import { open } from 'node:fs/promises';
import { TesseraError, type ErrorLocation, type Problem } from '../shared/errors.ts';
import { exactHashesOf, exactHashesOfFile, type ExactHashes } from './exact.ts';
import { DEFAULT_MAX_BYTES, type DecodeOptions } from './pdq/decode.ts';
import { pdqHashImage } from './pdq/index.ts';
import type { PdqScratch } from './pdq/core.ts';

export interface MediaHashes extends ExactHashes {
  pdq?: string;
  quality?: number;
  width?: number;
  height?: number;
  /** Why there is no PDQ hash (e.g. not_an_image); the exact hashes are still valid. */
  pdqError?: Problem;
}

export interface MediaHashOptions extends DecodeOptions {
  /** Skip PDQ (exact hashes only). */
  exactOnly?: boolean;
  scratch?: PdqScratch;
}

export async function hashBytes(bytes: Uint8Array, opts: MediaHashOptions = {}): Promise<MediaHashes> {
  const exact = exactHashesOf(bytes);
  if (opts.exactOnly) return exact;
  try {
    const p = await pdqHashImage(bytes, opts, opts.scratch);
    return { ...exact, pdq: p.hash, quality: p.quality, width: p.width, height: p.height };
  } catch (e) {
    if (e instanceof TesseraError) return { ...exact, pdqError: e.toProblem() };
    throw e;
  }
}

/**
 * Hashes a file. Files larger than `maxBytes` are streamed for the exact hashes only and carry
 * a `pdqError` (input_too_large). Throws TesseraError for unreadable files (not found, a folder).
 */
export async function hashFile(path: string, opts: MediaHashOptions = {}): Promise<MediaHashes> {
  const where: ErrorLocation = opts.where ?? { file: path };
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw fileError(e, where);
  }
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw new TesseraError('not_a_file', 'This is a folder, not a file.', { where });
    if (st.size > maxBytes) {
      await fh.close();
      fh = undefined;
      const exact = await exactHashesOfFile(path);
      return { ...exact, pdqError: { code: 'input_too_large', message: `The file is ${st.size} bytes, more than the ${maxBytes}-byte limit for image hashing; only exact hashes were computed.`, where } };
    }
    const bytes = await fh.readFile();
    return await hashBytes(bytes, { ...opts, where });
  } catch (e) {
    if (e instanceof TesseraError) throw e;
    throw fileError(e, where);
  } finally {
    await fh?.close();
  }
}

function fileError(e: unknown, where: ErrorLocation): TesseraError {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return new TesseraError('file_not_found', 'No such file.', { where, status: 404 });
  if (code === 'EISDIR') return new TesseraError('not_a_file', 'This is a folder, not a file.', { where });
  if (code === 'EACCES' || code === 'EPERM') return new TesseraError('file_not_readable', 'Permission denied reading the file.', { where });
  return new TesseraError('file_read_failed', `The file could not be read (${code ?? 'unknown error'}).`, { where });
}
