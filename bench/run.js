#!/usr/bin/env node
// `npm run bench -- NAME [args]` runs bench/NAME.ts (through tsx) and nothing else.
// Each benchmark prints human-readable figures and writes bench/results/NAME.json.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { bulkLoadNodeFlags } from '../bin/node-flags.js';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).map((f) => f.slice(0, -3)).sort();
const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- NAME [options]\navailable: ${available.join(', ') || '(none yet)'}\n`);
  process.exit(name ? 2 : 0);
}
// The benchmarks of bulk loads (and of an ingest's reading phases) run with the flags the bulk-loading
// commands run with (bin/node-flags.js).
const flags = name === 'ingest' || name === 'ingest-phases' || name === 'store' ? bulkLoadNodeFlags() : [];
const result = spawnSync(process.execPath, [...flags, '--import', 'tsx', join(here, `${name}.ts`), ...rest], { stdio: 'inherit' });
process.exit(result.status ?? 1);
