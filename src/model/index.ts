/** The Common Data Model: schemas, types, identifiers, and its JSON Schema / dictionary export. */
export * from './version.ts';
export * from './labels.ts';
export * from './primitives.ts';
export * from './lineage.ts';
export * from './entities.ts';
export * from './entity-registry.ts';
export * from './identifiers.ts';
export * from './validate.ts';
export * from './export.ts';
export type { EntityDefinition } from './define.ts';
