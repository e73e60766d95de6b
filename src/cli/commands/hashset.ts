import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import type { Principal } from '../../identity/principal.ts';
import { HashRegistry, parseSchemeCode } from '../../matching/registry.ts';
import { TesseraError } from '../../shared/errors.ts';
import type { Store } from '../../store/index.ts';
import { actingPrincipal, globalsOf, storeOptions, withStore, type GlobalOptions } from '../context.ts';
import { formatProblem, printResult, table } from '../output.ts';
import { join, dirname } from 'node:path';

/** Who a hash-registry command acts as: --as, $TESSERA_USER, else the node organisation's steward. */
export const resolveActor = (store: Store, email: string | undefined): Promise<Principal> => actingPrincipal(store, email, { defaultToNodeSteward: true });

/** The registry of the node's store, with its PDQ index cached beside the embedded data folder. */
export function registryFor(store: Store, opts: GlobalOptions): HashRegistry {
  const so = storeOptions(opts);
  const cache = process.env.TESSERA_HASH_INDEX ?? (so.dataDir ? join(dirname(so.dataDir), 'pdq-index.mih') : undefined);
  return HashRegistry.for(store, cache ? { indexCacheFile: cache } : {});
}

interface ImportOpts { set: string; name?: string; description?: string; type?: string; source?: string; sourceVersion?: string; sourceRef?: string; classification?: string; confidence?: string; as?: string; json?: boolean }

