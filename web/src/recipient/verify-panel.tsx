// The landing page: who sent the message, until when it is available, and the verification the sender chose
// (SMS or e-mail code on request, an access code agreed beforehand, or none).
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { LockIcon } from '../shell/icons.tsx';
import { useRecipientI18n, type RecipientI18n } from './use-recipient-i18n.ts';
import type { CodeSent, RecipientApi, RecipientLanding } from './api.ts';
import { endStateOf, errorText, type EndState } from './error-text.ts';
import { openMessage, type OpenedMessage } from './open-message.ts';
import { useHeadingFocus } from './use-heading-focus.ts';

type VerifyProps = {
  api: RecipientApi;
  landing: RecipientLanding;
  linkSecret: string;
  onOpened: (opened: OpenedMessage) => void;
  onEnd: (state: EndState) => void;
};
type Busy = 'request' | 'verify' | null;

/** The code typed, the code requested, and the two requests (send a code, open the message with it). */
function useVerify(props: VerifyProps) {
  const i18n = useRecipientI18n();
  const { t } = i18n;
  const { landing } = props;
  const [code, setCode] = useState('');
  const [sent, setSent] = useState<CodeSent | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);

  const fail = (err: unknown) => {
    const end = endStateOf(err);
    if (end) props.onEnd(end);
    else setError(errorText(i18n, err));
  };

  const requestCode = async () => {
    setBusy('request');
    setError(null);
    try {
      setSent(await props.api.requestCode());
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (landing.method !== 'none' && code.trim() === '') {
      setError(t('recipient.verify.empty'));
      return;
    }
    setBusy('verify');
    setError(null);
    try {
      props.onOpened(await openMessage({ api: props.api, landing, linkSecret: props.linkSecret, code }));
    } catch (err) {
      setBusy(null);
      fail(err);
      setCode('');
    }
  };

  return { code, setCode, sent, busy, error, requestCode, submit };
}

type Verify = ReturnType<typeof useVerify>;

/** What the verification the sender chose asks of the recipient. */
function introText(landing: RecipientLanding, t: RecipientI18n['t']): string {
  switch (landing.method) {
    case 'none':
      return t('recipient.verify.none.text');
    case 'sms':
      return landing.maskedPhone ? t('recipient.verify.sms.text', { phone: landing.maskedPhone }) : t('recipient.verify.sms.textNoPhone');
    case 'email':
      return t('recipient.verify.email.text', { email: landing.email });
    case 'code':
      return t('recipient.verify.code.text');
    case 'account':
      // Its notification links to the inbox (/inbox/m/:id); this page only explains where it opens.
      return t('recipient.verify.account.text');
  }
}

export function VerifyPanel(props: VerifyProps): ReactNode {
  const { t, formatDate } = useRecipientI18n();
  const { landing } = props;
  const heading = useHeadingFocus<HTMLHeadingElement>();
  const errorId = useId();
  const verify = useVerify(props);
  const { sent, busy, error } = verify;
  const needsCodeRequest = landing.method === 'sms' || landing.method === 'email';
  const showCodeForm = landing.method === 'code' || (needsCodeRequest && sent !== null);

  return (
    <section className="rp-card rp-landing" aria-labelledby="rp-landing-title">
      <p className="rp-badge"><LockIcon /> {t('recipient.e2eNote')}</p>
      <h1 id="rp-landing-title" ref={heading} tabIndex={-1}>{t('recipient.landing.title')}</h1>
      <dl className="rp-facts">
        <div><dt>{t('recipient.message.from')}</dt><dd className="rp-break">{landing.senderEmail}</dd></div>
        <div><dt>{t('recipient.message.expires')}</dt><dd>{formatDate(landing.expiresAt)}</dd></div>
      </dl>
      <p className="rp-muted">{t('recipient.landing.files', { count: landing.fileCount })} · {t('recipient.landing.to', { email: landing.email })}</p>
      <p>{introText(landing, t)}</p>

      {landing.method === 'none' && (
        <button type="button" className="rp-button" onClick={() => void verify.submit()} disabled={busy !== null}>
          {busy === 'verify' ? t('recipient.verify.checking') : t('recipient.verify.none.button')}
        </button>
      )}

      {needsCodeRequest && <CodeRequest verify={verify} />}

      {showCodeForm && <CodeForm verify={verify} method={landing.method} autoFocus={needsCodeRequest} errorId={errorId} />}
      {error && <p id={errorId} className="rp-error" role="alert">{error}</p>}
      <p className="rp-muted rp-small">{t('recipient.landing.e2e')}</p>
    </section>
  );
}

/** The button that sends (or sends again) the SMS or e-mail code, and where it went. */
function CodeRequest({ verify }: { verify: Verify }): ReactNode {
  const { t } = useRecipientI18n();
  const { sent, busy } = verify;
  return (
    <>
      <p>
        <button type="button" className={sent ? 'rp-button rp-button-secondary' : 'rp-button'} onClick={() => void verify.requestCode()} disabled={busy !== null}>
          {sent ? t('recipient.verify.resend') : t('recipient.verify.request')}
        </button>
      </p>
      {sent && (
        <p role="status" className="rp-note">
          {t(sent.channel === 'sms' ? 'recipient.verify.sentSms' : 'recipient.verify.sentEmail', { destination: sent.destination, minutes: Math.max(1, Math.round(sent.expiresInSeconds / 60)) })}
        </p>
      )}
    </>
  );
}

function CodeForm(props: { verify: Verify; method: RecipientLanding['method']; autoFocus: boolean; errorId: string }): ReactNode {
  const { t } = useRecipientI18n();
  const { code, setCode, busy, error } = props.verify;
  const inputId = useId();
  const hintId = useId();
  const accessCode = props.method === 'code';
  const describedBy = [hintId, error ? props.errorId : ''].filter(Boolean).join(' ');
  return (
    <form className="rp-form" onSubmit={(e) => void props.verify.submit(e)} noValidate>
      <label htmlFor={inputId}>{accessCode ? t('recipient.verify.accessCodeLabel') : t('recipient.verify.codeLabel')}</label>
      <p id={hintId} className="rp-hint">{accessCode ? t('recipient.verify.accessCodeHint') : t('recipient.verify.codeHint')}</p>
      <input
        id={inputId}
        className="rp-input rp-code-input"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        autoComplete={accessCode ? 'off' : 'one-time-code'}
        inputMode={accessCode ? 'text' : 'numeric'}
        spellCheck={false}
        autoCapitalize="off"
        autoFocus={props.autoFocus}
        maxLength={256}
      />
      <button type="submit" className="rp-button" disabled={busy !== null}>
        {busy === 'verify' ? t('recipient.verify.checking') : t('recipient.verify.submit')}
      </button>
    </form>
  );
}
