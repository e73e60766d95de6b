import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript module of the launcher, without type declarations
import { bulkLoadNodeFlags, bulkLoads } from '../bin/node-flags.js';

describe('Node flags of bulk-loading commands (bin/node-flags.js)', () => {
  const saved = process.env.NODE_OPTIONS;
  afterEach(() => {
    if (saved === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = saved;
  });

  it('ingest and generate --into-store bulk-load; generate to files and the serving commands (demo, serve) do not', () => {
    expect(bulkLoads('ingest', ['ingest', 'x.xml'])).toBe(true);
    expect(bulkLoads('demo', ['demo'])).toBe(false);
    expect(bulkLoads('generate', ['--data', 'd', 'generate', '--into-store', '--reports', '10'])).toBe(true);
    expect(bulkLoads('generate', ['generate', '--out', 'dir'])).toBe(false);
    expect(bulkLoads('serve', ['serve'])).toBe(false);
    expect(bulkLoads(undefined, [])).toBe(false);
  });

  it('asks for 64 MiB semi-spaces unless the caller set a size', () => {
    delete process.env.NODE_OPTIONS;
    const flags = bulkLoadNodeFlags() as string[];
    expect(flags).toEqual(process.execArgv.some((a) => a.startsWith('--max-semi-space-size')) ? [] : ['--max-semi-space-size=64']);
    process.env.NODE_OPTIONS = '--max-semi-space-size=128';
    expect(bulkLoadNodeFlags()).toEqual([]);
  });
});
