import { InvalidArgumentError, type Command } from 'commander';
import { startSyncLoop, syncOnce, type LinkReport } from '../../exchange/index.ts';
import { openStore } from '../../store/index.ts';
import { globalsOf, storeOptions, withStore } from '../context.ts';
import { printResult, table } from '../output.ts';

const human = (rs: LinkReport[]) =>
  rs.length ? table(rs.map((r) => ({ peer: r.peer, agreement: r.slug, direction: r.direction, objects: r.objects, rejected: r.rejected, pages: r.pages, error: r.error ?? '' }))) : 'no peers to sync with (`tessera peer add`)';

/** A page size as typed: a whole number from 1 to 10,000 (the TAXII server's largest page). */
function pageSizeOf(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10000) throw new InvalidArgumentError(`--page-size must be a whole number from 1 to 10000, got "${value}"`);
  return n;
}

/** `tessera sync [--peer ID] [--once]`: pull, push and send with peers. */
export function register(program: Command): void {
  program.command('sync')
    .description('exchange with peers: pull their records collections, push ours where asked, send feedback (docs/federation.md)')
    .option('--peer <peer>', 'only this peer (id or organisation slug)')
    .option('--once', 'one round, then exit (default: keep going every --interval seconds until Ctrl-C)')
    .option('--interval <seconds>', 'seconds between rounds', '5')
    .option('--page-size <n>', 'objects per page (default: 5,000 pulled, 1,000 pushed)', pageSizeOf)
    .option('--verbose', 'print each page as it is committed (on stderr)')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ peer?: string; once?: boolean; interval: string; pageSize?: number; verbose?: boolean; json?: boolean }>(cmd);
      const opts = {
        peer: o.peer, ...(o.pageSize !== undefined ? { pageSize: o.pageSize } : {}),
        ...(o.verbose ? { onPage: (r: LinkReport) => process.stderr.write(`page ${r.pages} committed: ${r.peer} ${r.slug} ${r.direction} ${r.objects} objects so far\n`) } : {}),
      };
      if (o.once) {
        const rs = await withStore(o, (store) => syncOnce(store, opts));
        printResult(rs, o, human);
        if (rs.some((r) => r.error)) process.exitCode = 1;
        return;
      }
      const store = await openStore(storeOptions(o));
      const loop = startSyncLoop(store, { ...opts, intervalMs: Number(o.interval) * 1000 });
      let lastAt: string | null = null;
      const report = setInterval(() => {
        const l = loop.last();
        if (l.at && l.at !== lastAt) {
          lastAt = l.at;
          const moved = l.reports.filter((r) => r.objects || r.rejected || r.error);
          if (moved.length || l.error) printResult(l.error ? { error: l.error } : moved, o, (x) => (Array.isArray(x) ? `${l.at}\n${human(x)}` : `${l.at} error: ${(x as { error: string }).error}`));
        }
      }, 500);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      clearInterval(report);
      await loop.stop();
      await store.close();
    });
}
