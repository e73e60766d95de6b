import type { PageProps } from '../App';
import { api, call, servedPaths } from '../api/client';
import { useI18n } from '../i18n';
import { useLoad } from '../lib/async';
import { ErrorBox, Loading, NotAvailable, Page } from '../lib/ui';

async function load() {
  const [orgs, agreements, served] = await Promise.all([call(api.GET('/api/v1/organisations')), call(api.GET('/api/v1/agreements')), servedPaths()]);
  const exchange = [...served].some((p) => p.startsWith('/api/v1/exchange/flows'));
  const flows = exchange ? (await call(api.GET('/api/v1/exchange/flows'))).items : null;
  return { orgs: orgs.items, agreements: agreements.items, exchange, flows };
}

/** Organisations as nodes, agreements (what may flow) as edges; exchange activity when the node serves it. */
export function EcosystemPage({ me }: PageProps) {
  const { t, date } = useI18n();
  const r = useLoad(load, []);
  return (
    <Page title={t('navEcosystem')} intro={t('ecosystemIntro')}>
      {r.loading && <Loading />}
      <ErrorBox error={r.error} />
      {r.data && (() => {
        const { orgs, agreements } = r.data;
        const W = 640, H = 460, R = 170;
        const pos = new Map(orgs.map((o, i) => [o.id, { x: W / 2 + R * Math.cos((2 * Math.PI * i) / orgs.length - Math.PI / 2), y: H / 2 + R * Math.sin((2 * Math.PI * i) / orgs.length - Math.PI / 2) }]));
        const edges = agreements.flatMap((a) => a.terms.recipients.map((rc) => ({ a, from: a.terms.providerOrgId, to: rc.orgId })));
        const slug = (id: string) => orgs.find((o) => o.id === id)?.slug ?? id;
        return (
          <>
            <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('ecosystemMapLabel', { orgs: orgs.length, flows: edges.length })} style={{ width: '100%', maxWidth: W }}>
              <defs><marker id="arrow" viewBox="0 0 10 10" refX="22" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#4a5460" /></marker></defs>
              {edges.map((e, i) => {
                const p = pos.get(e.from), q = pos.get(e.to);
                if (!p || !q) return null;
                const colour = e.a.state === 'active' ? '#146c2e' : e.a.state === 'draft' ? '#7a4b00' : '#a4161a';
                return <line key={i} x1={p.x} y1={p.y} x2={q.x} y2={q.y} stroke={colour} strokeWidth={2} strokeDasharray={e.a.state === 'active' ? undefined : '5 4'} markerEnd="url(#arrow)"><title>{`${slug(e.from)} → ${slug(e.to)}: ${e.a.terms.title} (${e.a.state})`}</title></line>;
              })}
              {orgs.map((o) => {
                const p = pos.get(o.id)!;
                const self = o.id === me.organisation.id;
                return (
                  <g key={o.id}>
                    <circle cx={p.x} cy={p.y} r={self ? 14 : 11} fill={self ? '#0a58ca' : '#ffffff'} stroke="#0a58ca" strokeWidth={2} />
                    <text x={p.x} y={p.y + (p.y > H / 2 ? 30 : -20)} textAnchor="middle" fontSize="12" fill="#1b1f24">{o.slug}</text>
                    <text x={p.x} y={p.y + (p.y > H / 2 ? 44 : -6) } textAnchor="middle" fontSize="10" fill="#4a5460">{o.kind}</text>
                  </g>
                );
              })}
            </svg>
            <p className="muted">{t('ecosystemLegend')}</p>
            {!r.data.exchange && <NotAvailable what={t('exchangeActivity')} />}
            {r.data.flows && (
              <div className="table-wrap">
                <table data-testid="exchange-flows">
                  <caption>{t('liveFlows', { n: r.data.flows.length })}</caption>
                  <thead><tr><th scope="col">{t('peer')}</th><th scope="col">{t('agreement')}</th><th scope="col">{t('direction')}</th><th scope="col" className="num">{t('objects')}</th><th scope="col" className="num">{t('rejected')}</th><th scope="col">{t('lastObject')}</th><th scope="col">{t('lastSync')}</th></tr></thead>
                  <tbody>
                    {r.data.flows.map((f) => (
                      <tr key={`${f.peerId}-${f.agreementId}-${f.direction}`}><th scope="row">{f.peerSlug}</th><td>{f.agreementSlug ?? f.agreementId}</td><td>{t(`dir_${f.direction}` as 'dir_pull')}</td><td className="num">{f.objects}</td><td className="num">{f.rejected}</td><td>{date(f.lastObjectAt)}</td><td>{date(f.lastOkAt)}{f.lastError && <div className="bad">{f.lastError}</div>}</td></tr>
                    ))}
                    {r.data.flows.length === 0 && <tr><td colSpan={7}>{t('noLiveFlows')}</td></tr>}
                  </tbody>
                </table>
              </div>
            )}
            <div className="table-wrap">
              <table data-testid="flows">
                <caption>{t('flows', { n: edges.length })}</caption>
                <thead><tr><th scope="col">{t('from')}</th><th scope="col">{t('to')}</th><th scope="col">{t('agreement')}</th><th scope="col">{t('state')}</th><th scope="col">{t('whatFlows')}</th><th scope="col">{t('since')}</th></tr></thead>
                <tbody>
                  {edges.map((e, i) => {
                    const own = e.a.terms.recipients.find((x) => x.orgId === e.to)?.fields ?? e.a.terms.fields;
                    const shared = Object.entries(own as Record<string, string>).filter(([, v]) => v !== 'hidden').map(([k]) => k);
                    return (
                      <tr key={i}><td>{slug(e.from)}</td><td>{slug(e.to)}</td><td><a href={`#/agreements/${e.a.id}`}>{e.a.terms.title}</a></td><td><span className={`badge ${e.a.state}`}>{e.a.state}</span></td>
                        <td>{t('fieldsOfDatasets', { fields: shared.length, datasets: e.a.terms.datasetIds.length, actions: e.a.terms.actions.join(', ') })}</td><td>{date(e.a.terms.validFrom)}</td></tr>
                    );
                  })}
                  {edges.length === 0 && <tr><td colSpan={6}>{t('noFlows')}</td></tr>}
                </tbody>
              </table>
            </div>
            <h2>{t('organisations')}</h2>
            <ul data-testid="orgs">{orgs.map((o) => <li key={o.id}>{o.name} — {o.kind}, {o.jurisdiction}</li>)}</ul>
          </>
        );
      })()}
    </Page>
  );
}
