/**
 * Taxonomy benchmarks: crosswalk translations per second (from the precomputed table) and
 * terminology-linter throughput on mixed-language text with every rule loaded.
 *
 *   npm run bench -- taxonomy [--runs 7] [--mb 20]
 *
 * Goals (issue 3): crosswalk >= 1,000,000 codes/s; linter >= 20 MB/s. Figures are medians.
 * All text is synthetic: sentences about reporting and terminology, no abuse content.
 */
import { Crosswalk, TaxonomyRegistry, TermLinter, ALL_RULES } from '../src/taxonomy/index.ts';
import { cpus, loadavg } from 'node:os';
import { median, writeBenchResult } from './_report.ts';

/** Wall time and CPU time (user + system, this process) of `fn`, in seconds. The machine is shared: CPU time shows the cost without the wait. */
function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t = performance.now();
  const value = fn();
  const wall = (performance.now() - t) / 1000;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1e6 };
}
const load0 = loadavg()[0] as number;

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const RUNS = arg('runs', 7);
const MB = arg('mb', 20);

// ------------------------------------------------------------------ crosswalk
const reg = new TaxonomyRegistry();
const cw = new Crosswalk(reg);
let t0 = performance.now();
const entries = cw.precompute([undefined, 'GB', 'US', 'CA', 'EU', 'FR', 'DE']);
const precomputeMs = performance.now() - t0;

// an ingest-like mix: severity codes into the CDM-relevant targets, some with a jurisdiction
const keys: Array<[string, string, string, { jurisdiction?: string }]> = [];
const targets = ['uk-2014', 'iccam', 'ncmec-industry', 'luxembourg', 'arachnid', 'cdm'];
for (const s of reg.list()) for (const c of s.concepts) for (const t of targets) keys.push([s.id, c.code, t, s.id === 'iccam' ? { jurisdiction: 'GB' } : {}]);
const N = 5_000_000;
const single: number[] = [];
const singleCpu: number[] = [];
for (let r = 0; r < RUNS; r++) {
  let sink = 0;
  const m = timed(() => {
    for (let i = 0; i < N; i++) {
      const k = keys[i % keys.length] as (typeof keys)[number];
      sink += cw.translate(k[0], k[1], k[2], k[3]).codes.length;
    }
  });
  single.push(N / m.wall);
  singleCpu.push(N / m.cpu);
  if (sink < 0) console.log(sink);
}

const batchItems = Array.from({ length: 1_000_000 }, (_, i) => {
  const k = keys[(i * 7) % keys.length] as (typeof keys)[number];
  return { scheme: k[0], code: k[1] };
});
const batch: number[] = [];
for (let r = 0; r < RUNS; r++) {
  t0 = performance.now();
  const out = cw.translateBatch(batchItems, 'uk-2014');
  batch.push(batchItems.length / ((performance.now() - t0) / 1000));
  if (out.length !== batchItems.length) throw new Error('batch size');
}

// uncached: every (code, target) computed from the axes (what the table saves)
const cold = new Crosswalk(new TaxonomyRegistry());
t0 = performance.now();
let coldN = 0;
for (const s of reg.list()) for (const c of s.concepts) for (const t of reg.list()) {
  cold.translate(s.id, c.code, t.id);
  coldN++;
}
const coldPerSec = coldN / ((performance.now() - t0) / 1000);

