/**
 * The append-only, verifiable audit log (RFC 9162 Merkle tree with signed checkpoints).
 * Every access decision and every change to agreements and consent is appended here.
 */
export * from './log.ts';
export { leafHash, verifyInclusion, verifyConsistency } from './merkle.ts';