/** `tessera hashset import|list|withdraw|classify|feedback`: the hash registry. */
export function register(program: Command): void {
  const hs = program.command('hashset').description('hash sets (banks) in the registry: import, list, withdraw; classify hashes; feedback on matches');

  hs.command('import')
    .description('import a hash list (one hash per line, optional label after a tab or comma) into a set of your organisation')
    .argument('<file>', 'hash list file')
    .requiredOption('--set <slug>', 'set slug (created if missing)')
    .option('--name <name>', 'display name of a new set')
    .option('--description <text>', 'description of a new set')
    .option('--type <signal-type>', 'signal type of the hashes: pdq, md5, sha1, sha256, url_sha256, photodna, tmk_pdqf, ...', 'pdq')
    .option('--source <name>', 'where the list comes from (provenance)')
    .option('--source-version <v>', 'version of the source list')
    .option('--source-ref <ref>', "the source's own reference (URL, ticket)")
    .option('--classification <scheme:code>', 'classify every imported hash, as your organisation (e.g. uk-2014:A)')
    .option('--confidence <0..1>', 'confidence of that classification')
    .option('--as <email>', 'act as this user (default $TESSERA_USER or the node organisation\'s steward)')
    .option('--json', 'print JSON')
    .action(async (file: string, _o, cmd: Command) => {
      const opts = globalsOf<ImportOpts>(cmd);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        throw new TesseraError('file_not_readable', `Cannot read ${file} (${(e as { code?: string }).code ?? 'error'}).`, { where: { file } });
      }
      const r = await withStore(opts, async (store) => {
        const reg = registryFor(store, opts);
        const actor = await resolveActor(store, opts.as);
        const cls = opts.classification ? parseSchemeCode(opts.classification, { field: 'classification' }) : undefined;
        const res = await reg.importHashSet(actor, {
          set: opts.set, text, file, signalType: opts.type ?? 'pdq',
          ...(opts.name ? { name: opts.name } : {}), ...(opts.description ? { description: opts.description } : {}),
          source: { name: opts.source ?? file, ...(opts.sourceVersion ? { version: opts.sourceVersion } : {}), ...(opts.sourceRef ? { reference: opts.sourceRef } : {}) },
          ...(cls ? { classification: { ...cls, ...(opts.confidence ? { confidence: Number(opts.confidence) } : {}) } } : {}),
        });
        await reg.persistIndex();
        return res;
      });
      printResult(r, opts, (x) => [
        `${x.set.owner.slug}/${x.set.slug}: ${x.read} ${x.signalType} hashes read, ${x.added} added, ${x.reinstated} reinstated, ${x.alreadyPresent} already present${x.classified ? `, ${x.classified} classified` : ''}`,
        ...x.problems.map(formatProblem),
      ].join('\n'));
      if (r.problems.length) process.exitCode = 1;
    });

  hs.command('list')
    .description('list hash sets with their owner, sources and counts')
    .option('--all', 'include withdrawn sets')
    .option('--owner <org-id>', 'only sets of this organisation')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const opts = globalsOf<{ all?: boolean; owner?: string; as?: string; json?: boolean }>(cmd);
      const sets = await withStore(opts, async (store) => registryFor(store, opts).listHashSets(await resolveActor(store, opts.as), { ...(opts.all ? { includeWithdrawn: true } : {}), ...(opts.owner ? { owner: opts.owner } : {}) }));
      printResult(sets, opts, (list) => table(list.map((s) => ({
        owner: s.owner.slug, set: s.slug, name: s.name, live: s.liveEntries, withdrawn: s.withdrawnEntries,
        sources: s.sources.map((x) => x.name + (x.version ? `@${x.version}` : '')).join(', '), status: s.withdrawn ? `withdrawn ${s.withdrawn.at.slice(0, 10)}` : 'active',
      }))));
    });

  hs.command('withdraw')
    .description('withdraw a whole set of your organisation, or only some hashes of it (--hash)')
    .argument('<set>', 'set slug or id')
    .option('--hash <value>', 'withdraw only this hash (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--type <signal-type>', 'signal type of --hash values', 'pdq')
    .option('--reason <text>', 'why (kept with the withdrawal)')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print JSON')
    .action(async (set: string, _o, cmd: Command) => {
      const opts = globalsOf<{ hash?: string[]; type?: string; reason?: string; as?: string; json?: boolean }>(cmd);
      const r = await withStore(opts, async (store) => {
        const reg = registryFor(store, opts);
        const actor = await resolveActor(store, opts.as);
        const out = opts.hash?.length
          ? { kind: 'hashes' as const, ...(await reg.withdrawEntries(actor, set, opts.type ?? 'pdq', opts.hash, opts.reason)) }
          : { kind: 'set' as const, ...(await reg.withdrawHashSet(actor, set, opts.reason)) };
        await reg.persistIndex();
        return out;
      });
      printResult(r, opts, (x) => x.kind === 'set' ? `${x.set.slug}: withdrawn (${x.entriesWithdrawn} hashes)` : [`${x.withdrawn} hash${x.withdrawn === 1 ? '' : 'es'} withdrawn from ${set}`, ...x.problems.map(formatProblem)].join('\n'));
      if (r.kind === 'hashes' && r.problems.length) process.exitCode = 1;
    });

  hs.command('classify')
    .description('record your organisation\'s classification of a hash (reused by every organisation matching it)')
    .argument('<hash>', 'hash value')
    .requiredOption('--classification <scheme:code>', 'e.g. uk-2014:A')
    .option('--type <signal-type>', 'signal type', 'pdq')
    .option('--confidence <0..1>', 'confidence')
    .option('--note <text>', 'note')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print JSON')
    .action(async (hash: string, _o, cmd: Command) => {
      const opts = globalsOf<{ classification: string; type?: string; confidence?: string; note?: string; as?: string; json?: boolean }>(cmd);
      const r = await withStore(opts, async (store) => {
        const { scheme, code } = parseSchemeCode(opts.classification, { field: 'classification' });
        return registryFor(store, opts).classify(await resolveActor(store, opts.as), {
          signalType: opts.type ?? 'pdq', value: hash, scheme, code, ...(opts.confidence ? { confidence: Number(opts.confidence) } : {}), ...(opts.note ? { note: opts.note } : {}),
        });
      });
      printResult(r, opts, (x) => `${x.assessor.slug} classified ${x.via.value} as ${x.scheme}:${x.code}`);
    });

  hs.command('feedback')
    .description('record whether a match was right: true_positive or false_positive (attributed to you and your organisation)')
    .argument('<hash>', 'the query hash that matched')
    .requiredOption('--entry <id>', 'the matched registry entry (id or number, from `tessera match`)')
    .requiredOption('--verdict <verdict>', 'true_positive or false_positive')
    .option('--type <signal-type>', 'signal type of the query hash', 'pdq')
    .option('--note <text>', 'note')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print JSON')
    .action(async (hash: string, _o, cmd: Command) => {
      const opts = globalsOf<{ entry: string; verdict: string; type?: string; note?: string; as?: string; json?: boolean }>(cmd);
      const r = await withStore(opts, async (store) => registryFor(store, opts).recordFeedback(await resolveActor(store, opts.as), {
        signalType: opts.type ?? 'pdq', value: hash, entry: opts.entry, verdict: opts.verdict as 'true_positive', ...(opts.note ? { note: opts.note } : {}),
      }));
      printResult(r, opts, (x) => `feedback ${x.id}: ${x.verdict} on ${x.entryId} by ${x.organisation}`);
    });
}
