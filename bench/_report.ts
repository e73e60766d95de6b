import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Median of several runs: the figure we report, since these machines are shared and noisy. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Writes bench/results/NAME.json and prints a one-line summary per figure. */
export function writeBenchResult(name: string, figures: Record<string, unknown>): void {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const body = { bench: name, measuredAt: new Date().toISOString(), node: process.version, ...figures };
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(body, null, 2) + '\n');
  process.stdout.write(`results written to bench/results/${name}.json\n`);
}
