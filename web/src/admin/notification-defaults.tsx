// The organisation's logo and support contact as the agreements page lists them: notification defaults that are
// organisation settings already (edited on the settings page, /admin/settings), shown here read-only with a link
// there, so there is one copy of the data and one place to change it.
import type { ReactNode } from 'react';
import { staffRequest } from '../account/staff-api.ts';
import type { Branding } from '../account/staff-session.tsx';
import { useI18n } from '../i18n/index.ts';
import { Link } from '../shell/router.ts';
import { useLoad } from './use-load.ts';

function supportText(support: Branding['support']): string | null {
  const parts = [support?.email, support?.phone, support?.url].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length > 0 ? parts.join(' · ') : null;
}

export function NotificationDefaults(): ReactNode {
  const { t } = useI18n();
  const branding = useLoad(() => staffRequest<Branding>('GET', '/api/org/branding'), []);
  const b = branding.data;
  return (
    <section className="card" aria-labelledby="notification-defaults-title">
      <h2 id="notification-defaults-title">{t('admin.agreements.notificationDefaults')}</h2>
      <p className="hint">{t('admin.agreements.notificationDefaultsHint')}</p>
      {b === null ? (
        <p className="loading" role="status">{t('common.loading')}</p>
      ) : (
        <dl className="notification-defaults">
          <dt>{t('admin.settings.logo')}</dt>
          <dd>{b.hasLogo ? t('admin.agreements.logoSet') : t('admin.agreements.notSet')}</dd>
          <dt>{t('admin.settings.support')}</dt>
          <dd>{supportText(b.support) ?? t('admin.agreements.notSet')}</dd>
        </dl>
      )}
      <p><Link to="/admin/settings">{t('admin.agreements.editInSettings')}</Link></p>
    </section>
  );
}
