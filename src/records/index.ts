/**
 * The node's own CDM records: organisations, datasets and reports, written in bulk and read
 * under the policy module's decisions. Routes and commands call these, never the store.
 */
export * from './organisations.ts';
export * from './reports.ts';
export * from './shared.ts';
export { encodeCursor, decodeCursor } from './cursor.ts';
export * from './contacts.ts';
