import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { correctQuarantine, discardQuarantine, listQuarantine, retryQuarantine, showBadBytes, showQuarantine, type QuarantineEntry } from '../../ingest/index.ts';
import { describeLocation, TesseraError } from '../../shared/errors.ts';
import { globalsOf, withStore } from '../context.ts';
import { printResult, table } from '../output.ts';
import { actorFor } from './ingest.ts';

interface ListOptions { status?: string; format?: string; file?: string; code?: string; limit?: string; offset?: string; as?: string; json?: boolean }

const whereText = (e: QuarantineEntry) => describeLocation(e.where);

/** `tessera quarantine list|show|correct|retry|discard`: rejected input, kept with its error. */
export function register(program: Command): void {
  const q = program.command('quarantine').description('records ingest could not accept: list, show (raw text and error), correct, retry, discard');

  q.command('list')
    .description('quarantine entries with their error and where it happened (file, line or element path, field)')
    .option('--status <s>', 'open | resolved | discarded | all', 'open')
    .option('--format <f>', 'only this input format')
    .option('--file <name>', 'only entries from this file')
    .option('--code <code>', 'only entries with this error code')
    .option('--limit <n>', 'at most this many', '100')
    .option('--offset <n>', 'skip this many', '0')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print a JSON array of entries')
    .action(async (_o, cmd: Command) => {
      const opts = globalsOf<ListOptions>(cmd);
      const entries = await withStore(opts, async (store) =>
        listQuarantine(store, await actorFor(store, opts.as), {
          status: (opts.status ?? 'open') as 'open', ...(opts.format ? { format: opts.format as 'stix' } : {}), ...(opts.file ? { file: opts.file } : {}),
          ...(opts.code ? { code: opts.code } : {}), limit: Number(opts.limit ?? 100), offset: Number(opts.offset ?? 0),
        }),
      );
      printResult(entries, opts, (es) => (es.length ? table(es.map((e) => ({ id: e.id, status: e.status, format: e.format, where: whereText(e), error: `${e.error.code}: ${e.error.message.slice(0, 100)}` }))) : 'The quarantine is empty (for this filter).'));
    });

  q.command('show')
    .description('one entry: its raw text (bytes that were not valid UTF-8 shown as \\xNN), every problem and where')
    .argument('<id>')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print JSON')
    .action(async (id: string, _o, cmd: Command) => {
      const opts = globalsOf<{ as?: string; json?: boolean }>(cmd);
      const e = await withStore(opts, async (store) => showQuarantine(store, await actorFor(store, opts.as), id));
      printResult(e, opts, (x) =>
        [
          `${x.id} (${x.status}, ${x.format}, ${x.attempts} retr${x.attempts === 1 ? 'y' : 'ies'})`,
          ...x.problems.map((p) => `  error[${p.code}] ${describeLocation(p.where)}: ${p.message}`),
          x.rawTruncated ? '  (raw text truncated: the record was over the size limit)' : '',
          '--- raw ---',
          showBadBytes(x.raw ?? ''),
          ...(x.correctedRaw ? ['--- corrected ---', showBadBytes(x.correctedRaw)] : []),
        ].filter(Boolean).join('\n'),
      );
    });

  q.command('correct')
    .description('replace the text a retry reads (the original raw text is kept)')
    .argument('<id>')
    .option('--file <path>', 'read the corrected text from this file')
    .option('--text <text>', 'the corrected text')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print JSON')
    .action(async (id: string, _o, cmd: Command) => {
      const opts = globalsOf<{ file?: string; text?: string; as?: string; json?: boolean }>(cmd);
      const text = opts.file ? await readFile(opts.file, 'utf8') : opts.text;
      if (text === undefined) throw new TesseraError('invalid_option', 'Give the corrected text with --file PATH or --text TEXT.', { where: { field: 'file' } });
      const e = await withStore(opts, async (store) => correctQuarantine(store, await actorFor(store, opts.as), id, text));
      printResult(e, opts, (x) => `${x.id}: corrected text saved; run \`tessera quarantine retry ${x.id}\`.`);
    });

  q.command('retry')
    .description('read an entry again (its corrected text if any) and write it if it is now valid; --all retries every open entry (with the list filters)')
    .argument('[id]')
    .option('--all', 'every open entry (matching --format / --file / --code)')
    .option('--format <f>', 'with --all: only this format')
    .option('--file <name>', 'with --all: only this file')
    .option('--code <code>', 'with --all: only this error code')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print JSON')
    .action(async (id: string | undefined, _o, cmd: Command) => {
      const opts = globalsOf<{ all?: boolean; format?: string; file?: string; code?: string; as?: string; json?: boolean }>(cmd);
      if (!id && !opts.all) throw new TesseraError('invalid_option', 'Give an entry id, or --all.', { where: { field: 'id' } });
      const out = await withStore(opts, async (store) =>
        retryQuarantine(store, await actorFor(store, opts.as), id ? { id } : { filter: { limit: 1000, ...(opts.format ? { format: opts.format as 'stix' } : {}), ...(opts.file ? { file: opts.file } : {}), ...(opts.code ? { code: opts.code } : {}) } }),
      );
      if (out.some((o) => o.status === 'open')) process.exitCode = 1;
      printResult(out, opts, (rs) => (rs.length ? table(rs.map((r) => ({ id: r.id, status: r.status, records: r.recordIds.join(' ') || (r.duplicate ? '(already held)' : ''), error: r.error ? `${r.error.code} ${describeLocation(r.error.where)}: ${r.error.message.slice(0, 100)}` : '' }))) : 'Nothing to retry.'));
    });

  q.command('discard')
    .description('close an entry without writing it (the raw text stays, with who discarded it and why)')
    .argument('<id>')
    .requiredOption('--reason <text>', 'why')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print JSON')
    .action(async (id: string, _o, cmd: Command) => {
      const opts = globalsOf<{ reason: string; as?: string; json?: boolean }>(cmd);
      const e = await withStore(opts, async (store) => discardQuarantine(store, await actorFor(store, opts.as), id, opts.reason));
      printResult(e, opts, (x) => `${x.id}: discarded.`);
    });
}
