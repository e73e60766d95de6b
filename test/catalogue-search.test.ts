import { beforeAll, describe, expect, it } from 'vitest';
import { dataDictionaryHtml, getEntry, publishEntry, searchCatalogue, type CatalogueEntryInput } from '../src/catalogue/index.ts';
import { localPrincipal, type Principal } from '../src/identity/index.ts';
import { registerDatasetAsNode } from '../src/records/index.ts';
import type { TesseraError } from '../src/shared/errors.ts';
import { describeEachStore } from './support/databases.ts';
import { seedTwoOrgs, type TwoOrgs } from './support/fixtures.ts';

const fails = async (p: Promise<unknown>): Promise<TesseraError> => {
  try {
    await p;
  } catch (e) {
    return e as TesseraError;
  }
  throw new Error('expected a failure');
};

describeEachStore('catalogue', (fx) => {
  let orgs: TwoOrgs;
  let hot: Principal;
  let plat: Principal;
  let platAnalyst: Principal;
  let contactsId: string;

  beforeAll(async () => {
    const store = fx.store();
    orgs = await seedTwoOrgs(store);
    hot = await localPrincipal(store, 'steward@hotline.example');
    plat = await localPrincipal(store, 'steward@platform.example');
    platAnalyst = await localPrincipal(store, 'analyst@platform.example');
    contactsId = (await registerDatasetAsNode(store, { ownerOrgId: orgs.platform.orgId, slug: 'contacts', name: 'Safety contacts', recordType: 'contact', purpose: 'safeguarding', legalBasis: 'consent', createdAt: '2026-01-01T00:00:00Z' })).id;
    const hotEntry: CatalogueEntryInput = {
      datasetId: orgs.hotline.datasetId, title: 'Public reports of child sexual abuse material', description: 'URLs reported by the public, assessed by analysts and sent for removal to hosting providers.',
      topics: ['content removal', 'hotline'], fields: ['Report.country', 'Report.reportedAt', 'Child.age', 'Child.gender', 'Classification.code'],
      coverage: { countries: ['NL', 'BE'], languages: ['nl', 'en'], from: '2024-01-01T00:00:00Z', records: 120000, populations: 'reports by the public only' }, updateFrequency: 'daily',
      accessTerms: [{ template: 'removal-partners', title: 'Removal partners', purposes: ['content-removal'], legalBasis: 'legitimate-interest', retention: { days: 90, then: 'delete' } }],
      contact: { name: 'Data steward', email: 'data@hotline.example' },
    };
    await publishEntry(store, hot, hotEntry);
    await publishEntry(store, plat, {
      datasetId: contactsId, description: 'Conversations in which young users asked for help about sextortion and grooming.', topics: ['sextortion', 'grooming'],
      fields: ['Contact.channel', 'Contact.age', 'Contact.language', 'Contact.categories'], coverage: { countries: ['US'] }, updateFrequency: 'weekly', language: 'en',
    });
  });

  it('finds a dataset by field, by entity and by topic', async () => {
    const s = fx.store();
    expect((await searchCatalogue(s, platAnalyst, { field: 'Child.age' })).map((e) => e.datasetId)).toEqual([orgs.hotline.datasetId]);
    expect((await searchCatalogue(s, platAnalyst, { field: 'Contact' })).map((e) => e.datasetId)).toEqual([contactsId]);
    expect((await searchCatalogue(s, hot, { topic: 'Sextortion' })).map((e) => e.title)).toEqual(['Safety contacts']);
    expect((await searchCatalogue(s, hot, { country: 'BE' })).map((e) => e.datasetId)).toEqual([orgs.hotline.datasetId]);
    expect((await searchCatalogue(s, hot, { holder: 'test-platform' })).map((e) => e.datasetId)).toEqual([contactsId]);
  });

  it('full-text search finds who holds what: words, stems, field labels in other languages, web-search syntax', async () => {
    const s = fx.store();
    const ids = async (q: string) => (await searchCatalogue(s, hot, { q })).map((e) => e.datasetId);
    expect(await ids('sextortion')).toEqual([contactsId]);
    expect(await ids('removed')).toEqual([orgs.hotline.datasetId]); // stem of "removal"
    expect((await ids('age range')).sort()).toEqual([orgs.hotline.datasetId, contactsId].sort()); // the label of Child.age and Contact.age
    expect((await ids('"tranche d\'âge"')).sort()).toEqual([orgs.hotline.datasetId, contactsId].sort()); // the same label in French
    expect(await ids('gender')).toEqual([orgs.hotline.datasetId]);
    expect((await ids('channel OR sextortion')).sort()).toEqual([contactsId]);
    expect(await ids('reports -hotline')).toEqual([]);
    expect(await ids('test-hotline')).toEqual([orgs.hotline.datasetId]); // by holder
    const ranked = await searchCatalogue(s, hot, { q: 'grooming' });
    expect(ranked[0]?.rank).toBeGreaterThan(0);
  });

  it('an entry says who holds it, on what terms, and whom to ask', async () => {
    const e = await getEntry(fx.store(), platAnalyst, orgs.hotline.datasetId);
    expect(e.holder).toEqual({ slug: 'test-hotline', name: 'Test hotline (synthetic)', kind: 'hotline', jurisdiction: 'NL' });
    expect(e.accessTerms[0]).toMatchObject({ template: 'removal-partners', purposes: ['content-removal'], actions: ['read'], retention: { days: 90, then: 'delete' }, validForDays: 365 });
    expect(e.contact.email).toBe('data@hotline.example');
    expect(e.coverage.records).toBe(120000);
    expect(e.updateFrequency).toBe('daily');
  });

  it('bad entries are precise errors and write nothing', async () => {
    const s = fx.store();
    const unknown = await fails(publishEntry(s, hot, { datasetId: orgs.hotline.datasetId, fields: ['Child.agee', 'Report.country'], updateFrequency: 'daily' }));
    expect(unknown.code).toBe('validation_failed');
    const issue = (unknown.details?.issues as Array<{ code: string; message: string; where: { path: string } }>)[0];
    expect(issue?.code).toBe('unknown_field');
    expect(issue?.where.path).toBe('entry.fields[0]');
    expect(issue?.message).toContain('Child.age');
    expect((await getEntry(s, hot, orgs.hotline.datasetId)).fields).toContain('Child.age');
    const dates = await fails(publishEntry(s, hot, { datasetId: orgs.hotline.datasetId, coverage: { from: '2026-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' }, updateFrequency: 'daily' }));
    expect((dates.details?.issues as Array<{ code: string }>)[0]?.code).toBe('impossible_date');
    expect((await fails(publishEntry(s, hot, { datasetId: contactsId, updateFrequency: 'daily' }))).code).toBe('not_your_dataset');
    expect((await fails(publishEntry(s, platAnalyst, { datasetId: contactsId, updateFrequency: 'daily' }))).code).toBe('forbidden');
    expect((await fails(publishEntry(s, hot, { datasetId: 'dataset--00000000-0000-4000-8000-000000000000', updateFrequency: 'daily' }))).code).toBe('unknown_dataset');
    const badField = await fails(searchCatalogue(s, hot, { field: 'Child.shoeSize' }));
    expect([badField.code, badField.where?.field]).toEqual(['unknown_field', 'field']);
    expect(badField.message).toContain('Child.age');
  });
});

describe('data dictionary as HTML', () => {
  it('renders every entity in the chosen language, marks English fallbacks, escapes, and refuses unknown languages', () => {
    const fr = dataDictionaryHtml('fr');
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain('Dictionnaire des données');
    expect(fr).toContain('Tranche d&#39;âge');
    expect(fr).toContain('id="Child.age"');
    expect(fr).toContain('<small>(en)</small>');
    expect(fr).not.toMatch(/<script/i);
    expect(dataDictionaryHtml('de')).toContain('Datenwörterbuch');
    expect(() => dataDictionaryHtml('xx')).toThrow(/available in en, fr, es, pt, de/);
  });
});
