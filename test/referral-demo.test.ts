import { beforeAll, describe, expect, it } from 'vitest';
import { searchCatalogue } from '../src/catalogue/index.ts';
import { seedDemo } from '../src/demo/index.ts';
import { seedReferralDemo } from '../src/demo/referrals.ts';
import { generateEcosystem } from '../src/generator/index.ts';
import { localPrincipal } from '../src/identity/index.ts';
import { listOutcomes, listReferrals, searchServices } from '../src/referral/index.ts';
import { openStore, type Store } from '../src/store/index.ts';

/** The demo seeds a service directory, referrals at every stage, outcomes and the catalogue — once. */
describe('demo: referral pathways and catalogue', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({});
    await seedDemo(store, { seed: 3, reports: 1500, contacts: 300 });
  }, 240_000);

  it('has services to search, referrals at every stage, positive outcomes back at the source, and a catalogue', async () => {
    const eco = generateEcosystem({ seed: 3 });
    const steward = (slug: string) => {
      const u = eco.users.find((x) => x.orgSlug === slug && (x.roles.includes('steward') || x.roles.includes('admin')));
      return localPrincipal(store, u?.email ?? '');
    };
    const ipe = await steward('ipe-helpline');
    const found = await searchServices(store, ipe, { country: 'BR', language: 'pt-BR', age: 14, need: 'counselling' });
    expect(found.map((s) => s.name)).toContain('Linha Ipê counselling (synthetic)');
    const refs = (await listReferrals(store, ipe, { limit: 100 })).items;
    expect(new Set(refs.map((r) => r.status))).toEqual(new Set(['created', 'sent', 'accepted', 'completed', 'closed']));
    const northsea = await steward('northsea-hotline');
    const police = await steward('harbour-police');
    expect((await listReferrals(store, police, { role: 'provider' })).items.length).toBe(6);
    const back = (await listOutcomes(store, northsea, { role: 'source', limit: 100 })).items;
    expect(back.some((o) => o.type === 'arrest' && o.reportedByOrgId === police.orgId)).toBe(true);
    expect(back.filter((o) => o.positive).length).toBeGreaterThan(back.filter((o) => !o.positive).length);
    const byField = await searchCatalogue(store, ipe, { field: 'Contact.channel' });
    expect(byField.map((e) => e.holder?.slug)).toEqual(expect.arrayContaining(['ipe-helpline', 'savanna-helpline']));
    expect(byField.map((e) => e.holder?.slug)).not.toContain('chirp-social');
    expect((await searchCatalogue(store, ipe, { q: 'hash list' })).map((e) => e.holder?.slug)).toContain('albion-hotline');
    expect((await seedReferralDemo(store, eco)).seeded).toBe(false);
  }, 60_000);
});
