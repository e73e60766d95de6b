import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { PSI_GROUPS, PSI_KINDS, closeSharedCurvePool, httpTransport, runPsi, type PsiGroup, type PsiKind } from '../../privacy/index.ts';
import { TesseraError } from '../../shared/errors.ts';
import { createProgress } from '../progress.ts';
import { printResult } from '../output.ts';
import { globalsOf, withStore } from '../context.ts';
import { actorFor } from './agreement.ts';

/** `tessera psi --peer URL --token T --agreement ID`: private set intersection with another node. */
export function register(program: Command): void {
  program
    .command('psi')
    .description("how many of your identifiers another node also holds, without either side revealing the rest (ECDH-PSI under an agreement)")
    .requiredOption('--peer <url>', "the peer node's API base URL (…/api/v1)")
    .requiredOption('--token <token>', 'an API token of your user on the peer node')
    .requiredOption('--agreement <id>', 'the agreement between the two organisations (id or slug, as the peer knows it)')
    .requiredOption('--purpose <purpose>', 'the purpose you act for')
    .option('--kind <kind>', `identifier kind: ${PSI_KINDS.join(', ')}`, 'email')
    .option('--reveal <what>', 'cardinality (default) or intersection (which of yours are shared; the agreement must show the identifiers)', 'cardinality')
    .option('--group <group>', `the group: ${PSI_GROUPS.join(' (default), ')}`, 'x25519')
    .option('--file <file>', 'your set: one identifier per line, as stored (default: your organisation\'s identifiers of that kind)')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print the result as JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ peer: string; token: string; agreement: string; purpose: string; kind: string; reveal: string; group: string; file?: string; as?: string; json?: boolean }>(cmd);
      if (!(PSI_KINDS as readonly string[]).includes(o.kind)) throw new TesseraError('invalid_option', `--kind must be one of ${PSI_KINDS.join(', ')}, got "${o.kind}"`, { where: { field: 'kind' } });
      if (o.reveal !== 'cardinality' && o.reveal !== 'intersection') throw new TesseraError('invalid_option', `--reveal must be cardinality or intersection, got "${o.reveal}"`, { where: { field: 'reveal' } });
      if (!(PSI_GROUPS as readonly string[]).includes(o.group)) throw new TesseraError('invalid_option', `--group must be one of ${PSI_GROUPS.join(', ')}, got "${o.group}"`, { where: { field: 'group' } });
      const values = o.file ? readFileSync(o.file, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean) : undefined;
      const bars = new Map<string, ReturnType<typeof createProgress>>();
      // The curve work runs on worker threads; end them, whatever the outcome, so the command exits.
      const r = await withStore(o, async (store) =>
        runPsi(store, await actorFor(store, o.as), {
          transport: httpTransport(o.peer, o.token), peer: o.peer, agreement: o.agreement, purpose: o.purpose as never, kind: o.kind as PsiKind, reveal: o.reveal as 'cardinality' | 'intersection', group: o.group as PsiGroup, ...(values ? { values } : {}),
          progress: (phase, done, total) => {
            let b = bars.get(phase);
            if (!b) {
              b = createProgress(phase, total);
              bars.set(phase, b);
            }
            b.tick(done);
            if (done >= total) b.done(`${total.toLocaleString('en')}`);
          },
        }).finally(closeSharedCurvePool),
      );
      printResult(r, o, (x) => `${x.cardinality.toLocaleString('en')} of your ${x.setSize.toLocaleString('en')} ${x.kind} identifiers are also held by the peer (its set: ${x.peerSetSize.toLocaleString('en')}); ${x.seconds.toFixed(1)} s; session ${x.sessionId}${x.intersection ? `\n${x.intersection.join('\n')}` : ''}`);
    });
}
