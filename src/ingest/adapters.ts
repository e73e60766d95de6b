/** The adapter for each input format, built from the options that shape its mapping. */
import { TesseraError } from '../shared/errors.ts';
import { cybertiplineAdapter } from './cybertipline/index.ts';
import { hashlistAdapter, type HashListOptions } from './hashlist/index.ts';
import { helplineCsvAdapter } from './helpline-csv/index.ts';
import { parseMapping, type HelplineMapping } from './helpline-csv/mapping.ts';
import { stixAdapter } from './stix/index.ts';
import type { Adapter, IngestFormat } from './types.ts';

export interface AdapterOptions {
  /** helpline-csv: the mapping (parsed, or the JSON text of a mapping file). */
  mapping?: HelplineMapping | string;
  mappingFile?: string;
  /** hashlist: the hash type of plain lists (md5, sha1, sha256, pdq); detected from the values when absent. */
  hashType?: string;
}

export function adapterFor(format: IngestFormat, opts: AdapterOptions = {}): Adapter {
  switch (format) {
    case 'cybertipline-xml':
      return cybertiplineAdapter as Adapter;
    case 'helpline-csv': {
      const mapping = typeof opts.mapping === 'string' ? parseMapping(opts.mapping, opts.mappingFile ?? '<mapping>') : opts.mapping;
      if (!mapping) throw new TesseraError('mapping_required', 'helpline-csv needs a mapping file (--mapping FILE); src/ingest/helpline-csv/mappings/chi-style.ts is a CHI-style example (--mapping chi-style uses it).', { where: { field: 'mapping' } });
      return helplineCsvAdapter(mapping) as Adapter;
    }
    case 'hashlist':
      return hashlistAdapter({ ...(opts.hashType ? { hashType: opts.hashType } : {}) } as HashListOptions) as Adapter;
    case 'stix':
      return stixAdapter as Adapter;
    default:
      throw new TesseraError('unknown_format', `Unknown format "${String(format)}"; use cybertipline-xml, helpline-csv, hashlist or stix.`, { where: { field: 'format' } });
  }
}
