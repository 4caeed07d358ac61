// The result of the key-log check after sign-in (checkOwnKeyLog): a key for this address that this browser never
// made or unlocked means someone may have registered or reset the account without the recipient; say so and what to
// do. A check that could not run is said too, more quietly: it proves nothing either way.
import type { ReactNode } from 'react';
import { WarningIcon } from '../shell/icons.tsx';
import { useI18n } from '../i18n/index.ts';
import type { KeyLogCheck } from './inbox-session.ts';

export function KeyLogWarning(props: { check: KeyLogCheck }): ReactNode {
  const { t } = useI18n();
  if (props.check.kind === 'failed') return <p className="notice" role="status">{t('inbox.keyLog.failed')}</p>;
  if (props.check.kind !== 'foreign') return null;
  return (
    <section className="notice notice-required" role="alert" aria-labelledby="inbox-key-log-title" data-testid="key-log-warning">
      <h2 id="inbox-key-log-title"><WarningIcon /> {t('inbox.keyLog.title')}</h2>
      <p>{t('inbox.keyLog.text', { count: props.check.count })}</p>
      <p>{t('inbox.keyLog.todo')}</p>
    </section>
  );
}
