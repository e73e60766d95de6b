import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, shot, startConsoleNode, type ConsoleNode } from './support.ts';

interface Agg { groups: Array<{ key: string | null; count: number }>; total: number }

describe('steward console in a browser', () => {
  let n: ConsoleNode;
  beforeAll(async () => {
    n = await startConsoleNode();
  }, 300_000);
  afterAll(async () => {
    await n?.close();
  });

  it('signs in with a token through the form and shows who is signed in', async () => {
    const ctx = await n.browser.newContext();
    const page = await ctx.newPage();
    await page.goto(n.server.consoleUrl);
    await page.getByLabel('API token').fill('tsr_not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/token/i);
    const l = n.login('northsea-hotline');
    await page.getByLabel('API token').fill(l.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('who').waitFor();
    expect(await page.getByTestId('who').textContent()).toContain('northsea-hotline');
    await shot(page, '00-login-done');
    await ctx.close();
  });

  it('overview: totals and breakdowns match the API, coverage beside each figure, no accessibility violations', async () => {
    const org = 'chirp-social';
    const total = await n.api<Agg>(org, '/aggregates/reports?groupBy=country');
    const kinds = await n.api<Agg>(org, '/aggregates/reports?groupBy=kind');
    const page = await n.open(org, 'overview');
    const card = page.getByTestId('total-reports');
    await card.waitFor();
    expect((await card.locator('.value').textContent())?.replace(/\D/g, '')).toBe(String(total.total));
    expect(await card.textContent()).toContain('Coverage');
    const rows = page.getByTestId('by-kind').locator('tbody tr');
    expect(await rows.count()).toBe(kinds.groups.length);
    const top = [...kinds.groups].sort((a, b) => b.count - a.count)[0]!;
    expect(await rows.first().textContent()).toContain(String(top.key));
    expect(await page.locator('svg[role=img] path[data-country]').count()).toBeGreaterThan(100);
    const cards = page.getByTestId('indicator-cards');
    if (await cards.count()) {
      const reports = await n.api<{ values: Array<{ value: number | null; dimensions: Record<string, string> }> }>(org, '/indicators/reports?grain=total&from=2000');
      const v = reports.values[0]!.value;
      await cards.locator('[data-indicator="reports"] .value').getByText(v === null ? '—' : v.toLocaleString('en'), { exact: false }).waitFor();
      expect(await cards.locator('[data-indicator="reports"]').textContent()).toContain('Coverage');
    }
    await shot(page, '01-overview');
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('agreements: draft from a template, the recipient accepts, field-by-field view, then revoke', async () => {
    const provider = 'northsea-hotline';
    const recipient = 'albion-hotline';
    const page = await n.open(provider, 'agreements/new');
    const form = page.getByTestId('draft-form');
    await form.getByLabel('Template').selectOption('removal');
    await form.getByLabel('Title').fill('Removal of reported URLs (console test)');
    await form.getByLabel('Short name (slug)').fill('console-removal');
    const albion = (await n.api<{ items: Array<{ id: string; slug: string; name: string }> }>(provider, '/organisations')).items.find((o) => o.slug === recipient)!;
    await form.getByLabel('Recipient').selectOption(albion.id);
    await form.getByLabel('Dataset').selectOption({ index: 1 });
    await form.getByLabel('Rule for country').selectOption('hidden');
    await shot(page, '04-agreements-draft');
    await form.getByRole('button', { name: 'Save draft' }).click();
    const detail = page.getByTestId('agreement-detail');
    await detail.waitFor();
    // What the API says the recipient sees is what the table shows.
    const list = (await n.api<{ items: Array<{ id: string; slug: string; terms: { fields: Record<string, string> } }> }>(provider, '/agreements')).items;
    const a = list.find((x) => x.slug === 'console-removal')!;
    expect(a.terms.fields.country).toBe('hidden');
    const row = (f: string) => detail.getByTestId('field-rules').locator('tr', { has: page.locator(`th code:text-is("${f}")`) });
    expect(await row('country').locator('td').textContent()).toBe('hidden');
    expect(await row('contentItems').locator('td').textContent()).toBe('pseudonymised');
    expect(await row('kind').locator('td').textContent()).toBe('visible');
    expect(await page.getByTestId('agreements').locator('tr[data-agreement="console-removal"]').textContent()).toContain('draft');
    // The provider accepts its own draft; then the recipient sees and accepts it.
    await detail.getByRole('button', { name: /Accept version/ }).click();
    await detail.getByText('Accepted.').waitFor();
    await page.context().close();
    const rp = await n.open(recipient, `agreements/${a.id}`);
    const rd = rp.getByTestId('agreement-detail');
    await rd.getByRole('button', { name: /Accept version/ }).click();
    await rp.getByTestId('agreements').locator('tr[data-agreement="console-removal"]').getByText('active').waitFor();
    const after = await n.api<{ state: string; parties: Array<{ slug: string; acceptedAt: string | null }> }>(recipient, `/agreements/${a.id}`);
    expect(after.state).toBe('active');
    expect(after.parties.every((p) => p.acceptedAt)).toBe(true);
    await shot(rp, '04-agreements-active');
    expect(await axeViolations(rp)).toEqual([]);
    // Revoke: the reason is required; the state follows.
    await rd.getByLabel(/Reason for revoking/).fill('console test: no longer needed');
    await rd.getByRole('button', { name: 'Revoke' }).click();
    await rp.getByTestId('agreements').locator('tr[data-agreement="console-removal"]').getByText('revoked').waitFor();
    expect((await n.api<{ state: string }>(recipient, `/agreements/${a.id}`)).state).toBe('revoked');
    await rp.context().close();
  });

  it('ecosystem map: organisations as nodes, one flow per agreement recipient, as the API lists them', async () => {
    const org = 'northsea-hotline';
    const orgs = (await n.api<{ items: unknown[] }>(org, '/organisations')).items;
    const agreements = (await n.api<{ items: Array<{ terms: { recipients: unknown[] } }> }>(org, '/agreements')).items;
    const page = await n.open(org, 'ecosystem');
    await page.getByTestId('flows').waitFor();
    expect(await page.locator('svg[role=img] circle').count()).toBe(orgs.length);
    expect(await page.getByTestId('flows').locator('tbody tr').count()).toBe(Math.max(1, agreements.reduce((s, a) => s + a.terms.recipients.length, 0)));
    const flows = await fetch(n.server.apiUrl + '/exchange/flows', { headers: { authorization: `Bearer ${n.login(org).token}` } });
    if (flows.ok) {
      const items = ((await flows.json()) as { items: unknown[] }).items;
      await page.getByTestId('exchange-flows').waitFor();
      expect(await page.getByTestId('exchange-flows').locator('tbody tr').count()).toBe(Math.max(1, items.length));
    }
    await shot(page, '02-ecosystem');
    await page.context().close();
  });

  it('catalogue: datasets as the API lists them, search narrows, dictionary labels in French', async () => {
    const org = 'ipe-helpline';
    const ds = (await n.api<{ items: Array<{ name: string }> }>(org, '/datasets')).items;
    const page = await n.open(org, 'catalogue');
    const table = page.getByTestId('datasets');
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('tbody tr').count()).toBe(ds.length);
    await page.getByLabel('Search datasets').fill('helpline contacts');
    expect(await table.locator('tbody tr').count()).toBe(ds.filter((d) => `${d.name}`.toLowerCase().includes('helpline contacts')).length || (await table.locator('tbody tr').count()));
    const cat = await fetch(n.server.apiUrl + '/catalogue?q=helpline&limit=100', { headers: { authorization: `Bearer ${n.login(org).token}` } });
    if (cat.ok) {
      const entries = ((await cat.json()) as { items: Array<{ title: string }> }).items;
      await page.getByLabel('Search the catalogue').fill('helpline');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByTestId('catalogue').locator('caption').getByText(`${entries.length} catalogue entries`).waitFor();
      expect(await page.getByTestId('catalogue').locator('tbody th').allTextContents()).toEqual(entries.map((e) => expect.stringContaining(e.title)));
    }
    await page.getByLabel('Entity').selectOption('Report');
    await page.getByLabel('Labels in').selectOption('fr');
    const dict = await n.api<{ entities: Array<{ name: string; fields: Array<{ name: string; labels: Record<string, string> }> }> }>(org, '/model/dictionary');
    const country = dict.entities.find((e) => e.name === 'Report')!.fields.find((f) => f.name === 'country')!;
    expect(await page.getByTestId('dictionary').locator('tr', { has: page.locator('code:text-is("country")') }).locator('td').first().textContent()).toBe(country.labels.fr);
    await shot(page, '03-catalogue');
    await page.context().close();
  });

  it('match review: a hash another organisation assessed shows as previously assessed with provenance; recording a false positive counts', async () => {
    const pdq = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
    await n.api('albion-hotline', '/hash-sets/import', { body: { set: 'console-test', name: 'Console test hashes', signalType: 'pdq', text: `${pdq}\tsynthetic-1\n`, source: { name: 'synthetic generator', version: '1' }, classification: { scheme: 'uk-2014', code: 'A' } } });
    const page = await n.open('chirp-social', 'matches');
    await page.getByTestId('hash-sets').getByText('Console test hashes').waitFor();
    await page.getByLabel('Hashes to check').fill(pdq);
    await page.getByRole('button', { name: 'Match', exact: true }).click();
    const results = page.getByTestId('match-results');
    await results.waitFor();
    expect(await results.textContent()).toContain('Previously assessed');
    const api = await n.api<{ ok: true; matches: Array<{ entryId: string; set: { owner: string } }>; assessment: { consensus: string } }>('chirp-social', `/hashes/lookup?type=pdq&value=${pdq}`);
    const row = results.locator(`tr[data-entry="${api.matches[0]!.entryId}"]`);
    expect(await row.textContent()).toContain(api.matches[0]!.set.owner);
    expect(await row.getByTestId('feedback-counts').textContent()).toBe('0 true, 0 false');
    await row.getByRole('button', { name: 'False positive' }).click();
    await page.getByText('Recorded: False positive.').waitFor();
    await row.getByTestId('feedback-counts').getByText('0 true, 1 false').waitFor();
    expect(await page.locator('img').count()).toBe(0);
    await shot(page, '05-matches');
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('cases: linking from the console shows the cases the API lists, each link with its reason', async () => {
    const org = 'chirp-social';
    const page = await n.open(org, 'cases');
    await page.getByRole('button', { name: 'Link reports now' }).click();
    await page.getByText(/Linkage finished/).waitFor({ timeout: 120_000 });
    const cases = (await n.api<{ items: Array<{ id: string; reports: number; urgentReviews: number }> }>(org, '/cases?limit=200')).items;
    const table = page.getByTestId('cases');
    await table.getByText(`${cases.length} cases`).waitFor();
    if (cases.length > 0) {
      expect(await table.locator('tbody tr').count()).toBe(cases.length);
      await table.locator('tbody tr').first().getByRole('link').click();
      const detail = page.getByTestId('case-detail');
      await detail.getByTestId('links').waitFor();
      const one = await n.api<{ members: unknown[]; links: Array<{ explanation: string }> }>(org, `/cases/${cases[0]!.id}`);
      expect(await detail.getByTestId('members').locator('li').count()).toBe(one.members.length);
      expect(await detail.getByTestId('links').textContent()).toContain(one.links[0]!.explanation);
    }
    await shot(page, '06-cases');
    await page.context().close();
  });

  it('quarantine: a rejected record shows its error and where; corrected and resubmitted, it is accepted', async () => {
    const org = 'ipe-helpline';
    const csv = 'contact_id,date_time,channel,duration_minutes,child_age,child_gender,country,region,language,categories\nC-1,not a date,Chat,4,15,Boy,BR,,pt-BR,Violence/Cyberbullying\n';
    const s = await n.api<{ quarantined: number }>(org, '/ingest/helpline-csv?dataset=contacts&mapping=chi-style&filename=console.csv', { body: csv, type: 'text/csv' });
    expect(s.quarantined).toBe(1);
    const entries = await n.api<Array<{ id: string; error: { code: string } }>>(org, '/quarantine');
    const page = await n.open(org, 'quarantine');
    const table = page.getByTestId('quarantine');
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('tbody tr[data-entry]').count()).toBe(entries.length);
    const row = table.locator(`tr[data-entry="${entries[0]!.id}"]`);
    expect(await row.textContent()).toContain(entries[0]!.error.code);
    await row.getByRole('link').click();
    const entry = page.getByTestId('quarantine-entry');
    const raw = entry.getByLabel('Record text (correct it here)');
    await raw.waitFor();
    await shot(page, '08-quarantine');
    await raw.fill((await raw.inputValue()).replace('not a date', '2026-05-01T10:00:00Z'));
    await entry.getByRole('button', { name: 'Save correction and resubmit' }).click();
    await entry.getByText(/Accepted: 1 record/).waitFor();
    expect((await n.api<unknown[]>(org, '/quarantine')).length).toBe(entries.length - 1);
    await page.context().close();
  });

  it('terminology: pasted text gets its flagged terms and the preferred wording in the chosen language', async () => {
    const page = await n.open('northsea-hotline', 'terminology');
    const text = 'The report concerned child pornography shared by a user.';
    const api = await n.api<{ findings: Array<{ term: string; preferred: string[] }> }>('northsea-hotline', '/terminology/lint', { body: { text, lang: 'en' } });
    await page.getByLabel('Text to check').fill(text);
    await page.getByLabel('Language of the text').selectOption('en');
    await page.getByRole('button', { name: 'Check' }).click();
    const table = page.getByTestId('findings');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(api.findings.length);
    expect(api.findings.length).toBeGreaterThan(0);
    expect(await table.textContent()).toContain(api.findings[0]!.preferred[0]);
    await shot(page, '09-terminology');
    await page.context().close();
  });

  it('audit: checkpoint signature and inclusion proofs verified in the browser', async () => {
    const org = 'northsea-hotline';
    await n.api(org, '/audit/checkpoint', { method: 'POST', body: {} });
    const cp = await n.api<{ checkpoint: { size: number } }>(org, '/audit/checkpoint');
    const page = await n.open(org, 'audit');
    await page.getByTestId('tree-size').getByText(cp.checkpoint.size.toLocaleString('en')).waitFor();
    await page.getByRole('button', { name: 'Verify signature in this browser' }).click();
    await page.getByTestId('sig-ok').waitFor();
    const rows = page.getByTestId('audit-events').locator('tbody tr');
    await rows.first().waitFor();
    await rows.first().getByRole('button', { name: /Verify event/ }).click();
    await rows.first().getByText('verified in browser').waitFor();
    await shot(page, '10-audit');
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('referrals: services found by a child\'s needs, referrals as the API lists them, the next step and an outcome recorded', async () => {
    const org = 'ipe-helpline';
    const page = await n.open(org, 'referrals');
    const served = await (await fetch(n.server.url + '/openapi.json')).json().catch(() => ({})) as { paths?: Record<string, unknown> };
    const probe = await fetch(n.server.apiUrl + '/referrals', { headers: { authorization: `Bearer ${n.login(org).token}` } });
    if (probe.status === 404 && !served.paths) {
      await page.getByTestId('not-available').waitFor();
      await shot(page, '07-referrals');
      return;
    }
    const services = await n.api<{ items: unknown[] }>(org, '/services?country=BR&limit=50');
    await page.getByLabel("Child's country").fill('BR');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('services').getByText(`${services.items.length} services found`).waitFor();
    expect(await page.getByTestId('services').locator('tbody tr').count()).toBe(services.items.length);
    // Create: from a contact the helpline already referred with consent, to another service.
    const before0 = (await n.api<{ items: Array<{ originId: string; originKind: string; serviceId: string }> }>(org, '/referrals?limit=200')).items;
    const withConsent = before0.find((r) => r.originKind === 'contact');
    if (withConsent) {
      const other = (await n.api<{ items: Array<{ id: string; name: string }> }>(org, '/services?acceptsReferrals=true&limit=200')).items.find((x) => x.id !== withConsent.serviceId)!;
      await page.getByText('Refer a child to a service').click();
      const form = page.getByTestId('create-referral');
      await form.getByLabel('From report or helpline contact (id)').fill(withConsent.originId);
      await form.getByLabel('Service').selectOption(other.id);
      await form.getByLabel('Need').selectOption('emotional-support');
      await form.getByRole('button', { name: 'Refer', exact: true }).click();
      await page.getByTestId('referral-detail').waitFor();
      const after0 = (await n.api<{ items: Array<{ serviceId: string; originId: string }> }>(org, '/referrals?limit=200')).items;
      expect(after0.length).toBe(before0.length + 1);
      expect(after0.some((r) => r.serviceId === other.id && r.originId === withConsent.originId)).toBe(true);
    }
    const list = (await n.api<{ items: Array<{ id: string; status: string; next: string[] }> }>(org, '/referrals?limit=200')).items;
    const table = page.getByTestId('referrals');
    await table.getByText(`${list.length} referrals`).waitFor();
    expect(await table.locator('tbody tr[data-referral]').count()).toBe(list.length);
    const open = list.find((r) => r.next.length > 0);
    if (open) {
      await table.locator(`tr[data-referral="${open.id}"]`).getByRole('link').click();
      const detail = page.getByTestId('referral-detail');
      const next = open.next[0]!;
      await detail.getByRole('button', { name: `Mark ${next}` }).click();
      await table.locator(`tr[data-referral="${open.id}"]`).getByText(next, { exact: true }).waitFor();
      expect((await n.api<{ status: string }>(org, `/referrals/${open.id}`)).status).toBe(next);
      const before = (await n.api<{ items: unknown[] }>(org, '/outcomes?limit=200')).items.length;
      await page.getByTestId('referral-detail').getByLabel('Record an outcome for this referral').selectOption('service-provided');
      await page.getByTestId('referral-detail').getByRole('button', { name: 'Record', exact: true }).click();
      await page.getByText(/Outcome recorded: service-provided/).waitFor();
      expect((await n.api<{ items: unknown[] }>(org, '/outcomes?limit=200')).items.length).toBe(before + 1);
    }
    await shot(page, '07-referrals');
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('one organisation cannot see another\'s data in the console', async () => {
    // chirp-social's overview counts only what chirp may read, and names only its own sources.
    const chirp = await n.api<Agg>('chirp-social', '/aggregates/reports?groupBy=dataset');
    const northsea = await n.api<Agg>('northsea-hotline', '/aggregates/reports?groupBy=dataset');
    const page = await n.open('chirp-social', 'overview');
    await page.getByTestId('by-source').waitFor();
    expect((await page.getByTestId('total-reports').locator('.value').textContent())?.replace(/\D/g, '')).toBe(String(chirp.total));
    const sources = await page.getByTestId('by-source').locator('tbody th').allTextContents();
    expect(sources.length).toBe(chirp.groups.length);
    expect(sources.every((s) => s.startsWith('Chirp Social'))).toBe(true);
    expect(chirp.groups.some((g) => northsea.groups.some((h) => h.key === g.key))).toBe(false);
    // The helpline's quarantine (helpline contacts) never shows for the platform.
    const helplineEntries = await n.api<Array<{ id: string }>>('ipe-helpline', '/quarantine?status=all');
    expect(helplineEntries.length).toBeGreaterThan(0);
    await page.goto(`${n.server.consoleUrl}#/quarantine`);
    const q = page.getByTestId('quarantine');
    await q.waitFor();
    await page.getByLabel('Status').selectOption('all');
    await q.locator('caption').getByText(/entries/).waitFor();
    for (const e of helplineEntries) expect(await q.locator(`tr[data-entry="${e.id}"]`).count()).toBe(0);
    expect(await page.content()).not.toContain('C-1,');
    // The northsea–albion agreement is not listed for a third party.
    await page.goto(`${n.server.consoleUrl}#/agreements`);
    await page.getByTestId('agreements').waitFor();
    expect(await page.getByTestId('agreements').locator('tr[data-agreement="console-removal"]').count()).toBe(0);
    await shot(page, '12-isolation-chirp-agreements');
    await page.context().close();
  });

  it('keyboard: skip link, then Tab through the navigation and Enter opens a page; French and Spanish labels', async () => {
    const page = await n.open('northsea-hotline', 'overview');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('page-title');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Agreements' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Agreements' }).waitFor();
    expect(await page.evaluate('document.activeElement?.id')).toBe('page-title');
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Accords' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('fr');
    await page.getByLabel('Langue').selectOption('es');
    await page.getByRole('heading', { level: 1, name: 'Acuerdos' }).waitFor();
    await shot(page, '11-agreements-es');
    await page.context().close();
  });

  it('tablet width: every page fits without sideways scrolling', async () => {
    const page = await n.open('chirp-social', 'overview', { width: 820, height: 1180 });
    for (const route of ['overview', 'ecosystem', 'catalogue', 'agreements', 'matches', 'cases', 'referrals', 'quarantine', 'terminology', 'audit']) {
      await page.goto(`${n.server.consoleUrl}#/${route}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
      expect(overflow, route).toBeLessThanOrEqual(0);
      await shot(page, `tablet-${route}`);
    }
    await page.context().close();
  });
});
