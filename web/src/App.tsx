import { useEffect, useState, type ComponentType } from 'react';
import { api, call, session } from './api/client';
import type { components } from './api/schema';
import { LANG_NAMES, LANGS, useI18n, type Lang } from './i18n';
import type { Key } from './i18n/en';
import { href, navigate, useRoute } from './lib/router';
import { ErrorBox } from './lib/ui';
import { AgreementsPage } from './pages/Agreements';
import { AuditPage } from './pages/Audit';
import { CasesPage } from './pages/Cases';
import { CataloguePage } from './pages/Catalogue';
import { EcosystemPage } from './pages/Ecosystem';
import { MatchesPage } from './pages/Matches';
import { OverviewPage } from './pages/Overview';
import { QuarantinePage } from './pages/Quarantine';
import { ReferralsPage } from './pages/Referrals';
import { TerminologyPage } from './pages/Terminology';

export type Me = components['schemas']['WhoAmI'];
export interface PageProps { me: Me; route: string[] }

export const PAGES: Array<{ id: string; label: Key; Component: ComponentType<PageProps> }> = [
  { id: 'overview', label: 'navOverview', Component: OverviewPage },
  { id: 'ecosystem', label: 'navEcosystem', Component: EcosystemPage },
  { id: 'catalogue', label: 'navCatalogue', Component: CataloguePage },
  { id: 'agreements', label: 'navAgreements', Component: AgreementsPage },
  { id: 'matches', label: 'navMatches', Component: MatchesPage },
  { id: 'cases', label: 'navCases', Component: CasesPage },
  { id: 'referrals', label: 'navReferrals', Component: ReferralsPage },
  { id: 'quarantine', label: 'navQuarantine', Component: QuarantinePage },
  { id: 'terminology', label: 'navTerminology', Component: TerminologyPage },
  { id: 'audit', label: 'navAudit', Component: AuditPage },
];

export function App() {
  const { t } = useI18n();
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(!!session.token());
  useEffect(() => {
    if (!session.token()) return;
    call(api.GET('/api/v1/me')).then(setMe, () => session.clear()).finally(() => setChecking(false));
  }, []);
  if (checking) return <p role="status">{t('loading')}</p>;
  if (!me) return <Login onLogin={setMe} />;
  return <Shell me={me} onLogout={() => { session.clear(); setMe(null); navigate('overview'); }} />;
}

function LangPicker() {
  const { lang, setLang, t } = useI18n();
  return (
    <label className="lang">
      {t('language')}{' '}
      <select value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
        {(Object.keys(LANGS) as Lang[]).map((l) => <option key={l} value={l}>{LANG_NAMES[l]}</option>)}
      </select>
    </label>
  );
}

function Login({ onLogin }: { onLogin: (me: Me) => void }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    session.set(token.trim());
    try {
      onLogin(await call(api.GET('/api/v1/me')));
    } catch (err) {
      session.clear();
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login" id="main">
      <h1>{t('appName')}</h1>
      <p>{t('loginIntro')}</p>
      <form onSubmit={submit}>
        <label htmlFor="token">{t('token')}</label>
        <input id="token" name="token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} placeholder="tsr_…" required aria-describedby="token-help" />
        <p id="token-help" className="muted">{t('tokenHelp')}</p>
        <button type="submit" disabled={busy || !token.trim()}>{t('signIn')}</button>
      </form>
      <ErrorBox error={error} />
      <LangPicker />
    </main>
  );
}

function Shell({ me, onLogout }: { me: Me; onLogout: () => void }) {
  const { t } = useI18n();
  const route = useRoute();
  const page = PAGES.find((p) => p.id === route[0]) ?? PAGES[0]!;
  const Component = page.Component;
  return (
    <div className="shell">
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('page-title')?.focus(); }}>{t('skipToContent')}</a>
      <header className="top">
        <span className="brand">{t('appName')}</span>
        <span className="who" data-testid="who">{t('signedInAs', { name: me.name, org: me.organisation.slug, roles: me.roles.join(', ') })}</span>
        <LangPicker />
        <button type="button" className="secondary" onClick={onLogout}>{t('signOut')}</button>
      </header>
      <nav aria-label={t('mainNavigation')} className="side">
        <ul>
          {PAGES.map((p) => (
            <li key={p.id}><a href={href(p.id)} aria-current={p.id === page.id ? 'page' : undefined}>{t(p.label)}</a></li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content">
        <Component me={me} route={route.slice(1)} key={page.id} />
      </main>
      <footer className="foot muted">{t('footer')}</footer>
    </div>
  );
}
