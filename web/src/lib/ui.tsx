import { useEffect, useRef, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { hasNavigated } from './router';

// The first page after loading leaves focus at the top (the skip link comes first); later
// navigations move focus to the new page's heading so keyboard and screen-reader users follow.

/** A page: its heading gets focus on arrival so screen-reader and keyboard users know where they are. */
export function Page({ title, intro, children, actions }: { title: string; intro?: string; children: ReactNode; actions?: ReactNode }) {
  const h = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (hasNavigated()) h.current?.focus();
  }, [title]);
  return (
    <section aria-labelledby="page-title" className="page">
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1} ref={h}>{title}</h1>
        {actions}
      </div>
      {intro && <p className="intro">{intro}</p>}
      {children}
    </section>
  );
}

export function Loading({ what }: { what?: string }) {
  const { t } = useI18n();
  return <p role="status" aria-live="polite" className="muted">{what ?? t('loading')}</p>;
}

export function ErrorBox({ error }: { error: Error | undefined }) {
  const { t } = useI18n();
  if (!error) return null;
  const code = error instanceof ApiError ? error.problem.code : 'error';
  return (
    <div role="alert" className="error">
      <strong>{t('error')}:</strong> {error.message} <code>{code}</code>
    </div>
  );
}

/** A capability this node does not serve yet: said plainly, never replaced by made-up figures. */
export function NotAvailable({ what }: { what: string }) {
  const { t } = useI18n();
  return (
    <div className="notice" role="note" data-testid="not-available">
      <strong>{t('notAvailable')}</strong> {t('notAvailableWhy', { what })}
    </div>
  );
}

export function Done({ children }: { children: ReactNode }) {
  return <p role="status" aria-live="polite" className="ok">{children}</p>;
}

export function Busy({ label }: { label: string }) {
  return (
    <p role="status" aria-live="polite" className="busy">
      <progress aria-label={label} /> {label}
    </p>
  );
}

export function Coverage({ children }: { children: ReactNode }) {
  return <span className="coverage">{children}</span>;
}

export function Short({ id }: { id: string }) {
  return <code title={id}>{id.length > 22 ? id.slice(0, 10) + '…' + id.slice(-8) : id}</code>;
}
