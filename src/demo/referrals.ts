import { fieldsForRecordType, publishEntry, type CatalogueEntryInput } from '../catalogue/index.ts';
import type { Ecosystem } from '../generator/index.ts';
import { generateServices, syntheticContact } from '../generator/services.ts';
import { localPrincipal, type Principal } from '../identity/index.ts';
import { recordConsent, recordSafeguardingOverride } from '../policy/index.ts';
import { createReferral, recordOutcome, updateReferral, upsertService, type OutcomeType, type ReferralStatus } from '../referral/index.ts';
import type { Store } from '../store/index.ts';

/**
 * The demo's referral pathways and catalogue: a synthetic service directory, referrals from
 * the helpline's contacts and the hotline's reports (with consent, one under a safeguarding
 * override) at every stage of their lifecycle, outcomes fed back (most of them positive), and
 * a catalogue entry for every demo dataset. Seeded once per store (its own setting), through
 * the same services a person would use, so every step is audited.
 */
const SETTING = 'demo.referrals';
const HOUR = 3_600_000;

export interface ReferralDemoSummary {
  seeded: boolean;
  services: number;
  referrals: number;
  outcomes: number;
  catalogueEntries: number;
}

export async function seedReferralDemo(store: Store, eco: Ecosystem): Promise<ReferralDemoSummary> {
  const done = await store.db.selectFrom('node_settings').select('value').where('key', '=', SETTING).executeTakeFirst();
  if (done) return { seeded: false, services: 0, referrals: 0, outcomes: 0, catalogueEntries: 0 };
  const orgId = new Map(eco.organisations.map((o) => [o.slug, o.id]));
  const stewards = new Map<string, Principal>();
  const stewardOf = async (slug: string): Promise<Principal> => {
    const cached = stewards.get(slug);
    if (cached) return cached;
    const u = eco.users.find((x) => x.orgSlug === slug && x.roles.includes('steward') && x.safeguardingTrainedAt) ?? eco.users.find((x) => x.orgSlug === slug && (x.roles.includes('steward') || x.roles.includes('admin')));
    if (!u) throw new Error(`demo: no steward for ${slug}`);
    const p = await localPrincipal(store, u.email);
    stewards.set(slug, p);
    return p;
  };

  const serviceIds = new Map<string, string>();
  for (const s of generateServices()) {
    const svc = await upsertService(store, await stewardOf(s.listedBy), {
      slug: s.slug, name: s.name, kind: s.kind, jurisdiction: s.jurisdiction, countries: s.countries, languages: s.languages, ageMin: s.ageMin, ageMax: s.ageMax,
      needs: s.needs, hours: s.hours, open247: s.hours === '24/7', contact: syntheticContact(s), description: s.description, providerOrgId: s.provider ? (orgId.get(s.provider) ?? null) : null,
    });
    serviceIds.set(s.slug, svc.id);
  }

  const now = Date.now();
  const at = (t: number) => new Date(Math.min(t, now - 60_000)).toISOString();
  let referrals = 0;
  let outcomes = 0;
  // The path each demo referral takes, and the outcome at its end.
  const PATHS: Array<{ steps: ReferralStatus[]; outcome?: OutcomeType }> = [
    { steps: ['sent', 'accepted', 'completed'], outcome: 'service-provided' },
    { steps: ['sent', 'accepted', 'completed', 'closed'], outcome: 'child-safeguarded' },
    { steps: ['sent', 'accepted'] },
    { steps: ['sent'] },
    { steps: [] },
    { steps: ['sent', 'declined', 'closed'], outcome: 'no-action' },
  ];
  const walk = async (referrer: Principal, provider: Principal | null, id: string, start: number, path: (typeof PATHS)[number]) => {
    let t = start;
    for (const step of path.steps) {
      t += (step === 'sent' ? 1 : step === 'accepted' || step === 'declined' ? 20 : 24 * 5) * HOUR;
      const actor = step === 'sent' || step === 'closed' || !provider ? referrer : provider;
      await updateReferral(store, actor, id, { status: step, at: at(t), ...(step === 'declined' ? { reason: 'outside the service’s area; referred on' } : {}) });
    }
    if (path.outcome) {
      await recordOutcome(store, provider ?? referrer, { targetId: id, type: path.outcome, occurredAt: at(t + HOUR) });
      outcomes++;
    }
  };

  // The Brazilian helpline refers children from its contacts to its own counselling and to services outside Tessera.
  const ipe = await stewardOf('ipe-helpline');
  const contacts = await store.db.selectFrom('contacts').select(['id', 'contact_at']).where('source_org_id', '=', orgId.get('ipe-helpline') ?? '').orderBy('contact_at', 'desc').orderBy('id').limit(6).execute();
  const ipeTargets = ['ipe-counselling', 'sp-youth-clinic', 'ipe-counselling', 'casa-abrigo', 'defensoria-juvenil', 'ipe-counselling'];
  for (const [i, c] of contacts.entries()) {
    const target = ipeTargets[i % ipeTargets.length] as string;
    const needs = target === 'sp-youth-clinic' ? ['medical-care' as const] : target === 'casa-abrigo' ? ['safe-accommodation' as const] : target === 'defensoria-juvenil' ? ['legal-advice' as const] : ['counselling' as const];
    const start = new Date(c.contact_at).getTime() + 2 * HOUR;
    if (i === 3) await recordSafeguardingOverride(store, ipe, { subjectRef: c.id, purposes: ['service-provision'], reason: 'synthetic demo: the child said they could not go home tonight' });
    else await recordConsent(store, ipe, { subjectRef: c.id, givenBy: i % 2 ? 'child' : 'caregiver', event: 'given', purposes: ['service-provision'], at: at(start - HOUR) });
    const r = await createReferral(store, ipe, { originId: c.id, serviceId: serviceIds.get(target) as string, needs, urgency: i === 3 ? 'emergency' : i % 4 === 1 ? 'urgent' : 'normal', createdAt: at(start) });
    referrals++;
    await walk(ipe, null, r.id, start, PATHS[i % PATHS.length] as (typeof PATHS)[number]);
  }

  // The Dutch hotline refers identified children from its reports to the police child-protection desk (another organisation).
  const northsea = await stewardOf('northsea-hotline');
  const police = await stewardOf('harbour-police');
  const withChildren = await store.db
    .selectFrom('reports as r')
    .innerJoin('children as c', 'c.report_id', 'r.id')
    .select(['r.id', 'r.reported_at', 'c.id as child'])
    .where('r.source_org_id', '=', orgId.get('northsea-hotline') ?? '')
    .orderBy('r.reported_at', 'desc')
    .orderBy('c.id')
    .limit(30)
    .execute();
  const seenReports = new Set<string>();
  const picked = withChildren.filter((r) => (seenReports.has(r.id) ? false : (seenReports.add(r.id), true))).slice(0, 6);
  for (const [i, r] of picked.entries()) {
    const start = new Date(r.reported_at).getTime() + 6 * HOUR;
    await recordConsent(store, northsea, { subjectRef: r.child, givenBy: 'caregiver', event: 'given', purposes: ['safeguarding'], at: at(start - HOUR) });
    const ref = await createReferral(store, northsea, { originId: r.id, subjectRef: r.child, serviceId: serviceIds.get('harbour-police-ocp') as string, needs: ['reporting-to-police'], urgency: i === 0 ? 'urgent' : 'normal', createdAt: at(start) });
    referrals++;
    await walk(northsea, police, ref.id, start, PATHS[i % PATHS.length] as (typeof PATHS)[number]);
    if (i === 1) {
      await recordOutcome(store, police, { targetId: ref.id, type: 'investigation-opened', occurredAt: at(start + 4 * 24 * HOUR) });
      await recordOutcome(store, police, { targetId: ref.id, type: 'arrest', occurredAt: at(start + 9 * 24 * HOUR) });
      outcomes += 2;
    }
    // The hotline's own outcome for the report: the content came down.
    await recordOutcome(store, northsea, { targetId: r.id, type: i === 5 ? 'false-positive' : 'content-removed', occurredAt: at(start + 2 * 24 * HOUR) });
    outcomes++;
  }

  // Every demo dataset in the catalogue, with the fields its record type holds and the terms it is offered on.
  let entries = 0;
  const FREQUENCY: Record<string, CatalogueEntryInput['updateFrequency']> = { report: 'daily', contact: 'continuous', 'hash-set': 'weekly', referral: 'continuous', mixed: 'monthly' };
  const TOPICS: Record<string, string[]> = { report: ['reports', 'content removal', 'csam'], contact: ['helpline contacts', 'children', 'counselling'], 'hash-set': ['hash list', 'image hashes'], referral: ['referrals', 'services', 'safeguarding'], mixed: ['statistics', 'aggregates'] };
  for (const ds of eco.datasets) {
    const owner = eco.organisations.find((o) => o.id === ds.ownerOrgId);
    if (!owner) continue;
    await publishEntry(store, await stewardOf(owner.slug), {
      datasetId: ds.id, topics: [...(TOPICS[ds.recordType] ?? []), ds.purpose.replace(/-/g, ' ')], fields: fieldsForRecordType(ds.recordType),
      coverage: { countries: [owner.jurisdiction], languages: owner.languages, from: '2024-11-01T00:00:00Z', populations: `synthetic demo data of ${owner.name}` },
      updateFrequency: FREQUENCY[ds.recordType] ?? 'irregular',
      accessTerms: [{ template: `${ds.slug}-${ds.purpose}`.slice(0, 63), title: `${ds.name}: ${ds.purpose.replace(/-/g, ' ')}`, purposes: [ds.purpose], legalBasis: ds.legalBasis, actions: ds.recordType === 'mixed' ? ['aggregate'] : ['read'], retention: { days: 180, then: 'delete' } }],
      contact: { name: `Data steward, ${owner.name}`, email: `data@${owner.slug}.example` },
      language: 'en',
    });
    entries++;
  }
  await store.db.insertInto('node_settings').values({ key: SETTING, value: JSON.stringify({ services: serviceIds.size, referrals, outcomes, entries }) }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return { seeded: true, services: serviceIds.size, referrals, outcomes, catalogueEntries: entries };
}
