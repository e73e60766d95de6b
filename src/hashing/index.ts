/**
 * Hashing: PDQ (bit-exact TypeScript port of Meta's reference), exact hashes, URL hashes,
 * vPDQ frame matching and the signal-type registry. Pure functions over bytes and text; image
 * bytes are decoded in memory and dropped.
 */
export * from './pdq/index.ts';
export * from './exact.ts';
export * from './url.ts';
export * from './vpdq.ts';
export * from './signal-types.ts';
export * from './media.ts';
export * from './batch.ts';
