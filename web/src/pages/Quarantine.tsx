import { useState } from 'react';
import type { PageProps } from '../App';
import { api, call } from '../api/client';
import type { components } from '../api/schema';
import { useI18n } from '../i18n';
import { useAction, useLoad } from '../lib/async';
import { href } from '../lib/router';
import { Done, ErrorBox, Loading, Page, Short } from '../lib/ui';

type Entry = components['schemas']['QuarantineEntry'];
type Status = 'open' | 'resolved' | 'discarded' | 'all';

function whereText(w: Entry['where']): string {
  return [w.file, w.line !== undefined ? `line ${w.line}` : '', w.column !== undefined ? `col ${w.column}` : '', w.path, w.field].filter(Boolean).join(' · ');
}

/** Records ingest could not accept, with their errors and where; correct the text and resubmit. */
export function QuarantinePage({ route }: PageProps) {
  const { t, date } = useI18n();
  const [status, setStatus] = useState<Status>('open');
  const list = useLoad(() => call(api.GET('/api/v1/quarantine', { params: { query: { status, limit: 200, offset: 0 } } })), [status]);
  return (
    <Page title={t('navQuarantine')} intro={t('quarantineIntro')}>
      <div className="row"><div className="field"><label htmlFor="q-status">{t('status')}</label>
        <select id="q-status" value={status} onChange={(e) => setStatus(e.target.value as Status)}>{(['open', 'resolved', 'discarded', 'all'] as const).map((s) => <option key={s} value={s}>{t(`q_${s}` as 'q_open')}</option>)}</select></div></div>
      {list.loading && <Loading />}
      <ErrorBox error={list.error} />
      {list.data && (
        <div className="table-wrap"><table data-testid="quarantine">
          <caption>{t('entriesShown', { n: list.data.length })}</caption>
          <thead><tr><th scope="col">{t('entry')}</th><th scope="col">{t('format')}</th><th scope="col">{t('error')}</th><th scope="col">{t('where')}</th><th scope="col">{t('attempts')}</th><th scope="col">{t('updated')}</th></tr></thead>
          <tbody>
            {list.data.map((e) => <tr key={e.id} data-entry={e.id}><th scope="row"><a href={href('quarantine', e.id)}><Short id={e.id} /></a> <span className="badge">{e.status}</span></th><td>{e.format}</td><td><code>{e.error.code}</code> {e.error.message}</td><td>{whereText(e.where)}</td><td>{e.attempts}</td><td>{date(e.updatedAt)}</td></tr>)}
            {list.data.length === 0 && <tr><td colSpan={6}>{t('noQuarantine')}</td></tr>}
          </tbody>
        </table></div>
      )}
      {route[0] && <EntryView key={route[0]} id={route[0]} onChange={list.reload} />}
    </Page>
  );
}

function EntryView({ id, onChange }: { id: string; onChange: () => void }) {
  const { t } = useI18n();
  const e = useLoad(() => call(api.GET('/api/v1/quarantine/{id}', { params: { path: { id } } })), [id]);
  const [raw, setRaw] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const text = raw ?? e.data?.correctedRaw ?? e.data?.raw ?? '';
  const resubmit = useAction(async () => {
    await call(api.POST('/api/v1/quarantine/{id}/correct', { params: { path: { id } }, body: { raw: text } }));
    const out = await call(api.POST('/api/v1/quarantine/{id}/retry', { params: { path: { id } } }));
    e.reload();
    onChange();
    return out;
  });
  const discard = useAction(async () => {
    const out = await call(api.POST('/api/v1/quarantine/{id}/discard', { params: { path: { id } }, body: { reason } }));
    e.reload();
    onChange();
    return out;
  });
  return (
    <section className="panel" aria-labelledby="entry-title" data-testid="quarantine-entry">
      <h2 id="entry-title">{t('entry')} <Short id={id} /></h2>
      {e.loading && <Loading />}
      <ErrorBox error={e.error} />
      {e.data && (
        <>
          <p><span className="badge">{e.data.status}</span> {e.data.format} · {whereText(e.data.where)}</p>
          <ul data-testid="problems">{[e.data.error, ...e.data.problems.filter((p) => p.message !== e.data!.error.message)].map((p, i) => <li key={i}><code>{p.code}</code> {p.message}</li>)}</ul>
          {e.data.rawTruncated && <p className="notice">{t('rawTruncated')}</p>}
          {e.data.status === 'open' ? (
            <form onSubmit={(ev) => { ev.preventDefault(); void resubmit.run(); }}>
              <label htmlFor="raw">{t('correctedText')}</label>
              <textarea id="raw" rows={8} value={text} onChange={(ev) => setRaw(ev.target.value)} spellCheck={false} />
              <div className="row"><button type="submit" disabled={resubmit.busy}>{t('correctAndResubmit')}</button></div>
            </form>
          ) : <pre className="raw">{text}</pre>}
          <ErrorBox error={resubmit.error} />
          {resubmit.result && (resubmit.result.status === 'resolved' || resubmit.result.recordIds.length > 0
            ? <Done>{t('resubmitted', { n: resubmit.result.recordIds.length })}</Done>
            : <div role="alert" className="error">{t('stillRejected')}: {resubmit.result.error?.message}</div>)}
          {e.data.status === 'open' && (
            <form className="row" onSubmit={(ev) => { ev.preventDefault(); void discard.run(); }}>
              <div className="field"><label htmlFor="discard-reason">{t('discardReason')}</label><input id="discard-reason" value={reason} onChange={(ev) => setReason(ev.target.value)} minLength={3} required /></div>
              <button type="submit" className="danger" disabled={discard.busy || reason.trim().length < 3}>{t('discard')}</button>
            </form>
          )}
          <ErrorBox error={discard.error} />
        </>
      )}
    </section>
  );
}
