import { useCallback, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PageProps } from '../App';
import { api, call } from '../api/client';
import type { paths } from '../api/schema';
import { useI18n } from '../i18n';
import { useLoad } from '../lib/async';
import { countryName } from '../lib/countries';
import { Coverage, ErrorBox, Loading, Page } from '../lib/ui';
import { WorldMap } from '../lib/WorldMap';
import { Indicators } from './Indicators';

type Agg = paths['/api/v1/aggregates/reports']['get']['responses'][200]['content']['application/json'];
type GroupBy = 'country' | 'kind' | 'month' | 'dataset';

async function loadOverview() {
  const agg = (groupBy: GroupBy) => call(api.GET('/api/v1/aggregates/reports', { params: { query: { groupBy } } })) as Promise<Agg>;
  const [country, kind, month, dataset, datasets, orgs] = await Promise.all([
    agg('country'), agg('kind'), agg('month'), agg('dataset'),
    call(api.GET('/api/v1/datasets')), call(api.GET('/api/v1/organisations')),
  ]);
  return { country, kind, month, dataset, datasets: datasets.items, orgs: orgs.items };
}

/** Share of counted reports whose key is known: the coverage stated beside each breakdown. */
function known(a: Agg): { known: number; pct: number } {
  const k = a.groups.filter((g) => g.key !== null).reduce((s, g) => s + g.count, 0);
  return { known: k, pct: a.total ? Math.round((k / a.total) * 1000) / 10 : 0 };
}

