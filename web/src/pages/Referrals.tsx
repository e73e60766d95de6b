import type { PageProps } from '../App';
import { servedPaths } from '../api/client';
import { useI18n } from '../i18n';
import { useLoad } from '../lib/async';
import { Loading, NotAvailable, Page } from '../lib/ui';

/** Referrals: services, referrals and outcomes, when this node serves them. */
export function ReferralsPage(_p: PageProps) {
  const { t } = useI18n();
  const served = useLoad(servedPaths, []);
  const has = served.data && [...served.data].some((p) => p.startsWith('/api/v1/referrals'));
  return (
    <Page title={t('navReferrals')} intro={t('referralsIntro')}>
      {served.loading && <Loading />}
      {served.data && !has && <NotAvailable what={t('navReferrals')} />}
    </Page>
  );
}
