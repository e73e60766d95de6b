/** NCMEC CyberTipline adapter: `report` and `fileDetails` XML in, and out (export.ts). */
import type { Adapter } from '../types.ts';
import { readXmlRecordAsync, readXmlRecords, type XNode } from '../xml-reader.ts';
import { mapCyberTipline } from './map.ts';
import { ELEMENT_NAMES } from './schema.ts';

export const CYBERTIPLINE_RECORDS: ReadonlySet<string> = new Set(['report', 'fileDetails']);

export const cybertiplineAdapter: Adapter<XNode> = {
  format: 'cybertipline-xml',
  name: 'tessera-ingest/cybertipline-xml',
  version: '1.0.0',
  sourceSystem: 'NCMEC CyberTipline (ISPWS XML)',
  read: (text, { file }) => readXmlRecords(text, { file, records: CYBERTIPLINE_RECORDS, names: ELEMENT_NAMES }),
  readOne: (raw, _context, where) => readXmlRecordAsync(raw, CYBERTIPLINE_RECORDS, where),
  map: mapCyberTipline,
};

export { reportDocument, fileDetailsDocument, reportElement, fileDetailsElement, batchOpen, batchClose, batchEntry, TESSERA_NS, type ExportOptions } from './export.ts';
export { parseXsDateTime } from './schema.ts';
