/**
 * `npm run bench -- ingest-phases [xml|csv] [--phases decode,read,map,encode] [--reps N] [--reports N] [--contacts N]`
 *
 * The reading side of an ingest, phase by phase, in this one thread and without a database: CPU µs
 * per CyberTipline report (its fileDetails included) or per helpline CSV row, each phase cumulative
 * (`read` includes decoding, `map` includes reading, `encode` is the whole work of a reader thread:
 * decode, read, map and encode the COPY data). Where the CPU of a record goes before the write, so a
 * change to the scanner, the mappers or the encoder can be measured on its own — old and new trees
 * interleaved, as docs/ingest.md does. Inputs are the ingest benchmark's (generated in a child
 * process by bench/ingest.ts --write-input), kept in the system's temporary directory between runs.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { adapterFor } from '../src/ingest/adapters.ts';
import { encodeBatch } from '../src/ingest/encode-batch.ts';
import { pseudonymiserFromKey } from '../src/ingest/env.ts';
import { CHI_STYLE_MAPPING } from '../src/ingest/helpline-csv/mapping.ts';
import { decode } from '../src/ingest/input.ts';
import { mapBatches } from '../src/ingest/prepare.ts';
import type { MapEnv } from '../src/ingest/types.ts';
import { median, writeBenchResult } from './_report.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { phases: { type: 'string', default: 'decode,read,map,encode' }, reps: { type: 'string', default: '3' }, reports: { type: 'string', default: '100000' }, contacts: { type: 'string', default: '500000' } },
});
const kinds = (positionals.length ? positionals : ['xml', 'csv']) as Array<'xml' | 'csv'>;
const PHASES = values.phases.split(',');
const REPS = Number(values.reps);
const REPORTS = Number(values.reports);
const CONTACTS = Number(values.contacts);

const ORG = 'organisation--00000000-0000-4000-8000-000000000001';
const env: MapEnv = {
  orgId: ORG,
  datasetId: 'dataset--00000000-0000-4000-8000-000000000002',
  lineage: { sourceOrgId: ORG, sourceSystem: 'bench', collectionPurpose: 'content-removal', legalBasis: 'legitimate-interest', adapter: { name: 'bench', version: '1' }, receivedAt: '2026-01-01T00:00:00.000Z', hops: [] },
  receivedAt: '2026-01-01T00:00:00.000Z',
  pseudonymise: pseudonymiserFromKey('00'.repeat(32)),
};

function input(kind: 'xml' | 'csv'): string {
  const path = join(tmpdir(), kind === 'xml' ? `tessera-phases-${REPORTS}.xml` : `tessera-phases-${CONTACTS}.csv`);
  if (!existsSync(path)) {
    const args = [...process.execArgv, fileURLToPath(new URL('./ingest.ts', import.meta.url)), '--write-input', kind, '--out', path, '--reports', String(REPORTS), '--contacts', String(CONTACTS)];
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`generating the ${kind} input failed (exit ${r.status})`);
  }
  return path;
}

/** One pass of a phase over the whole input; returns a count so nothing is optimised away. */
async function pass(kind: 'xml' | 'csv', file: string, phase: string): Promise<number> {
  const adapter = adapterFor(kind === 'xml' ? 'cybertipline-xml' : 'helpline-csv', kind === 'csv' ? { mapping: CHI_STYLE_MAPPING } : {});
  const text = () => decode(createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>, { xml: kind === 'xml' });
  let n = 0;
  if (phase === 'decode') for await (const t of text()) n += t.length;
  else if (phase === 'read') for await (const r of adapter.read(text(), { file })) n += r.raw.length;
  else if (phase === 'map' || phase === 'encode') {
    for await (const b of mapBatches(adapter.read(text(), { file }), kind === 'xml' ? 2000 : 5000, new Set(), adapter, env, { file })) {
      n += b.good.length;
      if (phase === 'encode') n += encodeBatch(b, { orgId: ORG, runId: 'ingest-run--bench', file }).accepted;
    }
  } else throw new Error(`unknown phase "${phase}": use decode, read, map or encode`);
  return n;
}

const figures: Record<string, unknown> = { phases: PHASES, reps: REPS };
for (const kind of kinds) {
  const file = input(kind);
  const units = kind === 'xml' ? REPORTS : CONTACTS;
  const unit = kind === 'xml' ? 'report' : 'row';
  const out: Record<string, { runs: number[]; median: number }> = {};
  process.stdout.write(`${kind === 'xml' ? `CyberTipline, ${units.toLocaleString('en')} reports` : `helpline CSV, ${units.toLocaleString('en')} rows`}: CPU µs per ${unit}, cumulative\n`);
  for (const phase of PHASES) {
    const runs: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const c0 = process.cpuUsage();
      await pass(kind, file, phase);
      const c = process.cpuUsage(c0);
      runs.push(Number(((c.user + c.system) / units).toFixed(1)));
    }
    out[phase] = { runs, median: median(runs) };
    process.stdout.write(`  ${phase.padEnd(7)} ${median(runs).toFixed(1)} (runs ${runs.join(' / ')})\n`);
  }
  figures[kind === 'xml' ? 'cybertipline' : 'helplineCsv'] = { units, unit, ...out };
}
writeBenchResult('ingest-phases', figures);
