import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import type { Principal } from '../../identity/index.ts';
import { acceptAgreement, agreementAsJsonLd, draftAgreement, getAgreement, listAgreements, revokeAgreement, REPORT_FIELDS, CONTACT_FIELDS, type AgreementTermsInput, type AgreementView } from '../../policy/index.ts';
import { TesseraError } from '../../shared/errors.ts';
import type { Store } from '../../store/index.ts';
import { actingPrincipal, globalsOf, withStore } from '../context.ts';
import { printResult, table } from '../output.ts';

/** Who a governance command acts as: --as EMAIL or $TESSERA_USER, never a default. Every read and change is audited in that person's name. */
export const actorFor = (store: Store, email: string | undefined): Promise<Principal> => actingPrincipal(store, email, { defaultToNodeSteward: false });

const list = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);

async function orgIdOf(store: Store, slugOrId: string, where: string): Promise<string> {
  const r = await store.db.selectFrom('organisations').select('id').where((eb) => eb.or([eb('slug', '=', slugOrId), eb('id', '=', slugOrId)])).executeTakeFirst();
  if (!r) throw new TesseraError('unknown_organisation', `No organisation "${slugOrId}" on this node (see \`tessera org list\`).`, { where: { field: where } });
  return r.id;
}

/** Field rules from "country=visible,sourceRef=pseudonymised" (others hidden). */
export function parseFieldRules(s: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of list(s)) {
    const [k, v] = part.split('=').map((x) => x.trim());
    if (!k || !v) throw new TesseraError('invalid_fields', `"${part}" is not FIELD=RULE; e.g. --fields country=visible,sourceRef=pseudonymised. Fields: ${REPORT_FIELDS.join(', ')}.`, { where: { field: 'fields' } });
    out[k] = v;
  }
  return out;
}

interface DraftOpts {
  file?: string; slug?: string; title?: string; to?: string; purposes?: string; legalBasis?: string; datasets?: string; fields?: string; contactFields?: string; actions?: string; validFrom?: string; validUntil?: string;
  retentionDays?: string; retentionThen?: string; trainingDays?: string; consent?: boolean; safeguardingOverride?: boolean; jurisdictions?: string; duties?: string; onward?: string; as?: string; json?: boolean;
}

async function termsFromOptions(store: Store, actor: Principal, o: DraftOpts): Promise<AgreementTermsInput> {
  if (o.file) {
    const body = JSON.parse(await readFile(o.file, 'utf8')) as AgreementTermsInput;
    return { ...body, providerOrgId: body.providerOrgId ?? actor.orgId };
  }
  const recipients = await Promise.all(list(o.to).map(async (s) => ({ orgId: await orgIdOf(store, s, 'to') })));
  const datasetIds = await Promise.all(
    list(o.datasets).map(async (d) => {
      const r = await store.db.selectFrom('datasets').select('id').where('owner_org_id', '=', actor.orgId).where((eb) => eb.or([eb('slug', '=', d), eb('id', '=', d)])).executeTakeFirst();
      if (!r) throw new TesseraError('unknown_dataset', `Your organisation has no dataset "${d}".`, { where: { field: 'datasets' } });
      return r.id;
    }),
  );
  const now = new Date();
  return {
    slug: o.slug ?? '', title: o.title ?? o.slug ?? '', providerOrgId: actor.orgId, recipients, purposes: list(o.purposes) as AgreementTermsInput['purposes'],
    legalBasis: (o.legalBasis ?? '') as AgreementTermsInput['legalBasis'], datasetIds, fields: parseFieldRules(o.fields) as AgreementTermsInput['fields'],
    ...(o.contactFields ? { contactFields: parseFieldRules(o.contactFields) as AgreementTermsInput['contactFields'] } : {}),
    actions: (o.actions ? list(o.actions) : ['read']) as AgreementTermsInput['actions'],
    jurisdictions: list(o.jurisdictions), validFrom: o.validFrom ? new Date(o.validFrom).toISOString() : now.toISOString(),
    validUntil: o.validUntil ? new Date(o.validUntil).toISOString() : new Date(now.getTime() + 365 * 86_400_000).toISOString(),
    retention: { days: Number(o.retentionDays ?? 365), then: (o.retentionThen ?? 'delete') as 'delete' | 'anonymise' },
    onwardSharing: (o.onward ?? 'none') as 'none' | 'within-recipients',
    duties: (o.duties ? list(o.duties) : ['attribute-source']) as AgreementTermsInput['duties'],
    requirements: { dataProtectionTrainingWithinDays: o.trainingDays === 'none' ? null : Number(o.trainingDays ?? 365), consent: o.consent ? 'required' : 'not-required', safeguardingOverride: Boolean(o.safeguardingOverride) },
  };
}

