import { useState } from 'react';
import type { PageProps } from '../App';
import { api, call, servedPaths } from '../api/client';
import { useI18n } from '../i18n';
import { useLoad } from '../lib/async';
import { ErrorBox, Loading, NotAvailable, Page } from '../lib/ui';

interface DictField { name: string; type: string; required: boolean; description: string; labels: Record<string, string>; allowedValues?: string[] }
interface Dictionary { version: string; languages: string[]; entities: Array<{ name: string; description: string; labels: Record<string, string>; fields: DictField[] }> }

/** Datasets (descriptions only, never records) and the model's fields in several languages. */
export function CataloguePage(_p: PageProps) {
  const { t, lang } = useI18n();
  const [q, setQ] = useState('');
  const datasets = useLoad(async () => (await call(api.GET('/api/v1/datasets'))).items, []);
  const orgs = useLoad(async () => (await call(api.GET('/api/v1/organisations'))).items, []);
  const served = useLoad(servedPaths, []);
  const dict = useLoad(async () => (await call(api.GET('/api/v1/model/dictionary'))) as unknown as Dictionary, []);
  const [entity, setEntity] = useState('Report');
  const [dictLang, setDictLang] = useState<string>(lang);
  const hasCatalogue = !!served.data && [...served.data].some((p) => p.startsWith('/api/v1/catalogue'));
  const [query, setQuery] = useState('');
  const catalogue = useLoad(async () => (hasCatalogue ? (await call(api.GET('/api/v1/catalogue', { params: { query: { ...(query.trim() ? { q: query.trim() } : {}), limit: 100 } } }))).items : null), [hasCatalogue, query]);
  const needle = q.trim().toLowerCase();
  const shown = (datasets.data ?? []).filter((d) => !needle || `${d.name} ${d.description ?? ''} ${d.purpose} ${d.recordType}`.toLowerCase().includes(needle));
  const orgName = (id: string) => orgs.data?.find((o) => o.id === id)?.name ?? id;
  const ent = dict.data?.entities.find((e) => e.name === entity);
  return (
    <Page title={t('navCatalogue')} intro={t('catalogueIntro')}>
      {served.data && !hasCatalogue && <NotAvailable what={t('catalogueSearch')} />}
      {hasCatalogue && (
        <section aria-labelledby="cat-title">
          <h2 id="cat-title">{t('whoHoldsWhat')}</h2>
          <form className="row" onSubmit={(e) => { e.preventDefault(); setQuery(q); }}>
            <div className="field"><label htmlFor="cat-search">{t('searchCatalogue')}</label><input id="cat-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="sextortion OR grooming" size={30} /></div>
            <button type="submit">{t('search')}</button>
          </form>
          {catalogue.loading && <Loading />}
          <ErrorBox error={catalogue.error} />
          {catalogue.data && (
            <div className="table-wrap"><table data-testid="catalogue">
              <caption>{t('catalogueShown', { n: catalogue.data.length })}</caption>
              <thead><tr><th scope="col">{t('dataset')}</th><th scope="col">{t('holder')}</th><th scope="col">{t('topics')}</th><th scope="col">{t('coverage')}</th><th scope="col">{t('accessTerms')}</th></tr></thead>
              <tbody>{catalogue.data.map((c) => (
                <tr key={c.datasetId}><th scope="row">{c.title}<div className="muted">{c.description}</div></th><td>{c.holder ? `${c.holder.name} (${c.holder.jurisdiction})` : '—'}</td><td>{c.topics.join(', ')}</td>
                  <td>{[c.coverage.countries.join(', '), c.coverage.languages.join(', '), c.coverage.records !== null ? t('aboutRecords', { n: c.coverage.records }) : '', c.coverage.populations].filter(Boolean).join(' · ')}</td>
                  <td>{c.accessTerms.map((a) => `${a.title} (${a.purposes.join(', ')})`).join('; ') || '—'}</td></tr>
              ))}</tbody>
            </table></div>
          )}
        </section>
      )}
      <h2>{t('datasetsOnNode')}</h2>
      <div className="row"><div className="field"><label htmlFor="ds-search">{t('searchDatasets')}</label><input id="ds-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} aria-describedby="ds-search-help" /><span id="ds-search-help" className="muted">{t('filtersBoth')}</span></div></div>
      {datasets.loading && <Loading />}
      <ErrorBox error={datasets.error} />
      <div className="table-wrap">
        <table data-testid="datasets">
          <caption>{t('datasetsShown', { n: shown.length, total: datasets.data?.length ?? 0 })}</caption>
          <thead><tr><th scope="col">{t('dataset')}</th><th scope="col">{t('organisation')}</th><th scope="col">{t('recordType')}</th><th scope="col">{t('purposes')}</th><th scope="col">{t('legalBasis')}</th><th scope="col">{t('retention')}</th></tr></thead>
          <tbody>{shown.map((d) => <tr key={d.id}><th scope="row">{d.name}<div className="muted">{d.description}</div></th><td>{orgName(d.ownerOrgId)}</td><td>{d.recordType}</td><td>{d.purpose}</td><td>{d.legalBasis}</td><td>{d.retentionDays ?? '—'}</td></tr>)}</tbody>
        </table>
      </div>
      <h2>{t('dataDictionary')}</h2>
      <ErrorBox error={dict.error} />
      {dict.data && (
        <>
          <div className="row">
            <div className="field"><label htmlFor="entity">{t('entity')}</label>
              <select id="entity" value={entity} onChange={(e) => setEntity(e.target.value)}>{dict.data.entities.map((e) => <option key={e.name} value={e.name}>{e.name}</option>)}</select></div>
            <div className="field"><label htmlFor="dict-lang">{t('labelsIn')}</label>
              <select id="dict-lang" value={dictLang} onChange={(e) => setDictLang(e.target.value)}>{dict.data.languages.map((l) => <option key={l} value={l}>{l}</option>)}</select></div>
          </div>
          {ent && (
            <div className="table-wrap">
              <p>{ent.description}</p>
              <table data-testid="dictionary">
                <caption>{t('fieldsOf', { entity: ent.labels[dictLang] ?? ent.name, n: ent.fields.length, version: dict.data.version })}</caption>
                <thead><tr><th scope="col">{t('field')}</th><th scope="col">{t('label')}</th><th scope="col">{t('type')}</th><th scope="col">{t('required')}</th><th scope="col">{t('description')}</th></tr></thead>
                <tbody>{ent.fields.map((f) => <tr key={f.name}><th scope="row"><code>{f.name}</code></th><td lang={dictLang}>{f.labels[dictLang] ?? f.labels.en}</td><td>{f.type}</td><td>{f.required ? t('yes') : t('no')}</td><td>{f.description}{f.allowedValues && <div className="muted">{f.allowedValues.join(', ')}</div>}</td></tr>)}</tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Page>
  );
}
