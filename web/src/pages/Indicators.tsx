import { servedPaths } from '../api/client';
import { useI18n } from '../i18n';
import { useLoad } from '../lib/async';
import { NotAvailable } from '../lib/ui';

/** Key indicators, from the node's indicators API when it serves one. */
export function Indicators() {
  const { t } = useI18n();
  const served = useLoad(servedPaths, []);
  if (!served.data) return null;
  const has = [...served.data].some((p) => p.startsWith('/api/v1/indicators'));
  return (
    <>
      <h2>{t('keyIndicators')}</h2>
      {has ? <p className="muted">…</p> : <NotAvailable what={t('navIndicators')} />}
    </>
  );
}
