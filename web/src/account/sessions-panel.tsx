// Own sessions (GET /api/account/sessions): the current one marked, any other signed out with one click, or all at
// once ("sign out everywhere", confirmed first).
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { ConfirmDialog } from '../sent/confirm-dialog.tsx';
import { accountErrorText } from './error-text.ts';
import { staffRequest, type SessionView } from './staff-api.ts';
import { useStaffSession } from './staff-session.tsx';

export function SessionsPanel(): ReactNode {
  const { t, formatDate } = useI18n();
  const { signOut } = useStaffSession();
  const [items, setItems] = useState<SessionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const load = useCallback(() => {
    staffRequest<{ items: SessionView[] }>('GET', '/api/account/sessions').then((r) => setItems(r.items), (e: unknown) => setError(accountErrorText(e, t)));
  }, [t]);
  useEffect(load, [load]);
  const revoke = async (id: string) => {
    setError(null);
    try {
      await staffRequest<void>('DELETE', `/api/account/sessions/${encodeURIComponent(id)}`);
      load();
    } catch (e) {
      setError(accountErrorText(e, t));
    }
  };
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('account.sessions.title')}</h2>
      {items === null && !error && <p className="loading" role="status">{t('common.loading')}</p>}
      {items && <p className="hint">{t('account.sessions.count', { count: items.length })}</p>}
      {items && (
        <ul className="session-list">
          {items.map((s) => (
            <li key={s.id} className="session-item">
              <div className="session-main">
                <p className="session-agent">{s.userAgent ?? t('account.sessions.unknownDevice')}{s.current && <strong className="session-current"> – {t('account.sessions.current')}</strong>}</p>
                <p className="hint">{t('account.sessions.started', { date: formatDate(s.createdAt) })} · {t('account.sessions.lastSeen', { date: formatDate(s.lastSeenAt) })}</p>
                {s.clientAddress && <p className="hint">{t('account.sessions.from', { address: s.clientAddress })}</p>}
              </div>
              {!s.current && (
                <button type="button" className="button-secondary" aria-label={t('account.sessions.revokeNamed', { date: formatDate(s.createdAt) })} onClick={() => void revoke(s.id)}>
                  {t('account.sessions.revoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      <div className="actions">
        <button type="button" className="button-danger" onClick={() => setConfirmAll(true)}>{t('account.sessions.everywhere')}</button>
      </div>
      {confirmAll && (
        <ConfirmDialog title={t('account.sessions.everywhere')} text={t('account.sessions.everywhereConfirm')} confirmLabel={t('account.sessions.everywhere')}
          onCancel={() => setConfirmAll(false)} onConfirm={() => void signOut({ everywhere: true })} />
      )}
    </section>
  );
}
