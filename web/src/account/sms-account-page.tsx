// /account/sms: add, replace or remove the phone number for SMS codes. Only where the organisation allows SMS;
// a change needs the password confirmed again (the server says when), and the number is confirmed with a code
// sent to it. Says SMS is the weaker option and links to the stronger ones.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { errorCode } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { Link } from '../shell/router.ts';
import type { CodeSent, SmsStatus } from './sms-api.ts';
import { staffRequest } from './staff-api.ts';
import { useStaffSession } from './staff-session.tsx';
import { smsErrorText } from './sms-error-text.ts';
import { SmsWeakerNotice } from './sms-weaker-notice.tsx';

type Load = { state: 'loading' } | { state: 'signedOut' } | { state: 'authenticatorFirst' } | { state: 'ready'; status: SmsStatus };
/** What the form shows: the number, the password confirmation a change needs first, or the code sent. */
type Step = { name: 'phone' } | { name: 'reauth'; then: 'setup' | 'remove' } | { name: 'code'; maskedPhone: string };

type Setter<T> = (value: T) => void;

/** The signed-in person's SMS status, loaded once the shell's staff session is known. */
function useSmsStatus(setError: Setter<string | null>) {
  const { t } = useI18n();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  // Who is signed in comes from the shell's staff session (undefined while it asks).
  const { me } = useStaffSession();
  const refresh = async () => {
    if (!me) return setLoad({ state: 'signedOut' });
    try {
      // A session still enrolling its authenticator app cannot add SMS (it is only ever the second option).
      if (!me.enrolled) return setLoad({ state: 'authenticatorFirst' });
      setLoad({ state: 'ready', status: await staffRequest<SmsStatus>('GET', '/api/account/sms') });
    } catch (e) {
      if (errorCode(e) === 'SP_ERR_UNAUTHORIZED') setLoad({ state: 'signedOut' });
      else setError(smsErrorText(e, t));
    }
  };
  useEffect(() => {
    if (me !== undefined) void refresh();
    // Loaded once the session is known; later changes refresh explicitly.
  }, [me]);
  return { load, setLoad, refresh };
}

