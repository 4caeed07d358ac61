// On the console's first page while the organisation has not chosen what happens to the earlier messages of someone
// who loses every sign-in factor (docs/security.md): until then it is loss, and the admin should decide knowingly.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { Link } from '../shell/router.ts';
import { loadOrgKeyRecovery } from './key-recovery-api.ts';
import { useLoad } from './use-load.ts';

export function KeyRecoveryNotice(): ReactNode {
  const { t } = useI18n();
  const state = useLoad(loadOrgKeyRecovery, []);
  // Nothing while loading or when the look-up fails: the key recovery page itself shows errors.
  if (!state.data || state.data.policy !== null) return null;
  return (
    <div className="notice notice-warning key-recovery-notice" aria-labelledby="recovery-notice-title">
      <h2 id="recovery-notice-title">{t('admin.recovery.notice.title')}</h2>
      <p>{t('admin.recovery.notice.text')}</p>
      <p><Link to="/admin/recovery">{t('admin.recovery.notice.link')}</Link></p>
    </div>
  );
}
