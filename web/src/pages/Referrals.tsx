import { useState } from 'react';
import type { PageProps } from '../App';
import { api, call, servedPaths } from '../api/client';
import type { paths } from '../api/schema';
import { useI18n } from '../i18n';
import { useAction, useLoad } from '../lib/async';
import { countryName } from '../lib/countries';
import { href } from '../lib/router';
import { Done, ErrorBox, Loading, NotAvailable, Page, Short } from '../lib/ui';

export const SERVICE_NEEDS = ['emotional-support', 'counselling', 'mental-health', 'medical-care', 'sexual-health', 'legal-advice', 'reporting-to-police', 'content-removal', 'sextortion-support', 'safe-accommodation', 'family-support', 'emergency'] as const;
export const OUTCOME_TYPES = ['child-safeguarded', 'content-removed', 'account-actioned', 'investigation-opened', 'arrest', 'conviction', 'service-provided', 'referral-completed', 'no-action', 'true-positive', 'false-positive', 'disputed'] as const;
// The views these routes return (the model's own Referral and Outcome entities share the names).
type Referral = paths['/api/v1/referrals/{id}']['get']['responses'][200]['content']['application/json'];

/** Referrals: find a service for a child's country, language, age and need; follow referrals; record outcomes. */
export function ReferralsPage({ route }: PageProps) {
  const { t } = useI18n();
  const served = useLoad(servedPaths, []);
  const has = served.data && [...served.data].some((p) => p.startsWith('/api/v1/referrals'));
  const referrals = useLoad(async () => (has ? (await call(api.GET('/api/v1/referrals', { params: { query: { limit: 200 } } }))).items : []), [has]);
  const outcomes = useLoad(async () => (has ? (await call(api.GET('/api/v1/outcomes', { params: { query: { limit: 200 } } }))).items : []), [has]);
  const selected = referrals.data?.find((r) => r.id === route[0]);
  return (
    <Page title={t('navReferrals')} intro={t('referralsIntro')}>
      {served.loading && <Loading />}
      {served.data && !has && <NotAvailable what={t('navReferrals')} />}
      {has && (
        <>
          <ServiceSearch />
          <CreateReferral onDone={(r) => { referrals.reload(); location.hash = href('referrals', r.id); }} />
          <h2>{t('referrals')}</h2>
          {referrals.loading && <Loading />}
          <ErrorBox error={referrals.error} />
          {referrals.data && <ReferralTable items={referrals.data} />}
          {selected && <ReferralView key={selected.id + selected.status} r={selected} onChange={() => { referrals.reload(); outcomes.reload(); }} />}
          <h2>{t('outcomes')}</h2>
          <ErrorBox error={outcomes.error} />
          {outcomes.data && (
            <div className="table-wrap"><table data-testid="outcomes">
              <caption>{t('outcomesShown', { n: outcomes.data.length })}</caption>
              <thead><tr><th scope="col">{t('outcome')}</th><th scope="col">{t('about')}</th><th scope="col">{t('when')}</th><th scope="col">{t('delivery')}</th><th scope="col">{t('note')}</th></tr></thead>
              <tbody>{outcomes.data.map((o) => <tr key={o.id}><th scope="row" className={o.positive ? 'ok' : ''}>{o.type}</th><td><Short id={o.targetId} /></td><td>{o.occurredAt.slice(0, 10)}</td><td>{o.delivery}</td><td>{o.note ?? ''}</td></tr>)}</tbody>
            </table></div>
          )}
        </>
      )}
    </Page>
  );
}

