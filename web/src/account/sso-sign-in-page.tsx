// /sign-in/sso: the work address, then the organisation's own identity provider. /sso/start answers with a redirect
// to the provider, or back here with ?sso=REASON (?sso=signedOut after the provider's logout). Opened by navigation, not by submitting the form: our CSP's
// `form-action 'self'` also covers where a submission redirects to, and the provider is another origin.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n/index.ts';
import { rememberSsoStart } from './staff-session.tsx';

const reasons: Record<string, MessageKey> = { unavailable: 'sso.unavailable', failed: 'sso.failed', busy: 'sso.busy' };
/** Back from the provider's logout page (its post_logout_redirect_uri is /sso/callback, which sends the browser here). */
const SIGNED_OUT = 'signedOut';

export function SsoSignInPage(): ReactNode {
  const { t } = useI18n();
  const reason = new URLSearchParams(location.search).get('sso') ?? '';
  const message = reasons[reason];
  const heading = useRef<HTMLHeadingElement>(null);
  const [email, setEmail] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rememberSsoStart();
    location.assign(`/sso/start?${new URLSearchParams({ email: email.trim() }).toString()}`);
  };
  useEffect(() => {
    document.title = t('sso.title');
    heading.current?.focus();
  }, [t]);
  return (
    <section className="card narrow" aria-labelledby="sso-title">
      <h1 id="sso-title" ref={heading} tabIndex={-1}>{t('sso.title')}</h1>
      {message && <p className="alert alert-error" role="alert">{t(message)}</p>}
      {reason === SIGNED_OUT && <p className="alert alert-success" role="status">{t('sso.signedOut')}</p>}
      <p>{t('sso.intro')}</p>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="sso-email">{t('sso.email')}</label>
          <input id="sso-email" name="email" type="email" autoComplete="username" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="actions">
          <button type="submit" className="button-primary">{t('sso.continue')}</button>
        </div>
      </form>
    </section>
  );
}
