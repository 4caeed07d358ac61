// Sign-in state in the task pane: signed in as … / sign out, or "Sign in to Sealpost" (src/session.ts explains how).
import { useEffect, useRef, useState } from 'react';
import type { AddinTranslate } from './i18n.ts';
import type { Dialog } from './office.ts';
import { openApprovalDialog, pollSignIn, signOut, startSignIn, storedSession, storeSession, type AddinSession, type PendingSignIn } from './session.ts';

type State = { step: 'idle' } | { step: 'waiting'; pending: PendingSignIn } | { step: 'failed'; reason: string };

export function SignInCard(props: { t: AddinTranslate; onSession?: (session: AddinSession | undefined) => void }) {
  const { t, onSession } = props;
  const [session, setSession] = useState<AddinSession | undefined>(() => storedSession());
  const [state, setState] = useState<State>({ step: 'idle' });
  const dialog = useRef<Dialog | undefined>(undefined);

  useEffect(() => onSession?.(session), [session, onSession]);

  useEffect(() => {
    if (state.step !== 'waiting') return;
    let stopped = false;
    const tick = async (): Promise<void> => {
      if (stopped) return;
      if (Date.now() > state.pending.expiresAt) return setState({ step: 'failed', reason: 'expired' });
      try {
        const approved = await pollSignIn(state.pending);
        if (approved && !stopped) {
          storeSession(approved);
          setSession(approved);
          setState({ step: 'idle' });
          dialog.current?.close();
          return;
        }
      } catch (error) {
        if (!stopped) return setState({ step: 'failed', reason: (error as Error).message });
      }
      if (!stopped) timer = setTimeout(() => void tick(), state.pending.interval * 1000);
    };
    let timer = setTimeout(() => void tick(), state.pending.interval * 1000);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [state]);

  async function begin(): Promise<void> {
    try {
      const pending = await startSignIn();
      setState({ step: 'waiting', pending });
      dialog.current = await openApprovalDialog(() => void pollSignIn(pending));
    } catch (error) {
      setState({ step: 'failed', reason: (error as Error).message });
    }
  }

  if (session) {
    return (
      <section className="addin-card" aria-labelledby="addin-session">
        <p id="addin-session">{t('signIn.signedInAs', { email: session.email })}</p>
        <button type="button" className="secondary" onClick={() => void signOut(session).finally(() => setSession(undefined))}>{t('signIn.signOut')}</button>
      </section>
    );
  }
  return (
    <section className="addin-card" aria-labelledby="addin-sign-in">
      <h2 id="addin-sign-in">{t('signIn.heading')}</h2>
      <p>{t('signIn.explain')}</p>
      {state.step === 'waiting' ? (
        <p role="status">{t('signIn.code', { code: state.pending.userCode })} {t('signIn.waiting')}</p>
      ) : (
        <button type="button" onClick={() => void begin()}>{t('signIn.button')}</button>
      )}
      {state.step === 'failed' ? <p role="alert" className="error">{t('signIn.failed', { reason: state.reason })}</p> : null}
    </section>
  );
}
