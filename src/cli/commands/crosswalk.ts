import type { Command } from 'commander';
import { globalsOf, loadNodeSchemes } from '../context.ts';
import { crosswalk, translationView, type TranslationView } from '../../taxonomy/index.ts';
import { printResult } from '../output.ts';

function human(v: TranslationView): string {
  const head = `${v.from.scheme}:${v.from.code} → ${v.to}${v.jurisdiction ? ` (jurisdiction ${v.jurisdiction})` : ''}: ${v.relation}${v.review ? '  [review]' : ''}`;
  const lines = [head];
  if (v.targets.length === 0) lines.push('  (no target code)');
  for (const t of v.targets) lines.push(`  ${t.scheme}:${t.code}  ${t.relation}${t.jurisdiction ? ` @${t.jurisdiction}` : ''}  ${t.label}${t.condition ? `  — ${t.condition}` : ''}`);
  const list = (title: string, xs: string[]) => {
    if (xs.length) lines.push(title, ...xs.map((x) => `  - ${x}`));
  };
  list('lost:', v.lost);
  list('assumed / unknown:', v.assumed);
  list('warnings (unverified facts — not hard rules):', v.warnings);
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('crosswalk')
    .description('translate a code from one classification scheme to another, with the relation, what is lost and what is assumed')
    .requiredOption('--from <scheme>', 'source scheme id (see `tessera schemes`)')
    .requiredOption('--to <scheme>', 'target scheme id')
    .option('--jurisdiction <cc>', 'ISO 3166-1 country (or EU) whose law a jurisdiction-relative value refers to, e.g. for ICCAM "nationally-illegal"')
    .option('--json', 'print JSON: {relation, codes, lost, assumed, ...}; several codes print {translations: [...]}')
    .argument('<code...>', 'one or more codes of the source scheme (quote codes with spaces)')
    .action(async (codes: string[], opts: { from: string; to: string; jurisdiction?: string; json?: boolean }, cmd: Command) => {
      await loadNodeSchemes(globalsOf(cmd));
      const cw = crosswalk();
      const o = opts.jurisdiction ? { jurisdiction: opts.jurisdiction } : {};
      const views = codes.map((c) => translationView(cw.translate(opts.from, c, opts.to, o)));
      if (views.length === 1) printResult(views[0] as TranslationView, opts, human);
      else printResult({ translations: views }, opts, (r) => r.translations.map(human).join('\n\n'));
    });
}
