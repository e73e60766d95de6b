import { useState } from 'react';
import type { PageProps } from '../App';
import { api, call } from '../api/client';
import { useI18n } from '../i18n';
import { useAction, useLoad } from '../lib/async';
import { href } from '../lib/router';
import { Busy, Done, ErrorBox, Loading, Page, Short } from '../lib/ui';

// These routes document no response schema; the shapes are src/linkage's CaseSummary and CaseDetail.
interface CaseSummary { id: string; status: string; reports: number; urgentReviews: number; flaggedBy: string | null; flagNote: string | null; flaggedAt: string | null; updatedAt: string }
interface CaseDetail extends CaseSummary { members: Array<{ reportId: string; addedAt: string; urgent: boolean }>; links: Array<{ a: string; b: string; evidence: string; explanation: string; distance: number | null }> }
interface RunSummary { reports?: number; links?: number; cases?: number; [k: string]: unknown }

/** Deconfliction: cases of linked reports, each link with its reason; urgent reviews first. */
export function CasesPage({ route }: PageProps) {
  const { t, num, date } = useI18n();
  const [urgent, setUrgent] = useState(false);
  const list = useLoad(async () => (await call(api.GET('/api/v1/cases', { params: { query: { ...(urgent ? { urgent: 'true' } : {}), limit: 200 } } })) as unknown as { items: CaseSummary[] }).items, [urgent]);
  const run = useAction(async () => (await call(api.POST('/api/v1/linkage/runs', { body: {} as never /* every field has a default on the node */ }))) as unknown as RunSummary);
  return (
    <Page title={t('navCases')} intro={t('casesIntro')}>
      <div className="row">
        <button type="button" onClick={() => void run.run().then(() => list.reload())} disabled={run.busy}>{t('runLinkage')}</button>
        <label><input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} /> {t('urgentOnly')}</label>
      </div>
      {run.busy && <Busy label={t('linking')} />}
      <ErrorBox error={run.error} />
      {run.result && <Done>{t('linkageDone', { summary: Object.entries(run.result).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k} ${num(v as number)}`).join(', ') })}</Done>}
      {list.loading && <Loading />}
      <ErrorBox error={list.error} />
      {list.data && (
        <div className="table-wrap"><table data-testid="cases">
          <caption>{t('casesShown', { n: list.data.length })}</caption>
          <thead><tr><th scope="col">{t('case')}</th><th scope="col">{t('status')}</th><th scope="col" className="num">{t('reports')}</th><th scope="col" className="num">{t('urgentReviews')}</th><th scope="col">{t('updated')}</th></tr></thead>
          <tbody>
            {list.data.map((c) => <tr key={c.id}><th scope="row"><a href={href('cases', c.id)}><Short id={c.id} /></a></th><td>{c.status}</td><td className="num">{num(c.reports)}</td><td className="num">{c.urgentReviews > 0 ? <strong className="bad">{num(c.urgentReviews)}</strong> : 0}</td><td>{date(c.updatedAt)}</td></tr>)}
            {list.data.length === 0 && <tr><td colSpan={5}>{t('noCases')}</td></tr>}
          </tbody>
        </table></div>
      )}
      {route[0] && <CaseView id={route[0]} onChange={list.reload} />}
    </Page>
  );
}

function CaseView({ id, onChange }: { id: string; onChange: () => void }) {
  const { t, date } = useI18n();
  const c = useLoad(async () => (await call(api.GET('/api/v1/cases/{id}', { params: { path: { id } } }))) as unknown as CaseDetail, [id]);
  const flag = useAction(async (status: 'active' | 'open' | 'closed') => call(api.POST('/api/v1/cases/{id}/flag', { params: { path: { id } }, body: { status } })));
  return (
    <section className="panel" aria-labelledby="case-title" data-testid="case-detail">
      <h2 id="case-title">{t('case')} <Short id={id} /></h2>
      {c.loading && <Loading />}
      <ErrorBox error={c.error} />
      {c.data && (
        <>
          <p>{t('status')}: <strong>{c.data.status}</strong>{c.data.flaggedBy && <> · {t('flaggedBy', { who: c.data.flaggedBy, at: date(c.data.flaggedAt) })}</>}</p>
          <div className="row">
            <button type="button" onClick={() => void flag.run('active').then(() => { c.reload(); onChange(); })} disabled={flag.busy || c.data.status === 'active'}>{t('flagActive')}</button>
            <button type="button" className="secondary" onClick={() => void flag.run('closed').then(() => { c.reload(); onChange(); })} disabled={flag.busy || c.data.status === 'closed'}>{t('closeCase')}</button>
          </div>
          <ErrorBox error={flag.error} />
          <h3>{t('linkedReports', { n: c.data.members.length })}</h3>
          <ul data-testid="members">{c.data.members.map((m) => <li key={m.reportId}><code>{m.reportId}</code>{m.urgent && <strong className="bad"> {t('urgent')}</strong>}</li>)}</ul>
          <h3>{t('whyLinked')}</h3>
          <div className="table-wrap"><table data-testid="links">
            <caption className="sr-only">{t('whyLinked')}</caption>
            <thead><tr><th scope="col">{t('reportA')}</th><th scope="col">{t('reportB')}</th><th scope="col">{t('evidence')}</th><th scope="col">{t('reason')}</th></tr></thead>
            <tbody>{c.data.links.map((l, i) => <tr key={i}><td><Short id={l.a} /></td><td><Short id={l.b} /></td><td>{l.evidence}</td><td>{l.explanation}</td></tr>)}</tbody>
          </table></div>
        </>
      )}
    </section>
  );
}
