import type { Command } from 'commander';
import type { Principal } from '../../identity/principal.ts';
import { ENCODINGS, INGEST_FORMATS, builtinMapping, fileInput, ingest, type Encoding, type IngestFormat, type IngestSummary } from '../../ingest/index.ts';
import { readFile } from 'node:fs/promises';
import { TesseraError } from '../../shared/errors.ts';
import type { Store } from '../../store/index.ts';
import { actingPrincipal, globalsOf, withStore } from '../context.ts';
import { printResult, table } from '../output.ts';
import { createProgress } from '../progress.ts';

interface IngestOptions {
  format: string;
  mapping?: string;
  dataset?: string;
  encoding?: string;
  set?: string;
  setName?: string;
  hashType?: string;
  source?: string;
  sourceVersion?: string;
  sourceRef?: string;
  batchSize?: string;
  workers?: string;
  as?: string;
  json?: boolean;
}

/** Who an ingest command acts as: --as, $TESSERA_USER, else the node organisation's steward. */
export const actorFor = (store: Store, email: string | undefined): Promise<Principal> => actingPrincipal(store, email, { defaultToNodeSteward: true });

export function summaryText(s: IngestSummary): string {
  const lines = [
    `${s.format}: ${s.records.toLocaleString('en')} record(s) from ${s.files.length} file(s) in ${s.seconds.toFixed(1)} s (${s.recordsPerSecond.toLocaleString('en')}/s)`,
    table([
      { outcome: 'accepted', count: s.accepted },
      { outcome: 'duplicates (already held)', count: s.duplicates },
      { outcome: 'quarantined', count: s.quarantined },
      ...(s.resumed ? [{ outcome: 'resumed (committed by an earlier run)', count: s.resumed }] : []),
      ...(s.flagged ? [{ outcome: 'accepted with values kept verbatim and flagged', count: s.flagged }] : []),
    ]),
  ];
  if (Object.keys(s.byReason).length) lines.push('Quarantined by reason:', table(Object.entries(s.byReason).sort((a, b) => b[1] - a[1]).map(([reason, count]) => ({ reason, count }))));
  if (Object.keys(s.flags).length) lines.push('Flagged (kept verbatim):', table(Object.entries(s.flags).sort((a, b) => b[1] - a[1]).map(([flag, count]) => ({ flag, count }))));
  for (const w of s.warnings) lines.push(`note: ${w}`);
  if (s.quarantined) lines.push('See `tessera quarantine list` for each rejected record, with its file, line and reason.');
  return lines.join('\n');
}

/** `tessera ingest --format F FILE…`: CyberTipline XML, helpline CSV, hash lists, STIX 2.1. */
export function register(program: Command): void {
  program
    .command('ingest')
    .description('ingest files into the Common Data Model: NCMEC CyberTipline XML, helpline CSV (with a mapping), hash lists, STIX 2.1; rejected records go to quarantine')
    .argument('<files...>', 'input files')
    .requiredOption('--format <format>', INGEST_FORMATS.join(' | '))
    .option('--mapping <file>', 'helpline-csv: the mapping file (JSON), or "chi-style" for the shipped CHI-style mapping')
    .option('--dataset <id>', 'dataset (id or slug) of your organisation to write into; default: its only dataset of the right kind')
    .option('--encoding <enc>', `input encoding: ${ENCODINGS.join(', ')}`, 'auto')
    .option('--set <slug>', 'hashlist/stix: hash set to import hashes into (default: from the file name)')
    .option('--set-name <name>', 'display name of a new hash set')
    .option('--hash-type <type>', 'hashlist: type of every hash in a plain list (md5, sha1, sha256, pdq); default: from each value')
    .option('--source <name>', 'hashlist/stix: name of the list\'s source (provenance)')
    .option('--source-version <v>', 'hashlist/stix: version of the source list')
    .option('--source-ref <ref>', "hashlist/stix: the source's own reference (URL, ticket)")
    .option('--batch-size <n>', 'records per transaction (and per checkpoint); default 2000 for cybertipline-xml, 5000 for helpline-csv, 1000 otherwise')
    .option('--workers <n>', 'cybertipline-xml/helpline-csv: 0 parses and maps in the main thread, 1 in a reader thread, 2 in two reader threads taking alternate batches (default, files of 4 MiB or more on PostgreSQL: 2 on 3+ cores; on 2 cores 1 for cybertipline-xml, 0 for helpline-csv)')
    .option('--as <email>', "act as this user (default $TESSERA_USER or the node organisation's steward)")
    .option('--json', 'print the summary as JSON: {accepted, duplicates, quarantined, …}')
    .action(async (files: string[], _o, cmd: Command) => {
      const opts = globalsOf<IngestOptions>(cmd);
      if (!(INGEST_FORMATS as readonly string[]).includes(opts.format)) throw new TesseraError('unknown_format', `--format must be one of ${INGEST_FORMATS.join(', ')}; got "${opts.format}".`, { where: { field: 'format' } });
      if (opts.encoding && !(ENCODINGS as readonly string[]).includes(opts.encoding)) throw new TesseraError('invalid_option', `--encoding must be one of ${ENCODINGS.join(', ')}.`, { where: { field: 'encoding' } });
      const batchSize = opts.batchSize === undefined ? undefined : Number(opts.batchSize);
      if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000)) throw new TesseraError('invalid_option', '--batch-size must be a whole number from 1 to 100000.', { where: { field: 'batch-size' } });
      const workers = opts.workers === undefined ? undefined : Number(opts.workers);
      if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > 16)) throw new TesseraError('invalid_option', '--workers must be a whole number from 0 to 16.', { where: { field: 'workers' } });
      let mapping: string | ReturnType<typeof builtinMapping> | undefined;
      if (opts.mapping) {
        mapping = builtinMapping(opts.mapping);
        if (!mapping) {
          try {
            mapping = await readFile(opts.mapping, 'utf8');
          } catch (e) {
            throw new TesseraError('file_unreadable', `Cannot read the mapping ${opts.mapping}: ${(e as Error).message}`, { where: { file: opts.mapping, field: 'mapping' } });
          }
        }
      }
      const progress = createProgress('ingest');
      const summary = await withStore(opts, async (store) => {
        const actor = await actorFor(store, opts.as);
        const inputs = [];
        for (const f of files) inputs.push(await fileInput(f));
        return ingest(store, actor, {
          format: opts.format as IngestFormat, inputs,
          ...(mapping ? { mapping, mappingFile: opts.mapping } : {}),
          ...(opts.dataset ? { dataset: opts.dataset } : {}),
          ...(opts.encoding ? { encoding: opts.encoding as Encoding } : {}),
          ...(opts.set ? { set: opts.set } : {}),
          ...(opts.setName ? { setName: opts.setName } : {}),
          ...(opts.hashType ? { hashType: opts.hashType } : {}),
          ...(opts.source || opts.sourceVersion || opts.sourceRef ? { source: { ...(opts.source ? { name: opts.source } : {}), ...(opts.sourceVersion ? { version: opts.sourceVersion } : {}), ...(opts.sourceRef ? { reference: opts.sourceRef } : {}) } } : {}),
          ...(batchSize ? { batchSize } : {}),
          ...(workers !== undefined ? { workers } : {}),
          onProgress: (n) => progress.tick(n),
        });
      });
      progress.done();
      printResult(summary, opts, summaryText);
    });
}
