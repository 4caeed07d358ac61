// /inbox/reset: a forgotten password. Address → e-mail code (+ the authenticator code when one was set up) → new
// password → a new key made here. The old key cannot be recovered (the server never had it), so messages wrapped to
// it cannot be opened any more: the answer lists them, and says their senders were told and can send them again.
import { useRef, useState, type ReactNode } from 'react';
import { errorCode } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { Link } from '../shell/router.ts';
import { makeAccountKey, type MadeKey } from './account-key.ts';
import { EmailCodeStep, type CodeEntered } from './email-code-step.tsx';
import { inboxErrorText } from './error-text.ts';
import { inboxApi, type LostMessage } from './inbox-api.ts';
import { KeyBusy } from './key-busy.tsx';
import { NewPasswordStep } from './new-password-step.tsx';
import { startInboxSession } from './start-session.ts';
import { useHeadingFocus } from '../recipient/use-heading-focus.ts';

type Step = 'code' | 'password' | 'making' | 'done';

function useReset() {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>('code');
  const [entered, setEntered] = useState<CodeEntered>({ email: '', code: '', totp: '' });
  const [error, setError] = useState<string | null>(null);
  const [lost, setLost] = useState<LostMessage[]>([]);
  const made = useRef<{ password: string; key: MadeKey } | null>(null);

  const reset = async (password: string) => {
    setStep('making');
    setError(null);
    try {
      if (made.current?.password !== password) made.current = { password, key: await makeAccountKey(password) };
      const { key } = made.current;
      const result = await inboxApi.reset({
        email: entered.email, code: entered.code, ...(entered.totp ? { totp: entered.totp } : {}), password, publicKey: key.publicKey, wrappedIdentity: key.wrappedIdentity,
      });
      startInboxSession(result, key.identity);
      made.current = null;
      setLost(result.lost);
      setStep('done');
    } catch (e) {
      setError(inboxErrorText(e, t));
      const code = errorCode(e);
      setStep(code === 'SP_ERR_VERIFICATION_FAILED' || code === 'SP_ERR_SECOND_FACTOR_REQUIRED' ? 'code' : 'password');
    }
  };
  const codeEntered = (next: CodeEntered) => {
    setEntered(next);
    setError(null);
    setStep('password');
  };
  return { step, entered, error, lost, reset, codeEntered };
}

function ResetDone(props: { lost: LostMessage[] }): ReactNode {
  const { t, formatDate } = useI18n();
  const heading = useHeadingFocus<HTMLHeadingElement>();
  return (
    <div>
      <h2 ref={heading} tabIndex={-1}>{t('inbox.reset.doneTitle')}</h2>
      <p className="alert alert-success" role="status">{t('inbox.reset.done')}</p>
      {props.lost.length === 0 ? <p>{t('inbox.reset.noneLost')}</p> : (
        <>
          <p>{t('inbox.reset.lostIntro', { count: props.lost.length })}</p>
          <ul data-testid="lost-list">
            {props.lost.map((m) => (
              <li key={m.recipientId}>{t('inbox.reset.lostItem', { sender: m.senderEmail, date: formatDate(m.sentAt) })}</li>
            ))}
          </ul>
          <p>{t('inbox.reset.sendersTold')}</p>
        </>
      )}
      <p><Link to="/inbox" className="button-primary">{t('inbox.reset.toInbox')}</Link></p>
    </div>
  );
}

export function ResetPage(): ReactNode {
  const { t } = useI18n();
  const { step, entered, error, lost, reset, codeEntered } = useReset();
  return (
    <div className="narrow">
      <section className="card" aria-labelledby="inbox-reset-title">
        <h1 id="inbox-reset-title">{t('inbox.reset.title')}</h1>
        {step !== 'done' && <p>{t('inbox.reset.intro')}</p>}
        {step !== 'done' && <p className="notice notice-warning">{t('inbox.reset.warning')}</p>}
        {step === 'code' && <EmailCodeStep purpose="reset" initial={entered} codeRequested={entered.code !== ''} error={error} onDone={codeEntered} />}
        {step === 'password' && <NewPasswordStep email={entered.email} error={error} onPassword={(p) => void reset(p)} />}
        {step === 'making' && <KeyBusy text={t('inbox.key.making')} />}
        {step === 'done' && <ResetDone lost={lost} />}
      </section>
    </div>
  );
}
