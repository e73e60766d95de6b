import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { dataDictionaryHtml, getEntry, publishEntry, searchCatalogue, type CatalogueEntry, type CatalogueEntryInput, type CatalogueSearch } from '../../catalogue/index.ts';
import { actingPrincipal, globalsOf, withStore } from '../context.ts';
import { printResult, table } from '../output.ts';

const human = (items: CatalogueEntry[]) =>
  items.length === 0
    ? 'No dataset matches; try other words, an entity instead of a field (--field Child), or no filter.'
    : table(items.map((e) => ({ dataset: e.datasetId, title: e.title, holder: e.holder?.slug ?? e.holderOrgId, updated: e.updateFrequency, fields: e.fields.length, terms: e.accessTerms.map((t) => t.template).join(' '), ...(e.rank !== undefined ? { rank: e.rank } : {}) })));

/** `tessera catalogue search|show|publish|dictionary`. */
export function register(program: Command): void {
  const c = program.command('catalogue').description('who holds what, on what terms: datasets with their fields, coverage, update frequency, access terms and contact');
  c.command('search [words...]')
    .description('find datasets by words (web-search syntax: "age range", sextortion OR grooming, -research), by field, topic, holder or country')
    .option('--field <name>', 'a data dictionary field (Child.age) or entity (Child)')
    .option('--topic <topic>', 'a topic the holder gave')
    .option('--holder <org>', 'holder organisation (slug or id)')
    .option('--country <cc>', 'coverage names this country')
    .option('--limit <n>', 'at most this many', '50')
    .option('--as <email>', 'act as this user (default: the node steward)')
    .option('--json', 'print JSON')
    .action(async (words: string[], _o, cmd: Command) => {
      const o = globalsOf<{ field?: string; topic?: string; holder?: string; country?: string; limit: string; as?: string; json?: boolean }>(cmd);
      const query = { q: words.length ? words.join(' ') : undefined, field: o.field, topic: o.topic, holder: o.holder, country: o.country, limit: o.limit } as unknown as CatalogueSearch;
      const items = await withStore(o, async (store) => searchCatalogue(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: true }), query));
      printResult(items, o, human);
    });
  c.command('show <datasetId>')
    .description("one dataset's entry")
    .option('--as <email>', 'act as this user (default: the node steward)')
    .option('--json', 'print JSON')
    .action(async (id: string, _o, cmd: Command) => {
      const o = globalsOf<{ as?: string; json?: boolean }>(cmd);
      const e = await withStore(o, async (store) => getEntry(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: true }), id));
      printResult(e, o, (v) => JSON.stringify(v, null, 2));
    });
  c.command('publish <file>')
    .description("publish or replace the entry of one of your organisation's datasets from a JSON file (CatalogueEntryInput in /openapi.json)")
    .option('--as <email>', 'act as this user (steward or admin; default: the node steward)')
    .option('--json', 'print JSON')
    .action(async (file: string, _o, cmd: Command) => {
      const o = globalsOf<{ as?: string; json?: boolean }>(cmd);
      const input = JSON.parse(readFileSync(file, 'utf8')) as CatalogueEntryInput;
      const e = await withStore(o, async (store) => publishEntry(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: true }), input));
      printResult(e, o, (v) => `published ${v.title} (${v.datasetId}): ${v.fields.length} fields, ${v.accessTerms.length} agreement template(s)`);
    });
  c.command('dictionary')
    .description('the data dictionary as one HTML page (en, fr, es, pt, de); no store needed')
    .option('--lang <lang>', 'language', 'en')
    .option('--out <file>', 'write to this file instead of standard output')
    .action((_o, cmd: Command) => {
      const o = globalsOf<{ lang: string; out?: string }>(cmd);
      const html = dataDictionaryHtml(o.lang, { linkFor: (l) => `data-dictionary.${l}.html` });
      if (o.out) {
        writeFileSync(o.out, html);
        process.stderr.write(`wrote ${o.out}\n`);
      } else process.stdout.write(html);
    });
}
