// The staff account pages, loaded on demand: invitation, sign-in, account.
import type { ReactNode } from 'react';
import type { Route } from '../shell/router.ts';
import { AccountPage } from './account-page.tsx';
import './account.css';
import { InvitationPage } from './invitation-page.tsx';
import { SignInPage } from './sign-in-page.tsx';

export function AccountSection(props: { route: Route }): ReactNode {
  if (props.route.name === 'invitation') return <InvitationPage />;
  if (props.route.name === 'signIn') return <SignInPage />;
  return <AccountPage />;
}
