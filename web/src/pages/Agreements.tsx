import { useState } from 'react';
import type { PageProps } from '../App';
import { api, call } from '../api/client';
import type { components } from '../api/schema';
import { useI18n } from '../i18n';
import { useAction, useLoad } from '../lib/async';
import { href, navigate } from '../lib/router';
import { Done, ErrorBox, Loading, Page, Short } from '../lib/ui';

type Agreement = components['schemas']['AgreementView'];
type Rule = 'visible' | 'pseudonymised' | 'hidden';
/** Report fields an agreement can share (src/policy/terms.ts); id, dataset, source organisation and lineage always travel. */
export const REPORT_FIELDS = ['sourceRef', 'kind', 'status', 'reportedAt', 'incidentAt', 'country', 'language', 'incidentTypes', 'flags', 'contentItems', 'signals', 'children', 'subjects', 'classifications', 'notes'] as const;
const PSEUDONYMISABLE = new Set(['sourceRef', 'contentItems', 'signals', 'subjects']);
export const PURPOSES = ['victim-identification', 'content-removal', 'investigation', 'prevention', 'research-and-statistics', 'service-provision', 'safeguarding'] as const;
export const LEGAL_BASES = ['consent', 'contract', 'legal-obligation', 'statutory-reporting', 'vital-interest', 'public-task', 'legitimate-interest'] as const;

/** Starting points for a draft; every term can be changed before it is sent. */
const TEMPLATES: Record<string, { purposes: (typeof PURPOSES)[number][]; legalBasis: (typeof LEGAL_BASES)[number]; actions: Array<'read' | 'export' | 'aggregate'>; fields: Partial<Record<(typeof REPORT_FIELDS)[number], Rule>>; days: number }> = {
  removal: { purposes: ['content-removal'], legalBasis: 'legitimate-interest', actions: ['read'], days: 180, fields: { kind: 'visible', status: 'visible', reportedAt: 'visible', country: 'visible', incidentTypes: 'visible', contentItems: 'pseudonymised', signals: 'pseudonymised' } },
  investigation: { purposes: ['investigation', 'victim-identification'], legalBasis: 'public-task', actions: ['read', 'export'], days: 365, fields: { sourceRef: 'pseudonymised', kind: 'visible', status: 'visible', reportedAt: 'visible', incidentAt: 'visible', country: 'visible', language: 'visible', incidentTypes: 'visible', flags: 'visible', contentItems: 'visible', signals: 'visible', children: 'visible', subjects: 'pseudonymised', classifications: 'visible' } },
  research: { purposes: ['research-and-statistics'], legalBasis: 'legitimate-interest', actions: ['aggregate'], days: 90, fields: { kind: 'visible', reportedAt: 'visible', country: 'visible', incidentTypes: 'visible' } },
};

export function rulesFor(a: Agreement, orgId: string): Record<string, Rule> {
  const own = a.terms.recipients.find((r) => r.orgId === orgId)?.fields;
  const rules = (own ?? a.terms.fields) as Record<string, Rule>;
  return Object.fromEntries(REPORT_FIELDS.map((f) => [f, rules[f] ?? 'hidden']));
}

export function AgreementsPage({ me, route }: PageProps) {
  const { t } = useI18n();
  const list = useLoad(async () => (await call(api.GET('/api/v1/agreements'))).items, []);
  const orgs = useLoad(async () => (await call(api.GET('/api/v1/organisations'))).items, []);
  const slugOf = (id: string) => orgs.data?.find((o) => o.id === id)?.slug ?? id;
  const selected = route[0] === 'new' ? null : list.data?.find((a) => a.id === route[0] || a.slug === route[0]);
  return (
    <Page title={t('navAgreements')} intro={t('agreementsIntro')} actions={<a className="button-link" href={href('agreements', 'new')}>{t('draftAgreement')}</a>}>
      {list.loading && <Loading />}
      <ErrorBox error={list.error} />
      {list.data && (
        <div className="table-wrap">
          <table data-testid="agreements">
            <caption>{t('agreementsYourOrg', { n: list.data.length })}</caption>
            <thead><tr><th scope="col">{t('agreement')}</th><th scope="col">{t('state')}</th><th scope="col">{t('providerH')}</th><th scope="col">{t('recipients')}</th><th scope="col">{t('purposes')}</th><th scope="col">{t('validUntil')}</th></tr></thead>
            <tbody>
              {list.data.map((a) => (
                <tr key={a.id} data-agreement={a.slug}>
                  <th scope="row"><a href={href('agreements', a.id)}>{a.terms.title}</a><div className="muted"><code>{a.slug}</code> v{a.version}</div></th>
                  <td><span className={`badge ${a.state}`}>{t(`state_${a.state}` as 'state_active')}</span></td>
                  <td>{slugOf(a.terms.providerOrgId)}</td>
                  <td>{a.terms.recipients.map((r) => slugOf(r.orgId)).join(', ')}</td>
                  <td>{a.terms.purposes.join(', ')}</td>
                  <td>{a.terms.validUntil.slice(0, 10)}</td>
                </tr>
              ))}
              {list.data.length === 0 && <tr><td colSpan={6}>{t('noAgreements')}</td></tr>}
            </tbody>
          </table>
        </div>
      )}
      {route[0] === 'new' && <DraftForm me={me} orgs={orgs.data ?? []} onDone={(a) => { list.reload(); navigate('agreements', a.id); }} />}
      {selected && <AgreementDetail key={selected.id + selected.versionHash} a={selected} me={me} slugOf={slugOf} onChange={list.reload} />}
    </Page>
  );
}