function ServiceSearch() {
  const { t, lang } = useI18n();
  const [country, setCountry] = useState('');
  const [language, setLanguage] = useState('');
  const [age, setAge] = useState('');
  const [need, setNeed] = useState('');
  const search = useAction(async () => (await call(api.GET('/api/v1/services', { params: { query: { ...(country ? { country: country.toUpperCase() } : {}), ...(language ? { language } : {}), ...(age ? { age: Number(age) } : {}), ...(need ? { need: need as (typeof SERVICE_NEEDS)[number] } : {}), limit: 50 } } }))).items);
  return (
    <section aria-labelledby="svc-title">
      <h2 id="svc-title">{t('findService')}</h2>
      <form className="row" onSubmit={(e) => { e.preventDefault(); void search.run(); }}>
        <div className="field"><label htmlFor="svc-country">{t('childCountry')}</label><input id="svc-country" value={country} onChange={(e) => setCountry(e.target.value)} size={4} maxLength={2} placeholder="BR" /></div>
        <div className="field"><label htmlFor="svc-lang">{t('childLanguage')}</label><input id="svc-lang" value={language} onChange={(e) => setLanguage(e.target.value)} size={6} placeholder="pt-BR" /></div>
        <div className="field"><label htmlFor="svc-age">{t('childAge')}</label><input id="svc-age" type="number" min={0} max={25} value={age} onChange={(e) => setAge(e.target.value)} style={{ width: '5em' }} /></div>
        <div className="field"><label htmlFor="svc-need">{t('need')}</label>
          <select id="svc-need" value={need} onChange={(e) => setNeed(e.target.value)}><option value="">—</option>{SERVICE_NEEDS.map((n) => <option key={n}>{n}</option>)}</select></div>
        <button type="submit" disabled={search.busy}>{t('search')}</button>
      </form>
      <ErrorBox error={search.error} />
      {search.result && (
        <div className="table-wrap"><table data-testid="services">
          <caption>{t('servicesFound', { n: search.result.length })}</caption>
          <thead><tr><th scope="col">{t('service')}</th><th scope="col">{t('kind')}</th><th scope="col">{t('countries')}</th><th scope="col">{t('languages')}</th><th scope="col">{t('ages')}</th><th scope="col">{t('whyMatched')}</th></tr></thead>
          <tbody>{search.result.map((s) => (
            <tr key={s.id}><th scope="row">{s.name}<div className="muted">{s.open247 ? '24/7' : s.hours}{s.acceptsReferrals ? '' : ` · ${t('noReferrals')}`}</div></th><td>{s.kind}</td><td>{s.countries.map((c) => countryName(c, lang)).join(', ')}</td><td>{s.languages.join(', ')}</td><td>{s.ageMin ?? 0}–{s.ageMax ?? '∞'}</td><td>{(s.matched ?? []).join('; ')}</td></tr>
          ))}</tbody>
        </table></div>
      )}
    </section>
  );
}

function CreateReferral({ onDone }: { onDone: (r: Referral) => void }) {
  const { t } = useI18n();
  const services = useLoad(async () => (await call(api.GET('/api/v1/services', { params: { query: { acceptsReferrals: true, limit: 200 } } }))).items, []);
  const [originId, setOriginId] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [need, setNeed] = useState<string>('counselling');
  const [urgency, setUrgency] = useState('normal');
  const [send, setSend] = useState(true);
  const create = useAction(() => call(api.POST('/api/v1/referrals', { body: { originId: originId.trim(), serviceId, needs: [need as (typeof SERVICE_NEEDS)[number]], urgency: urgency as 'normal', send } })));
  return (
    <details className="panel">
      <summary>{t('createReferral')}</summary>
      <form onSubmit={(e) => { e.preventDefault(); void create.run().then((r) => r && onDone(r)); }} data-testid="create-referral">
        <div className="row">
          <div className="field"><label htmlFor="ref-origin">{t('referralOrigin')}</label><input id="ref-origin" value={originId} onChange={(e) => setOriginId(e.target.value)} required size={44} placeholder="contact--… / report--…" aria-describedby="ref-origin-help" /></div>
          <div className="field"><label htmlFor="ref-service">{t('service')}</label>
            <select id="ref-service" value={serviceId} onChange={(e) => setServiceId(e.target.value)} required><option value="">—</option>{(services.data ?? []).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}</select></div>
          <div className="field"><label htmlFor="ref-need">{t('need')}</label>
            <select id="ref-need" value={need} onChange={(e) => setNeed(e.target.value)}>{SERVICE_NEEDS.map((n) => <option key={n}>{n}</option>)}</select></div>
          <div className="field"><label htmlFor="ref-urgency">{t('urgency')}</label>
            <select id="ref-urgency" value={urgency} onChange={(e) => setUrgency(e.target.value)}>{['normal', 'urgent', 'emergency'].map((n) => <option key={n}>{n}</option>)}</select></div>
          <label><input type="checkbox" checked={send} onChange={(e) => setSend(e.target.checked)} /> {t('sendNow')}</label>
          <button type="submit" disabled={create.busy}>{t('refer')}</button>
        </div>
        <p id="ref-origin-help" className="muted">{t('referralOriginHelp')}</p>
      </form>
      <ErrorBox error={create.error} />
    </details>
  );
}

