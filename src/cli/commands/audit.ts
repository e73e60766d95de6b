import type { Command } from 'commander';
import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { checkConsistencyProof, checkInclusionProof, listAuditEvents, proveConsistency, proveInclusion, signCheckpoint, signingKey, verifyLog } from '../../audit/index.ts';
import { TesseraError } from '../../shared/errors.ts';
import { globalsOf, withStore } from '../context.ts';
import { printResult, table } from '../output.ts';

/** `tessera audit verify|prove|checkpoint|log|key`: the verifiable audit log. */
export function register(program: Command): void {
  const a = program.command('audit').description('the append-only audit log: verify it, prove events are in it, sign checkpoints');
  a.command('verify')
    .description('recompute the whole log: any changed, removed, inserted or reordered event is reported; exits 1 if so')
    .option('--public-key <file>', 'check checkpoint signatures against this PEM key (kept outside the node) instead of the node\'s own')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ publicKey?: string; json?: boolean }>(cmd);
      const publicKey = o.publicKey ? createPublicKey(await readFile(o.publicKey, 'utf8')) : undefined;
      const r = await withStore(o, (store) => verifyLog(store, publicKey ? { publicKey } : {}));
      printResult(r, o, (x) =>
        x.ok
          ? `audit log OK: ${x.size.toLocaleString('en')} events, root ${x.root}, ${x.checkpointsVerified} signed checkpoints verified${x.unsignedTail ? `; ${x.unsignedTail} newest events not yet under a signed checkpoint (run \`tessera audit checkpoint\`)` : ''} (${(x.elapsedMs / 1000).toFixed(1)} s)`
          : [`audit log FAILED verification: ${x.problems.length} problem${x.problems.length > 1 ? 's' : ''}`, ...x.problems.map((p) => `  [${p.code}] ${p.message}`)].join('\n'),
      );
      if (!r.ok) process.exitCode = 1;
    });
  a.command('prove')
    .description('inclusion proof of event --seq, or consistency proof --from M [--to N]; the proof is checked before it is printed')
    .option('--seq <n>', 'the event to prove')
    .option('--tree-size <n>', 'against the signed checkpoint of this size (default the latest)')
    .option('--from <m>', 'consistency: the older tree size')
    .option('--to <n>', 'consistency: the newer tree size (default the latest checkpoint)')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ seq?: string; treeSize?: string; from?: string; to?: string; json?: boolean }>(cmd);
      if (o.seq === undefined && o.from === undefined) throw new TesseraError('missing_option', 'Give --seq N (inclusion) or --from M [--to N] (consistency).', { where: { field: 'seq' } });
      const out = await withStore(o, async (store) => {
        if (o.seq !== undefined) {
          const p = await proveInclusion(store, Number(o.seq), o.treeSize ? Number(o.treeSize) : undefined);
          return { kind: 'inclusion' as const, verified: checkInclusionProof(p, (await signingKey(store)).publicKey), proof: p };
        }
        const p = await proveConsistency(store, Number(o.from), o.to ? Number(o.to) : undefined);
        return { kind: 'consistency' as const, verified: checkConsistencyProof(p), proof: p };
      });
      printResult(out, o, (x) =>
        x.kind === 'inclusion'
          ? `event #${x.proof.seq} is in the log of size ${x.proof.treeSize} (root ${x.proof.checkpoint.root}, signed ${x.proof.checkpoint.signedAt}): proof of ${x.proof.path.length} hashes ${x.verified ? 'verified' : 'DOES NOT VERIFY'}\n${x.proof.entry}`
          : `the log of size ${x.proof.toSize} (root ${x.proof.toRoot}) extends the log of size ${x.proof.fromSize} (root ${x.proof.fromRoot}): proof of ${x.proof.path.length} hashes ${x.verified ? 'verified' : 'DOES NOT VERIFY'}`,
      );
      if (!out.verified) process.exitCode = 1;
    });
  a.command('checkpoint')
    .description('sign a checkpoint of the log as it is now (Ed25519)')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ json?: boolean }>(cmd);
      const cp = await withStore(o, (store) => signCheckpoint(store));
      printResult(cp, o, (x) => `checkpoint signed: size ${x.size}, root ${x.root}\n${x.note}— ${x.keyId} ${x.signature}`);
    });
  a.command('key')
    .description('print the node\'s audit public key (PEM): keep a copy outside the node and pass it to `audit verify --public-key`')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<object>(cmd);
      process.stdout.write((await withStore(o, (store) => signingKey(store))).publicKeyPem);
    });
  a.command('log')
    .description('list audit events (the node operator\'s view: all organisations)')
    .option('--agreement <id>', 'only events under this agreement')
    .option('--after <seq>', 'events after this sequence number')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ agreement?: string; after?: string; limit: string; json?: boolean }>(cmd);
      const xs = await withStore(o, (store) => listAuditEvents(store, { agreementId: o.agreement, afterSeq: o.after ? Number(o.after) : undefined, limit: Number(o.limit) }));
      printResult(xs, o, (v) => table(v.map((e) => ({ seq: e.seq, at: e.at, action: e.action, decision: e.decision, actor: e.actor?.userId ?? '(node)', agreement: e.agreement ? `${e.agreement.id.slice(11, 19)} v${e.agreement.version}` : '', reason: e.reason.slice(0, 80) }))));
    });
}
