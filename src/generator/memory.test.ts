import v8 from 'node:v8';
import vm from 'node:vm';
import { expect, it } from 'vitest';
import { generateContacts, generateReports } from './index.ts';

// A real collection between samples, so the figure is what is retained, not garbage not yet collected.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function retainedGrowth(run: (sample: () => void) => number): { growthMB: number; produced: number } {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = 0;
  const produced = run(() => {
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed - base);
  });
  return { growthMB: peak / 1e6, produced };
}

it('generates 200,000 report bundles holding one batch at a time', { timeout: 600_000 }, () => {
  const { growthMB, produced } = retainedGrowth((sample) => {
    let n = 0;
    let batches = 0;
    for (const batch of generateReports({ seed: 5, count: 200_000, batchSize: 1000 })) {
      n += batch.length;
      if (++batches % 50 === 0) sample();
    }
    sample();
    return n;
  });
  expect(produced).toBe(200_000);
  // One batch of 1000 bundles is ~10 MB; keeping every bundle would be over 1 GB.
  expect(growthMB).toBeLessThan(40);
});

it('the measurement sees retention: keeping 20,000 bundles shows up', { timeout: 600_000 }, () => {
  const kept: unknown[] = [];
  const { growthMB } = retainedGrowth((sample) => {
    for (const batch of generateReports({ seed: 5, count: 20_000 })) kept.push(batch);
    sample();
    return kept.length;
  });
  expect(growthMB).toBeGreaterThan(40);
  kept.length = 0;
});

it('generates 100,000 contacts holding one batch at a time', { timeout: 600_000 }, () => {
  const { growthMB, produced } = retainedGrowth((sample) => {
    let n = 0;
    let batches = 0;
    for (const batch of generateContacts({ seed: 5, count: 100_000 })) {
      n += batch.length;
      if (++batches % 50 === 0) sample();
    }
    return n;
  });
  expect(produced).toBe(100_000);
  expect(growthMB).toBeLessThan(20);
});
