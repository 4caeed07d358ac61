// The notice every SMS page carries: SMS is the weaker factor (NIST 800-63B "restricted"), with a link to the
// stronger options.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { Link } from '../shell/router.ts';

export function SmsWeakerNotice(props: { strongerTo: string; strongerLabel: 'sms.strongerOptions.signIn' | 'sms.strongerOptions.account' }): ReactNode {
  const { t } = useI18n();
  return (
    <div className="notice notice-warning">
      <p>{t('sms.weaker')}</p>
      <p><Link to={props.strongerTo}>{t(props.strongerLabel)}</Link></p>
    </div>
  );
}
