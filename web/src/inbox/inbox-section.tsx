// The recipient inbox, loaded on demand: /inbox, /inbox/register, /inbox/sign-in, /inbox/reset, /inbox/m/:rid.
// The list and a message need the signed-in account (session and key in memory); without it the sign-in shows in
// their place and the page follows once signed in, so the notification's link lands on its message.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { InboxPage } from './inbox-page.tsx';
import type { InboxRoute } from './inbox-routes.ts';
import { useInboxSession } from './inbox-session.ts';
import './inbox.css';
import { MessagePage } from './message-page.tsx';
import { RegisterPage } from './register-page.tsx';
import { ResetPage } from './reset-page.tsx';
import { InboxSignIn } from './sign-in-page.tsx';

export function InboxSection(props: { route: InboxRoute }): ReactNode {
  const { t } = useI18n();
  const session = useInboxSession();
  const { page, id } = props.route;
  if (page === 'register') return <RegisterPage />;
  if (page === 'reset') return <ResetPage />;
  if (page === 'signIn') return <InboxSignIn next="/inbox" />;
  if (!session) return <InboxSignIn intro={page === 'message' ? t('inbox.signIn.toOpen') : undefined} />;
  if (page === 'message' && id) return <MessagePage key={id} session={session} recipientId={id} />;
  return <InboxPage session={session} />;
}
