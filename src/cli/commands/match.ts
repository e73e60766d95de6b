import type { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { hashFiles } from '../../hashing/batch.ts';
import { getSignalType } from '../../hashing/signal-types.ts';
import { guessSignalType, parseHashList } from '../../matching/hash-list.ts';
import { ListMatcher, type ListMatch } from '../../matching/list-matcher.ts';
import { DEFAULT_QUALITY_FLOOR, DEFAULT_RADIUS, type QueryOutcome } from '../../matching/registry.ts';
import { TesseraError, type Problem } from '../../shared/errors.ts';
import { globalsOf, withStore } from '../context.ts';
import { formatProblem, printJsonLine } from '../output.ts';
import { registryFor, resolveActor } from './hashset.ts';

interface MatchOpts {
  list?: string[];
  type?: string;
  radius?: string;
  qualityFloor?: string;
  set?: string[];
  as?: string;
  json?: boolean;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

type Query = { signalType: string; value: string; quality?: number };
type Input = { input: string; kind: 'file' | 'hash'; queries: Query[]; error?: Problem };

/** Turns each argument into queries: a file is hashed (PDQ + exact hashes), anything else is a hash value. */
async function toInputs(args: string[], type: string | undefined): Promise<Input[]> {
  const files = args.filter((a) => existsSync(a) && statSync(a).isFile());
  const hashed = new Map<string, Input>();
  for await (const r of hashFiles(files)) {
    if (!r.ok) {
      hashed.set(r.file, { input: r.file, kind: 'file', queries: [], error: r.error });
      continue;
    }
    const h = r.hashes;
    const queries: Query[] = [{ signalType: 'md5', value: h.md5 }, { signalType: 'sha1', value: h.sha1 }, { signalType: 'sha256', value: h.sha256 }];
    if (h.pdq) queries.unshift({ signalType: 'pdq', value: h.pdq, ...(h.quality !== undefined ? { quality: h.quality } : {}) });
    hashed.set(r.file, { input: r.file, kind: 'file', queries });
  }
  return args.map((a, i) => {
    const f = hashed.get(a);
    if (f) return f;
    try {
      const t = type ? getSignalType(type) : guessSignalType(a);
      if (!t) throw new TesseraError('unrecognised_input', `${JSON.stringify(a.slice(0, 80))} is neither a file nor a hash whose type can be told from its length; pass --type.`, { where: { path: `arguments[${i}]` } });
      return { input: a, kind: 'hash' as const, queries: [{ signalType: t.name, value: t.normalise(a, { path: `arguments[${i}]` }) }] };
    } catch (e) {
      if (e instanceof TesseraError) return { input: a, kind: 'hash' as const, queries: [], error: e.toProblem() };
      throw e;
    }
  });
}

/**
 * `tessera match`: files or hashes against hash-list files (`--list`, no database needed) or
 * against the registry (default), with classifications and consensus from every organisation.
 */
export function register(program: Command): void {
  program
    .command('match')
    .description('match files or hashes against hash lists (--list) or the registry: exact and PDQ within a radius')
    .argument('<inputs...>', 'files (hashed in memory) or hash values')
    .option('--list <file>', 'match against this hash-list file instead of the registry (repeatable)', collect, [] as string[])
    .option('--type <signal-type>', 'signal type of hash inputs and lists (default: pdq, or guessed from the length)')
    .option('--radius <n>', 'largest PDQ Hamming distance that matches', String(DEFAULT_RADIUS))
    .option('--quality-floor <n>', 'PDQ hashes of files below this quality are not matched', String(DEFAULT_QUALITY_FLOOR))
    .option('--set <slug>', 'registry: only this set (repeatable)', collect, [] as string[])
    .option('--as <email>', 'registry: act as this user')
    .option('--json', 'one JSON object per input')
    .addHelpText('after', '\nExit status: 0 when every input was read (matched or not), 1 when an input could not be read or hashed.')
    .action(async (args: string[], _o, cmd: Command) => {
      const opts = globalsOf<MatchOpts>(cmd);
      const radius = Number(opts.radius ?? DEFAULT_RADIUS);
      const floor = Number(opts.qualityFloor ?? DEFAULT_QUALITY_FLOOR);
      if (!Number.isInteger(radius) || radius < 0 || radius > 128) throw new TesseraError('invalid_radius', 'radius is an integer from 0 to 128.', { where: { field: 'radius' } });
      const inputs = await toInputs(args, opts.type);
      let failed = 0;
      const report = (inp: Input, body: Record<string, unknown>, human: string) => {
        if (inp.error) failed++;
        if (opts.json) printJsonLine({ input: inp.input, kind: inp.kind, ...(inp.error ? { error: inp.error } : {}), ...body });
        else if (inp.error) process.stderr.write(formatProblem(inp.error) + '\n');
        else process.stdout.write(human + '\n');
      };

      if (opts.list?.length) {
        const matcher = new ListMatcher();
        for (const file of opts.list) {
          let text: string;
          try {
            text = readFileSync(file, 'utf8');
          } catch (e) {
            throw new TesseraError('file_not_readable', `Cannot read hash list (${(e as { code?: string }).code ?? 'error'}).`, { where: { file } });
          }
          const parsed = parseHashList(text, { file, signalType: opts.type ?? 'pdq' });
          for (const p of parsed.problems) process.stderr.write(formatProblem(p) + '\n');
          matcher.addList(parsed);
        }
        for (const inp of inputs) {
          const matches: Array<ListMatch & { signalType: string }> = [];
          let lowQuality = false;
          for (const q of inp.queries) {
            if (q.signalType === 'pdq' && q.quality !== undefined && q.quality < floor) {
              lowQuality = true;
              continue;
            }
            for (const m of matcher.match(q.signalType, q.value, { radius })) matches.push({ ...m, signalType: q.signalType });
          }
          matches.sort((a, b) => a.distance - b.distance);
          report(inp, { queries: inp.queries, ...(lowQuality ? { lowQuality } : {}), matches },
            `${inp.input}: ${matches.length ? matches.map((m) => `${m.file}:${m.line} d=${m.distance}${m.label ? ` (${m.label})` : ''}`).join(', ') : lowQuality ? 'not matched (PDQ quality below the floor)' : 'no match'}`);
        }
      } else {
        await withStore(opts, async (store) => {
          const reg = registryFor(store, opts);
          const actor = await resolveActor(store, opts.as);
          const flat = inputs.flatMap((inp, i) => inp.queries.map((q) => ({ i, q })));
          const outcomes = await reg.match(actor, flat.map((f) => f.q), { radius, qualityFloor: floor, ...(opts.set?.length ? { sets: opts.set } : {}) });
          const perInput = inputs.map(() => [] as QueryOutcome[]);
          flat.forEach((f, k) => perInput[f.i]?.push(outcomes[k] as QueryOutcome));
          inputs.forEach((inp, i) => {
            const outs = perInput[i] ?? [];
            const bad = outs.find((o) => !o.ok);
            const good = outs.filter((o): o is Extract<QueryOutcome, { ok: true }> => o.ok);
            const matches = good.flatMap((o) => o.matches).sort((a, b) => a.distance - b.distance);
            // The PDQ outcome carries the perceptual assessment; exact ones add nothing new beyond it.
            const assessment = (good.find((o) => o.query.signalType === 'pdq') ?? good.find((o) => o.assessment.previouslyAssessed) ?? good[0])?.assessment;
            const withErr = bad && !bad.ok ? { ...inp, error: inp.error ?? bad.error } : inp;
            report(withErr, { queries: good.map((o) => ({ ...o.query, ...(o.lowQuality ? { lowQuality: true } : {}) })), matches, ...(assessment ? { assessment } : {}) },
              `${inp.input}: ${matches.length ? `${matches.length} match${matches.length === 1 ? '' : 'es'}: ${matches.slice(0, 5).map((m) => `${m.set.owner}/${m.set.slug} #${m.seq} ${m.signalType} d=${m.distance}`).join(', ')}${matches.length > 5 ? ', …' : ''}` : 'no match'}` +
                (assessment?.previouslyAssessed ? `; previously assessed, consensus ${assessment.consensus}: ${assessment.schemes.map((s) => `${s.scheme} ${s.codes.map((c) => `${c.code} (${c.organisations.join(', ')})`).join(' vs ')}`).join('; ')}` : ''));
          });
          await reg.persistIndex();
        });
      }
      if (failed) process.exitCode = 1;
    });
}
