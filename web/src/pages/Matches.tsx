import { useState } from 'react';
import type { PageProps } from '../App';
import { api, call } from '../api/client';
import type { components } from '../api/schema';
import { useI18n } from '../i18n';
import { useAction, useLoad } from '../lib/async';
import { Busy, Done, ErrorBox, Loading, Page, Short } from '../lib/ui';

type Outcome = components['schemas']['HashMatchOutcome'];

/** Hash match review: matches with consensus, provenance and "previously assessed"; record true/false positive. Never an image. */
export function MatchesPage(_p: PageProps) {
  const { t, num, date } = useI18n();
  const sets = useLoad(async () => (await call(api.GET('/api/v1/hash-sets'))).items, []);
  const [text, setText] = useState('');
  const [signalType, setSignalType] = useState('pdq');
  const match = useAction(async () => {
    const values = text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean).slice(0, 1000);
    return (await call(api.POST('/api/v1/hashes/match', { body: { queries: values.map((value) => ({ signalType, value })) } }))).results;
  });
  const feedback = useAction(async (value: string, type: string, entry: string, distance: number, verdict: 'true_positive' | 'false_positive') => {
    const r = await call(api.POST('/api/v1/hashes/feedback', { body: { signalType: type, value, entry, verdict, distance } }));
    await match.run();
    return r;
  });
  return (
    <Page title={t('navMatches')} intro={t('matchesIntro')}>
      <h2>{t('hashSets')}</h2>
      {sets.loading && <Loading />}
      <ErrorBox error={sets.error} />
      {sets.data && (
        <div className="table-wrap"><table data-testid="hash-sets">
          <caption className="sr-only">{t('hashSets')}</caption>
          <thead><tr><th scope="col">{t('set')}</th><th scope="col">{t('owner')}</th><th scope="col" className="num">{t('entries')}</th><th scope="col">{t('sources')}</th></tr></thead>
          <tbody>
            {sets.data.map((s) => <tr key={s.id}><th scope="row">{s.name} <code>{s.slug}</code></th><td>{s.owner.name}</td><td className="num">{num(s.liveEntries ?? 0)}</td><td>{s.sources.map((x) => `${x.name}${x.version ? ' ' + x.version : ''}`).join('; ')}</td></tr>)}
            {sets.data.length === 0 && <tr><td colSpan={4}>{t('noHashSets')}</td></tr>}
          </tbody>
        </table></div>
      )}
      <form onSubmit={(e) => { e.preventDefault(); void match.run(); }}>
        <div className="row">
          <div className="field"><label htmlFor="signal-type">{t('signalType')}</label>
            <select id="signal-type" value={signalType} onChange={(e) => setSignalType(e.target.value)}>{['pdq', 'md5', 'sha1', 'sha256'].map((s) => <option key={s}>{s}</option>)}</select></div>
        </div>
        <label htmlFor="hashes">{t('hashesToCheck')}</label>
        <textarea id="hashes" rows={4} value={text} onChange={(e) => setText(e.target.value)} aria-describedby="hashes-help" />
        <p id="hashes-help" className="muted">{t('hashesHelp')}</p>
        <button type="submit" disabled={match.busy || !text.trim()}>{t('match')}</button>
      </form>
      {match.busy && <Busy label={t('matching')} />}
      <ErrorBox error={match.error} />
      <ErrorBox error={feedback.error} />
      {feedback.result && <Done>{t('feedbackRecorded', { verdict: t(feedback.result.verdict === 'true_positive' ? 'truePositive' : 'falsePositive') })}</Done>}
      {match.result && <Results results={match.result} />}
    </Page>
  );

  function Results({ results }: { results: Outcome[] }) {
    return (
      <div data-testid="match-results">
        <p role="status">{t('matchSummary', { n: results.length, matched: results.filter((r) => r.ok && r.matches.length > 0).length })}</p>
        {results.map((r, i) => !r.ok ? (
          <div key={i} className="error" role="alert"><Short id={r.query.value} />: {r.error.message}</div>
        ) : (
          <section key={i} className="panel" aria-label={t('resultFor', { hash: r.query.value.slice(0, 16) })}>
            <h3><code>{r.query.signalType}</code> <Short id={r.query.value} /></h3>
            <p>
              {r.assessment.previouslyAssessed ? <strong className="ok">{t('previouslyAssessed')}</strong> : <strong>{t('notAssessed')}</strong>}{' · '}
              {t('consensus')}: <span className={`badge ${r.assessment.consensus}`}>{t(`consensus_${r.assessment.consensus}` as 'consensus_none')}</span>
              {r.lowQuality && <> · <span className="bad">{t('lowQuality')}</span></>}
            </p>
            {r.assessment.opinions.length > 0 && (
              <ul>{r.assessment.opinions.map((o, j) => <li key={j}>{t('opinion', { org: o.assessor.name, scheme: o.scheme, code: o.code, at: date(o.assessedAt), d: o.via.distance })}</li>)}</ul>
            )}
            {r.matches.length === 0 ? <p>{t('noMatches')}</p> : (
              <div className="table-wrap"><table>
                <caption className="sr-only">{t('matches')}</caption>
                <thead><tr><th scope="col">{t('set')}</th><th scope="col">{t('provenance')}</th><th scope="col" className="num">{t('distance')}</th><th scope="col">{t('label')}</th><th scope="col">{t('feedback')}</th><th scope="col">{t('review')}</th></tr></thead>
                <tbody>
                  {r.matches.map((m) => (
                    <tr key={m.entryId} data-entry={m.entryId}>
                      <th scope="row">{m.set.name}</th>
                      <td>{t('provenanceText', { owner: m.set.owner, seq: m.seq, at: date(m.addedAt) })}</td>
                      <td className="num">{m.distance}</td>
                      <td>{m.label ?? '—'}</td>
                      <td data-testid="feedback-counts">{t('feedbackCounts', { tp: m.feedback.truePositive, fp: m.feedback.falsePositive })}</td>
                      <td>
                        <button type="button" className="secondary" disabled={feedback.busy} onClick={() => void feedback.run(r.query.value, r.query.signalType, m.entryId, m.distance, 'true_positive')}>{t('truePositive')}</button>{' '}
                        <button type="button" className="secondary" disabled={feedback.busy} onClick={() => void feedback.run(r.query.value, r.query.signalType, m.entryId, m.distance, 'false_positive')}>{t('falsePositive')}</button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table></div>
            )}
          </section>
        ))}
      </div>
    );
  }
}
