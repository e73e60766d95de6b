import { z } from 'zod';
import { Purpose } from '../model/index.ts';
import { IndicatorDefinition } from './definition.ts';

/** Request and response shapes of indicators, shared by the API (OpenAPI), the CLI and the exports. */

export const IndicatorQuery = z.strictObject({
  from: z.string().max(40).optional().meta({ description: 'Start, inclusive: YYYY, YYYY-MM, YYYY-MM-DD or an ISO instant (UTC). Default: 24 months before `to`.' }),
  to: z.string().max(40).optional().meta({ description: 'End: a year, month or day given is included whole; an ISO instant is exclusive. Default: the end of the current month.' }),
  grain: z.enum(['month', 'year', 'total']).default('month').meta({ description: 'Time grain of the values.' }),
  by: z.string().max(40).optional().meta({ description: "Break down by one of the indicator's disaggregations." }),
  scope: z.string().max(200).default('all').meta({ description: '"all" (own data plus what agreements in force share for counting), "own", or one agreement id or slug.' }),
  purpose: Purpose.default('research-and-statistics').meta({ description: 'The purpose you act for under agreements.' }),
  threshold: z.coerce.number().int().min(1).max(1000).optional().meta({ description: 'Suppress counts below this. Default 10 when shared rows are counted, 1 (nothing suppressed) for your own data only.' }),
});
export type IndicatorQuery = z.input<typeof IndicatorQuery>;

export const Coverage = z
  .object({
    records: z.number().nullable().meta({ description: 'Rows in the population of this period (the denominator), null when suppressed.' }),
    knownShare: z.number().nullable().meta({ description: 'Share (0-1) of those rows where the breakdown field is recorded; null without a breakdown or when it does not apply.' }),
    datasetsReporting: z.number().meta({ description: 'Datasets in scope with at least one row in this period.' }),
    datasetsInScope: z.number(),
  })
  .meta({ id: 'IndicatorCoverage', description: 'How much data stands behind a figure.' });

export const IndicatorValue = z
  .object({
    period: z.string().meta({ description: 'YYYY-MM, YYYY, or an ISO interval for the whole period.' }),
    dimensions: z.record(z.string(), z.string()).meta({ description: 'The breakdown value, e.g. {"country":"BR"}; "*" is the total over the breakdown.' }),
    value: z.number().nullable().meta({ description: 'The figure in the unit; null when suppressed.' }),
    status: z.enum(['shown', 'primary', 'secondary', 'differencing']).meta({ description: 'shown, or why it is suppressed (primary: small; secondary: protects a small one).' }),
    numerator: z.number().nullable().optional(),
    denominator: z.number().nullable().optional(),
    coverage: Coverage,
  })
  .meta({ id: 'IndicatorValue' });

export const ScopePart = z.object({
  basis: z.enum(['own-organisation', 'agreement']),
  organisation: z.string(),
  agreement: z.object({ id: z.string(), slug: z.string(), version: z.number(), versionHash: z.string() }).nullable(),
  datasets: z.array(z.string()).nullable().meta({ description: 'null: every dataset of the organisation.' }),
  from: z.string().nullable().meta({ description: "Rows reported from this instant (the agreement's retention window)." }),
  consentRequired: z.boolean(),
});

export const IndicatorResult = z
  .object({
    indicator: IndicatorDefinition,
    unit: z.string(),
    period: z.object({ from: z.string(), to: z.string() }),
    grain: z.enum(['month', 'year', 'total']),
    by: z.string().nullable(),
    values: z.array(IndicatorValue),
    coverage: z.object({
      method: z.string().meta({ description: 'How rows were counted: rollup (whole months), rows, or both.' }),
      scope: z.array(ScopePart),
      excluded: z.array(z.object({ agreement: z.string(), reason: z.string() })).meta({ description: 'Agreements left out, and why.' }),
      datasetsInScope: z.array(z.string()),
      notes: z.array(z.string()),
    }),
    disclosure: z.object({ threshold: z.number(), suppressed: z.object({ primary: z.number(), secondary: z.number(), differencing: z.number() }) }),
  })
  .meta({ id: 'IndicatorResult', description: 'An indicator computed over a period: values with their dimensions, unit, suppression status and coverage.' });
export type IndicatorResult = z.infer<typeof IndicatorResult>;
export type IndicatorValue = z.infer<typeof IndicatorValue>;

export const TrendPoint = z
  .object({
    period: z.string(),
    value: z.number().nullable(),
    previousYear: z.number().nullable().meta({ description: 'The same month a year before.' }),
    yearOnYear: z.number().nullable().meta({ description: 'Change against the same month a year before, in percent (null when either is suppressed or zero).' }),
    againstBaseline: z.number().nullable().meta({ description: 'Change against the baseline, in percent.' }),
    coverage: Coverage,
  })
  .meta({ id: 'IndicatorTrendPoint' });

export const TrendResult = z
  .object({
    indicator: z.string(), unit: z.string(), by: z.string().nullable(), dimensions: z.record(z.string(), z.string()),
    period: z.object({ from: z.string(), to: z.string() }),
    baseline: z.object({ from: z.string(), to: z.string(), value: z.number().nullable().meta({ description: 'Mean monthly value over the baseline period (null when any month in it is suppressed).' }) }),
    series: z.array(TrendPoint),
    coverage: IndicatorResult.shape.coverage,
    disclosure: IndicatorResult.shape.disclosure,
  })
  .meta({ id: 'IndicatorTrend', description: 'A monthly series with the same month a year before, year-on-year change and a baseline.' });
export type TrendResult = z.infer<typeof TrendResult>;
