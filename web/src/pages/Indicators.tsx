import { useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ApiError, api, call } from '../api/client';
import type { components } from '../api/schema';
import { useI18n } from '../i18n';
import { useLoad } from '../lib/async';
import { countryName } from '../lib/countries';
import { Coverage, ErrorBox, Loading, NotAvailable } from '../lib/ui';
import { WorldMap } from '../lib/WorldMap';

type Definition = components['schemas']['IndicatorDefinition'];
type Result = components['schemas']['IndicatorResult'];
type Trend = components['schemas']['IndicatorTrend'];

/** The headline indicators on the overview; the rest are a click away. */
const KEY = ['reports', 'children', 'helpline-contacts', 'agreements-active', 'records-shared', 'matches-found'];

async function loadDefs(): Promise<Definition[] | null> {
  // Asked directly (not via /openapi.json first): one round trip less before the first figure.
  try {
    return (await call(api.GET('/api/v1/indicators'))).items;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404 && e.problem.code === 'route_not_found') return null;
    throw e;
  }
}

/** Key indicator cards (each shows as soon as its figure arrives), then the trend and breakdowns. */
export function Indicators({ onSettled }: { onSettled?: () => void }) {
  const { t } = useI18n();
  const r = useLoad(loadDefs, []);
  const [done, setDone] = useState(0);
  const key = (r.data ?? []).filter((d) => KEY.includes(d.name));
  const settled = r.data === null || !!r.error || (r.data !== undefined && done >= key.length);
  useEffect(() => {
    if (settled) onSettled?.();
  }, [settled, onSettled]);
  return (
    <>
      <h2>{t('keyIndicators')}</h2>
      {r.loading && <Loading />}
      <ErrorBox error={r.error} />
      {r.data === null && <NotAvailable what={t('navIndicators')} />}
      {r.data && (
        <>
          <div className="cards" data-testid="indicator-cards">
            {key.map((def) => <Card key={def.name} def={def} onDone={() => setDone((n) => n + 1)} />)}
          </div>
          {settled && <IndicatorDetail defs={r.data} />}
        </>
      )}
    </>
  );
}

function Card({ def, onDone }: { def: Definition; onDone: () => void }) {
  const { t, num } = useI18n();
  const r = useLoad(() => call(api.GET('/api/v1/indicators/{name}', { params: { path: { name: def.name }, query: { grain: 'total', from: '2000' } } })).finally(onDone), [def.name]);
  const total = r.data?.values.find((v) => Object.values(v.dimensions).every((d) => d === '*')) ?? r.data?.values[0];
  const c = total?.coverage;
  return (
    <div className="card" data-indicator={def.name} aria-busy={r.loading}>
      <div>{def.title}</div>
      <div className="value">{r.loading ? '…' : total?.value === null || total === undefined ? '—' : num(total.value)} <small>{r.data?.unit ?? def.unit}</small></div>
      {total?.value === null && <Coverage>{t('suppressed', { why: total.status })}</Coverage>}
      <Coverage>{r.error ? r.error.message : c ? t('coverageDatasets', { reporting: c.datasetsReporting, scope: c.datasetsInScope, records: c.records ?? '—' }) : ''}</Coverage>
    </div>
  );
}

