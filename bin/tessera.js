#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx so `npm start` needs no build step.
import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { bulkLoadNodeFlags, bulkLoads } from './node-flags.js';

const args = process.argv.slice(2);
// The one global option takes a value: the command is the first word after it.
const command = args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '--data');

// V8 flags such as the young generation's size only take effect when the process starts, so a
// command that wants them runs itself once more with them (see node-flags.js for why bulk loads do).
const wanted = bulkLoads(command, args) ? bulkLoadNodeFlags() : [];
if (wanted.length > 0) {
  const r = spawnSync(process.execPath, [...wanted, ...process.execArgv, fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
  process.exit(r.status ?? (r.signal ? 128 + (constants.signals[r.signal] ?? 0) : 1));
}

const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/main.ts');
