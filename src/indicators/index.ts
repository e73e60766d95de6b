/**
 * Indicators (issue 9): definitions as data over the Common Data Model, a built-in set,
 * computation through the policy module (own data plus what agreements share for counting)
 * and the disclosure-control layer, monthly series, year on year and baselines with the
 * coverage of every figure, exports (CSV, JSON, CSV with HXL hashtags), and the data-quality,
 * representation and data-minimisation reports.
 */
export { IndicatorDefinition, Measure, parseDefinition, ENTITIES, ENTITY_NAMES, COLLABORATION_METRICS, type EntityName, type CollaborationMetric } from './definition.ts';
export { BUILTIN_INDICATORS } from './builtin.ts';
export { computeIndicator, indicatorTrend, findIndicator, listIndicators } from './compute.ts';
export { IndicatorQuery, IndicatorResult, IndicatorValue, TrendResult, TrendPoint, Coverage } from './schemas.ts';
export { exportIndicator, EXPORT_FORMATS, type ExportFormat } from './export.ts';
export { parsePeriod, parseInstant, GRAINS, type Grain, type Period } from './period.ts';
export { compactRollups } from './rollup.ts';
export { startRollupCompaction, type RollupCompaction } from './maintenance.ts';
export { datasetQuality, representationReport, minimisationReport, parseReferenceCsv, QualityRequest, RepresentationRequest, REPRESENTATION_DIMENSIONS, type DatasetQuality, type RepresentationRow, type MinimisationRow } from './quality.ts';
