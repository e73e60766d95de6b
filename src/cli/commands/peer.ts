import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { addPeer, listPeers, removePeer, selfCard } from '../../exchange/index.ts';
import { TesseraError } from '../../shared/errors.ts';
import { actingPrincipal, globalsOf, withStore } from '../context.ts';
import { printResult, table } from '../output.ts';

/** `tessera peer self|add|list|remove`: the nodes this node exchanges with. */
export function register(program: Command): void {
  const p = program.command('peer').description('peers: other Tessera nodes, their organisation, URL and Ed25519 key (docs/federation.md)');
  p.command('self')
    .description("print this node's peer card (organisation, URL, public key) to give to the other organisation")
    .requiredOption('--url <url>', 'the base URL peers reach this node at, e.g. https://tessera.example.org')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ url: string }>(cmd);
      const card = await withStore(o, (store) => selfCard(store, o.url));
      process.stdout.write(JSON.stringify(card, null, 2) + '\n');
    });
  p.command('add')
    .description('register (or update) a peer from its card; prints, once, the token the peer must use to call this node')
    .requiredOption('--card <file>', "the peer's card (from `tessera peer self` on its node)")
    .option('--token <token>', 'the token the peer issued for this node (can be added later by running add again)')
    .option('--push', 'push our records to the peer as they are written (default: the peer pulls)')
    .option('--no-push', 'stop pushing')
    .option('--trained-at <date>', "when the peer organisation's staff last had data-protection training, as it attests (default: now)")
    .option('--new-token', 'issue a new token for the peer (the old ones keep working until revoked)')
    .option('--as <email>', 'act as this admin (default $TESSERA_USER or the node organisation\'s steward/admin)')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ card: string; token?: string; push?: boolean; trainedAt?: string; newToken?: boolean; as?: string; json?: boolean }>(cmd);
      let card: unknown;
      try {
        card = JSON.parse(readFileSync(o.card, 'utf8'));
      } catch (e) {
        throw new TesseraError('invalid_peer_card', `Cannot read the peer card ${o.card}: ${(e as Error).message}.`, { where: { file: o.card } });
      }
      const pushGiven = cmd.getOptionValueSource('push') === 'cli';
      const r = await withStore(o, async (store) => addPeer(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: true }), { card, token: o.token, pushRecords: pushGiven ? Boolean(o.push) : undefined, trainedAt: o.trainedAt, newToken: o.newToken }));
      printResult(r, o, (x) => [
        `peer ${x.peer.orgSlug} (${x.peer.id}) at ${x.peer.url}, key ${x.peer.keyId}${x.peer.pushRecords ? ', records pushed' : ''}`,
        x.peer.hasToken ? 'token for calling it: stored' : 'no token for calling it yet: run `tessera peer add --card … --token TOKEN` with the token the other organisation gives you',
        x.tokenForPeer ? `give this token to ${x.peer.orgSlug} (shown once): ${x.tokenForPeer}` : '',
      ].filter(Boolean).join('\n'));
    });
  p.command('list')
    .description('list peers')
    .option('--all', 'include removed peers')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ all?: boolean; json?: boolean }>(cmd);
      const peers = await withStore(o, (store) => listPeers(store, { all: o.all }));
      printResult(peers, o, (xs) => table(xs.map((x) => ({ peer: x.orgSlug, id: x.id, url: x.url, key: x.keyId, token: x.hasToken ? 'yes' : 'no', push: x.pushRecords ? 'yes' : 'no', state: x.state }))));
    });
  p.command('remove <peer>')
    .description('stop exchanging with a peer (its tokens stop working; received copies stay under retention)')
    .option('--as <email>', 'act as this admin')
    .option('--json', 'print JSON')
    .action(async (peer: string, _o, cmd: Command) => {
      const o = globalsOf<{ as?: string; json?: boolean }>(cmd);
      const r = await withStore(o, async (store) => removePeer(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: true }), peer));
      printResult(r, o, (x) => `peer ${x.orgSlug} removed`);
    });
}
