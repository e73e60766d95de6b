import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { getService, importServicesCsv, searchServices, upsertService, type ServiceInput, type ServiceMatch, type ServiceSearch } from '../../referral/index.ts';
import { actingPrincipal, globalsOf, withStore } from '../context.ts';
import { printResult, table } from '../output.ts';

const human = (items: ServiceMatch[]) =>
  items.length === 0
    ? 'No service matches every criterion; try fewer criteria (an age, a need) or a neighbouring country.'
    : table(items.map((s) => ({ id: s.id, name: s.name, kind: s.kind, countries: s.countries.join(' '), languages: s.languages.join(' '), ages: `${s.ageMin ?? ''}-${s.ageMax ?? ''}`, hours: s.hours, phone: s.contact.phone ?? '' }))) +
      `\n${items.length} service${items.length > 1 ? 's' : ''}; matched: ${items[0]?.matched.join(', ') || 'any'}`;

/** `tessera services search|show|add|import`: the service directory. */
export function register(program: Command): void {
  const s = program.command('services').description('the directory of services children can be referred to (helplines, counselling, medical, legal aid, law enforcement, hotlines, shelters)');
  s.command('search')
    .description("services for a child: every criterion given must hold")
    .option('--country <cc>', "the child's country (ISO 3166-1 alpha-2)")
    .option('--language <tag>', 'a language the child speaks (pt-BR matches pt)')
    .option('--age <years>', "the child's age in whole years")
    .option('--need <need>', 'the need to meet, e.g. counselling, sextortion-support, medical-care, safe-accommodation')
    .option('--kind <kind>', 'child-helpline, counselling, medical, legal-aid, law-enforcement, hotline, shelter')
    .option('--q <words>', 'words in the name or description')
    .option('--limit <n>', 'at most this many', '50')
    .option('--as <email>', 'act as this user (default: the node steward)')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ country?: string; language?: string; age?: string; need?: string; kind?: string; q?: string; limit: string; as?: string; json?: boolean }>(cmd);
      const query = { country: o.country, language: o.language, age: o.age, need: o.need, kind: o.kind, q: o.q, limit: o.limit } as unknown as ServiceSearch;
      const items = await withStore(o, async (store) => searchServices(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: true }), query));
      printResult(items, o, human);
    });
  s.command('show <id>')
    .description('one service, by id (or by slug among your own entries)')
    .option('--as <email>', 'act as this user (default: the node steward)')
    .option('--json', 'print JSON')
    .action(async (id: string, _o, cmd: Command) => {
      const o = globalsOf<{ as?: string; json?: boolean }>(cmd);
      const svc = await withStore(o, async (store) => getService(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: true }), id));
      printResult(svc, o, (v) => JSON.stringify(v, null, 2));
    });
  s.command('add <file>')
    .description("add or update (same slug) one of your organisation's entries from a JSON file (see ServiceInput in /openapi.json)")
    .option('--as <email>', 'act as this user (steward or admin; default: the node steward)')
    .option('--json', 'print JSON')
    .action(async (file: string, _o, cmd: Command) => {
      const o = globalsOf<{ as?: string; json?: boolean }>(cmd);
      const input = JSON.parse(readFileSync(file, 'utf8')) as ServiceInput;
      const svc = await withStore(o, async (store) => upsertService(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: true }), input));
      printResult(svc, o, (v) => `listed ${v.name}: ${v.id}`);
    });
  s.command('import <file>')
    .description('import entries from CSV, all or nothing (columns: slug, name, kind, jurisdiction, countries, languages, age_min, age_max, needs, hours, phone, email, url, address, description, provider, node_url, accepts_referrals; lists separated by ";")')
    .option('--as <email>', 'act as this user (steward or admin; default: the node steward)')
    .option('--json', 'print JSON')
    .action(async (file: string, _o, cmd: Command) => {
      const o = globalsOf<{ as?: string; json?: boolean }>(cmd);
      const text = readFileSync(file, 'utf8');
      const sum = await withStore(o, async (store) => importServicesCsv(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: true }), text, file));
      printResult(sum, o, (v) => `imported ${v.imported} service${v.imported === 1 ? '' : 's'} from ${file}`);
    });
}
