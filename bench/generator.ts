// Synthetic data generator throughput: report bundles per second, generation alone and
// generation + JSON serialisation (what `tessera generate` does per line).
// npm run bench -- generator [--reports N] [--runs R]
import { cpus, loadavg } from 'node:os';
import { generateContacts, generateReports } from '../src/generator/index.ts';
import { median, writeBenchResult } from './_report.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('reports', 200_000);
const RUNS = arg('runs', 3);

interface Rate {
  wall: number;
  /** Per CPU second of this process: less sensitive to other load on a shared machine. */
  cpu: number;
}

function measure(f: () => number): Rate {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const n = f();
  const secs = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall: Math.round(n / secs), cpu: Math.round(n / ((c.user + c.system) / 1e6)) };
}

const genOnly = () => {
  let n = 0;
  for (const b of generateReports({ seed: 1, count: N })) n += b.length;
  return n;
};
const genJson = () => {
  let n = 0;
  let bytes = 0;
  for (const b of generateReports({ seed: 1, count: N })) {
    let s = '';
    for (const x of b) s += JSON.stringify(x) + '\n';
    bytes += s.length;
    n += b.length;
  }
  return bytes > 0 ? n : 0;
};
const contacts = () => {
  let n = 0;
  for (const b of generateContacts({ seed: 1, count: N })) n += b.length;
  return n;
};

measure(() => {
  let n = 0;
  for (const b of generateReports({ seed: 9, count: 20_000 })) n += b.length;
  return n;
}); // warm-up
const load = loadavg()[0] ?? 0;
const runs = { reports: [] as Rate[], reportsJson: [] as Rate[], contacts: [] as Rate[] };
for (let r = 0; r < RUNS; r++) {
  runs.reports.push(measure(genOnly));
  runs.reportsJson.push(measure(genJson));
  runs.contacts.push(measure(contacts));
}
const summary = (xs: Rate[]) => ({ wallPerSecond: median(xs.map((x) => x.wall)), cpuPerSecond: median(xs.map((x) => x.cpu)) });
const figures = {
  records: N,
  runs: RUNS,
  cpus: cpus().length,
  loadAverageAtStart: Number(load.toFixed(2)),
  reportBundles: summary(runs.reports),
  reportBundlesWithJson: summary(runs.reportsJson),
  contacts: summary(runs.contacts),
};
for (const [k, v] of Object.entries(figures)) process.stdout.write(`${k}: ${JSON.stringify(v)}\n`);
writeBenchResult('generator', figures);
