import { useState } from 'react';
import type { PageProps } from '../App';
import { api, call } from '../api/client';
import { useI18n } from '../i18n';
import { useAction } from '../lib/async';
import { Busy, ErrorBox, Page } from '../lib/ui';

const LINT_LANGS = ['en', 'fr', 'es', 'pt', 'de', 'nl', 'it', 'lb'] as const;
type LintLang = (typeof LINT_LANGS)[number];

/** Paste text, see discouraged terms and the preferred wording (Luxembourg Guidelines) in a language. */
export function TerminologyPage(_p: PageProps) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const [lintLang, setLintLang] = useState<LintLang>(lang);
  const [fix, setFix] = useState(false);
  const lint = useAction(() => call(api.POST('/api/v1/terminology/lint', { body: { text, lang: lintLang, fix } })));
  return (
    <Page title={t('navTerminology')} intro={t('terminologyIntro')}>
      <form onSubmit={(e) => { e.preventDefault(); void lint.run(); }}>
        <label htmlFor="lint-text">{t('textToCheck')}</label>
        <textarea id="lint-text" rows={6} value={text} onChange={(e) => setText(e.target.value)} />
        <div className="row">
          <div className="field"><label htmlFor="lint-lang">{t('textLanguage')}</label>
            <select id="lint-lang" value={lintLang} onChange={(e) => setLintLang(e.target.value as LintLang)}>{LINT_LANGS.map((l) => <option key={l}>{l}</option>)}</select></div>
          <label><input type="checkbox" checked={fix} onChange={(e) => setFix(e.target.checked)} /> {t('rewriteWhereSafe')}</label>
          <button type="submit" disabled={lint.busy || !text.trim()}>{t('check')}</button>
        </div>
      </form>
      {lint.busy && <Busy label={t('checking')} />}
      <ErrorBox error={lint.error} />
      {lint.result && (
        <>
          <p role="status" data-testid="lint-summary">{t('lintSummary', { n: lint.result.findings.length, errors: lint.result.errors })}</p>
          <div className="table-wrap"><table data-testid="findings">
            <caption className="sr-only">{t('findings')}</caption>
            <thead><tr><th scope="col">{t('term')}</th><th scope="col">{t('where')}</th><th scope="col">{t('severity')}</th><th scope="col">{t('preferredWording')}</th><th scope="col">{t('why')}</th></tr></thead>
            <tbody>{lint.result.findings.map((f, i) => (
              <tr key={i}><th scope="row"><mark>{f.term}</mark></th><td>{f.line}:{f.column}</td><td className={f.severity === 'error' ? 'bad' : ''}>{f.severity}</td><td lang={lintLang}>{f.preferred.join(' / ') || '—'}</td><td>{String((f as { message?: string }).message ?? '')}</td></tr>
            ))}</tbody>
          </table></div>
          {lint.result.text !== undefined && (<><h2>{t('rewritten')}</h2><pre className="raw" data-testid="rewritten" lang={lintLang}>{lint.result.text}</pre></>)}
        </>
      )}
    </Page>
  );
}
