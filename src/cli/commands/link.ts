import type { Command } from 'commander';
import { explainReports, runLinkage, type LinkRunRequest } from '../../linkage/index.ts';
import { printResult, table } from '../output.ts';
import { globalsOf, withStore } from '../context.ts';
import { actorFor } from './agreement.ts';

/** `tessera link run|explain`: deconfliction across reports. */
export function register(program: Command): void {
  const link = program.command('link').description('link reports that share a file (exact or PDQ), an account, e-mail, phone, IP or URL; clusters become cases');
  link
    .command('run')
    .description('link the reports you may read (your own, or with --agreement those shared with you too) and update cases')
    .option('--agreement <id>', 'also link the reports this agreement shares with you')
    .option('--purpose <purpose>', 'the purpose you act for (required with --agreement)')
    .option('--ip-window <days>', 'largest time between two reports linked by an IP address', '7')
    .option('--window <days>', 'largest time between two reports linked by anything else (default: no limit)')
    .option('--pdq-radius <bits>', 'largest PDQ distance of near-duplicates', '31')
    .option('--max-key-reports <n>', 'a key in more reports than this is "too common" and links nothing', '100')
    .option('--case-evidence <kinds>', 'evidence that joins reports into one case (comma-separated; default account,email,phone,ip,url)')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print the result as JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ agreement?: string; purpose?: string; ipWindow: string; window?: string; pdqRadius: string; maxKeyReports: string; caseEvidence?: string; as?: string; json?: boolean }>(cmd);
      const req: LinkRunRequest = {
        agreement: o.agreement, purpose: o.purpose as LinkRunRequest['purpose'], ipWindowDays: Number(o.ipWindow), pdqRadius: Number(o.pdqRadius), maxKeyReports: Number(o.maxKeyReports),
        ...(o.window ? { windowDays: Number(o.window) } : {}), ...(o.caseEvidence ? { caseEvidence: o.caseEvidence.split(',').map((s) => s.trim()) as LinkRunRequest['caseEvidence'] } : {}),
      };
      const r = await withStore(o, async (store) => runLinkage(store, await actorFor(store, o.as), req));
      printResult(r, o, (s) => [
        `${s.reports.toLocaleString('en')} reports linked in ${s.seconds.toFixed(1)} s (scope ${s.scope})`,
        `links: ${Object.entries(s.links).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`,
        `cases: ${s.cases.toLocaleString('en')} (${s.newCases.toLocaleString('en')} new); keys too common to link: ${s.tooCommon}`,
        s.urgentReviews ? `URGENT: ${s.urgentReviews} new report(s) joined a case flagged as under active investigation — see \`tessera case list --urgent\`` : 'no new report joined an active case',
      ].join('\n'));
    });
  link
    .command('explain')
    .argument('<a>', 'report id')
    .argument('<b>', 'report id')
    .description('why two reports are linked: shared evidence, or the chain of links through their case')
    .option('--agreement <id>', 'in the scope of this agreement')
    .option('--purpose <purpose>', 'the purpose you act for (required with --agreement)')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print the result as JSON')
    .action(async (a: string, b: string, _o, cmd: Command) => {
      const o = globalsOf<{ agreement?: string; purpose?: string; as?: string; json?: boolean }>(cmd);
      const r = await withStore(o, async (store) => explainReports(store, await actorFor(store, o.as), a, b, { agreement: o.agreement, purpose: o.purpose as never }));
      printResult(r, o, (x) => (x.linked ? `${x.a} and ${x.b} are linked${x.caseId ? ` (case ${x.caseId})` : ''}:\n${table(x.path.map((p) => ({ from: p.from, to: p.to, evidence: p.evidence, why: p.explanation })))}` : `${x.a} and ${x.b} are not linked${x.caseId ? '' : ' (run `tessera link run` first if reports were added)'}`));
    });
}