function IndicatorDetail({ defs }: { defs: Definition[] }) {
  const { t, num, lang } = useI18n();
  const [name, setName] = useState('reports');
  const def = defs.find((d) => d.name === name) ?? defs[0];
  const [by, setBy] = useState('country');
  const breakdown = def?.disaggregations.includes(by) ? by : def?.disaggregations[0];
  const trend = useLoad(async () => (def ? (call(api.GET('/api/v1/indicators/{name}/trend', { params: { path: { name: def.name } } })) as Promise<Trend>) : null), [def?.name]);
  const split = useLoad(async () => (def && breakdown ? (call(api.GET('/api/v1/indicators/{name}', { params: { path: { name: def.name }, query: { grain: 'total', by: breakdown, from: '2000' } } })) as Promise<Result>) : null), [def?.name, breakdown]);
  if (!def) return null;
  const all = trend.data?.series ?? [];
  // The series starts where the data does: leading empty months say nothing.
  const first = all.findIndex((p) => (p.value ?? 0) > 0 || (p.previousYear ?? 0) > 0);
  const series = first < 0 ? [] : all.slice(first);
  const parts = (split.data?.values ?? []).filter((v) => breakdown && v.dimensions[breakdown] !== '*').sort((a, b) => (b.value ?? -1) - (a.value ?? -1));
  const known = split.data?.values.find((v) => breakdown && v.dimensions[breakdown] === '*')?.coverage.knownShare;
  return (
    <section className="panel" aria-labelledby="ind-title">
      <h3 id="ind-title">{t('indicatorDetail')}</h3>
      <div className="row">
        <div className="field"><label htmlFor="ind-name">{t('indicator')}</label>
          <select id="ind-name" value={def.name} onChange={(e) => setName(e.target.value)}>{defs.map((d) => <option key={d.name} value={d.name}>{d.title}</option>)}</select></div>
        {def.disaggregations.length > 0 && (
          <div className="field"><label htmlFor="ind-by">{t('breakdownBy')}</label>
            <select id="ind-by" value={breakdown} onChange={(e) => setBy(e.target.value)}>{def.disaggregations.map((d) => <option key={d}>{d}</option>)}</select></div>
        )}
      </div>
      <p className="muted">{def.description}</p>
      <div className="grid2">
        <figure>
          <figcaption><strong>{t('trendByMonth')}</strong><Coverage>{t('trendCoverage', { baseline: trend.data?.baseline.value === null || trend.data?.baseline.value === undefined ? '—' : num(Math.round(trend.data.baseline.value * 10) / 10) })}</Coverage></figcaption>
          {trend.loading && <Loading />}
          <ErrorBox error={trend.error} />
          <div style={{ width: '100%', height: 220 }} aria-hidden="true">
            <ResponsiveContainer>
              <LineChart accessibilityLayer={false} data={series}>
                <CartesianGrid stroke="#d6dce2" />
                <XAxis dataKey="period" tick={{ fill: '#1b1f24', fontSize: 11 }} />
                <YAxis tick={{ fill: '#1b1f24', fontSize: 11 }} />
                <Tooltip />
                <Line type="monotone" dataKey="value" name={def.unit} stroke="#0a58ca" strokeWidth={2} dot={false} isAnimationActive={false} />
                <Line type="monotone" dataKey="previousYear" name={t('previousYear')} stroke="#7a4b00" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <details><summary>{t('showTable')}</summary>
            <table data-testid="trend-table"><caption className="sr-only">{t('trendByMonth')}</caption>
              <thead><tr><th scope="col">{t('month')}</th><th scope="col" className="num">{def.unit}</th><th scope="col" className="num">{t('previousYear')}</th><th scope="col" className="num">{t('records')}</th></tr></thead>
              <tbody>{series.map((p) => <tr key={p.period}><th scope="row">{p.period}</th><td className="num">{p.value === null ? '—' : num(p.value)}</td><td className="num">{p.previousYear === null ? '—' : num(p.previousYear)}</td><td className="num">{p.coverage.records ?? '—'}</td></tr>)}</tbody>
            </table>
          </details>
        </figure>
        {breakdown && (
          <figure>
            <figcaption><strong>{t('byBreakdown', { by: breakdown })}</strong><Coverage>{known === null || known === undefined ? t('coverageNotApplicable') : t('coverageShare', { pct: Math.round(known * 1000) / 10 })}</Coverage></figcaption>
            {split.loading && <Loading />}
            <ErrorBox error={split.error} />
            {breakdown === 'country' ? (
              <WorldMap counts={new Map(parts.filter((p) => p.value !== null).map((p) => [p.dimensions.country!, p.value!]))} label={t('mapLabel')} />
            ) : (
              <div style={{ width: '100%', height: 220 }} aria-hidden="true">
                <ResponsiveContainer>
                  <BarChart accessibilityLayer={false} data={parts.slice(0, 12).map((p) => ({ key: p.dimensions[breakdown], value: p.value }))} layout="vertical" margin={{ left: 40 }}>
                    <CartesianGrid stroke="#d6dce2" />
                    <XAxis type="number" tick={{ fill: '#1b1f24', fontSize: 11 }} />
                    <YAxis type="category" dataKey="key" width={120} tick={{ fill: '#1b1f24', fontSize: 11 }} />
                    <Tooltip />
                    <Bar dataKey="value" fill="#0a58ca" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            )}
            <details><summary>{t('showTable')}</summary>
              <table data-testid="breakdown-table"><caption className="sr-only">{t('byBreakdown', { by: breakdown })}</caption>
                <thead><tr><th scope="col">{breakdown}</th><th scope="col" className="num">{def.unit}</th><th scope="col" className="num">{t('records')}</th></tr></thead>
                <tbody>{parts.map((p) => { const k = p.dimensions[breakdown] ?? ''; return <tr key={k}><th scope="row">{breakdown === 'country' && /^[A-Z]{2}$/.test(k) ? `${countryName(k, lang)} (${k})` : k}</th><td className="num">{p.value === null ? t('suppressedShort') : num(p.value)}</td><td className="num">{p.coverage.records ?? '—'}</td></tr>; })}</tbody>
              </table>
            </details>
          </figure>
        )}
      </div>
    </section>
  );
}
