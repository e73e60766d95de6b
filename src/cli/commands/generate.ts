import type { Command } from 'commander';
import { loadIntoStore, writeSyntheticFiles, type SyntheticRun } from '../../generator/sinks.ts';
import { DEFAULT_MONTHS, DEFAULT_SEED, DEFAULT_START_AT } from '../../generator/index.ts';
import { TesseraError } from '../../shared/errors.ts';
import { globalsOf, withStore } from '../context.ts';
import { printResult, table } from '../output.ts';
import { createProgress } from '../progress.ts';

interface GenerateOptions {
  seed: string;
  reports: string;
  contacts: string;
  out: string;
  intoStore?: boolean;
  batchSize: string;
  startAt: string;
  months: string;
  json?: boolean;
}

function whole(name: string, v: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new TesseraError('invalid_option', `--${name} must be a whole number between ${min} and ${max}, got "${v}"`, { where: { field: name } });
  }
  return n;
}

/** `tessera generate`: a deterministic synthetic ecosystem, as JSON Lines files or into the store. */
export function register(program: Command): void {
  program
    .command('generate')
    .description('generate a deterministic synthetic dataset (organisations, users, reports, helpline contacts) — metadata, hashes and pseudonyms only')
    .option('--seed <n>', 'seed: the same seed gives byte-identical output', String(DEFAULT_SEED))
    .option('--reports <n>', 'report bundles to generate', '10000')
    .option('--contacts <n>', 'helpline contacts to generate', '2000')
    .option('--out <dir>', 'folder for the JSON Lines files', './synthetic')
    .option('--into-store', "load into the node's store (--data, TESSERA_DATA or DATABASE_URL) instead of writing files")
    .option('--batch-size <n>', 'records per batch (and per transaction with --into-store)', '1000')
    .option('--start-at <iso>', 'end of the time window (fixed, so output does not depend on the clock)', DEFAULT_START_AT)
    .option('--months <n>', 'length of the time window in months', String(DEFAULT_MONTHS))
    .option('--json', 'print the summary as JSON')
    .action(async (_o, cmd: Command) => {
      const opts = globalsOf<GenerateOptions>(cmd);
      const reports = whole('reports', opts.reports, 0);
      const contacts = whole('contacts', opts.contacts, 0);
      const progress = { reports: createProgress('reports', reports), contacts: createProgress('contacts', contacts) };
      const run: SyntheticRun = {
        seed: whole('seed', opts.seed, 0, 0xffff_ffff),
        reports,
        contacts,
        batchSize: whole('batch-size', opts.batchSize, 1, 1_000_000),
        startAt: opts.startAt,
        months: whole('months', opts.months, 1, 240),
        onProgress: (stage, done) => progress[stage].tick(done),
      };
      if (opts.intoStore) {
        const summary = await withStore(opts, (store) => loadIntoStore(store, run));
        progress.reports.done();
        progress.contacts.done();
        printResult(summary, opts, (s) =>
          [
            `Loaded synthetic data (seed ${s.seed}) into the store in ${s.seconds.toFixed(1)} s (${s.reportsPerSecond.toLocaleString('en')} reports/s).`,
            table([
              { records: 'organisations', count: s.organisations },
              { records: 'datasets', count: s.datasets },
              { records: 'reports', count: s.reports },
              { records: 'content items', count: s.contentItems },
              { records: 'signals', count: s.signals },
              { records: 'children', count: s.children },
              { records: 'subjects', count: s.subjects },
              { records: 'classifications', count: s.classifications },
              { records: 'contacts', count: s.contacts },
            ]),
            s.duplicates ? `${s.duplicates.toLocaleString('en')} records were already in the store and were left as they were.` : '',
            'All of it is synthetic: metadata, hashes and pseudonyms only.',
          ].filter(Boolean).join('\n'),
        );
        return;
      }
      const summary = await writeSyntheticFiles(opts.out, run);
      progress.reports.done();
      progress.contacts.done();
      printResult(summary, opts, (s) =>
        [
          `Wrote synthetic data (seed ${s.seed}, generator ${s.generatorVersion}) to ${s.out} in ${s.seconds.toFixed(1)} s (${s.reportsPerSecond.toLocaleString('en')} reports/s).`,
          table(Object.entries(s.files).map(([name, f]) => ({ file: `${name}.jsonl`, lines: f.lines, MB: (f.bytes / 1e6).toFixed(1) }))),
          `Inside the reports: ${s.contentItems.toLocaleString('en')} content items, ${s.signals.toLocaleString('en')} signals, ${s.children.toLocaleString('en')} children, ${s.subjects.toLocaleString('en')} subjects, ${s.classifications.toLocaleString('en')} classifications.`,
          'All of it is synthetic: metadata, hashes and pseudonyms only. The same --seed reproduces it byte for byte.',
        ].join('\n'),
      );
    });
}