export function describeAgreement(a: AgreementView): string {
  const t = a.terms;
  const fields = Object.entries(t.fields).map(([k, v]) => `${k}=${v}`).join(', ') || '(none: every field hidden)';
  return [
    `agreement ${a.slug} (${a.id})`,
    `  state:        ${a.state}${a.revoked ? ` on ${a.revoked.at.slice(0, 10)}: ${a.revoked.reason}` : ''}`,
    `  version:      ${a.version}  ${a.versionHash}`,
    `  title:        ${t.title}`,
    ...a.parties.map((p) => `  ${p.role.padEnd(12)}  ${p.slug}  ${p.acceptedVersionHash === a.versionHash ? `accepted ${p.acceptedAt?.slice(0, 10)}` : 'not yet accepted'}`),
    `  purposes:     ${t.purposes.join(', ')}  (legal basis: ${t.legalBasis})`,
    `  actions:      ${t.actions.join(', ')}`,
    `  datasets:     ${t.datasetIds.join(', ')}`,
    `  fields:       ${fields}`,
    ...(t.contactFields ? [`  contacts:     ${Object.entries(t.contactFields).map(([k, v]) => `${k}=${v}`).join(', ') || '(every contact field hidden)'}`] : []),
    `  valid:        ${t.validFrom.slice(0, 10)} to ${t.validUntil.slice(0, 10)}${t.jurisdictions.length ? `, recipients under ${t.jurisdictions.join(', ')}` : ''}`,
    `  retention:    ${t.retention.days} days, then ${t.retention.then}`,
    `  onward:       ${t.onwardSharing}; duties: ${t.duties.join(', ')}; prohibited: ${t.prohibitions.join(', ')}`,
    `  requires:     ${t.requirements.dataProtectionTrainingWithinDays ? `data-protection training within ${t.requirements.dataProtectionTrainingWithinDays} days` : 'no training'}; consent ${t.requirements.consent}${t.requirements.safeguardingOverride ? ' (safeguarding override allowed)' : ''}`,
  ].join('\n');
}

