#!/usr/bin/env node
// Builds the console (web/dist) when it is missing or older than its sources; `npm start` and
// the browser tests call this so a fresh `npm ci && npm start` serves a working console.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(web, 'dist', 'index.html');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))));
}

export function consoleStale() {
  if (!existsSync(out)) return true;
  const built = statSync(out).mtimeMs;
  return [join(web, 'src'), join(web, 'index.html'), join(web, 'vite.config.ts')].some((p) => newest(p) > built);
}

/** Builds if stale; a lock directory keeps two processes (test workers) from building at once. */
export async function ensureConsoleBuilt({ quiet = false } = {}) {
  if (!consoleStale()) return false;
  const lock = join(web, '.build-lock');
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (i > 600) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (!consoleStale()) return false;
    if (!quiet) process.stdout.write('Building the console (web/dist)…\n');
    const { build } = await import('vite');
    // Test runners set NODE_ENV=test, which would make Vite bundle React's development build.
    const env = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile: join(web, 'vite.config.ts'), mode: 'production', logLevel: quiet ? 'silent' : 'warn' });
    } finally {
      if (env === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = env;
    }
    return true;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const force = process.argv.includes('--force');
  if (force) rmSync(out, { force: true });
  await ensureConsoleBuilt();
}
