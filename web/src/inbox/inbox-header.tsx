// The header's inbox part: the signed-in address, a link to the inbox and sign-out (which forgets the key here).
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { Link, navigate } from '../shell/router.ts';
import { signOutOfInbox, useInboxSession } from './inbox-session.ts';

export function InboxHeaderTools(): ReactNode {
  const { t } = useI18n();
  const session = useInboxSession();
  if (!session) return null;
  const signOut = () => {
    signOutOfInbox();
    navigate('/inbox/sign-in');
  };
  return (
    <div className="staff-tools">
      <span className="staff-who">{t('inbox.header.signedInAs', { email: session.account.email })}</span>
      <Link to="/inbox">{t('inbox.header.inbox')}</Link>
      <button type="button" className="button-link" onClick={signOut}>{t('inbox.header.signOut')}</button>
    </div>
  );
}
