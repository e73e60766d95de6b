import { parseDefinition, type IndicatorDefinition } from './definition.ts';

/**
 * The built-in set (issue 9, item 4), written as the same data a user's definition is, and
 * checked by the same parser when the module loads.
 */
const RAW: unknown[] = [
  {
    name: 'reports', title: 'Reports received', unit: 'reports', measure: { kind: 'count', entity: 'reports' },
    description: 'Number of reports received (by the time they were reported), by source organisation, dataset, kind, country, language, incident category or status.',
    disaggregations: ['source', 'dataset', 'kind', 'country', 'language', 'category', 'status'],
  },
  {
    name: 'children', title: 'Children in reports', unit: 'children', measure: { kind: 'count', entity: 'children' },
    description: 'Number of children (victims or children at risk) recorded in reports, by age range, gender, country, source organisation or dataset.',
    disaggregations: ['age', 'gender', 'country', 'source', 'dataset'],
  },
  {
    name: 'helpline-contacts', title: 'Helpline contacts', unit: 'contacts', measure: { kind: 'count', entity: 'contacts' },
    description: "Number of contacts with the organisation's child helpline, by channel, country, region, language, age range, gender or category.",
    disaggregations: ['channel', 'country', 'region', 'language', 'age', 'gender', 'category', 'dataset'],
  },
  {
    name: 'completeness-age', title: 'Completeness of age', unit: 'percent', measure: { kind: 'completeness', entity: 'children', field: 'age' },
    description: 'Percentage of children in reports whose age range is known (both bounds recorded).', disaggregations: ['source', 'dataset', 'country'],
  },
  {
    name: 'completeness-gender', title: 'Completeness of gender', unit: 'percent', measure: { kind: 'completeness', entity: 'children', field: 'gender' },
    description: 'Percentage of children in reports whose gender is recorded (not "unknown").', disaggregations: ['source', 'dataset', 'country'],
  },
  {
    name: 'completeness-country', title: 'Completeness of country', unit: 'percent', measure: { kind: 'completeness', entity: 'reports', field: 'country' },
    description: 'Percentage of reports that name the country they concern (the region of a report).', disaggregations: ['source', 'dataset', 'kind'],
  },
  {
    name: 'completeness-region', title: 'Completeness of region (helpline contacts)', unit: 'percent', measure: { kind: 'completeness', entity: 'contacts', field: 'region' },
    description: 'Percentage of helpline contacts with a sub-national region recorded.', disaggregations: ['dataset', 'channel', 'country'],
  },
  {
    name: 'completeness-language', title: 'Completeness of language', unit: 'percent', measure: { kind: 'completeness', entity: 'reports', field: 'language' },
    description: 'Percentage of reports with their language recorded.', disaggregations: ['source', 'dataset', 'kind', 'country'],
  },
  {
    name: 'agreements-active', title: 'Agreements in force', unit: 'agreements', measure: { kind: 'collaboration', metric: 'agreements-active' },
    description: 'Data-sharing agreements the organisation is party to (as provider or recipient) that are in force at the end of each period.',
  },
  {
    name: 'records-shared', title: 'Records shared', unit: 'records', measure: { kind: 'collaboration', metric: 'records-shared' },
    description: "Records of the organisation that other organisations read or exported under agreements, counted from the audit log.",
  },
  {
    name: 'matches-found', title: 'Matches found', unit: 'links', measure: { kind: 'collaboration', metric: 'matches-found' },
    description: 'Links found between reports by shared evidence (same file, account or URL) in the linkage scopes of the organisation.',
  },
  {
    name: 'classifications-reused', title: 'Classifications reused', unit: 'files', measure: { kind: 'collaboration', metric: 'classifications-reused' },
    description: "Files in the organisation's reports whose hash already carried another organisation's classification in the shared registry, and that the organisation did not re-assess (by the month the report arrived).",
  },
  {
    name: 'duplicates-folded', title: 'Duplicate reports folded into cases', unit: 'reports', measure: { kind: 'collaboration', metric: 'duplicates-folded' },
    description: 'Reports added to an existing case, i.e. every report of a case after its first, in the linkage scopes of the organisation.',
  },
  {
    name: 'time-to-removal', title: 'Time from report to removal', unit: 'days', measure: { kind: 'timing', metric: 'report-to-removal' },
    description: 'Median days from a report to the first "content removed" outcome recorded for it (by the month the report arrived).',
  },
  {
    name: 'time-to-referral', title: 'Time from report to referral', unit: 'days', measure: { kind: 'timing', metric: 'report-to-referral' },
    description: 'Median days from a report (or a helpline contact) to the first referral of a child from it to a service.',
  },
  {
    name: 'time-to-share', title: 'Time to share', unit: 'days', measure: { kind: 'timing', metric: 'report-to-share' },
    description: 'Median days from a report to its copy arriving at your organisation through the exchange, under an agreement (by the month it arrived).',
  },
  {
    name: 'feedback-rate', title: 'Feedback rate', unit: 'percent', measure: { kind: 'feedback-rate' },
    description: 'Percentage of reports for which at least one outcome (positive or not) was fed back.',
  },
];

export const BUILTIN_INDICATORS: readonly IndicatorDefinition[] = RAW.map((d) => parseDefinition(d));