// ------------------------------------------------------------------ linter
// Neutral sentences in five languages, and sentences carrying a discouraged term, a protocol
// constant, a statute citation or a quotation (all synthetic).
const NEUTRAL = [
  'The hotline received 42 reports this week; analysts reviewed every URL and referred two to the police.',
  'The platform removed the content within the agreed time and sent the hashes to the shared list.',
  'La ligne d’assistance a reçu des signalements ; le matériel d’abus sexuels sur enfants a été retiré.',
  'Les analystes ont vérifié chaque adresse et transmis deux dossiers à la police.',
  'La línea de ayuda recibió denuncias sobre explotación sexual de niñas, niños y adolescentes.',
  'Las analistas revisaron cada enlace y remitieron dos casos a la policía.',
  'A linha de ajuda recebeu denúncias de exploração sexual de crianças e adolescentes.',
  'Os analistas verificaram cada endereço e encaminharam dois casos à polícia.',
  'Die Meldestelle hat Darstellungen sexuellen Missbrauchs von Kindern an Anbieter gemeldet.',
  'Die Analystinnen prüften jede Adresse und gaben zwei Fälle an die Polizei weiter.',
  'Staff discussed grooming and the sexual extortion of children in the training.',
];
const FLAGGED = [
  'Older case notes still say child pornography where we now write child sexual abuse material.',
  'Un article de presse parlait encore de pédopornographie et de prostitution enfantine.',
  'El informe antiguo hablaba de pornografía infantil y de turismo sexual infantil.',
  'O formulário antigo usava pornografia infantil e pornografia de vingança.',
  'Ein älterer Bericht sprach von Kinderpornografie und von Rache\nporno.',
  'Incident type: Child Pornography (possession, manufacture, and distribution), as sent by the platform.',
  'Under 18 U.S.C. § 2256 the statutory term is child pornography.',
  'The helpline label "Revenge Porn" is kept as the source wrote it, with a display label beside it.',
];
/** Text of about `mb` MB where one sentence in `every` carries a flagged term. */
function corpus(mb: number, every: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < mb * 1_000_000; i++) {
    const s = (i % every === every - 1 ? FLAGGED[(i / every) % FLAGGED.length | 0] : NEUTRAL[(i * 7) % NEUTRAL.length]) as string;
    const piece = s + (i % 9 === 8 ? '\n\n' : ' ');
    parts.push(piece);
    size += Buffer.byteLength(piece);
  }
  return parts.join('');
}
t0 = performance.now();
const linter = new TermLinter();
const compileMs = performance.now() - t0;
function lintRate(text: string): { mbPerSecond: number; mbPerCpuSecond: number; findings: number; mb: number } {
  const bytes = Buffer.byteLength(text);
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let findings = 0;
  for (let r = 0; r < RUNS; r++) {
    const m = timed(() => linter.lint(text).length);
    findings = m.value;
    rates.push(bytes / 1e6 / m.wall);
    cpuRates.push(bytes / 1e6 / m.cpu);
  }
  return { mbPerSecond: +median(rates).toFixed(1), mbPerCpuSecond: +median(cpuRates).toFixed(1), findings, mb: +(bytes / 1e6).toFixed(1) };
}
const typical = lintRate(corpus(MB, 10)); // one sentence in ten flagged: about one finding per KB
const dense = lintRate(corpus(MB, 2)); // every other sentence flagged
const clean = lintRate(corpus(MB, 1e9)); // nothing to find: the automaton alone
const findings = typical.findings;
const fig = {
  runs: RUNS,
  loadAverage: { before: +load0.toFixed(2), after: +(loadavg()[0] as number).toFixed(2), cpus: cpus().length },
  crosswalk: {
    tableEntries: entries,
    precomputeMs: Math.round(precomputeMs),
    translationsPerSecond: Math.round(median(single)),
    translationsPerCpuSecond: Math.round(median(singleCpu)),
    batchCodesPerSecond: Math.round(median(batch)),
    uncachedTranslationsPerSecond: Math.round(coldPerSec),
    goalPerSecond: 1_000_000,
  },
  linter: {
    rules: ALL_RULES.length,
    automatonStates: linter.states,
    compileMs: Math.round(compileMs),
    textMB: typical.mb,
    findingsPerRun: findings,
    mbPerSecond: typical.mbPerSecond,
    mbPerCpuSecond: typical.mbPerCpuSecond,
    denseText: dense,
    cleanText: clean,
    goalMbPerSecond: 20,
  },
};
console.log(`load average ${fig.loadAverage.before} → ${fig.loadAverage.after} on ${fig.loadAverage.cpus} CPUs (wall-clock figures suffer when it exceeds the CPU count; per-CPU-second figures less so)`);
console.log(`crosswalk: ${fig.crosswalk.translationsPerSecond.toLocaleString('en')} translations/s wall, ${fig.crosswalk.translationsPerCpuSecond.toLocaleString('en')} per CPU second (median of ${RUNS}; goal 1,000,000); batch ${fig.crosswalk.batchCodesPerSecond.toLocaleString('en')} codes/s; table of ${entries} entries built in ${fig.crosswalk.precomputeMs} ms; uncached ${fig.crosswalk.uncachedTranslationsPerSecond.toLocaleString('en')}/s`);
console.log(`linter: ${typical.mbPerSecond} MB/s wall, ${typical.mbPerCpuSecond} MB per CPU second, on ${typical.mb} MB mixed en/fr/es/pt/de text with one sentence in ten flagged (${findings} findings; median of ${RUNS}; goal 20)`);
console.log(`        every other sentence flagged (${dense.findings} findings): ${dense.mbPerSecond} MB/s wall, ${dense.mbPerCpuSecond} per CPU second; nothing to find: ${clean.mbPerSecond} MB/s wall, ${clean.mbPerCpuSecond} per CPU second`);
console.log(`        ${fig.linter.rules} rules, one automaton of ${fig.linter.automatonStates} states compiled in ${fig.linter.compileMs} ms`);
writeBenchResult('taxonomy', fig);
