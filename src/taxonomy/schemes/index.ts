/** Built-in schemes, one data file each. */
import { cdmScheme } from '../axes.ts';
import type { Scheme } from '../types.ts';
import { arachnid } from './arachnid.ts';
import { chiHelpline } from './chi-helpline.ts';
import { copine } from './copine.ts';
import { eu201193 } from './eu-2011-93.ts';
import { iccam } from './iccam.ts';
import { interpolBaseline } from './interpol-baseline.ts';
import { ncmecFileAnnotation, ncmecReportAnnotation } from './ncmec-file-annotation.ts';
import { ncmecIncident } from './ncmec-incident.ts';
import { ncmecIndustry } from './ncmec-industry.ts';
import { uk2014 } from './uk-2014.ts';
import { ukSap } from './uk-sap.ts';
import { us2256 } from './us-2256.ts';
import { luxembourg } from './luxembourg.ts';

export { NCMEC_INCIDENT_TYPES } from './ncmec-incident.ts';

export function builtinSchemes(): Scheme[] {
  return [uk2014, ukSap, copine, interpolBaseline, iccam, ncmecIndustry, ncmecIncident, ncmecFileAnnotation, ncmecReportAnnotation, arachnid, us2256, eu201193, chiHelpline, luxembourg, cdmScheme()];
}

/** Schemes that grade content severity: every pair of them is crosswalk-tested. */
export const SEVERITY_SCHEMES = ['uk-2014', 'uk-sap', 'copine', 'ncmec-industry', 'interpol-baseline', 'iccam', 'arachnid', 'us-2256', 'eu-2011-93'] as const;
