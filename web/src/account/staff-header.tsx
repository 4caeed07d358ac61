// The header's staff part: who is signed in (address and organisation), a link to the account page and sign-out;
// a link to the staff sign-in when nobody is.
import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n/index.ts';
import { Link, type Route } from '../shell/router.ts';
import './staff-header.css';
import { useStaffSession } from './staff-session.tsx';

const accountRoutes = new Set<Route['name']>(['invitation', 'signIn', 'account']);

export function isAccountRoute(route: Route): boolean {
  return accountRoutes.has(route.name);
}

const titles: Partial<Record<Route['name'], MessageKey>> = { invitation: 'account.title.invitation', signIn: 'account.title.signIn', account: 'account.title.account' };

/** The document title of an account page, or undefined for other routes. */
export function accountTitleKey(route: Route): MessageKey | undefined {
  return titles[route.name];
}

export function StaffHeaderTools(props: { route: Route; guestSignedIn: boolean }): ReactNode {
  const { t } = useI18n();
  const { me, signOut } = useStaffSession();
  if (me?.enrolled || (me && props.route.name === 'account')) {
    return (
      <div className="staff-tools">
        <span className="staff-who">{t('account.header.signedInAs', { email: me.email, org: me.orgName })}</span>
        <Link to="/account" aria-current={props.route.name === 'account' ? 'page' : undefined}>{t('account.header.account')}</Link>
        <button type="button" className="button-link" onClick={() => void signOut()}>{t('account.header.signOut')}</button>
      </div>
    );
  }
  if (me === null && !props.guestSignedIn && props.route.name !== 'signIn' && props.route.name !== 'invitation') {
    return <Link to="/sign-in" className="staff-sign-in">{t('account.header.signIn')}</Link>;
  }
  return null;
}