/** The form's state, and the two changes (send a code, remove the number) it runs against the server. */
function useSmsAccount() {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ name: 'phone' });
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const focusTarget = useRef<HTMLInputElement>(null);
  const { load, setLoad, refresh } = useSmsStatus(setError);

  const goTo = (next: Step) => setStep(next);
  // After the next step is on screen, its one field takes the focus (keyboard and screen-reader users land there).
  useEffect(() => {
    if (step.name !== 'phone') focusTarget.current?.focus();
  }, [step]);

  /** Runs a change; a change the server wants re-confirmed asks for the password and then runs it again. */
  const run = async (action: () => Promise<void>, kind: 'setup' | 'remove') => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await action();
    } catch (e) {
      if (errorCode(e) === 'SP_ERR_REAUTH_REQUIRED') goTo({ name: 'reauth', then: kind });
      else setError(smsErrorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const sendCode = () => run(async () => {
    const sent = await staffRequest<CodeSent>('POST', '/api/account/sms/setup', { phone: phone.trim(), lang: document.documentElement.lang || undefined });
    setCode('');
    goTo({ name: 'code', maskedPhone: sent.maskedPhone });
  }, 'setup');

  const remove = () => run(async () => {
    await staffRequest('DELETE', '/api/account/sms');
    setNotice(t('sms.account.removed'));
    await refresh();
  }, 'remove');

  return {
    load, setLoad, step, setStep, phone, setPhone, password, setPassword, code, setCode,
    busy, setBusy, error, setError, notice, setNotice, focusTarget, sendCode, remove,
  };
}

type SmsAccount = ReturnType<typeof useSmsAccount>;

/** The submits of the password and code steps. */
function useStepSubmits(account: SmsAccount) {
  const { t } = useI18n();
  const { step, setStep, password, setPassword, code, setBusy, setError, setLoad, setPhone, setNotice, sendCode, remove } = account;

  const reauthenticate = async (event: FormEvent) => {
    event.preventDefault();
    if (step.name !== 'reauth') return;
    setBusy(true);
    setError(null);
    try {
      await staffRequest('POST', '/api/account/reauthenticate', { password });
      setPassword('');
      setStep({ name: 'phone' });
    } catch (e) {
      setError(smsErrorText(e, t));
      setBusy(false);
      return;
    }
    setBusy(false);
    await (step.then === 'setup' ? sendCode() : remove());
  };

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const status = await staffRequest<SmsStatus>('POST', '/api/account/sms/confirm', { code: code.trim() });
      setLoad({ state: 'ready', status });
      setStep({ name: 'phone' });
      setPhone('');
      setNotice(t('sms.account.confirmed'));
    } catch (e) {
      setError(smsErrorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  return { reauthenticate, confirm };
}

export function SmsAccountPage(): ReactNode {
  const { t } = useI18n();
  const account = useSmsAccount();
  const { load, error, notice } = account;

  return (
    <section className="card narrow" aria-labelledby="sms-account-title">
      <h1 id="sms-account-title">{t('sms.account.heading')}</h1>
      <SmsWeakerNotice strongerTo="/account" strongerLabel="sms.strongerOptions.account" />
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      {notice && <p className="alert alert-success" role="status">{notice}</p>}
      {load.state === 'loading' && <p className="loading" role="status">{t('common.loading')}</p>}
      {load.state === 'signedOut' && (
        <>
          <p>{t('sms.account.signInFirst')}</p>
          <p><Link to="/sign-in">{t('sms.account.signInLink')}</Link> · <Link to="/sign-in/sms">{t('sms.account.signInWithSms')}</Link></p>
        </>
      )}
      {load.state === 'authenticatorFirst' && <p>{t('sms.account.authenticatorFirst')}</p>}
      {load.state === 'ready' && !load.status.allowed && <p>{t('sms.account.notAllowed')}</p>}
      {load.state === 'ready' && load.status.allowed && <SmsSteps account={account} status={load.status} />}
    </section>
  );
}

/** The enrolled number and the form of the current step (number, password confirmation or code). */
function SmsSteps({ account, status }: { account: SmsAccount; status: SmsStatus }): ReactNode {
  const { t } = useI18n();
  const { step } = account;
  const { reauthenticate, confirm } = useStepSubmits(account);
  return (
    <>
      <p>{status.enrolled && status.maskedPhone ? t('sms.account.enrolled', { phone: status.maskedPhone }) : t('sms.account.none')}</p>
      {step.name === 'phone' && <PhoneStep account={account} enrolled={status.enrolled} />}
      {step.name === 'reauth' && <ReauthStep account={account} onSubmit={reauthenticate} />}
      {step.name === 'code' && <CodeStep account={account} maskedPhone={step.maskedPhone} onSubmit={confirm} />}
    </>
  );
}

function PhoneStep({ account, enrolled }: { account: SmsAccount; enrolled: boolean }): ReactNode {
  const { t } = useI18n();
  const ids = { phone: useId(), phoneHint: useId() };
  const { phone, setPhone, busy, sendCode, remove } = account;
  return (
    <form onSubmit={(e) => { e.preventDefault(); void sendCode(); }}>
      <div className="field">
        <label htmlFor={ids.phone}>{t('sms.account.phone')}</label>
        <input
          id={ids.phone} type="tel" autoComplete="tel" required aria-describedby={ids.phoneHint}
          value={phone} onChange={(e) => setPhone(e.target.value)}
        />
        <p className="hint" id={ids.phoneHint}>{t('sms.account.phoneHint')}</p>
      </div>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy}>{t('sms.account.sendCode')}</button>
        {enrolled && (
          <button type="button" className="button-secondary" disabled={busy} onClick={() => void remove()}>{t('sms.account.remove')}</button>
        )}
      </div>
    </form>
  );
}

type StepSubmit = (event: FormEvent) => Promise<void>;

function ReauthStep({ account, onSubmit }: { account: SmsAccount; onSubmit: StepSubmit }): ReactNode {
  const { t } = useI18n();
  const id = useId();
  const { focusTarget, password, setPassword, busy } = account;
  return (
    <form onSubmit={(e) => void onSubmit(e)}>
      <p role="status">{t('sms.account.reauth')}</p>
      <div className="field">
        <label htmlFor={id}>{t('sms.account.password')}</label>
        <input id={id} ref={focusTarget} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      <button type="submit" className="button-primary" disabled={busy}>{t('sms.account.reauthSubmit')}</button>
    </form>
  );
}

function CodeStep({ account, maskedPhone, onSubmit }: { account: SmsAccount; maskedPhone: string; onSubmit: StepSubmit }): ReactNode {
  const { t } = useI18n();
  const id = useId();
  const { focusTarget, code, setCode, busy } = account;
  return (
    <form onSubmit={(e) => void onSubmit(e)}>
      <p role="status">{t('sms.account.codeSent', { phone: maskedPhone })}</p>
      <div className="field">
        <label htmlFor={id}>{t('sms.account.code')}</label>
        <input
          id={id} ref={focusTarget} inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required
          value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
        />
      </div>
      <button type="submit" className="button-primary" disabled={busy}>{t('sms.account.confirm')}</button>
    </form>
  );
}
