// /account's links to the other account pages: passkeys always, SMS codes where the organisation allows them (GET
// /api/account/sms says), and the key password for a session started with single sign-on.
import { useEffect, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { Link } from '../shell/router.ts';
import type { SmsStatus } from './sms-api.ts';
import { staffRequest } from './staff-api.ts';

export function AccountLinks(props: { viaSso: boolean }): ReactNode {
  const { t } = useI18n();
  const [smsAllowed, setSmsAllowed] = useState(false);
  useEffect(() => {
    let live = true;
    // Not allowed, or not answered: no link (the SMS page itself would only say "not allowed").
    staffRequest<SmsStatus>('GET', '/api/account/sms').then((status) => live && setSmsAllowed(status.allowed), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  return (
    <nav className="card account-links" aria-labelledby="account-links-title">
      <h2 id="account-links-title">{t('account.page.more')}</h2>
      <ul>
        <li><Link to="/account/passkeys">{t('passkey.manage.heading')}</Link></li>
        {smsAllowed && <li><Link to="/account/sms">{t('sms.account.heading')}</Link></li>}
        {props.viaSso && <li><Link to="/account/key-password">{t('account.page.keyPassword')}</Link></li>}
      </ul>
    </nav>
  );
}
