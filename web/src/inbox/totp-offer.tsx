// After registering (and later from the inbox): the optional authenticator app. Without one a forgotten password is reset with the e-mail code
// alone, so the offer says that plainly. The QR code is drawn here from the otpauth URI (uqr, the library the
// server draws the staff QR with) and shown as an <img> with a data: URL like the staff step: an image runs no script.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { renderSVG } from 'uqr';
import { groupSecret } from '../account/totp-enrolment.tsx';
import { errorCode } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { inboxErrorText } from './error-text.ts';
import { inboxApi } from './inbox-api.ts';
import { updateInboxSession, useInboxSession, type InboxSession } from './inbox-session.ts';

function qrDataUrl(uri: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(renderSVG(uri))}`;
}

export function TotpSetup(props: { token: string; onDone: () => void }): ReactNode {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const [setup, setSetup] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { code: useId(), hint: useId() };
  useEffect(() => {
    heading.current?.focus();
    inboxApi.startTotp(props.token).then(setSetup, (e: unknown) => setError(inboxErrorText(e, t)));
    // Once per mount: a second set-up would replace the secret the user is scanning.
  }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code.trim())) return setError(t('account.signIn.codeFormat'));
    setBusy(true);
    setError(null);
    try {
      await inboxApi.confirmTotp(props.token, code.trim());
      props.onDone();
    } catch (e) {
      setError(errorCode(e) === 'SP_ERR_VERIFICATION_FAILED' ? t('account.totp.wrong') : inboxErrorText(e, t));
      setBusy(false);
    }
  };
  return (
    <div>
      <h2 ref={heading} tabIndex={-1}>{t('account.totp.title')}</h2>
      {!setup && !error && <p role="status" className="loading">{t('account.totp.loading')}</p>}
      {setup && (
        <>
          <p>{t('account.totp.intro')}</p>
          <img className="inbox-qr" src={qrDataUrl(setup.otpauthUri)} alt={t('account.totp.qrAlt')} width={200} height={200} />
          <p>{t('account.totp.manual')}</p>
          <p><code className="inbox-secret" aria-label={t('account.totp.secretLabel')}>{groupSecret(setup.secret)}</code></p>
          <form onSubmit={(e) => void submit(e)} noValidate>
            <div className="field">
              <label htmlFor={ids.code}>{t('account.totp.codeLabel')}</label>
              <input id={ids.code} inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} aria-describedby={ids.hint} onChange={(e) => setCode(e.target.value)} />
              <p id={ids.hint} className="hint">{t('account.totp.codeHint')}</p>
            </div>
            <div className="actions"><button type="submit" className="button-primary" disabled={busy}>{busy ? t('account.totp.checking') : t('account.totp.confirm')}</button></div>
          </form>
        </>
      )}
      {error && <p className="alert alert-error" role="alert">{error}</p>}
    </div>
  );
}

/** The session's account now has an authenticator app (the inbox stops suggesting one). */
export function markSecondFactor(session: InboxSession): void {
  updateInboxSession(session.token, { account: { ...session.account, hasSecondFactor: true } });
}

export function TotpOffer(props: { onDone: () => void }): ReactNode {
  const { t } = useI18n();
  const session = useInboxSession();
  const heading = useRef<HTMLHeadingElement>(null);
  const [setting, setSetting] = useState(false);
  useEffect(() => heading.current?.focus(), []);
  if (!session) return null;
  if (setting) {
    const done = () => {
      markSecondFactor(session);
      props.onDone();
    };
    return <TotpSetup token={session.token} onDone={done} />;
  }
  return (
    <div>
      <h2 ref={heading} tabIndex={-1}>{t('inbox.totp.title')}</h2>
      <p className="alert alert-success" role="status">{t('inbox.register.done')}</p>
      <p>{t('inbox.totp.why')}</p>
      <div className="actions">
        <button type="button" className="button-primary" onClick={() => setSetting(true)}>{t('inbox.totp.setUp')}</button>
        <button type="button" className="button-secondary" onClick={props.onDone}>{t('inbox.totp.skip')}</button>
      </div>
    </div>
  );
}
