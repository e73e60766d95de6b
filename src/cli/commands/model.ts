import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CDM_VERSION, modelFiles } from '../../model/index.ts';
import { printResult } from '../output.ts';

export function register(program: Command): void {
  const model = program.command('model').description('the Common Data Model');
  model
    .command('export')
    .description('write the JSON Schema 2020-12 and the data dictionary (Markdown and JSON)')
    .option('--out <dir>', 'folder to write to', 'docs/model')
    .option('--json', 'print JSON')
    .action((opts: { out: string; json?: boolean }) => {
      const dir = resolve(opts.out);
      mkdirSync(dir, { recursive: true });
      const files = modelFiles();
      for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
      printResult({ version: CDM_VERSION, dir, files: Object.keys(files) }, opts, (r) => `Common Data Model ${r.version} written to ${r.dir}: ${r.files.join(', ')}`);
    });
}
