import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { TesseraError } from '../../shared/errors.ts';
import { LINT_LANGS, linter, listRules, type Finding, type LintLang } from '../../taxonomy/index.ts';
import { printResult, table } from '../output.ts';

async function readInput(file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new TesseraError('file_unreadable', `Cannot read ${file}: ${(e as Error).message}`, { where: { file } });
  }
}

function checkLang(l: string | undefined): LintLang | undefined {
  if (l === undefined) return undefined;
  if (!(LINT_LANGS as readonly string[]).includes(l)) throw new TesseraError('unknown_language', `No terminology rules for "${l}"; available: ${LINT_LANGS.join(', ')}.`);
  return l as LintLang;
}

function line(file: string, f: Finding): string {
  const pref = f.preferred.length ? ` → ${f.preferred.slice(0, 2).join(' | ')}` : '';
  return `${file}:${f.line}:${f.column}: ${f.severity} "${f.term.replace(/\s+/g, ' ')}"${pref}\n    ${f.reason} [${f.rule}]`;
}

export function register(program: Command): void {
  program
    .command('lint')
    .description('check text for discouraged terminology (Luxembourg Guidelines) in en, fr, es, pt, de (+ nl, it, lb); exits 1 when it finds errors')
    .argument('[file]', 'a text file, or - for standard input')
    .option('--lang <lang>', `only the rules of one language (${LINT_LANGS.join(', ')}); default: all`)
    .option('--fix', 'rewrite safe findings to the first preferred term (FILE in place; - to stdout)')
    .option('--rules', 'list the rules instead of linting')
    .option('--json', 'print JSON: {"findings": [{line, column, term, preferred, severity, reason, ...}]}')
    .action(async (file: string | undefined, opts: { lang?: string; fix?: boolean; rules?: boolean; json?: boolean }) => {
      const lang = checkLang(opts.lang);
      if (opts.rules) {
        const rules = listRules(lang);
        printResult({ rules }, opts, (r) => table(r.rules.map((x) => ({ id: x.id, severity: x.severity, confidence: x.confidence, terms: x.terms.join(' / '), preferred: x.preferred[0] ?? '' }))));
        return;
      }
      if (!file) throw new TesseraError('missing_input', 'Give a FILE to lint, or - for standard input (or --rules to list the rules).');
      const text = await readInput(file);
      const o = lang ? { lang } : {};
      let findings: Finding[];
      let fixed: Finding[] = [];
      if (opts.fix) {
        const r = linter().fix(text, o);
        fixed = r.applied;
        findings = r.remaining;
        if (file === '-') process.stdout.write(r.text);
        else if (r.applied.length) writeFileSync(file, r.text);
      } else findings = linter().lint(text, o);
      const errors = findings.filter((f) => f.severity === 'error').length;
      const label = file === '-' ? '<stdin>' : file;
      if (opts.fix && file === '-') {
        // the fixed text owns stdout; the report goes to stderr
        process.stderr.write(opts.json ? JSON.stringify({ findings, fixed }) + '\n' : [...findings.map((f) => line(label, f)), `fixed ${fixed.length}, ${findings.length} left (${errors} errors)`].join('\n') + '\n');
      } else {
        printResult(opts.fix ? { findings, fixed } : { findings }, opts, () => {
          const out = findings.map((f) => line(label, f));
          const w = findings.filter((f) => f.severity === 'warning').length;
          const i = findings.length - errors - w;
          out.push(`${opts.fix ? `fixed ${fixed.length}; ` : ''}${errors} error${errors === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}, ${i} info${findings.some((f) => f.confidence !== 'V') ? ' — rules marked unverified are warnings, not hard rules' : ''}`);
          return out.join('\n');
        });
      }
      if (errors > 0) process.exitCode = 1;
    });
}
