// /cli/approve: a staff member, signed in in this browser, approves the sign-in of their command line. They type the
// code their terminal shows (never taken from the link, so a link someone else sent cannot approve their sign-in),
// see which computer asks, from where and when, confirm their password if the last confirmation is older than 10
// minutes, and approve or deny. The command line then receives its own personal token.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { errorCode, errorText } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { ProviderReauth, useReauthState } from './provider-reauth.tsx';
import { staffRequest } from './staff-api.ts';
import { useStaffSession } from './staff-session.tsx';

interface Pending { userCode: string; clientName: string; clientAddress: string | null; requestedAt: string; tokenDays: number; reauthenticationNeeded: boolean }
type State =
  | { step: 'checking' }
  | { step: 'signedOut' }
  | { step: 'code' }
  | { step: 'decide'; pending: Pending }
  | { step: 'done'; approved: boolean; host: string };

/** As the terminal shows it (XXXX-XXXX), however it was typed, so the comparison is easy. */
function displayCode(typed: string): string {
  const letters = typed.toUpperCase().replace(/[^A-Z]/g, '');
  return letters.length === 8 ? `${letters.slice(0, 4)}-${letters.slice(4)}` : typed.trim();
}

export function CliApprovePage(): ReactNode {
  const { t } = useI18n();
  const { me } = useStaffSession();
  const [state, setState] = useState<State>({ step: 'checking' });
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const codeId = useId();
  const codeHintId = useId();
  const heading = useRef<HTMLHeadingElement>(null);

  // The shell's staff session answers who is signed in (undefined while it asks).
  useEffect(() => {
    if (me === null) setState({ step: 'signedOut' });
    else if (me) setState((current) => (current.step === 'checking' || current.step === 'signedOut' ? { step: 'code' } : current));
  }, [me]);
  // Each step is announced and keyboard focus starts at its heading.
  useEffect(() => heading.current?.focus(), [state.step]);

  const fail = (e: unknown) => {
    const code = errorCode(e);
    setError(code === 'SP_ERR_NOT_FOUND' ? t('cli.unknownCode') : code === 'SP_ERR_VERIFICATION_FAILED' ? t('cli.wrongPassword') : errorText(e, t));
  };

  const lookUp = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const found = await staffRequest<Omit<Pending, 'userCode'>>('POST', '/api/cli/sign-in/lookup', { userCode: code.trim() });
      setState({ step: 'decide', pending: { ...found, userCode: displayCode(code) } });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const decide = async (pending: Pending, approve: boolean) => {
    setBusy(true);
    setError(null);
    try {
      // A provider-only user confirms at the provider instead; the server then says whether that still counts.
      if (approve && pending.reauthenticationNeeded && password !== '') await staffRequest('POST', '/api/account/reauthenticate', { password });
      await staffRequest('POST', approve ? '/api/cli/sign-in/approve' : '/api/cli/sign-in/deny', { userCode: pending.userCode });
      setPassword('');
      setState({ step: 'done', approved: approve, host: pending.clientName });
    } catch (e) {
      if (errorCode(e) === 'SP_ERR_REAUTH_REQUIRED') setState({ step: 'decide', pending: { ...pending, reauthenticationNeeded: true } });
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow" aria-labelledby="cli-title" aria-busy={busy}>
      <h1 id="cli-title" ref={heading} tabIndex={-1}>{t('cli.title')}</h1>
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      {state.step === 'checking' && <p role="status">{t('cli.checking')}</p>}
      {state.step === 'signedOut' && <p className="alert" role="status">{t('cli.signedOut')}</p>}
      {state.step === 'code' && (
        <form onSubmit={(e) => void lookUp(e)}>
          <p>{t('cli.intro')}</p>
          <div className="field">
            <label htmlFor={codeId}>{t('cli.codeLabel')}</label>
            <input
              id={codeId} aria-describedby={codeHintId} autoComplete="off" autoCapitalize="characters" spellCheck={false} required maxLength={20}
              value={code} onChange={(e) => setCode(e.target.value)}
            />
            <p id={codeHintId} className="hint">{t('cli.codeHint')}</p>
          </div>
          <button type="submit" className="button-primary" disabled={busy}>{t('cli.continue')}</button>
        </form>
      )}
      {state.step === 'decide' && (
        <DecideForm pending={state.pending} email={me?.email ?? ''} busy={busy} password={password} setPassword={setPassword} decide={(approve) => void decide(state.pending, approve)} />
      )}
      {state.step === 'done' && (
        <p className={state.approved ? 'alert alert-success' : 'alert'} role="status">
          {t(state.approved ? 'cli.approved' : 'cli.denied', { host: state.host })}
        </p>
      )}
    </section>
  );
}

/** Who asks, from where, the code to compare, what approving grants; and the confirmation when it is due. */
function DecideForm(props: { pending: Pending; email: string; busy: boolean; password: string; setPassword: (value: string) => void; decide: (approve: boolean) => void }): ReactNode {
  const { t, formatDate } = useI18n();
  const { pending } = props;
  return (
    <form onSubmit={(e) => { e.preventDefault(); props.decide(true); }}>
      <p>{t('cli.request', { host: pending.clientName, email: props.email })}</p>
      <p>
        {pending.clientAddress
          ? t('cli.requestedAt', { date: formatDate(pending.requestedAt), address: pending.clientAddress })
          : t('cli.requestedAtNoAddress', { date: formatDate(pending.requestedAt) })}
      </p>
      <p><strong>{t('cli.compare', { code: pending.userCode })}</strong></p>
      <p>{t('cli.grants', { days: pending.tokenDays })}</p>
      {pending.reauthenticationNeeded && <ConfirmField password={props.password} setPassword={props.setPassword} />}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={props.busy}>{t('cli.approve')}</button>
        <button type="button" className="button-secondary" disabled={props.busy} onClick={() => props.decide(false)}>{t('cli.deny')}</button>
      </div>
    </form>
  );
}

/**
 * The password, or — for a user bound to the organisation's identity provider — a trip to the provider, which comes
 * back to this page; the user then types the terminal's code again (the confirmation counts for 10 minutes).
 */
function ConfirmField(props: { password: string; setPassword: (value: string) => void }): ReactNode {
  const { t } = useI18n();
  const passwordId = useId();
  const passwordHintId = useId();
  const reauth = useReauthState();
  if (reauth === undefined) return <p role="status">{t('sso.reauth.checking')}</p>;
  const provider = !!reauth?.methods.includes('provider');
  const password = !reauth || reauth.methods.includes('password');
  return (
    <>
      {provider && (
        <>
          <ProviderReauth alternatives={password} />
          <p className="hint">{t('cli.providerHint')}</p>
        </>
      )}
      {password && (
        <div className="field">
          <label htmlFor={passwordId}>{t('cli.passwordLabel')}</label>
          <input id={passwordId} type="password" autoComplete="current-password" aria-describedby={passwordHintId} required={!provider} value={props.password} onChange={(e) => props.setPassword(e.target.value)} />
          <p id={passwordHintId} className="hint">{t('cli.passwordHint')}</p>
        </div>
      )}
    </>
  );
}
