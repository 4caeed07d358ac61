// The app shell: skip link, header (brand, navigation, language switcher, sign-out), and the routed page.
// Sender and recipient sections load on demand so a recipient's phone downloads only what it needs.
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { I18nProvider, loadAdminCatalogs, loadInboxCatalogs, useI18n } from '../i18n/index.ts';
import { SessionContext, clearSession, loadSession, saveSession, type SenderSession } from '../sender/session.ts';
import { captureInvitationLink } from '../account/invitation-link.ts';
import { StaffHeaderTools, accountTitleKey, isAccountRoute } from '../account/staff-header.tsx';
import { StaffSessionProvider, isAdmin, useStaffSession } from '../account/staff-session.tsx';
import { ReauthReturnNotice } from '../account/provider-reauth.tsx';
import { BrandIcon } from './icons.tsx';
import { LanguageSwitcher } from './language-switcher.tsx';
import { Link, matchRoute, usePath, type Route } from './router.ts';
import { pageTitle } from './page-title.ts';
import { StaffBranding } from '../admin/staff-branding.tsx';
import { InboxHeaderTools } from '../inbox/inbox-header.tsx';

const SenderSection = lazy(() => import('../sender/sender-section.tsx').then((m) => ({ default: m.SenderSection })));
const PasskeySection = lazy(() => import('../account/passkey-section.tsx').then((m) => ({ default: m.PasskeySection })));
const SmsSection = lazy(() => import('../account/sms-section.tsx').then((m) => ({ default: m.SmsSection })));
const SsoSection = lazy(() => import('../account/sso-section.tsx').then((m) => ({ default: m.SsoSection })));
const AdminSection = lazy(() => Promise.all([import('../admin/admin-section.tsx'), loadAdminCatalogs()]).then(([m]) => ({ default: m.AdminSection })));
const AccountSection = lazy(() => import('../account/account-section.tsx').then((m) => ({ default: m.AccountSection })));
const RecipientApp = lazy(() => import('../recipient/recipient-app.tsx').then((m) => ({ default: m.RecipientApp })));
const InboxSection = lazy(() => Promise.all([import('../inbox/inbox-section.tsx'), loadInboxCatalogs()]).then(([m]) => ({ default: m.InboxSection })));
const CliApprovePage = lazy(() => import('../account/cli-approve.tsx').then((m) => ({ default: m.CliApprovePage })));

function Header(props: { route: Route; session: SenderSession | null; onSignOut: () => void }): ReactNode {
  const { t } = useI18n();
  const staff = useStaffSession();
  // The recipient's pages (one message, or the inbox) show none of the sender's navigation.
  const isRecipient = props.route.name === 'recipient' || props.route.name === 'inbox';
  return (
    <header className="app-header">
      <div className="app-header-inner">
        <a className="brand" href={isRecipient ? '#main' : '/'}>
          <BrandIcon /> Sealpost
        </a>
        {!isRecipient && (
          <nav aria-label={t('nav.label')} className="main-nav">
            <Link to="/send" aria-current={props.route.name === 'send' ? 'page' : undefined}>{t('nav.send')}</Link>
            <Link to="/sent" aria-current={props.route.name === 'sent' || props.route.name === 'sentItem' ? 'page' : undefined}>{t('nav.sent')}</Link>
            {isAdmin(staff.me) && <Link to="/admin" aria-current={props.route.name === 'admin' ? 'page' : undefined}>{t('nav.admin')}</Link>}
          </nav>
        )}
        {!isRecipient && <StaffBranding branding={staff.branding} />}
        <div className="header-tools">
          <LanguageSwitcher />
          {props.route.name === 'inbox' && <InboxHeaderTools />}
          {!isRecipient && props.session && (
            <button type="button" className="button-link" onClick={props.onSignOut}>{t('nav.signOut')}</button>
          )}
          {!isRecipient && <StaffHeaderTools route={props.route} guestSignedIn={props.session !== null} />}
        </div>
      </div>
    </header>
  );
}

function Page(props: { route: Route }): ReactNode {
  const { t } = useI18n();
  if (props.route.name === 'recipient') return <RecipientApp recipientId={props.route.id} />;
  if (props.route.name === 'inbox') return <InboxSection route={props.route} />;
  if (props.route.name === 'passkeySignIn' || props.route.name === 'passkeys') return <PasskeySection page={props.route.name} />;
  if (props.route.name === 'cliApprove') return <CliApprovePage />;
  if (props.route.name === 'smsSignIn' || props.route.name === 'smsAccount') return <SmsSection page={props.route.name === 'smsSignIn' ? 'signIn' : 'account'} />;
  if (props.route.name === 'ssoSignIn' || props.route.name === 'keyPassword') return <SsoSection page={props.route.name} />;
  if (props.route.name === 'admin') return <AdminSection page={props.route.page} />;
  if (isAccountRoute(props.route)) return <AccountSection route={props.route} />;
  if (props.route.name === 'notFound') {
    return (
      <section className="card">
        <h1>{t('notFound.title')}</h1>
        <p>{t('notFound.text')}</p>
        <p><Link to="/send">{t('nav.send')}</Link></p>
      </section>
    );
  }
  return <SenderSection route={props.route} />;
}

function Shell(): ReactNode {
  const { t } = useI18n();
  const path = usePath();
  const route = matchRoute(path);
  const [session, setSessionState] = useState<SenderSession | null>(() => loadSession());
  const setSession = (next: SenderSession | null) => {
    if (next) saveSession(next);
    else clearSession();
    setSessionState(next);
  };
  const accountTitle = accountTitleKey(route);
  useEffect(() => {
    // The single sign-on pages name themselves.
    if (route.name === 'ssoSignIn' || route.name === 'keyPassword') return;
    document.title = accountTitle ? t(accountTitle) : pageTitle(route, t);
  }, [route.name, accountTitle, t]);
  const signOut = () => {
    const token = session?.token;
    setSession(null);
    if (token) void fetch('/api/sender/sessions/current', { method: 'DELETE', headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
  };
  return (
    <SessionContext.Provider value={{ session, setSession }}>
      <a className="skip-link" href="#main">{t('nav.skip')}</a>
      <Header route={route} session={session} onSignOut={signOut} />
      <main id="main" className="app-main" tabIndex={-1}>
        <ReauthReturnNotice />
        <Suspense fallback={<p className="loading" role="status">{t('common.loading')}</p>}>
          <Page route={route} />
        </Suspense>
      </main>
      <footer className="app-footer">
        <p>{t('footer.e2e')}</p>
      </footer>
    </SessionContext.Provider>
  );
}

// Before the first route is matched: an invitation link's token moves from the fragment into memory (/invitation).
captureInvitationLink();

export function App(): ReactNode {
  return (
    <I18nProvider>
      <StaffSessionProvider>
        <Shell />
      </StaffSessionProvider>
    </I18nProvider>
  );
}
