import { useState } from 'react';
import type { PageProps } from '../App';
import { api, call } from '../api/client';
import { useI18n } from '../i18n';
import { useAction, useLoad } from '../lib/async';
import { verifyCheckpoint, verifyProof, type Checkpoint, type InclusionProof } from '../lib/merkle';
import { Busy, ErrorBox, Loading, Page, Short } from '../lib/ui';

interface CheckpointInfo { checkpoint: Checkpoint; publicKey: string; logSize: number }
interface AuditEvent { seq: number; at?: string; action?: string; resource?: string; decision?: string; actor?: { userId?: string; orgId?: string } | null; [k: string]: unknown }
type Verdict = { leaf: boolean; path: boolean; signature: boolean } | { error: string };

/** The audit log with its proofs, each checked in this browser (WebCrypto), not taken on trust. */
export function AuditPage(_p: PageProps) {
  const { t, num, date } = useI18n();
  const cp = useLoad(async () => (await call(api.GET('/api/v1/audit/checkpoint'))) as unknown as CheckpointInfo, []);
  const events = useLoad(async () => {
    const info = cp.data;
    if (!info) return [];
    const afterSeq = Math.max(-1, info.checkpoint.size - 1 - 300);
    const r = (await call(api.GET('/api/v1/audit/events', { params: { query: { afterSeq, limit: 300 } } }))) as unknown as { items: AuditEvent[] };
    return r.items.filter((e) => e.seq < info.checkpoint.size).slice(-50).reverse();
  }, [cp.data]);
  const sig = useAction(async () => (cp.data ? verifyCheckpoint(cp.data.checkpoint, cp.data.publicKey) : false));
  const [verdicts, setVerdicts] = useState<Record<number, Verdict>>({});
  const verifyOne = async (seq: number) => {
    if (!cp.data) return;
    try {
      const p = (await call(api.GET('/api/v1/audit/proof/inclusion', { params: { query: { seq, treeSize: cp.data.checkpoint.size } } }))) as unknown as InclusionProof;
      const v = await verifyProof(p, cp.data.publicKey);
      setVerdicts((s) => ({ ...s, [seq]: v }));
    } catch (e) {
      setVerdicts((s) => ({ ...s, [seq]: { error: (e as Error).message } }));
    }
  };
  const all = useAction(async () => {
    for (const e of events.data ?? []) await verifyOne(e.seq);
  });
  const show = (v: Verdict | undefined) => {
    if (!v) return '—';
    if ('error' in v) return <span className="bad">{v.error}</span>;
    return v.leaf && v.path && v.signature ? <span className="ok">{t('proofOk')}</span> : <span className="bad">{t('proofBad', { what: [!v.leaf && 'leaf', !v.path && 'path', !v.signature && 'signature'].filter(Boolean).join(', ') })}</span>;
  };
  return (
    <Page title={t('navAudit')} intro={t('auditIntro')}>
      {cp.loading && <Loading />}
      <ErrorBox error={cp.error} />
      {cp.data && (
        <section className="panel" aria-labelledby="cp-title" data-testid="checkpoint">
          <h2 id="cp-title">{t('signedCheckpoint')}</h2>
          <dl className="facts">
            <dt>{t('treeSize')}</dt><dd data-testid="tree-size">{num(cp.data.checkpoint.size)}</dd>
            <dt>{t('logSize')}</dt><dd>{num(cp.data.logSize)}</dd>
            <dt>{t('root')}</dt><dd><Short id={cp.data.checkpoint.root} /></dd>
            <dt>{t('signedAt')}</dt><dd>{date(cp.data.checkpoint.signedAt)}</dd>
            <dt>{t('key')}</dt><dd><code>{cp.data.checkpoint.keyId}</code></dd>
          </dl>
          <div className="row">
            <button type="button" onClick={() => void sig.run()} disabled={sig.busy}>{t('verifySignature')}</button>
            {sig.result !== undefined && (sig.result ? <span role="status" className="ok" data-testid="sig-ok">{t('signatureOk')}</span> : <span role="alert" className="bad">{t('signatureBad')}</span>)}
          </div>
          <ErrorBox error={sig.error} />
        </section>
      )}
      <h2>{t('auditEvents')}</h2>
      {events.loading && cp.data && <Loading />}
      <ErrorBox error={events.error} />
      {events.data && (
        <>
          <div className="row"><button type="button" onClick={() => void all.run()} disabled={all.busy || events.data.length === 0}>{t('verifyAllShown', { n: events.data.length })}</button></div>
          {all.busy && <Busy label={t('verifying')} />}
          <div className="table-wrap"><table data-testid="audit-events">
            <caption>{t('eventsShown', { n: events.data.length })}</caption>
            <thead><tr><th scope="col" className="num">#</th><th scope="col">{t('when')}</th><th scope="col">{t('what')}</th><th scope="col">{t('decision')}</th><th scope="col">{t('proof')}</th></tr></thead>
            <tbody>{events.data.map((e) => (
              <tr key={e.seq} data-seq={e.seq}>
                <td className="num">{e.seq}</td><td>{date(e.at ?? null)}</td><td>{[e.action, e.resource].filter(Boolean).join(' · ')}</td><td>{String(e.decision ?? '')}<div className="muted">{String(e.reason ?? '')}</div></td>
                <td><button type="button" className="secondary" onClick={() => void verifyOne(e.seq)} aria-label={t('verifyEvent', { seq: e.seq })}>{t('verify')}</button> <span data-testid="verdict">{show(verdicts[e.seq])}</span></td>
              </tr>
            ))}</tbody>
          </table></div>
        </>
      )}
    </Page>
  );
}