function AgreementDetail({ a, me, slugOf, onChange }: { a: Agreement; me: PageProps['me']; slugOf: (id: string) => string; onChange: () => void }) {
  const { t, date } = useI18n();
  const mine = a.parties.find((p) => p.orgId === me.organisation.id);
  const [reason, setReason] = useState('');
  const accept = useAction(() => call(api.POST('/api/v1/agreements/{id}/accept', { params: { path: { id: a.id } }, body: { versionHash: a.versionHash } })));
  const revoke = useAction(() => call(api.POST('/api/v1/agreements/{id}/revoke', { params: { path: { id: a.id } }, body: { reason } })));
  const canAccept = mine && a.storedState !== 'revoked' && mine.acceptedVersionHash !== a.versionHash;
  return (
    <section className="panel" aria-labelledby="agreement-title" data-testid="agreement-detail">
      <h2 id="agreement-title">{a.terms.title} <span className={`badge ${a.state}`}>{t(`state_${a.state}` as 'state_active')}</span></h2>
      <dl className="facts">
        <dt>{t('version')}</dt><dd>v{a.version} <Short id={a.versionHash} /></dd>
        <dt>{t('providerH')}</dt><dd>{slugOf(a.terms.providerOrgId)}</dd>
        <dt>{t('purposes')}</dt><dd>{a.terms.purposes.join(', ')}</dd>
        <dt>{t('legalBasis')}</dt><dd>{a.terms.legalBasis}</dd>
        <dt>{t('actions')}</dt><dd>{a.terms.actions.join(', ')}</dd>
        <dt>{t('validity')}</dt><dd>{date(a.terms.validFrom)} – {date(a.terms.validUntil)}</dd>
        <dt>{t('retention')}</dt><dd>{t('retentionDays', { n: a.terms.retention.days, then: a.terms.retention.then })}</dd>
        <dt>{t('datasets')}</dt><dd>{a.terms.datasetIds.map((d) => <Short key={d} id={d} />)}</dd>
      </dl>
      <h3>{t('parties')}</h3>
      <ul data-testid="parties">
        {a.parties.map((p) => (
          <li key={p.orgId}>{p.slug} ({t(p.role === 'provider' ? 'provider' : 'recipient')}): {p.acceptedVersionHash === a.versionHash ? t('acceptedAt', { at: date(p.acceptedAt) }) : t('notAccepted')}</li>
        ))}
      </ul>
      {a.revoked && <p className="bad">{t('revokedBecause', { at: date(a.revoked.at), reason: a.revoked.reason })}</p>}
      <h3>{t('whatEachPartnerSees')}</h3>
      <div className="table-wrap">
        <table data-testid="field-rules">
          <caption className="muted">{t('alwaysShared')}</caption>
          <thead><tr><th scope="col">{t('field')}</th>{a.terms.recipients.map((r) => <th scope="col" key={r.orgId}>{slugOf(r.orgId)}</th>)}</tr></thead>
          <tbody>
            {REPORT_FIELDS.map((f) => (
              <tr key={f}><th scope="row"><code>{f}</code></th>{a.terms.recipients.map((r) => { const rule = rulesFor(a, r.orgId)[f]!; return <td key={r.orgId} className={`rule-${rule}`}>{t(`rule_${rule}` as 'rule_visible')}</td>; })}</tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row">
        {canAccept && <button type="button" onClick={() => accept.run().then((r) => r && onChange())} disabled={accept.busy}>{t('acceptVersion', { v: a.version })}</button>}
        {accept.result && <Done>{t('accepted')}</Done>}
        <ErrorBox error={accept.error} />
      </div>
      {a.storedState !== 'revoked' && mine && (
        <form className="row" onSubmit={(e) => { e.preventDefault(); void revoke.run().then((r) => r && onChange()); }}>
          <div className="field">
            <label htmlFor="revoke-reason">{t('revokeReason')}</label>
            <input id="revoke-reason" value={reason} onChange={(e) => setReason(e.target.value)} minLength={5} required size={40} />
          </div>
          <button type="submit" className="danger" disabled={revoke.busy || reason.trim().length < 5}>{t('revoke')}</button>
        </form>
      )}
      <ErrorBox error={revoke.error} />
    </section>
  );
}

function DraftForm({ me, orgs, onDone }: { me: PageProps['me']; orgs: Array<{ id: string; slug: string; name: string }>; onDone: (a: Agreement) => void }) {
  const { t } = useI18n();
  const datasets = useLoad(async () => (await call(api.GET('/api/v1/datasets', { params: { query: { ownerOrgId: me.organisation.id } } }))).items, []);
  const [template, setTemplate] = useState<keyof typeof TEMPLATES>('removal');
  const [title, setTitle] = useState('');
  const [slug, setSlug] = useState('');
  const [recipient, setRecipient] = useState('');
  const [datasetId, setDatasetId] = useState('');
  const [fields, setFields] = useState<Record<string, Rule>>(() => ({ ...Object.fromEntries(REPORT_FIELDS.map((f) => [f, 'hidden'])), ...TEMPLATES.removal!.fields }) as Record<string, Rule>);
  const tpl = TEMPLATES[template]!;
  const draft = useAction(async () => {
    const now = new Date();
    const until = new Date(now.getTime() + 365 * 86400_000);
    return call(api.POST('/api/v1/agreements', {
      body: {
        slug, title, recipients: [{ orgId: recipient }], purposes: tpl.purposes, legalBasis: tpl.legalBasis, datasetIds: [datasetId], actions: tpl.actions,
        fields, validFrom: now.toISOString(), validUntil: until.toISOString(), retention: { days: tpl.days, then: 'delete' },
        // The rest as the node's defaults, spelled out so the draft shows exactly what is proposed.
        jurisdictions: [], onwardSharing: 'none', duties: ['attribute-source'], prohibitions: ['re-identification', 'onward-sharing'],
        requirements: { dataProtectionTrainingWithinDays: 365, consent: 'not-required', safeguardingOverride: false },
      },
    }));
  });
  const pick = (k: keyof typeof TEMPLATES) => {
    setTemplate(k);
    setFields({ ...Object.fromEntries(REPORT_FIELDS.map((f) => [f, 'hidden'])), ...TEMPLATES[k]!.fields } as Record<string, Rule>);
  };
  return (
    <form className="panel" aria-labelledby="draft-title" data-testid="draft-form" onSubmit={(e) => { e.preventDefault(); void draft.run().then((a) => a && onDone(a)); }}>
      <h2 id="draft-title">{t('draftAgreement')}</h2>
      <div className="row">
        <div className="field"><label htmlFor="tpl">{t('template')}</label>
          <select id="tpl" value={template} onChange={(e) => pick(e.target.value as keyof typeof TEMPLATES)}>
            {Object.keys(TEMPLATES).map((k) => <option key={k} value={k}>{t(`tpl_${k}` as 'tpl_removal')}</option>)}
          </select>
        </div>
        <div className="field"><label htmlFor="a-title">{t('title')}</label><input id="a-title" value={title} onChange={(e) => setTitle(e.target.value)} required size={36} /></div>
        <div className="field"><label htmlFor="a-slug">{t('slug')}</label><input id="a-slug" value={slug} onChange={(e) => setSlug(e.target.value)} required pattern="[a-z0-9][a-z0-9-]*" /></div>
      </div>
      <div className="row">
        <div className="field"><label htmlFor="a-recipient">{t('recipient')}</label>
          <select id="a-recipient" value={recipient} onChange={(e) => setRecipient(e.target.value)} required>
            <option value="">—</option>
            {orgs.filter((o) => o.id !== me.organisation.id).map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </select>
        </div>
        <div className="field"><label htmlFor="a-dataset">{t('dataset')}</label>
          <select id="a-dataset" value={datasetId} onChange={(e) => setDatasetId(e.target.value)} required>
            <option value="">—</option>
            {(datasets.data ?? []).map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
          </select>
        </div>
      </div>
      <p className="muted">{t('templateSays', { purposes: tpl.purposes.join(', '), basis: tpl.legalBasis, actions: tpl.actions.join(', '), days: tpl.days })}</p>
      <fieldset>
        <legend>{t('whatTheRecipientSees')}</legend>
        <div className="rules-grid">
          {REPORT_FIELDS.map((f) => (
            <label key={f} className="field"><code>{f}</code>
              <select value={fields[f]} onChange={(e) => setFields({ ...fields, [f]: e.target.value as Rule })} aria-label={t('ruleFor', { field: f })}>
                <option value="visible">{t('rule_visible')}</option>
                {PSEUDONYMISABLE.has(f) && <option value="pseudonymised">{t('rule_pseudonymised')}</option>}
                <option value="hidden">{t('rule_hidden')}</option>
              </select>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="row"><button type="submit" disabled={draft.busy}>{t('saveDraft')}</button></div>
      <ErrorBox error={draft.error} />
    </form>
  );
}
