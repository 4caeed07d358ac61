// First step of registering and of a reset: the address, then the code mailed to it. The code is checked by the
// server with the final request (register / reset), so this step only asks for it; a wrong code brings the user back
// here with the server's answer. A reset also asks for the authenticator code (only when one was set up: the page
// cannot know, since the server never says whether an address has an account).
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { inboxErrorText } from './error-text.ts';
import { inboxApi } from './inbox-api.ts';

export interface CodeEntered {
  email: string;
  code: string;
  totp: string;
}

type Purpose = 'register' | 'reset';

function useRequestCode(purpose: Purpose, setError: (e: string | null) => void) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const request = async (email: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await inboxApi.requestCode({ email, lang, purpose });
      return true;
    } catch (e) {
      setError(inboxErrorText(e, t));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, request };
}

function useFocusedHeading() {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return heading;
}

function EmailForm(props: { email: string; setEmail: (v: string) => void; busy: boolean; error: string | null; onSubmit: (e: FormEvent) => void }): ReactNode {
  const { t } = useI18n();
  const heading = useFocusedHeading();
  const id = useId();
  return (
    <form onSubmit={props.onSubmit} noValidate>
      <h2 ref={heading} tabIndex={-1}>{t('inbox.code.emailTitle')}</h2>
      <div className="field">
        <label htmlFor={id}>{t('inbox.email')}</label>
        <input id={id} type="email" autoComplete="email" required value={props.email} onChange={(e) => props.setEmail(e.target.value)} />
      </div>
      {props.error && <p className="alert alert-error" role="alert">{props.error}</p>}
      <div className="actions"><button type="submit" className="button-primary" disabled={props.busy}>{t('inbox.code.send')}</button></div>
    </form>
  );
}

interface CodeFormProps {
  purpose: Purpose;
  entered: CodeEntered;
  set: (change: Partial<CodeEntered>) => void;
  busy: boolean;
  error: string | null;
  onSubmit: (e: FormEvent) => void;
  onResend: () => void;
  onOtherAddress: () => void;
}

function CodeForm(props: CodeFormProps): ReactNode {
  const { t } = useI18n();
  const heading = useFocusedHeading();
  const ids = { code: useId(), codeHint: useId(), totp: useId(), totpHint: useId() };
  const { entered, set } = props;
  return (
    <form onSubmit={props.onSubmit} noValidate>
      <h2 ref={heading} tabIndex={-1}>{t('inbox.code.codeTitle')}</h2>
      <p role="status">{t('inbox.code.sent', { email: entered.email })}</p>
      <div className="field">
        <label htmlFor={ids.code}>{t('inbox.code.code')}</label>
        <input id={ids.code} inputMode="numeric" autoComplete="one-time-code" required value={entered.code} aria-describedby={ids.codeHint} onChange={(e) => set({ code: e.target.value })} />
        <p id={ids.codeHint} className="hint">{t('inbox.code.codeHint')}</p>
      </div>
      {props.purpose === 'reset' && (
        <div className="field">
          <label htmlFor={ids.totp}>{t('inbox.reset.totp')}</label>
          <input id={ids.totp} inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={entered.totp} aria-describedby={ids.totpHint} onChange={(e) => set({ totp: e.target.value })} />
          <p id={ids.totpHint} className="hint">{t('inbox.reset.totpHint')}</p>
        </div>
      )}
      {props.error && <p className="alert alert-error" role="alert">{props.error}</p>}
      <div className="actions">
        <button type="submit" className="button-primary">{t('inbox.code.next')}</button>
        <button type="button" className="button-secondary" disabled={props.busy} onClick={props.onResend}>{t('inbox.code.resend')}</button>
        <button type="button" className="button-link" onClick={props.onOtherAddress}>{t('inbox.code.otherAddress')}</button>
      </div>
    </form>
  );
}

export function EmailCodeStep(props: { purpose: Purpose; initial: CodeEntered; codeRequested: boolean; error: string | null; onDone: (entered: CodeEntered) => void }): ReactNode {
  const { t } = useI18n();
  const [entered, setEntered] = useState(props.initial);
  const [phase, setPhase] = useState<'email' | 'code'>(props.codeRequested ? 'code' : 'email');
  const [error, setError] = useState<string | null>(props.error);
  const { busy, request } = useRequestCode(props.purpose, setError);
  const set = (change: Partial<CodeEntered>) => setEntered((e) => ({ ...e, ...change }));

  const askForCode = async (event: FormEvent) => {
    event.preventDefault();
    const email = entered.email.trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) return setError(t('inbox.code.emailInvalid'));
    if (await request(email)) setPhase('code');
  };
  const confirm = (event: FormEvent) => {
    event.preventDefault();
    const code = entered.code.replace(/[\s-]+/g, '');
    const totp = entered.totp.trim();
    if (!/^\d{6,10}$/.test(code)) return setError(t('inbox.code.codeFormat'));
    if (totp !== '' && !/^\d{6}$/.test(totp)) return setError(t('account.signIn.codeFormat'));
    props.onDone({ email: entered.email.trim(), code, totp });
  };
  if (phase === 'email') return <EmailForm email={entered.email} setEmail={(email) => set({ email })} busy={busy} error={error} onSubmit={(e) => void askForCode(e)} />;
  return (
    <CodeForm purpose={props.purpose} entered={entered} set={set} busy={busy} error={error} onSubmit={confirm}
      onResend={() => void request(entered.email.trim())} onOtherAddress={() => { setPhase('email'); set({ code: '', totp: '' }); setError(null); }} />
  );
}
