/**
 * Exact (cryptographic) hashes of content: MD5, SHA-1 and SHA-256 in one streaming pass.
 * Bytes are fed through node:crypto and never kept.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

export interface ExactHashes {
  md5: string;
  sha1: string;
  sha256: string;
  /** Number of bytes hashed. */
  bytes: number;
}

/** Incremental MD5 + SHA-1 + SHA-256: call `update` per chunk, then `digest` once. */
export class ExactHasher {
  private readonly h: [Hash, Hash, Hash] = [createHash('md5'), createHash('sha1'), createHash('sha256')];
  private n = 0;
  update(chunk: Uint8Array): this {
    for (const h of this.h) h.update(chunk);
    this.n += chunk.length;
    return this;
  }
  digest(): ExactHashes {
    return { md5: this.h[0].digest('hex'), sha1: this.h[1].digest('hex'), sha256: this.h[2].digest('hex'), bytes: this.n };
  }
}

export function exactHashesOf(bytes: Uint8Array): ExactHashes {
  return new ExactHasher().update(bytes).digest();
}

/** Streams a readable (file, upload) through the three digests. */
export async function exactHashesOfStream(stream: Readable | AsyncIterable<Uint8Array>): Promise<ExactHashes> {
  const h = new ExactHasher();
  for await (const chunk of stream as AsyncIterable<Uint8Array | string>) h.update(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return h.digest();
}

export function exactHashesOfFile(path: string): Promise<ExactHashes> {
  return exactHashesOfStream(createReadStream(path, { highWaterMark: 1 << 20 }));
}

/** SHA-256 hex of a string (UTF-8). */
export function sha256Text(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}
