/**
 * Taxonomy: built-in classification schemes as bundles of axis values, crosswalks between
 * them, age ranges, SKOS/CSV import and export, and the multilingual terminology linter.
 * This file is the module's only entry point.
 */
export * from './types.ts';
export * from './age.ts';
export { ACT_ATOMS, INCIDENT_ATOMS, FLAGS, atomLabel, cdmScheme } from './axes.ts';
export { TaxonomyRegistry, registry, validateScheme, schemeDigest, type ResolvedCode, type SchemeSummary } from './registry.ts';
export { builtinSchemes, SEVERITY_SCHEMES, NCMEC_INCIDENT_TYPES } from './schemes/index.ts';
export { Crosswalk, crosswalk, translate, translateBatch, translationView, combine, setRelation, EU_MEMBERS, type TranslateOptions, type TranslationView } from './crosswalk.ts';
export { closest } from './similar.ts';
export * from './lint/index.ts';
export { exportSchemeSkos, exportCrosswalkSkos, parseSkos, conceptIri, schemeIri, parseConceptIri, CONTEXT as SKOS_CONTEXT, type JsonLd, type ParsedScheme } from './skos.ts';
export { parseCsv, parseSchemeCsv } from './csv.ts';
export { importScheme, importAndRegister, type ImportInput, type ImportedScheme } from './import.ts';
export { saveImportedScheme, loadSavedSchemes } from './saved-schemes.ts';
export { labelIn, showLabel, isLanguage, conceptsIn, type ShownLabel } from './labels.ts';