function ReferralTable({ items }: { items: Referral[] }) {
  const { t, date } = useI18n();
  return (
    <div className="table-wrap"><table data-testid="referrals">
      <caption>{t('referralsShown', { n: items.length })}</caption>
      <thead><tr><th scope="col">{t('referral')}</th><th scope="col">{t('yourRole')}</th><th scope="col">{t('service')}</th><th scope="col">{t('status')}</th><th scope="col">{t('urgency')}</th><th scope="col">{t('needs')}</th><th scope="col">{t('consentBasis')}</th><th scope="col">{t('updated')}</th></tr></thead>
      <tbody>
        {items.map((r) => (
          <tr key={r.id} data-referral={r.id}><th scope="row"><a href={href('referrals', r.id)}><Short id={r.id} /></a></th><td>{r.role}</td><td>{r.serviceName ?? r.serviceId}</td><td><span className="badge">{r.status}</span></td><td className={r.urgency !== 'normal' ? 'bad' : ''}>{r.urgency}</td><td>{r.needs.join(', ')}</td><td>{r.consentBasis}</td><td>{date(r.updatedAt)}</td></tr>
        ))}
        {items.length === 0 && <tr><td colSpan={8}>{t('noReferralsYet')}</td></tr>}
      </tbody>
    </table></div>
  );
}

function ReferralView({ r, onChange }: { r: Referral; onChange: () => void }) {
  const { t, date } = useI18n();
  const [reason, setReason] = useState('');
  const [type, setType] = useState<string>('referral-completed');
  const step = useAction(async (status: string) => call(api.PATCH('/api/v1/referrals/{id}', { params: { path: { id: r.id } }, body: { status: status as Referral['status'], ...(reason.trim() ? { reason: reason.trim() } : {}) } })));
  const outcome = useAction(async () => call(api.POST('/api/v1/outcomes', { body: { targetId: r.id, type: type as (typeof OUTCOME_TYPES)[number], occurredAt: new Date().toISOString(), anonymous: false } })));
  return (
    <section className="panel" aria-labelledby="ref-title" data-testid="referral-detail">
      <h2 id="ref-title">{t('referral')} <Short id={r.id} /> <span className="badge">{r.status}</span></h2>
      <p>{t('referralFacts', { service: r.serviceName ?? r.serviceId, role: r.role, origin: r.originKind, delivery: r.delivery })}</p>
      <h3>{t('history')}</h3>
      <ol data-testid="history">{r.history.map((h) => <li key={h.seq}>{date(h.at)}: {h.fromStatus ?? '—'} → <strong>{h.toStatus}</strong>{h.reason ? ` (${h.reason})` : ''}</li>)}</ol>
      {r.next.length > 0 && (
        <div className="row">
          <div className="field"><label htmlFor="step-reason">{t('stepReason')}</label><input id="step-reason" value={reason} onChange={(e) => setReason(e.target.value)} size={30} /></div>
          {r.next.map((s) => <button key={s} type="button" onClick={() => void step.run(s).then((x) => x && onChange())} disabled={step.busy}>{t('moveTo', { status: s })}</button>)}
        </div>
      )}
      <ErrorBox error={step.error} />
      <form className="row" onSubmit={(e) => { e.preventDefault(); void outcome.run().then((x) => x && onChange()); }}>
        <div className="field"><label htmlFor="outcome-type">{t('recordOutcome')}</label>
          <select id="outcome-type" value={type} onChange={(e) => setType(e.target.value)}>{OUTCOME_TYPES.map((o) => <option key={o}>{o}</option>)}</select></div>
        <button type="submit" disabled={outcome.busy}>{t('record')}</button>
      </form>
      {outcome.result && <Done>{t('outcomeRecorded', { type: outcome.result.type, delivery: outcome.result.delivery })}</Done>}
      <ErrorBox error={outcome.error} />
    </section>
  );
}