export function OverviewPage({ me }: PageProps) {
  const { t, num, lang } = useI18n();
  // The report counts load after the indicators, so the headline figures come first.
  const [indicatorsSettled, setIndicatorsSettled] = useState(false);
  const settle = useCallback(() => setIndicatorsSettled(true), []);
  const r = useLoad(async () => (indicatorsSettled ? loadOverview() : undefined), [indicatorsSettled]);
  return (
    <Page title={t('navOverview')} intro={t('overviewIntro', { org: me.organisation.slug })}>
      <Indicators onSettled={settle} />
      <h2>{t('reportsYouMayRead')}</h2>
      {(r.loading || !indicatorsSettled) && <Loading />}
      <ErrorBox error={r.error} />
      {r.data && <Figures d={r.data} />}
    </Page>
  );

  function Figures({ d }: { d: Awaited<ReturnType<typeof loadOverview>> }) {
    const months = d.month.groups.filter((g) => g.key).sort((a, b) => String(a.key).localeCompare(String(b.key)));
    const byCountry = [...d.country.groups].sort((a, b) => b.count - a.count);
    const byKind = [...d.kind.groups].sort((a, b) => b.count - a.count);
    const dsName = new Map(d.datasets.map((x) => [x.id, x]));
    const orgName = new Map(d.orgs.map((o) => [o.id, o.name]));
    const bySource = d.dataset.groups.map((g) => {
      const ds = g.key ? dsName.get(g.key) : undefined;
      return { key: ds ? `${orgName.get(ds.ownerOrgId) ?? ds.ownerOrgId} — ${ds.name}` : g.key ?? t('unknown'), count: g.count };
    }).sort((a, b) => b.count - a.count);
    const cc = known(d.country);
    const basis = d.country.access.basis === 'own-organisation' ? t('basisOwn') : t('basisAgreement');
    return (
      <>
        <div className="cards">
          <div className="card" data-testid="total-reports">
            <div>{t('totalReports')}</div>
            <div className="value">{num(d.country.total)}</div>
            <Coverage>{t('coverageBasis', { basis })}</Coverage>
          </div>
          <div className="card">
            <div>{t('countries')}</div>
            <div className="value">{num(byCountry.filter((g) => g.key).length)}</div>
            <Coverage>{t('coverageKnown', { pct: cc.pct, n: cc.known, total: d.country.total })}</Coverage>
          </div>
          <div className="card">
            <div>{t('months')}</div>
            <div className="value">{num(months.length)}</div>
            <Coverage>{t('coverageKnown', { pct: known(d.month).pct, n: known(d.month).known, total: d.month.total })}</Coverage>
          </div>
        </div>
        <div className="grid2">
          <figure className="panel">
            <figcaption><h3>{t('trendByMonth')}</h3><Coverage>{t('coverageKnown', { pct: known(d.month).pct, n: known(d.month).known, total: d.month.total })}</Coverage></figcaption>
            <div style={{ width: '100%', height: 240 }} aria-hidden="true">
              <ResponsiveContainer>
                <LineChart accessibilityLayer={false} data={months.map((m) => ({ month: m.key, count: m.count }))}>
                  <CartesianGrid stroke="#d6dce2" />
                  <XAxis dataKey="month" tick={{ fill: '#1b1f24', fontSize: 11 }} />
                  <YAxis tick={{ fill: '#1b1f24', fontSize: 11 }} />
                  <Tooltip />
                  <Line type="monotone" dataKey="count" stroke="#0a58ca" strokeWidth={2} dot={false} isAnimationActive={false} />
                </LineChart>
              </ResponsiveContainer>
            </div>
            <details><summary>{t('showTable')}</summary><SimpleTable caption={t('trendByMonth')} rows={months.map((m) => ({ key: String(m.key), count: m.count }))} head={t('month')} /></details>
          </figure>
          <figure className="panel">
            <figcaption><h3>{t('byCategory')}</h3><Coverage>{t('coverageKnown', { pct: known(d.kind).pct, n: known(d.kind).known, total: d.kind.total })}</Coverage></figcaption>
            <div style={{ width: '100%', height: 240 }} aria-hidden="true">
              <ResponsiveContainer>
                <BarChart accessibilityLayer={false} data={byKind.map((k) => ({ kind: k.key ?? t('unknown'), count: k.count }))} layout="vertical" margin={{ left: 40 }}>
                  <CartesianGrid stroke="#d6dce2" />
                  <XAxis type="number" tick={{ fill: '#1b1f24', fontSize: 11 }} />
                  <YAxis type="category" dataKey="kind" width={110} tick={{ fill: '#1b1f24', fontSize: 11 }} />
                  <Tooltip />
                  <Bar dataKey="count" fill="#0a58ca" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
            <SimpleTable caption={t('byCategory')} rows={byKind.map((k) => ({ key: k.key ?? t('unknown'), count: k.count }))} head={t('category')} testid="by-kind" />
          </figure>
        </div>
        <figure className="panel">
          <figcaption><h3>{t('byCountry')}</h3><Coverage>{t('coverageKnown', { pct: cc.pct, n: cc.known, total: d.country.total })}</Coverage></figcaption>
          <WorldMap counts={new Map(byCountry.filter((g) => g.key).map((g) => [String(g.key), g.count]))} label={t('mapLabel')} />
          <details><summary>{t('showTable')}</summary>
            <SimpleTable caption={t('byCountry')} rows={byCountry.map((g) => ({ key: g.key ? `${countryName(g.key, lang)} (${g.key})` : t('unknown'), count: g.count }))} head={t('country')} testid="by-country" />
          </details>
        </figure>
        <figure className="panel">
          <figcaption><h3>{t('bySource')}</h3><Coverage>{t('coverageSource')}</Coverage></figcaption>
          <SimpleTable caption={t('bySource')} rows={bySource} head={t('source')} testid="by-source" />
        </figure>
      </>
    );
  }

  function SimpleTable({ caption, rows, head, testid }: { caption: string; rows: Array<{ key: string; count: number }>; head: string; testid?: string }) {
    const total = rows.reduce((s, r) => s + r.count, 0);
    return (
      <div className="table-wrap">
        <table data-testid={testid}>
          <caption className="sr-only">{caption}</caption>
          <thead><tr><th scope="col">{head}</th><th scope="col" className="num">{t('reports')}</th><th scope="col" className="num">{t('share')}</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}><th scope="row">{r.key}</th><td className="num">{num(r.count)}</td><td className="num">{total ? num(Math.round((r.count / total) * 1000) / 10) : 0} %</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
}
