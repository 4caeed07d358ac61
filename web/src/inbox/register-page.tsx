// /inbox/register: address → e-mail code → password → key made and wrapped on this device → optional authenticator
// app → the inbox. One request registers (code, password hash input, public key, wrapped key), so a wrong code or a
// refused password comes back at the end and returns to its step; the key already made is kept when the password
// is the same, so a retry does not run Argon2id again.
import { useRef, useState, type ReactNode } from 'react';
import { errorCode } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { navigate } from '../shell/router.ts';
import { makeAccountKey, type MadeKey } from './account-key.ts';
import { EmailCodeStep, type CodeEntered } from './email-code-step.tsx';
import { inboxErrorText } from './error-text.ts';
import { inboxApi } from './inbox-api.ts';
import { KeyBusy } from './key-busy.tsx';
import { NewPasswordStep } from './new-password-step.tsx';
import { startInboxSession } from './start-session.ts';
import { TotpOffer } from './totp-offer.tsx';

type Step = 'code' | 'password' | 'making' | 'totp';

function initialEntry(): CodeEntered {
  return { email: new URLSearchParams(location.search).get('email') ?? '', code: '', totp: '' };
}

function useRegister() {
  const { t, lang } = useI18n();
  const [step, setStep] = useState<Step>('code');
  const [entered, setEntered] = useState<CodeEntered>(initialEntry);
  const [error, setError] = useState<string | null>(null);
  const made = useRef<{ password: string; key: MadeKey } | null>(null);

  const register = async (password: string) => {
    setStep('making');
    setError(null);
    try {
      if (made.current?.password !== password) made.current = { password, key: await makeAccountKey(password) };
      const { key } = made.current;
      const session = await inboxApi.register({ email: entered.email, code: entered.code, password, lang, publicKey: key.publicKey, wrappedIdentity: key.wrappedIdentity });
      startInboxSession(session, key.identity);
      made.current = null;
      setStep('totp');
    } catch (e) {
      setError(inboxErrorText(e, t));
      setStep(errorCode(e) === 'SP_ERR_VERIFICATION_FAILED' ? 'code' : 'password');
    }
  };
  const codeEntered = (next: CodeEntered) => {
    setEntered(next);
    setError(null);
    setStep('password');
  };
  return { step, entered, error, register, codeEntered };
}

export function RegisterPage(): ReactNode {
  const { t } = useI18n();
  const { step, entered, error, register, codeEntered } = useRegister();
  return (
    <div className="narrow">
      <section className="card" aria-labelledby="inbox-register-title">
        <h1 id="inbox-register-title">{t('inbox.register.title')}</h1>
        <p>{t('inbox.register.intro')}</p>
        <ol className="inbox-steps" aria-label={t('inbox.register.stepsLabel')}>
          {(['code', 'password', 'making', 'totp'] as const).map((s) => (
            <li key={s} aria-current={s === step ? 'step' : undefined}>{t(`inbox.register.step.${s}`)}</li>
          ))}
        </ol>
        {step === 'code' && <EmailCodeStep purpose="register" initial={entered} codeRequested={entered.code !== ''} error={error} onDone={codeEntered} />}
        {step === 'password' && <NewPasswordStep email={entered.email} error={error} onPassword={(p) => void register(p)} />}
        {step === 'making' && <KeyBusy text={t('inbox.key.making')} />}
        {step === 'totp' && <TotpOffer onDone={() => navigate('/inbox', { replace: true })} />}
      </section>
    </div>
  );
}