/** `tessera agreement draft|show|list|accept|revoke`. */
export function register(program: Command): void {
  const ag = program.command('agreement').description('data-sharing agreements: draft, show, accept, revoke');
  ag.command('draft')
    .description('draft an agreement that shares your organisation\'s datasets (or a new version of a draft with the same slug)')
    .option('--file <terms.json>', 'the full terms as JSON (see docs/governance.md); overrides the options below')
    .option('--slug <slug>', 'short name of the agreement')
    .option('--title <text>', 'title')
    .option('--to <orgs>', 'recipient organisations (slugs, comma-separated)')
    .option('--purposes <list>', 'purposes: victim-identification, content-removal, investigation, prevention, research-and-statistics, service-provision, safeguarding')
    .option('--legal-basis <basis>', 'consent, contract, legal-obligation, statutory-reporting, vital-interest, public-task, legitimate-interest')
    .option('--datasets <slugs>', 'your datasets to share (slugs or ids)')
    .option('--fields <rules>', `FIELD=visible|pseudonymised|hidden, comma-separated; unlisted fields are hidden. Fields: ${REPORT_FIELDS.join(', ')}`)
    .option('--contact-fields <rules>', `for helpline contact datasets: FIELD=visible|pseudonymised|hidden; unlisted fields are hidden. Fields: ${CONTACT_FIELDS.join(', ')}`)
    .option('--actions <list>', 'read, export, aggregate (default read)')
    .option('--valid-from <date>', 'start (default now)')
    .option('--valid-until <date>', 'end (default in a year)')
    .option('--retention-days <n>', 'recipients see records this many days after they were reported (default 365)')
    .option('--retention-then <action>', 'delete or anonymise (default delete)')
    .option('--training-days <n|none>', 'data-protection training required within N days (default 365)')
    .option('--consent', 'each child must have current consent for the purpose')
    .option('--safeguarding-override', 'a recorded safeguarding override may stand in for consent')
    .option('--jurisdictions <CCs>', 'recipients must operate under one of these')
    .option('--duties <list>', 'report-outcomes, attribute-source (default attribute-source)')
    .option('--onward <rule>', 'none or within-recipients (default none)')
    .option('--as <email>', 'act as this user (a steward or admin of the provider)')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<DraftOpts>(cmd);
      const a = await withStore(o, async (store) => {
        const actor = await actorFor(store, o.as);
        return draftAgreement(store, actor, await termsFromOptions(store, actor, o));
      });
      printResult(a, o, (x) => `${describeAgreement(x)}\n\nNext: every party accepts this version with\n  tessera agreement accept ${x.slug} --version-hash ${x.versionHash} --as EMAIL`);
    });
  ag.command('show <id>')
    .description('show an agreement your organisation is party to')
    .option('--jsonld', 'print it as an ODRL Agreement in JSON-LD (DPV purposes and legal basis)')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print JSON')
    .action(async (id: string, _o, cmd: Command) => {
      const o = globalsOf<{ jsonld?: boolean; as?: string; json?: boolean }>(cmd);
      if (o.jsonld) {
        const doc = await withStore(o, async (store) => agreementAsJsonLd(store, await actorFor(store, o.as), id));
        process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
        return;
      }
      const a = await withStore(o, async (store) => getAgreement(store, await actorFor(store, o.as), id));
      printResult(a, o, describeAgreement);
    });
  ag.command('list')
    .description('agreements your organisation is party to')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ as?: string; json?: boolean }>(cmd);
      const xs = await withStore(o, async (store) => listAgreements(store, await actorFor(store, o.as)));
      printResult(xs, o, (v) => table(v.map((a) => ({ slug: a.slug, state: a.state, version: a.version, provider: a.parties[0]?.slug, recipients: a.parties.slice(1).map((p) => p.slug).join(','), until: a.terms.validUntil.slice(0, 10) }))));
    });
  ag.command('accept <id>')
    .description('accept the current version for your organisation; it takes effect when every party has accepted')
    .option('--version-hash <hash>', 'the version hash you reviewed (refused if the terms changed since)')
    .option('--as <email>', 'act as this user (a steward or admin of a party)')
    .option('--json', 'print JSON')
    .action(async (id: string, _o, cmd: Command) => {
      const o = globalsOf<{ versionHash?: string; as?: string; json?: boolean }>(cmd);
      const a = await withStore(o, async (store) => acceptAgreement(store, await actorFor(store, o.as), id, o.versionHash));
      printResult(a, o, (x) => `agreement ${x.slug} v${x.version}: ${x.state === 'active' ? 'every party has accepted; it is now active' : `accepted; waiting for ${x.parties.filter((p) => p.acceptedVersionHash !== x.versionHash).map((p) => p.slug).join(', ')}`}`);
    });
  ag.command('revoke <id>')
    .description('revoke an agreement (any party; final)')
    .requiredOption('--reason <text>', 'why (kept in the audit log, shown to every party)')
    .option('--as <email>', 'act as this user (a steward or admin of a party)')
    .option('--json', 'print JSON')
    .action(async (id: string, _o, cmd: Command) => {
      const o = globalsOf<{ reason: string; as?: string; json?: boolean }>(cmd);
      const a = await withStore(o, async (store) => revokeAgreement(store, await actorFor(store, o.as), id, o.reason));
      printResult(a, o, (x) => `agreement ${x.slug} revoked: nothing may be read under it any more`);
    });
}
