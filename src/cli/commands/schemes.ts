import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { TesseraError, ValidationError } from '../../shared/errors.ts';
import { conceptsIn, exportCrosswalkSkos, exportSchemeSkos, importScheme, isLanguage, registry, saveImportedScheme, type Language } from '../../taxonomy/index.ts';
import { actingPrincipal, globalsOf, loadNodeSchemes, withStore } from '../context.ts';
import { formatProblem, printResult, table } from '../output.ts';

/** `--json` is declared on `schemes` and on its sub-commands; commander gives it to the parent. */
const withGlobals = <T>(cmd: Command): T => cmd.optsWithGlobals() as T;

function lang(l: string | undefined): Language {
  if (l === undefined) return 'en';
  if (!isLanguage(l)) throw new TesseraError('unknown_language', `Labels exist in en, fr, es, pt, de; "${l}" is not one of them.`);
  return l;
}

export function register(program: Command): void {
  const schemes = program
    .command('schemes')
    .description('classification schemes: list, show, export as SKOS JSON-LD, import an organisation\'s own')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await loadNodeSchemes(globalsOf(cmd));
      const list = registry().summaries();
      printResult({ schemes: list }, opts, (r) =>
        table(
          r.schemes.map((s) => ({ id: s.id, version: s.version, kind: s.kind, codes: s.codes, languages: s.languages.join(','), confidence: s.confidence, title: s.title })),
          ['id', 'version', 'kind', 'codes', 'languages', 'confidence', 'title'],
        ) + '\nConfidence: V verified, S secondary source, U unverified, X Tessera synthesis. Unverified facts are warnings, not hard rules.',
      );
    });

  schemes
    .command('show')
    .description('the codes of one scheme with labels (falls back to English, marked "(en)")')
    .argument('<scheme>', 'scheme id')
    .option('--lang <lang>', 'label language: en, fr, es, pt, de', 'en')
    .option('--json', 'print JSON')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      await loadNodeSchemes(globalsOf(cmd));
      const opts = withGlobals<{ lang?: string; json?: boolean }>(cmd);
      const s = registry().get(id);
      const l = lang(opts.lang);
      const codes = conceptsIn(s, l);
      printResult({ id: s.id, version: s.version, title: s.title[l] ?? s.title.en, description: s.description, warnings: s.warnings ?? [], codes }, opts, (r) =>
        [
          `${r.id} ${r.version} — ${r.title}`,
          r.description,
          ...r.warnings.map((w) => `warning: ${w}`),
          '',
          table(r.codes.map((c) => ({ code: c.code, label: c.fallback ? `${c.label} (en)` : c.label, broader: c.broader ?? '', confidence: c.confidence, source_label: c.sourceLabel ?? '' }))),
        ].join('\n'),
      );
    });

  schemes
    .command('export')
    .description('a scheme (or, with --to, the crosswalk to another scheme) as SKOS JSON-LD')
    .argument('<scheme>', 'scheme id')
    .option('--to <scheme>', 'export the crosswalk from <scheme> to this scheme instead')
    .option('--out <file>', 'write to a file instead of stdout')
    .action((id: string, opts: { to?: string; out?: string }) => {
      const doc = opts.to ? exportCrosswalkSkos(id, opts.to) : exportSchemeSkos(registry().get(id));
      const text = JSON.stringify(doc, null, 2) + '\n';
      if (opts.out) {
        writeFileSync(opts.out, text);
        process.stderr.write(`written ${opts.out}\n`);
      } else process.stdout.write(text);
    });

  schemes
    .command('import')
    .description("validate an organisation's scheme and crosswalk (SKOS JSON-LD or CSV) and print what would be registered; with --save the node keeps it")
    .argument('<file>', 'a .jsonld/.json (SKOS) or .csv file')
    .option('--format <format>', 'skos or csv (default: from the content)')
    .option('--id <id>', 'scheme id, overriding the file')
    .option('--scheme-version <version>', 'scheme version, overriding the file')
    .option('--save', "register it on this node and keep it (steward or admin of the node's organisation)")
    .option('--as <email>', "act as this user (default $TESSERA_USER or the node organisation's steward)")
    .option('--json', 'print JSON')
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const opts = withGlobals<{ format?: string; id?: string; schemeVersion?: string; save?: boolean; as?: string; json?: boolean; data?: string }>(cmd);
      if (opts.format && opts.format !== 'skos' && opts.format !== 'csv') throw new TesseraError('invalid_format', `--format must be skos or csv, not "${opts.format}".`);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new TesseraError('file_unreadable', `Cannot read ${file}: ${(e as Error).message}`, { where: { file } });
      }
      let imported: ReturnType<typeof importScheme>;
      try {
        imported = importScheme({ text, file, ...(opts.format ? { format: opts.format as 'skos' | 'csv' } : {}), ...(opts.id ? { id: opts.id } : {}), ...(opts.schemeVersion ? { version: opts.schemeVersion } : {}) });
      } catch (e) {
        if (!(e instanceof ValidationError) || opts.json) throw e;
        // every problem with its line or node, then a non-zero exit
        for (const issue of e.issues) process.stderr.write(formatProblem(issue) + '\n');
        process.stderr.write(`import refused: ${e.issues.length} problem${e.issues.length > 1 ? 's' : ''}, nothing registered\n`);
        process.exitCode = 1;
        return;
      }
      const s = imported.scheme;
      if (opts.save) {
        const done = imported;
        await withStore(opts, async (store) => saveImportedScheme(store, await actingPrincipal(store, opts.as, { defaultToNodeSteward: true }), done));
      }
      const view = {
        valid: true,
        saved: Boolean(opts.save),
        wouldRegister: { id: s.id, version: s.version, kind: s.kind, title: s.title.en, digest: imported.digest },
        format: imported.format,
        concepts: s.concepts.map((c) => ({ code: c.code, label: c.prefLabel.en, broader: c.broader ?? null, mappings: (c.mappings ?? []).map((m) => `${m.relation} ${m.scheme}:${m.code}`) })),
        mappings: imported.mappings,
        warnings: imported.warnings,
      };
      printResult(view, opts, (r) =>
        [
          `valid: ${r.saved ? 'registered and saved' : 'would register'} ${r.wouldRegister.id} version ${r.wouldRegister.version} (${r.concepts.length} codes, ${r.mappings} mappings, ${r.format})`,
          `digest ${r.wouldRegister.digest}`,
          table(r.concepts.map((c) => ({ code: c.code, label: c.label, broader: c.broader ?? '', mappings: c.mappings.join('; ') }))),
          ...r.warnings.map((w) => `note: ${w}`),
        ].join('\n'),
      );
    });
}
